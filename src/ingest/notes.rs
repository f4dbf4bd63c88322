//! Footnotes as published series print them: `[n]` marks in the text and the numbered notes at
//! its end (`1 Document 271.`, `* 1 Document 30.`, `[1] Ibid.`, `[^1]: Editorial insert`), made
//! Markdown footnotes. Shared by every source shape and the fallback.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::body;

/// A note's opening: `1 text`, `* 1 text`, `[1] text`, `[^1]: text`.
static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\*\s*)?(?:\[\^?(\d{1,3})\]:?|(\d{1,3})(?:\s|$))\s*(.*)$").expect("valid regex")
});
/// A mark in the text (or in Markdown made from it): `[1]`, `[^1]`.
static MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^?(\d{1,3})\]").expect("valid regex"));

/// The number and text of a line that opens a note.
pub fn note_line(line: &str) -> Option<(u32, &str)> {
    let c = NOTE.captures(line)?;
    let n = c.get(1).or(c.get(2))?.as_str().parse().ok()?;
    Some((n, c.get(3).map_or("", |m| m.as_str())))
}

/// The notes at the end of a text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Trailing {
    /// Where the notes start among the lines given.
    pub start: usize,
    /// Each note's number and text (continuation lines joined).
    pub notes: BTreeMap<u32, String>,
    /// Line numbers of the notes whose text repeats an earlier note of the same number.
    pub repeated: Vec<(usize, String)>,
}

/// Finds the numbered notes that end `lines`: a run that starts at note 1 and goes on with
/// rising numbers to the end, lines between notes continuing the note above. Of several runs
/// (a text printed twice) the last is taken. With `need_marks`, the notes are taken only when
/// the text before them marks one of them, so that a closing list is not mistaken for notes.
pub fn trailing(lines: &[(usize, String)], need_marks: bool) -> Option<Trailing> {
    let starts = lines
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| note_line(l).is_some_and(|(n, _)| n == 1))
        .map(|(i, _)| i)
        .rev();
    for start in starts {
        let Some(found) = run_from(lines, start) else {
            continue;
        };
        if need_marks {
            let marked = lines[..start].iter().any(|(_, l)| {
                MARK.captures_iter(l).any(|c| {
                    c[1].parse()
                        .is_ok_and(|n: u32| found.notes.contains_key(&n))
                })
            });
            if !marked {
                return None;
            }
        }
        return Some(found);
    }
    None
}

fn run_from(lines: &[(usize, String)], start: usize) -> Option<Trailing> {
    let mut notes: BTreeMap<u32, String> = BTreeMap::new();
    let mut last = 0;
    let mut continuations = 0;
    for (_, line) in &lines[start..] {
        match note_line(line) {
            Some((n, text)) if n > last => {
                notes.insert(n, text.to_owned());
                last = n;
            }
            _ => {
                continuations += 1;
                let note = notes.get_mut(&last)?;
                *note = body::join_wrapped([note.as_str(), line.as_str()].into_iter());
            }
        }
    }
    // A long run of unnumbered lines is text, not the continuation of a note.
    (continuations <= 3 * notes.len() + 2).then_some(Trailing {
        start,
        notes,
        repeated: Vec::new(),
    })
}

/// Turns the `[n]` marks of `md` that have a note into Markdown footnote references and appends
/// the notes. A note marked only outside the text (`marked_elsewhere`: the subject line) keeps
/// its definition; a note whose mark is nowhere is kept as text, `[n] …`, unless it is in
/// `dropped` (its text went to a field).
pub fn attach(
    md: &str,
    notes: &BTreeMap<u32, String>,
    marked_elsewhere: &[u32],
    dropped: &[u32],
) -> String {
    if notes.is_empty() {
        return md.to_owned();
    }
    let mut out = MARK
        .replace_all(md, |c: &regex::Captures| match c[1].parse::<u32>() {
            Ok(n) if notes.contains_key(&n) => format!("[^{n}]"),
            _ => c[0].to_owned(),
        })
        .into_owned();
    for (n, text) in notes {
        if out.contains(&format!("[^{n}]")) || marked_elsewhere.contains(n) {
            out.push_str(&format!("\n\n[^{n}]: {}", body::escape_line(text, true)));
        } else if !dropped.contains(n) {
            out.push_str(&format!("\n\n\\[{n}\\] {}", body::escape_line(text, true)));
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(ls: &[&str]) -> Vec<(usize, String)> {
        ls.iter()
            .enumerate()
            .map(|(i, l)| (i + 1, (*l).to_owned()))
            .collect()
    }

    #[test]
    fn every_printed_note_style() {
        for (line, n, text) in [
            ("1 Document 271.", 1, "Document 271."),
            ("* 3 Document 30.", 3, "Document 30."),
            ("[2] Ibid.", 2, "Ibid."),
            ("[^4]: Editorial insert.", 4, "Editorial insert."),
        ] {
            assert_eq!(note_line(line), Some((n, text)), "{line}");
        }
        assert_eq!(note_line("1945 was a year"), None);
        assert_eq!(note_line("1. First paragraph"), None);
    }

    #[test]
    fn the_last_run_of_rising_notes() {
        let got = trailing(
            &lines(&[
                "Text [1] and [2].",
                "1 Document 2.",
                "2 Lord Halifax, who",
                "was away.",
            ]),
            true,
        )
        .unwrap();
        assert_eq!(got.start, 1);
        assert_eq!(got.notes[&2], "Lord Halifax, who was away.");
        // Without a mark, a closing list is text.
        assert_eq!(
            trailing(&lines(&["Text.", "1 apple", "2 pears"]), true),
            None
        );
    }

    #[test]
    fn marks_become_footnotes_and_unmarked_notes_stay_text() {
        let notes = BTreeMap::from([(1, "One.".to_owned()), (2, "Two.".to_owned())]);
        assert_eq!(
            attach("MR. HAWKINS [1]\\(U.S.A.): yes", &notes, &[], &[]),
            "MR. HAWKINS [^1]\\(U.S.A.): yes\n\n[^1]: One.\n\n\\[2\\] Two."
        );
    }
}
