//! Page layouts that hide a page's lines: a page flattened to one line (a viewer or web form
//! dropped every line break), a PDF's page header set on one line with wide spacing, and a cable
//! header hard-wrapped mid-field. Each is turned back into the lines the page had.

use std::sync::LazyLock;

use regex::Regex;

use super::text::Line;

/// The phrases of the Wilson Center's page header and site name.
const HEADER_PHRASES: &[&str] = &[
    "history and public policy program digital archive",
    "wilson center digital archive",
    "international history declassified",
    "digitalarchive.wilsoncenter.org",
    "digital archive",
    "wilson center",
];

/// Whether a line is made only of page-header phrases (`Digital Archive
/// digitalarchive.wilsoncenter.org`, as a PDF's text layout sets them on one line).
pub fn only_header(text: &str) -> bool {
    let mut rest = text.trim().to_lowercase();
    let mut found = false;
    'strip: while !rest.is_empty() {
        for p in HEADER_PHRASES {
            if let Some(after) = rest.strip_prefix(p) {
                rest = after.trim_start().to_owned();
                found = true;
                continue 'strip;
            }
        }
        return false;
    }
    found
}

/// Where a flattened page's lines began: its labels, the document URL, the cable header, the
/// paragraph numbers and the closing distribution note.
static BREAK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\s(?:",
        r"(?:Citation|Summary|Credits|Original Languages?|Contents|Associated People|Associated Places|Associated Topics|Rights|Record ID|Document Information):\s",
        r"|https?://\S+",
        r"|(?:Transmitting|Transmitted) from\s",
        r"|To\s+\p{Lu}[^:]{0,120}?\s[Ff]rom\s",
        r"|(?:From|To|Re|Subject):\s",
        r"|-\s\d{1,3}\.\s",
        r"|\d{1,3}\.\s\p{Lu}",
        r"|(?:The|This) (?:cable|telegram|message) (?:has been|was) (?:transferred|forwarded|sent|repeated|passed)",
        r")"
    ))
    .expect("valid regex")
});
/// The page header a flattened PDF export repeats inside its text, and the site's skip link.
static HEADER_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)skip to (?:main )?content|(?:history and public policy program )?digital archive\s+(?:international history declassified\s+)?digitalarchive\.wilsoncenter\.org")
        .expect("valid regex")
});
static URL_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^https?://\S+").expect("valid regex"));

/// A page flattened to one line: at least this many labels on a line.
const FLAT_LABELS: usize = 2;

/// Splits a line that holds a whole page at the places its lines began, each piece a line of
/// its own with a blank line after it. Other lines are left as they are.
pub fn unflatten(lines: Vec<Line>) -> Vec<Line> {
    if !lines.iter().any(|l| is_flattened(&l.text)) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len() * 8);
    for line in lines {
        if !is_flattened(&line.text) {
            out.push(line);
            continue;
        }
        let mut cuts: Vec<usize> = vec![0];
        let mut numbers = 0;
        for m in BREAK_BEFORE.find_iter(&line.text) {
            let at = m.start() + 1;
            let piece = &line.text[at..m.end()];
            // Paragraph numbers count only in sequence (`1.`, then `2.`), not `1,113.` inside
            // a sentence.
            let digits: String = piece
                .trim_start_matches(['-', ' '])
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() && !piece.starts_with("http") {
                if digits.parse::<usize>().ok() != Some(numbers + 1) {
                    continue;
                }
                numbers += 1;
            }
            cuts.push(at);
            if let Some(url) = URL_END.find(piece) {
                cuts.push(at + url.end());
            }
        }
        cuts.push(line.text.len());
        cuts.dedup();
        for w in cuts.windows(2) {
            let piece = line.text[w[0]..w[1]].trim();
            if piece.is_empty() {
                continue;
            }
            // A page header inside a piece is a line of its own (chrome), with no blank line
            // around it: a paragraph it interrupted runs on.
            let mut at = 0;
            let mut parts: Vec<&str> = Vec::new();
            for m in HEADER_RUN.find_iter(piece) {
                parts.push(&piece[at..m.start()]);
                parts.push(m.as_str());
                at = m.end();
            }
            parts.push(&piece[at..]);
            for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
                for part in split_label(part) {
                    out.push(Line {
                        text: part.to_owned(),
                        ..line.clone()
                    });
                }
            }
            out.push(Line {
                text: String::new(),
                new_page: false,
                ..line.clone()
            });
        }
    }
    out
}

static CONTENTS_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b\p{L}+\s*[-–—:]?\s*)?\b(?:translation|transcript|transcription|original scan|scan|original)\b(?:\s*[-–—:]\s*(?:in\s+)?\p{L}+)?")
        .expect("valid regex")
});

/// Entries of a page's `Contents` run together on one line (`Translation - English Original
/// Scan`, as a flattened page or a PDF's joined lines give them), each on its own; a part that
/// holds one entry (`single`), or none, is returned whole.
pub fn contents_entries(part: &str, single: bool) -> Vec<&str> {
    if single {
        return vec![part];
    }
    let found: Vec<&str> = CONTENTS_ENTRY
        .find_iter(part)
        .map(|m| m.as_str().trim())
        .collect();
    let covered: usize = found.iter().map(|e| e.split_whitespace().count()).sum();
    if found.len() > 1 && covered == part.split_whitespace().count() {
        found
    } else {
        vec![part]
    }
}

/// The length of the run of contents entries that opens `value` (`Translation - English
/// Original Scan` of `Translation - English Original Scan Ambassador Pavlíček reports …`).
fn contents_prefix(value: &str) -> usize {
    let mut end = 0;
    for m in CONTENTS_ENTRY.find_iter(value) {
        if !value[end..m.start()].trim().is_empty() {
            break;
        }
        end = m.end();
    }
    end
}

/// `Contents: Translation - English` → `Contents:` and its value on the next line, as the page
/// has them; `Summary: …` likewise. A flattened page's text after the contents entries is a
/// line of its own.
fn split_label(piece: &str) -> Vec<&str> {
    if let Some(value) = piece.strip_prefix("Contents: ") {
        let end = contents_prefix(value);
        if end > 0 && end < value.len() {
            return vec!["Contents:", &value[..end], value[end..].trim()];
        }
    }
    match piece.split_once(": ") {
        Some((label, value))
            if !label.contains(' ')
                || label == "Original Language"
                || label == "Original Languages" =>
        {
            let known = [
                "Citation",
                "Summary",
                "Credits",
                "Original Language",
                "Original Languages",
                "Contents",
            ];
            if known.contains(&label) {
                vec![&piece[..label.len() + 1], value]
            } else {
                vec![piece]
            }
        }
        _ => vec![piece],
    }
}

fn is_flattened(text: &str) -> bool {
    text.len() >= 300
        && [
            "Citation:",
            "Summary:",
            "Original Language:",
            "Contents:",
            "Credits:",
        ]
        .iter()
        .filter(|l| text.contains(*l))
        .count()
            >= FLAT_LABELS
}

/// Joins a title centred over two or three lines (a PDF's text layout): consecutive lines both
/// indented well in, the first not a date of its own and not ending a sentence.
pub fn join_centred(lines: Vec<Line>) -> Vec<Line> {
    const CENTRED: usize = 8;
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let joins = out.last().is_some_and(|prev: &Line| {
            prev.indent >= CENTRED
                && line.indent >= CENTRED
                && !prev.text.is_empty()
                && !line.text.is_empty()
                && !line.new_page
                && super::dates::parse_whole(&prev.text).is_none()
                && super::dates::parse_whole(&line.text).is_none()
                && !only_header(&prev.text)
                && !only_header(&line.text)
                && super::cable::handling(&prev.text).is_none()
                && !super::body::ends_sentence(&prev.text)
                && prev.text.chars().count() + line.text.chars().count() <= 250
        });
        match out.last_mut() {
            Some(prev) if joins => {
                prev.text.push(' ');
                prev.text.push_str(&line.text);
            }
            _ => out.push(line),
        }
    }
    out
}

static HEADER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:Transmitting|Transmitted|Sent|Dispatched|Received|Arrived)\s+(?:from|at|in|by)\s|To\s+\S|From\s+\S|(?:From|To|Re|Subject|Subj|Cc)\s*[:.])")
        .expect("valid regex")
});

/// Re-joins a cable header wrapped mid-field (`… Received in Tokyo 11/29/1962` / `05:14`,
/// `To Foreign Minister Ohira from Ambassador` / `Yaguchi`): a short line that starts no field
/// of its own continues the header line above it.
pub fn join_wrapped_header(lines: &mut Vec<(usize, String)>) {
    let mut i = 1;
    while i < lines.len() {
        let prev_is_header = HEADER_START.is_match(&lines[i - 1].1);
        let line = &lines[i].1;
        let continues = !HEADER_START.is_match(line)
            && line.split_whitespace().count() <= 4
            && !line.ends_with('.')
            && !super::body::starts_numbered(line);
        if prev_is_header && continues {
            let (_, more) = lines.remove(i);
            lines[i - 1].1.push(' ');
            lines[i - 1].1.push_str(&more);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_headers_on_one_line() {
        assert!(only_header(
            "Digital Archive digitalarchive.wilsoncenter.org"
        ));
        assert!(only_header(
            "Digital Archive International History Declassified digitalarchive.wilsoncenter.org"
        ));
        assert!(!only_header("Digital Archive of the Ministry"));
    }

    #[test]
    fn contents_run_together() {
        assert_eq!(
            contents_entries("Translation - English Original Scan", false),
            ["Translation - English", "Original Scan"]
        );
        assert_eq!(
            contents_entries("English Translation Original Scan", false),
            ["English Translation", "Original Scan"]
        );
        assert_eq!(
            split_label(
                "Contents: Translation - English Original Scan Ambassador Pavlíček reports"
            ),
            [
                "Contents:",
                "Translation - English Original Scan",
                "Ambassador Pavlíček reports"
            ]
        );
    }

    #[test]
    fn wrapped_header_lines_join() {
        let mut lines: Vec<(usize, String)> = [
            "Transmitting from Havana 11/28/1962 11:00 Received in Tokyo 11/29/1962",
            "05:14",
            "To Foreign Minister Ohira from Ambassador",
            "Yaguchi",
            "Re: The Situation in Cuba",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, (*l).to_owned()))
        .collect();
        join_wrapped_header(&mut lines);
        let texts: Vec<&str> = lines.iter().map(|l| l.1.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Transmitting from Havana 11/28/1962 11:00 Received in Tokyo 11/29/1962 05:14",
                "To Foreign Minister Ohira from Ambassador Yaguchi",
                "Re: The Situation in Cuba"
            ]
        );
    }
}
