//! Turning the document's paragraphs into the record's Markdown body.
//!
//! Numbered paragraphs become an ordered list with the document's own numbers (`1.`), whatever
//! the source wrote (`- 1.`, `1.`, `1)`, `(1)`); hard-wrapped lines are re-joined; everything
//! that Markdown would otherwise read as markup is escaped, so the text shows as written.

use std::sync::LazyLock;

use regex::Regex;

/// A block of consecutive non-blank lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    /// 1-based line numbers and texts.
    pub lines: Vec<(usize, String)>,
}

impl Block {
    pub fn first_no(&self) -> usize {
        self.lines.first().map_or(0, |l| l.0)
    }

    /// The lines joined by single spaces (for fields such as the summary).
    pub fn joined(&self) -> String {
        join_wrapped(self.lines.iter().map(|l| l.1.as_str()))
    }
}

/// Whether a line ends a sentence (or a quotation, bracket or parenthesis that ends one).
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', ')', ']'])
}

/// Joins wrapped lines with spaces; a line ending in a hyphen joins without one.
pub fn join_wrapped<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() && !ends_with_joining_hyphen(&out) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

fn ends_with_joining_hyphen(s: &str) -> bool {
    let mut rev = s.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// How the source numbered a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    DashDot,
    Dot,
    Paren,
    Enclosed,
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<dash>[-–•]\s*)(?P<dn>\d{1,3})\.|(?P<n>\d{1,3})(?P<p>[.)])|\((?P<en>\d{1,3})\))(?:\s+|$)")
        .expect("valid regex")
});

/// The paragraph number and the text after the marker, if the line starts with one.
fn marker(line: &str) -> Option<(Style, u32, &str)> {
    let c = MARKER.captures(line)?;
    let end = c.get(0)?.end();
    let (style, n) = if let Some(n) = c.name("dn") {
        (Style::DashDot, n)
    } else if let Some(n) = c.name("n") {
        (
            if &c["p"] == "." {
                Style::Dot
            } else {
                Style::Paren
            },
            n,
        )
    } else {
        (Style::Enclosed, c.name("en")?)
    };
    Some((style, n.as_str().parse().ok()?, &line[end..]))
}

/// Whether a line starts a numbered paragraph (of any style).
pub fn starts_numbered(line: &str) -> bool {
    marker(line).is_some()
}

/// How to lay out paragraphs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    /// The width the source was hard-wrapped at, if it was: lines that were broken only because
    /// the next word did not fit are joined again. `None` keeps every line break.
    pub wrap_width: Option<usize>,
}

/// Estimates the hard-wrap width of a text from the lines that are followed by another line of
/// the same block, or `None` when the text does not look hard-wrapped.
pub fn wrap_width(blocks: &[Block]) -> Option<usize> {
    let mut inner: Vec<usize> = blocks
        .iter()
        .flat_map(|b| b.lines.iter().rev().skip(1).map(|l| l.1.chars().count()))
        .collect();
    // Three wrapped lines already show the width (a short cable's one paragraph).
    if inner.len() < 3 {
        return None;
    }
    inner.sort_unstable();
    let width = inner[inner.len() * 95 / 100];
    let near = inner.iter().filter(|&&l| l * 10 >= width * 7).count();
    ((40..=160).contains(&width) && near * 2 >= inner.len()).then_some(width)
}

/// Splits blocks into paragraphs: a line that starts a numbered paragraph starts a new one.
pub fn paragraphs(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::new();
    for block in blocks {
        let mut current = Block::default();
        for line in block.lines {
            if !current.lines.is_empty() && starts_numbered(&line.1) {
                out.push(std::mem::take(&mut current));
            }
            current.lines.push(line);
        }
        if !current.lines.is_empty() {
            out.push(current);
        }
    }
    out
}

/// Renders paragraphs as Markdown.
pub fn markdown(paragraphs: &[Block], layout: Layout) -> String {
    let main = main_style(paragraphs);
    let mut last_number = 0;
    let mut out = String::new();
    for para in paragraphs {
        let Some(first) = para.lines.first() else {
            continue;
        };
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let item = marker(&first.1).filter(|(style, n, _)| {
            Some(*style) == main && (*n == 1 || (*n > last_number && *n <= last_number + 3))
        });
        let mut indent = None;
        let text_lines: Vec<&str> = match item {
            Some((_, n, rest)) => {
                last_number = n;
                let marker = format!("{n}. ");
                indent = Some(marker.len());
                out.push_str(&marker);
                std::iter::once(rest)
                    .chain(para.lines[1..].iter().map(|l| l.1.as_str()))
                    .collect()
            }
            None => para.lines.iter().map(|l| l.1.as_str()).collect(),
        };
        let marker_len = first.1.len() - text_lines[0].len();
        out.push_str(&flow(&text_lines, layout, indent, marker_len));
    }
    out
}

/// The numbering style of the document's main sequence: the style of its paragraph 1.
fn main_style(paragraphs: &[Block]) -> Option<Style> {
    let markers: Vec<_> = paragraphs
        .iter()
        .filter_map(|p| p.lines.first().and_then(|l| marker(&l.1)))
        .collect();
    // Without a paragraph 1 (an excerpt that starts at 3), the first numbering seen.
    markers
        .iter()
        .find(|m| m.1 == 1)
        .or(markers.first())
        .map(|m| m.0)
}

/// Lays out the lines of one paragraph: joined where the source wrapped them, otherwise kept as
/// Markdown hard line breaks.
fn flow(lines: &[&str], layout: Layout, item_indent: Option<usize>, marker_len: usize) -> String {
    let mut out = String::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            // The wrap decision is about the source line, marker included.
            let prev_len = lines[i - 1].chars().count() + if i == 1 { marker_len } else { 0 };
            let next_word = line.split(' ').next().map_or(0, |w| w.chars().count());
            let wrapped = layout
                .wrap_width
                .is_some_and(|w| prev_len + 1 + next_word > w);
            if wrapped {
                if !ends_with_joining_hyphen(&current) {
                    current.push(' ');
                }
                current.push_str(line);
                continue;
            }
            out.push_str(&escape_line(
                &current,
                item_indent.is_some() && out.is_empty(),
            ));
            out.push_str("\\\n");
            if let Some(indent) = item_indent {
                out.push_str(&" ".repeat(indent));
            }
            current.clear();
        }
        current.push_str(line);
    }
    out.push_str(&escape_line(
        &current,
        item_indent.is_some() && out.is_empty(),
    ));
    out
}

/// Escapes what Markdown would read as markup. `after_marker` is set for the text that follows
/// a list marker, where block syntax no longer applies to the first characters.
pub fn escape_line(line: &str, after_marker: bool) -> String {
    let inline = line
        .bytes()
        .any(|b| matches!(b, b'\\' | b'*' | b'`' | b'_' | b']' | b'<' | b'~' | b'&'));
    if !inline {
        // Most lines hold nothing Markdown reads inline.
        return if after_marker {
            line.to_owned()
        } else {
            escape_block_start(line.to_owned())
        };
    }
    let mut out = String::with_capacity(line.len() + 4);
    let mut prev = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let escape = match c {
            '\\' | '*' | '`' | '_' => needs_inline_escape(c, line),
            // `[8](U.S.A.)`, `[text](url)`, `[text][ref]`: a bracket followed by a
            // parenthesis or another bracket would make a link.
            '(' | '[' => prev == Some(']'),
            // `<b>`, `<https://…>`: tags and autolinks.
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            // `~~struck~~`
            '~' => next == Some('~') || prev == Some('~'),
            // `&amp;`, `&#169;`: character references.
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    if after_marker {
        return out;
    }
    escape_block_start(out)
}

fn needs_inline_escape(c: char, line: &str) -> bool {
    // Underscores inside words never make emphasis; escaping them would only clutter the record.
    c != '_' || line.contains(" _") || line.starts_with('_') || line.contains("_ ")
}

static BLOCK_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,9}[.)](?:\s|$)|[-+*](?:\s|$)|#|>|=+\s*$|-+\s*$|\||~~~|```|\[\^|\[[^\]]*\]:)",
    )
    .expect("valid regex")
});

fn escape_block_start(line: String) -> String {
    if !BLOCK_START.is_match(&line) {
        return line;
    }
    // Escape the character that makes the line a block: the `.` or `)` of a number, else the
    // first character.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let at = if digits > 0 { digits } else { 0 };
    let mut out = String::with_capacity(line.len() + 1);
    out.push_str(&line[..at]);
    out.push('\\');
    out.push_str(&line[at..]);
    out
}

/// Removes the escapes [`escape_line`] adds (for comparing text, e.g. in tests).
pub fn unescape(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
                if next == '\n' {
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lines: &[&str]) -> Block {
        Block {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, l)| (i + 1, l.to_string()))
                .collect(),
        }
    }

    #[test]
    fn every_numbering_style_becomes_the_documents_numbers() {
        for (a, b) in [
            ("- 1. A.", "- 2. B."),
            ("1. A.", "2. B."),
            ("1) A.", "2) B."),
            ("(1) A.", "(2) B."),
        ] {
            let md = markdown(&paragraphs(vec![block(&[a, b])]), Layout::default());
            assert_eq!(md, "1. A.\n\n2. B.", "{a}");
        }
    }

    #[test]
    fn numbers_out_of_sequence_stay_text() {
        let md = markdown(
            &[block(&["1329. In view of"]), block(&["1. First."])],
            Layout::default(),
        );
        assert_eq!(md, "1329\\. In view of\n\n1. First.");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape_line("# not a heading", false), "\\# not a heading");
        assert_eq!(escape_line("- not a list", false), "\\- not a list");
        assert_eq!(
            escape_line("*bold* and `code` and a\\b", false),
            "\\*bold\\* and \\`code\\` and a\\\\b"
        );
        assert_eq!(escape_line("snake_case word", false), "snake_case word");
        assert_eq!(unescape(&escape_line("*x* \\ 1. #", false)), "*x* \\ 1. #");
        // Nothing of a raw text makes a link, a tag, a reference or a strike-through.
        for raw in [
            "MR. HAWKINS [8](U.S.A.): Mr. Chairman",
            "[text](https://example.org) and [a][b]",
            "<b>bold</b> <https://example.org>",
            "~~struck~~ and &amp; &#169;",
        ] {
            let md = escape_line(raw, false);
            assert_eq!(unescape(&md), raw);
            let unescaped = md.replace("\\(", "").replace("\\<", "").replace("\\~", "");
            assert!(
                !unescaped.contains("](") && !unescaped.contains("<b") && !unescaped.contains('~'),
                "{md}"
            );
        }
        assert_eq!(
            escape_line("[1]: not a definition", false),
            "\\[1]: not a definition"
        );
    }

    #[test]
    fn wrapped_lines_rejoin_and_short_lines_break() {
        let layout = Layout {
            wrap_width: Some(30),
        };
        let md = markdown(
            &[block(&["The quick brown fox jumps over", "the lazy dog."])],
            layout,
        );
        assert_eq!(md, "The quick brown fox jumps over the lazy dog.");
        let md = markdown(&[block(&["PARTICIPANTS", "The President"])], layout);
        assert_eq!(md, "PARTICIPANTS\\\nThe President");
    }
}
