//! A handout's text: an excerpt of the document's paragraphs, and lines numbered for pointing at.
//! Works on Markdown and HTML strings alone.

/// Where paragraphs were left out of an excerpt, replaced after rendering.
pub const ELISION: &str = "cablegram-elision-0f3a";

/// The paragraphs of `body` with these numbers (the document's own numbers when it has them,
/// else positions), an elision mark for each run left out, and the footnotes of what is kept.
pub fn excerpt(body: &str, numbers: &[u32]) -> String {
    let blocks: Vec<&str> = body
        .split("\n\n")
        .map(|b| b.trim_matches('\n'))
        .filter(|b| !b.trim().is_empty())
        .collect();
    let is_note = |block: &str| block.starts_with("[^");
    let numbered = blocks.iter().any(|b| own_number(b).is_some());
    let mut out: Vec<&str> = Vec::new();
    let mut position = 0;
    let mut left_out = false;
    for block in blocks.iter().filter(|b| !is_note(b)) {
        position += 1;
        let number = if numbered {
            own_number(block)
        } else {
            Some(position)
        };
        if number.is_some_and(|n| numbers.contains(&n)) {
            if left_out {
                out.push(ELISION);
            }
            out.push(block);
            left_out = false;
        } else {
            left_out = true;
        }
    }
    if left_out {
        out.push(ELISION);
    }
    // The notes of the paragraphs kept, not of those left out.
    let kept = out.join("\n\n");
    out.extend(blocks.iter().filter(|b| {
        is_note(b)
            && b.split_once("]:")
                .is_some_and(|(label, _)| kept.contains(&format!("{label}]")))
    }));
    out.join("\n\n")
}

/// Whether the text numbers its own paragraphs (`1.`, `(2)`…).
pub fn numbers_its_paragraphs(body: &str) -> bool {
    body.split("\n\n")
        .map(|b| b.trim_matches('\n'))
        .filter(|b| !b.starts_with("[^"))
        .any(|b| own_number(b).is_some())
}

/// The numbers an excerpt can name: the document's own paragraph numbers, else positions.
pub fn paragraphs(body: &str) -> Vec<u32> {
    let blocks = body
        .split("\n\n")
        .map(|b| b.trim_matches('\n'))
        .filter(|b| !b.trim().is_empty() && !b.starts_with("[^"));
    let numbers: Vec<u32> = blocks.clone().filter_map(own_number).collect();
    if numbers.is_empty() {
        (1..=blocks.count() as u32).collect()
    } else {
        numbers
    }
}

/// A text without paragraph numbers of its own, numbered by position (as excerpts count), so
/// that a class can point at "paragraph 4". Blocks that are not plain paragraphs (headings,
/// lists, quotations, tables) keep their place in the count but show no number.
pub fn number_positions(body: &str) -> String {
    let blocks = body
        .split("\n\n")
        .map(|b| b.trim_matches('\n'))
        .filter(|b| !b.trim().is_empty());
    if blocks.clone().any(|b| own_number(b).is_some()) {
        return body.to_owned();
    }
    let mut position = 0;
    let numbered: Vec<String> = blocks
        .map(|b| {
            if b.starts_with("[^") {
                return b.to_owned();
            }
            position += 1;
            let plain = !b.starts_with(['#', '>', '|', '-', '*', '+', ' ', '\t', '`', '<']);
            if plain {
                format!("{position}. {b}")
            } else {
                b.to_owned()
            }
        })
        .collect();
    numbered.join("\n\n")
}

/// `12. Text` → 12.
fn own_number(block: &str) -> Option<u32> {
    let digits: String = block.chars().take_while(char::is_ascii_digit).collect();
    let rest = &block[digits.len()..];
    (!digits.is_empty() && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Characters per printed line of a numbered text: what 14 pt type fits on Letter or A4 paper.
/// The print stylesheet never wraps these lines again (`nowrap`), so that the numbers a teacher
/// reads out are the printed lines.
pub const LINE_WIDTH: usize = 62;

/// The text's HTML with a line break every [`LINE_WIDTH`] characters or so (at a space) and every
/// fifth line numbered (`<span class="ln">`). Only paragraphs and list items are numbered: not
/// headings, tables, footnotes or elision marks.
pub fn number_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut line = 0u32;
    let mut column = 0usize;
    // Inside a block whose lines count (and no line of it started yet, when `column` is 0).
    let mut counting = false;
    let mut skipping = 0usize; // depth inside tables and footnotes
    let mut pending_space = false;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            let name = tag_name(tag);
            let closing = tag.starts_with("</");
            let region = matches!(name, "table" | "div" | "section");
            match name {
                _ if region && !closing && (name == "table" || tag.contains("footnote")) => {
                    skipping += 1
                }
                _ if region && closing => skipping = skipping.saturating_sub(1),
                "p" | "li" | "blockquote" | "dd" => {
                    counting = !closing && skipping == 0 && !tag.contains("elision");
                    column = 0;
                    pending_space = false;
                }
                _ => {}
            }
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            if counting && column > 0 {
                pending_space = true;
            } else {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        // A word: up to the next space or tag; an entity counts as one character.
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if !counting {
            out.push_str(word);
            continue;
        }
        let width = visible_len(word);
        if column == 0 || column + 1 + width > LINE_WIDTH {
            if column > 0 {
                out.push_str("<br>");
            }
            line += 1;
            column = 0;
            if line.is_multiple_of(5) {
                out.push_str(&format!(
                    "<span class=\"ln\" aria-hidden=\"true\">{line}</span>"
                ));
            }
        } else if pending_space {
            out.push(' ');
            column += 1;
        }
        pending_space = false;
        out.push_str(word);
        column += width;
    }
    out
}

fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<').trim_start_matches('/');
    let end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Characters a reader sees: `&amp;` is one.
fn visible_len(word: &str) -> usize {
    let mut n = 0;
    let mut in_entity = false;
    for c in word.chars() {
        match c {
            '&' => {
                in_entity = true;
                n += 1;
            }
            ';' if in_entity => in_entity = false,
            _ if in_entity => {}
            _ => n += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::render::markdown;

    #[test]
    fn an_excerpt_keeps_its_paragraphs_and_marks_what_is_left_out() {
        let body = "1. One.\n\n2. Two.\n\n3. Three [^1].\n\n4. Four [^2].\n\n[^1]: A note.\n\n[^2]: Left out.";
        let e = excerpt(body, &[1, 3]);
        assert_eq!(
            e,
            format!("1. One.\n\n{ELISION}\n\n3. Three [^1].\n\n{ELISION}\n\n[^1]: A note.")
        );
        let html = markdown::to_html(&e).replace(&format!("<p>{ELISION}</p>"), "[…]");
        assert!(html.contains("<ol start=\"3\">\n<li id=\"p-3\">"), "{html}");
        assert_eq!(html.matches("[…]").count(), 2, "{html}");
        // Unnumbered texts count their paragraphs.
        assert_eq!(
            excerpt("Intro.\n\nMiddle.\n\nEnd.", &[2]),
            format!("{ELISION}\n\nMiddle.\n\n{ELISION}")
        );
        assert_eq!(paragraphs(body), vec![1, 2, 3, 4]);
        // Positions, printed where a text has no numbers of its own.
        let plain = "Intro.\n\n## A heading\n\nEnd [^1].\n\n[^1]: A note.";
        let numbered = number_positions(plain);
        assert_eq!(
            numbered,
            "1. Intro.\n\n## A heading\n\n3. End [^1].\n\n[^1]: A note."
        );
        let html = markdown::to_html(&numbered);
        assert!(html.contains("<ol start=\"3\">\n<li id=\"p-3\">"), "{html}");
        assert_eq!(number_positions(body), body, "own numbers stay");
        assert_eq!(paragraphs("Intro.\n\nMiddle.\n\n[^1]: n"), vec![1, 2]);
    }

    #[test]
    fn numbered_lines_break_at_spaces_and_count_every_fifth() {
        let words = "word ".repeat(120); // 600 characters: 10 lines of 62 at most
        let html = markdown::to_html(&format!("{words}\n\nA &amp; <b>bold</b> close."));
        let numbered = number_lines(&html);
        let text = numbered.replace("<br>", "\n");
        let first = text.split("</p>").next().unwrap_or_default();
        for l in first.lines() {
            let seen = l.replace("<p>", "");
            let seen = seen.split("</span>").last().unwrap_or_default();
            assert!(seen.chars().count() <= LINE_WIDTH, "{l:?}");
        }
        assert!(numbered.contains(">5</span>word"), "{numbered}");
        assert!(numbered.contains(">10</span>"), "{numbered}");
        // Nothing is lost or added but the breaks and numbers.
        let plain = |s: &str| {
            let mut out = String::new();
            let mut in_tag = false;
            for c in s.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag && !c.is_whitespace() && !c.is_ascii_digit() => out.push(c),
                    _ => {}
                }
            }
            out
        };
        assert_eq!(plain(&numbered), plain(&html));
    }

    #[test]
    fn footnotes_and_elisions_are_not_numbered() {
        let long = "word ".repeat(60);
        let html = markdown::to_html(&format!("{long} [^1]\n\n[^1]: {long}"))
            .replace("<p>x</p>", "<p class=\"elision\">[…]</p>");
        let numbered = number_lines(&html);
        let notes = numbered
            .split("footnote-definition")
            .nth(1)
            .unwrap_or_default();
        assert!(!notes.contains("<br>"), "{numbered}");
        let elided = number_lines(&format!("<p class=\"elision\">{long}</p>"));
        assert!(!elided.contains("<br>"), "{elided}");
    }
}
