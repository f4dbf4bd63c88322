//! A record's Markdown text → HTML. Raw HTML in the text is shown as text, never interpreted;
//! ordered-list items keep the document's own paragraph numbers (and an anchor `#p-N`);
//! the translator's `[editorial insertions]` are marked up as insertions. Uses nothing else of
//! the crate.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Renders a record body.
pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let parser = Parser::new_ext(markdown, options).into_offset_iter();
    let mut events: Vec<Event> = Vec::new();
    let mut in_ordered = Vec::new();
    // A document may number several lists from 1: the first paragraph N keeps the anchor `#p-N`.
    let mut anchored = std::collections::HashSet::new();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::List(start)) => {
                // The number an ordered list's next item shows without a `value` of its own.
                in_ordered.push(start);
                events.push(Event::Start(Tag::List(start)));
            }
            Event::End(TagEnd::List(ordered)) => {
                in_ordered.pop();
                events.push(Event::End(TagEnd::List(ordered)));
            }
            Event::Start(Tag::Item) if matches!(in_ordered.last(), Some(Some(_))) => {
                // The number the source wrote for this item (Markdown itself would renumber).
                let digits: String = markdown[range.start..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let next = in_ordered.last_mut().and_then(Option::as_mut);
                let shown = next.as_ref().map_or(1, |n| **n);
                let number = digits.parse::<u64>().ok();
                let value = match number {
                    Some(n) if n != shown => format!(" value={n}"),
                    _ => String::new(),
                };
                if let Some(next) = next {
                    *next = number.unwrap_or(shown) + 1;
                }
                events.push(Event::Html(match number {
                    // Quoted, as pulldown-cmark's footnote ids: a packet prefixes every `id="`.
                    Some(n) if anchored.insert(n) => format!("<li{value} id=\"p-{n}\">").into(),
                    _ => format!("<li{value}>").into(),
                }));
            }
            Event::End(TagEnd::Item) if matches!(in_ordered.last(), Some(Some(_))) => {
                events.push(Event::Html("</li>".into()))
            }
            // Raw HTML in a document is text that happens to contain angle brackets.
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Text(text) => match events.last_mut() {
                // Merge split text runs so that a bracketed insertion is seen whole.
                Some(Event::Text(prev)) => *prev = CowStr::from(format!("{prev}{text}")),
                _ => events.push(Event::Text(text)),
            },
            other => events.push(other),
        }
    }
    let events = events.into_iter().flat_map(mark_insertions);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Splits a text run so that each `[insertion]` is wrapped in `<ins class="editorial">`.
fn mark_insertions(event: Event) -> Vec<Event> {
    let Event::Text(text) = event else {
        return vec![event];
    };
    if !text.contains('[') {
        return vec![Event::Text(text)];
    }
    let mut out = Vec::new();
    let mut rest: &str = &text;
    while let Some(open) = rest.find('[') {
        let Some(close_rel) = rest[open..].find(']') else {
            break;
        };
        let close = open + close_rel;
        let inner = &rest[open + 1..close];
        // Footnote-like `[2]` and empty brackets are not insertions.
        if inner.is_empty() || inner.chars().all(|c| c.is_ascii_digit()) || inner.contains('[') {
            out.push(Event::Text(rest[..=close].to_owned().into()));
            rest = &rest[close + 1..];
            continue;
        }
        if open > 0 {
            out.push(Event::Text(rest[..open].to_owned().into()));
        }
        out.push(Event::Html("<ins class=\"editorial\">".into()));
        out.push(Event::Text(rest[open..=close].to_owned().into()));
        out.push(Event::Html("</ins>".into()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(rest.to_owned().into()));
    }
    out
}

/// Plain text of a Markdown fragment (for descriptions, feeds and search).
pub fn to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    // Whitespace collapses to one space as the text is made (the search index reads every
    // body through here: no second pass).
    let mut space = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                space |= t.starts_with(char::is_whitespace);
                for (i, word) in t.split_whitespace().enumerate() {
                    if (space || i > 0) && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.push_str(word);
                }
                space |= t.ends_with(char::is_whitespace);
            }
            Event::SoftBreak | Event::HardBreak => space = true,
            Event::End(TagEnd::Paragraph | TagEnd::Item) => space = true,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_in_text_is_escaped() {
        let html = to_html("He wrote <script>alert(\"x\")</script> & left.");
        assert!(
            html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; left."),
            "{html}"
        );
        assert!(!html.contains("<script"));
    }

    #[test]
    fn items_keep_the_documents_numbers() {
        let html = to_html("3. Three.\n\n4. Four.\n\n7. Seven.");
        // The list starts at 3 and counts on; 7 says its own number.
        assert!(html.contains("<ol start=\"3\">\n<li id=\"p-3\">"), "{html}");
        assert!(html.contains("<li id=\"p-4\">"), "{html}");
        assert!(html.contains("<li value=7 id=\"p-7\">"), "{html}");
        // A second list numbered from 1 keeps its numbers, not the anchors.
        let html = to_html("1. One.\n\n2. Two.\n\nBetween.\n\n1. Again.\n");
        assert_eq!(html.matches("id=\"p-1\"").count(), 1, "{html}");
        assert!(!html.contains("value"), "{html}");
        assert_eq!(html.matches("<li>").count(), 1, "{html}");
    }

    #[test]
    fn insertions_are_marked() {
        let html = to_html("Secretary General [Blas] Roca and [toward the Soviets].");
        assert!(
            html.contains("<ins class=\"editorial\">[Blas]</ins> Roca"),
            "{html}"
        );
        assert!(
            html.contains("<ins class=\"editorial\">[toward the Soviets]</ins>."),
            "{html}"
        );
    }

    #[test]
    fn footnotes_render() {
        let html = to_html("Text.[^2]\n\n[^2]: The note.");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn text_of_markdown() {
        assert_eq!(to_text("1. One *a*.\n\n2. Two\\."), "One a. Two.");
        // As the text joined and its whitespace collapsed afterwards would read.
        let joined = |m: &str| {
            let mut out = String::new();
            for event in Parser::new_ext(m, Options::ENABLE_FOOTNOTES) {
                match event {
                    Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                        out.push_str(&t)
                    }
                    Event::SoftBreak | Event::HardBreak => out.push(' '),
                    Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push(' '),
                    _ => {}
                }
            }
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for m in [
            "",
            " ",
            "a",
            "*a* b",
            "a\\\nb",
            "1. x  \n   y\n\n2.  `code`z [^1]\n\n[^1]: note  here",
            "<b> x </b>&amp; y\u{2003}z",
            "# Head\n\n> quote *it*\n\n| a | b |\n|---|---|\n| c | d |",
        ] {
            assert_eq!(to_text(m), joined(m), "{m:?}");
        }
        // Words split across text runs stay whole; whitespace of any kind collapses.
        assert_eq!(to_text("  a*b*c  d\u{a0}\te\n\n* f "), "abc d e f");
    }
}
