//! Documents of *Foreign Relations of the United States* (FRUS), as copied from the Office of the
//! Historian's pages: the volume line, the numbered heading, the dateline, the text with
//! `[Page N]` markers and `[n]` footnote marks, the signature, the `Source:` note, the footnotes.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// The rights statement of every FRUS document.
pub const FRUS_RIGHTS: &str = "Public domain: published by the Office of the Historian, U.S. \
     Department of State, in Foreign Relations of the United States; a work of the U.S. \
     government.";

use regex::Regex;

use super::body::{self, Block, Layout};
use super::text::Line;
use super::{cable, dateline, heading, notes, parties, Draft, Normalized, Reason};
use crate::record::{Kind, Transmission};

const VOLUME_PREFIX: &str = "Foreign Relations of the United States";

static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})\.\s*(.+)$").expect("valid regex"));
static PAGE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s?\[Page \d+\]\s?").expect("valid regex"));
static FOOTNOTE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(\d{1,3})\]").expect("valid regex"));
/// A footnote mark with the space before it, as it is taken out of a subject line.
static SUBJECT_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\[\d{1,3}\]").expect("valid regex"));
/// A telegram's number where its text starts: `1329\. In view of`.
static TELEGRAM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{2,5})\\\. ").expect("valid regex"));
static FOOTNOTE_DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[(\d{1,3})\]\s*(.*)$").expect("valid regex"));
static VOLUME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^Foreign Relations of the United States, (\d{4})[–-](\d{2})(\d{2}), Volume ([IVXLC]+),",
    )
    .expect("valid regex")
});

pub fn recognises(lines: &[Line]) -> bool {
    lines
        .iter()
        .find(|l| !l.text.is_empty())
        .is_some_and(|l| l.text.starts_with(VOLUME_PREFIX))
}

pub fn parse(lines: &[Line]) -> Normalized {
    let mut d = Draft::default();
    // `[Page N]` markers go first, wherever they are (text, source note, footnotes); a line that
    // held only a marker becomes empty (remembered: it is not a blank line of the text), and a
    // paragraph or list it split is joined again below.
    let mut marker_only = HashSet::new();
    let lines: Vec<Line> = lines
        .iter()
        .map(|l| {
            if !PAGE_MARK.is_match(&l.text) {
                return l.clone();
            }
            for m in PAGE_MARK.find_iter(&l.text) {
                d.consume(l.no, m.as_str().trim(), Reason::Chrome);
            }
            let text = PAGE_MARK.replace_all(&l.text, " ").trim().to_owned();
            if text.is_empty() {
                marker_only.insert(l.no);
            }
            Line { text, ..l.clone() }
        })
        .collect();
    let lines = lines.as_slice();
    let mut iter = lines.iter().filter(|l| !l.text.is_empty()).peekable();

    // The volume line.
    let mut doc_number = None;
    let mut volume_id = None;
    if let Some(line) = iter.next() {
        volume_id = VOLUME.captures(&line.text).and_then(|c| {
            let from: u32 = c[1].parse().ok()?;
            let century = &c[2];
            Some(format!("frus{from}-{}v{:02}", &c[3], roman(&c[4])?))
                .filter(|_| !century.is_empty())
        });
        d.record.source.publisher = Some(line.text.clone());
        // The series is the U.S. government's own publication: readers may reuse it freely.
        if volume_id.is_some() {
            d.record.rights = Some(FRUS_RIGHTS.to_owned());
        }
    }
    // The numbered heading.
    if let Some(line) = iter.next() {
        let (number, title) = match HEADING.captures(&line.text) {
            Some(c) => (Some(c[1].to_owned()), c[2].to_owned()),
            None => (None, line.text.clone()),
        };
        if let Some(n) = &number {
            d.consume(line.no, format!("{n}."), Reason::Structured("record_id"));
        }
        doc_number = number;
        let clean = FOOTNOTE_MARK.replace_all(&title, "").trim().to_owned();
        if clean != title {
            d.consume(line.no, "[1]", Reason::Structured("citation"));
        }
        d.record.title = clean;
    }
    // The dateline, when there is one.
    let mut reference = None;
    let mut has_dateline = false;
    if let Some(line) = iter.peek() {
        if let Some(found) = dateline::read(&line.text) {
            for r in &found.rejected {
                d.warn(line.no, format!("not a calendar date, ignored: {r}"));
            }
            d.consume(line.no, line.text.clone(), Reason::Structured("date"));
            has_dateline = true;
            d.record.date = found.date;
            if found.place.is_some() || found.at.is_some() {
                d.record.transmitted = Some(Transmission {
                    place: found.place,
                    at: found.at,
                });
            }
            reference = found.reference.map(|r| (line.no, r));
            iter.next();
        }
    }

    let remaining: Vec<&Line> = iter.collect();
    let (text_lines, citation, footnotes, repeated) = split_notes(&remaining);
    for (no, text) in repeated {
        d.consume(no, text, Reason::Repeated);
    }
    if let Some((no, text)) = citation {
        // The source note is either a `Source:` paragraph or, on some pages, footnote [1].
        d.consume(no, if no == 0 { "[1]" } else { "Source:" }, Reason::Label);
        read_source_note(&text, &mut d);
    }
    let mut blocks = blocks(lines, &marker_only, &text_lines);
    if let Some((no, text)) = reference {
        blocks.insert(
            0,
            Block {
                lines: vec![(no, text)],
            },
        );
    }
    let subject_notes = take_subject(&mut blocks, &mut d);

    let r = &mut d.record;
    r.kind = Some(kind(&r.title));
    if let Some((from, to)) = heading::split_from_to(&r.title) {
        r.from = parties::parties(&from);
        r.to = parties::parties(&to);
    }
    if let (Some(vol), Some(n)) = (&volume_id, &doc_number) {
        r.source.record_id = Some(format!("{vol}d{n}"));
        r.source.url = Some(format!(
            "https://history.state.gov/historicaldocuments/{vol}/d{n}"
        ));
    }
    let paragraphs = body::paragraphs(blocks);
    let md = body::markdown(&paragraphs, Layout::default());
    // Note 1 that is the source note itself went to `citation`.
    let dropped: Vec<u32> = footnotes
        .get(&1)
        .filter(|text| d.record.source.citation.as_deref() == Some(text.as_str()))
        .map(|_| 1)
        .into_iter()
        .collect();
    let md = notes::attach(&md, &footnotes, &subject_notes, &dropped);
    // A telegram's own number opens its text (`1329. In view of …`); it stays there too.
    if matches!(d.record.kind, Some(Kind::Telegram)) {
        d.record.cable_number = TELEGRAM_NUMBER.captures(&md).map(|c| c[1].to_owned());
    }
    d.record.body = md.trim().to_owned();
    // `Washington, undated.` is the publication saying so, not a dateline the normalizer missed.
    if !has_dateline && d.record.date.is_none() && d.record.kind != Some(Kind::Document) {
        d.warn(1, "no dateline found: the record goes to the undated group");
    }
    d.finish()
}

/// Roman numerals of volume numbers.
fn roman(s: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    u32::try_from(total).ok()
}

/// The text lines, the `Source:` note, the footnotes, and repeated footnotes that were dropped.
type Notes = (
    Vec<(usize, String)>,
    Option<(usize, String)>,
    BTreeMap<u32, String>,
    Vec<(usize, String)>,
);

/// Separates the text from the `Source:` note and the footnotes at the end.
fn split_notes(remaining: &[&Line]) -> Notes {
    let mut end = remaining.len();
    let mut footnotes: BTreeMap<u32, String> = BTreeMap::new();
    let mut repeated = Vec::new();
    // Footnotes: trailing `[n] text` lines, with any continuation lines under them.
    let mut pending: Vec<&str> = Vec::new();
    let mut i = remaining.len();
    while i > 0 {
        let line = &remaining[i - 1].text;
        if let Some(c) = FOOTNOTE_DEF.captures(line) {
            let n: u32 = c[1].parse().unwrap_or(0);
            let mut text = c[2].to_owned();
            for more in pending.drain(..).rev() {
                text.push(' ');
                text.push_str(more);
            }
            match footnotes.get_mut(&n) {
                // The pages sometimes repeat a note; a second, different note keeps both texts.
                Some(existing) if *existing == text => repeated.push((remaining[i - 1].no, text)),
                Some(existing) => *existing = format!("{text} {existing}"),
                None => {
                    footnotes.insert(n, text);
                }
            }
            end = i - 1;
        } else if line.starts_with("Source:") {
            break;
        } else {
            pending.push(line);
            if pending.len() > 40 {
                break;
            }
        }
        i -= 1;
    }
    let mut citation = None;
    let source_at = remaining[..end]
        .iter()
        .rposition(|l| l.text.starts_with("Source:"));
    let text_end = match source_at {
        Some(at) => {
            let mut note = remaining[at].text["Source:".len()..].trim().to_owned();
            for more in &remaining[at + 1..end] {
                note.push(' ');
                note.push_str(&more.text);
            }
            citation = Some((remaining[at].no, note));
            at
        }
        None => end,
    };
    if citation.is_none() {
        if let Some(first) = footnotes.get(&1) {
            citation = Some((0, first.clone()));
        }
    }
    let text = remaining[..text_end]
        .iter()
        .map(|l| (l.no, l.text.clone()))
        .collect();
    (text, citation, footnotes, repeated)
}

/// `Department of State, Central Files, 751K.00/1-3161. Secret; Limit Distribution. ...`
fn read_source_note(text: &str, d: &mut Draft) {
    // The second sentence grades the document: `Secret; Priority; Limit Distribution.`
    if let Some(h) = text.split(". ").nth(1).and_then(cable::from_note) {
        d.record.classification = h.classification;
        d.record.precedence = h.precedence;
    }
    let s = &mut d.record.source;
    s.citation = Some(text.to_owned());
    let first_sentence = text
        .split(". ")
        .next()
        .unwrap_or(text)
        .trim_end_matches('.');
    match first_sentence.split_once(", ") {
        Some((archive, collection)) => {
            s.archive = Some(archive.trim().to_owned());
            s.collection = Some(collection.trim().to_owned());
        }
        None if first_sentence.split_whitespace().count() <= 8 => {
            s.archive = Some(first_sentence.trim().to_owned());
        }
        None => {}
    }
}

/// Groups text lines into blocks at blank lines, and re-joins what a `[Page N]` marker split: a
/// paragraph continued after the page break, or the lines of a block (a list of participants)
/// with the marker on a line of its own between them.
fn blocks(all: &[Line], marker_only: &HashSet<usize>, text: &[(usize, String)]) -> Vec<Block> {
    // What separates each line from the text line before it: a real blank line, or only a line
    // that held a page marker.
    let mut blank_before = HashSet::new();
    let mut marker_before = HashSet::new();
    let (mut blank, mut marker) = (false, false);
    for l in all {
        if l.text.is_empty() {
            if marker_only.contains(&l.no) {
                marker = true;
            } else {
                blank = true;
            }
            continue;
        }
        if blank {
            blank_before.insert(l.no);
        } else if marker {
            marker_before.insert(l.no);
        }
        (blank, marker) = (false, false);
    }
    let mut out: Vec<Block> = Vec::new();
    for (no, line) in text {
        let continues = out.last().is_some_and(|b| {
            let prev = b.lines.last().map_or("", |l| l.1.as_str());
            !body::ends_sentence(prev) && line.chars().next().is_some_and(char::is_lowercase)
        });
        let split = blank_before.contains(no) || marker_before.contains(no);
        if out.is_empty() || (blank_before.contains(no) && !continues) {
            out.push(Block::default());
        }
        let block = out.last_mut().expect("pushed above");
        if split && continues {
            // A sentence split by a page break: continue the previous line.
            if let Some(last) = block.lines.last_mut() {
                last.1.push(' ');
                last.1.push_str(line);
                continue;
            }
        }
        block.lines.push((*no, line.clone()));
    }
    out
}

/// `SUBJECT` followed by its value (FRUS memoranda), or a `Subject:` line. Returns the numbers of
/// footnote marks the subject carried, which leave it (the notes stay in the text).
fn take_subject(blocks: &mut Vec<Block>, d: &mut Draft) -> Vec<u32> {
    let Some(at) = blocks.iter().take(4).position(|b| {
        b.lines.first().is_some_and(|(_, l)| {
            l == "SUBJECT" || l.starts_with("SUBJECT:") || l.starts_with("Subject:")
        })
    }) else {
        return Vec::new();
    };
    let block = &mut blocks[at];
    let (no, first) = block.lines.remove(0);
    let inline = first
        .split_once(':')
        .map(|(_, v)| (no, v.trim().to_owned()))
        .filter(|(_, v)| !v.is_empty());
    d.consume(no, "SUBJECT", Reason::Label);
    let (no, subject) = match inline {
        Some(v) => v,
        None if !block.lines.is_empty() => block.lines.remove(0),
        None => return Vec::new(),
    };
    let marks: Vec<u32> = FOOTNOTE_MARK
        .captures_iter(&subject)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    for n in &marks {
        d.consume(no, format!("[{n}]"), Reason::Structured("subject"));
    }
    let subject = SUBJECT_MARK.replace_all(&subject, "").trim().to_owned();
    d.record.subject = Some(subject);
    if block.lines.is_empty() {
        blocks.remove(at);
    }
    marks
}

fn kind(title: &str) -> Kind {
    let lower = title.to_lowercase();
    if lower.starts_with("message") {
        return Kind::Letter;
    }
    super::kind_from_title(title).unwrap_or(Kind::Document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("XXII"), Some(22));
        assert_eq!(roman("IX"), Some(9));
    }
}
