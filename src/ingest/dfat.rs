//! Documents of *Documents on Australian Foreign Policy* (Department of Foreign Affairs and
//! Trade), as copied from the series' web pages: the volume line, the numbered heading
//! (`143 Mr S.M. Bruce, High Commissioner in London, to Mr R.G. Menzies, Prime Minister`), the
//! dateline (`Cablegram 346 LONDON, 23 August 1939, 1.20 a.m.`, `Canberra, 26 February 1963`),
//! the handling line (`MOST IMMEDIATE SECRET`, `O.UN5928 SECRET PRIORITY`), sometimes a subject,
//! the text with its signature in capitals, the numbered notes and the bracketed archive
//! reference (`[AA: A981, GREAT BRITAIN 8B, v]`, `[NAA: A1838, 3038/10/12/4, v]`).

use std::sync::LazyLock;

use regex::Regex;

use super::body::{self, Block, Layout};
use super::text::Line;
use super::{cable, dateline, dates, heading, notes, parties, Draft, Normalized, Reason};
use crate::record::{Kind, Party, Transmission};

/// The series, named as its licence asks to be credited.
pub const SERIES: &str = "Documents on Australian Foreign Policy";
/// The rights of every document of the series.
pub const DFAT_RIGHTS: &str = "Creative Commons Attribution 4.0 International (CC BY 4.0): \
     credit “Documents on Australian Foreign Policy, Department of Foreign Affairs and Trade”.";

static VOLUME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Volume (\d{1,3}[A-Z]?)\s*:\s*\S").expect("valid regex"));
static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4}[A-Z]?)\.?\s+(\S.*)$").expect("valid regex"));
static MARKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\[\^?\d{1,3}\]").expect("valid regex"));
/// A bracketed archive reference: `[AA: A981, …]`, `[NAA : A1838, …]`, `[On file NAA: …]`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[+\s*(?:On file\s+)?([A-Z][A-Za-z &]{0,30}?)\s*\d?\s*:\s*(.+?)\s*\]+$")
        .expect("valid regex")
});

pub fn recognises(lines: &[Line]) -> bool {
    let mut texts = lines
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| !t.is_empty());
    texts.next().is_some_and(|t| VOLUME.is_match(t))
        && texts.next().is_some_and(|t| HEADING.is_match(t))
}

pub fn parse(lines: &[Line]) -> Normalized {
    let mut d = Draft::default();
    let mut texts = lines.iter().filter(|l| !l.text.is_empty()).peekable();
    let mut volume = None;
    if let Some(line) = texts.next() {
        volume = VOLUME.captures(&line.text).map(|c| c[1].to_owned());
        d.record.source.publisher = Some(format!("{SERIES}, {}", line.text));
        d.record.rights = Some(DFAT_RIGHTS.to_owned());
    }
    let mut number = None;
    let mut heading_line = String::new();
    if let Some(line) = texts.next() {
        if let Some(c) = HEADING.captures(&line.text) {
            number = Some(c[1].to_owned());
            d.consume(line.no, &c[1], Reason::Structured("record_id"));
            heading_line = c[2].to_owned();
        }
        let clean = MARKS.replace_all(&heading_line, "").trim().to_owned();
        for m in MARKS.find_iter(&heading_line) {
            d.consume(line.no, m.as_str(), Reason::Structured("title"));
        }
        d.record.title = clean;
    }
    // Some pages print the heading twice.
    if let Some(line) = texts.peek() {
        let again = HEADING.captures(&line.text).is_some_and(|c| {
            Some(&c[1]) == number.as_deref() && MARKS.replace_all(&c[2], "") == d.record.title
        });
        if again {
            d.consume(line.no, line.text.clone(), Reason::Repeated);
            texts.next();
        }
    }
    let rest: Vec<&Line> = texts.collect();
    let opened = opening(&rest, &mut d);
    let text_lines: Vec<(usize, String)> = rest
        .iter()
        .filter(|l| !opened.taken.contains(&l.no))
        .map(|l| (l.no, l.text.clone()))
        .chain(opened.first_text.iter().cloned())
        .collect();
    let mut text_lines = text_lines;
    text_lines.sort_by_key(|(no, _)| *no);
    let text_lines = take_reference(text_lines, &mut d);
    let found_notes = notes::trailing(&text_lines, false);
    let text_end = found_notes.as_ref().map_or(text_lines.len(), |n| n.start);
    for (no, line) in &text_lines[text_end..] {
        d.consume(*no, notes_marker(line), Reason::Label);
    }
    let text = &text_lines[..text_end];

    let head = heading::read(&d.record.title);
    let r = &mut d.record;
    r.from = head.from;
    r.to = head.to;
    if r.from.is_empty() {
        // The signature in capitals names the sender the heading left out.
        if let Some(name) = text.last().and_then(|(_, l)| parties::signature(l)) {
            r.from = vec![Party {
                role: None,
                name: Some(name),
            }];
        }
    }
    r.kind = opened
        .kind
        .or(head.kind)
        .or_else(|| super::kind_from_title(&r.title))
        .or_else(|| salutation(text).then_some(Kind::Letter))
        .or_else(|| (r.cable_number.is_some() || r.precedence.is_some()).then_some(Kind::Cable))
        .or(Some(Kind::Document));
    if r.date.is_none() {
        // The letters of volumes 17 and 18 are headed by their date alone.
        r.date = dates::parse_whole(&r.title);
    }
    if let (Some(volume), Some(n)) = (&volume, &number) {
        r.source.record_id = Some(format!("dafp-v{volume}-d{n}"));
    }
    let blocks = blocks(lines, text);
    let paragraphs = body::paragraphs(blocks);
    let md = body::markdown(&paragraphs, Layout::default());
    let empty = Default::default();
    let found = found_notes.as_ref().map_or(&empty, |n| &n.notes);
    d.record.body = notes::attach(&md, found, &[], &[]);
    if d.record.date.is_none() && !opened.undated {
        d.warn(1, "no dateline found: the record goes to the undated group");
    }
    d.finish()
}

/// The number that opens a note line (`1`, `* 1`, `[^1]:`), which the Markdown footnote
/// replaces.
fn notes_marker(line: &str) -> String {
    match notes::note_line(line) {
        Some((_, text)) => line[..line.len() - text.len()].trim().to_owned(),
        None => String::new(),
    }
}

/// What the lines under the heading gave.
#[derive(Default)]
struct Opening {
    /// Lines within that span taken whole (dateline, handling, subject).
    taken: Vec<usize>,
    /// What stays in the text of lines taken: the rest of a line whose start was handling words
    /// (`TOP SECRET In the light …`), a dateline's reference or `Received …` clause.
    first_text: Vec<(usize, String)>,
    kind: Option<Kind>,
    undated: bool,
}

/// Reads the dateline, a line naming the kind and number, the handling line and a subject from
/// the first lines of the text, in whatever order they come; one line of the editors' may stand
/// before the dateline.
fn opening(rest: &[&Line], d: &mut Draft) -> Opening {
    let mut o = Opening::default();
    let (mut dated, mut handled, mut kinded, mut skipped) = (false, false, false, false);
    let mut i = 0;
    while let Some(line) = rest.get(i).filter(|_| i < 6) {
        i += 1;
        let text = line.text.as_str();
        if !dated {
            if let Some(found) = dateline::read(text) {
                dated = true;
                take_dateline(found, line, d, &mut o);
                continue;
            }
        }
        if !handled {
            if let Some((h, after)) = cable::leading(text) {
                handled = true;
                let consumed = &text[..text.len() - after.len()];
                d.consume(line.no, consumed, Reason::Structured("classification"));
                let r = &mut d.record;
                r.cable_number = r.cable_number.take().or(h.number);
                r.precedence = h.precedence;
                r.classification = h.classification;
                o.taken.push(line.no);
                if !after.is_empty() {
                    o.first_text.push((line.no, after.to_owned()));
                    break;
                }
                continue;
            }
        }
        // `Cablegram 66,` on a line of its own, above the place and date.
        if !kinded && o.kind.is_none() {
            if let Some((kind, number)) = dateline::leading_kind(text) {
                let number = number.trim_matches([',', '.', ' ']);
                let numbered = number.split_whitespace().count() <= 3
                    && (number.is_empty() || number.chars().any(|c| c.is_ascii_digit()));
                if numbered {
                    kinded = true;
                    o.kind = kind;
                    if !number.is_empty() {
                        d.record.cable_number = Some(number.to_owned());
                    }
                    d.consume(line.no, text, Reason::Structured("kind"));
                    o.taken.push(line.no);
                    continue;
                }
            }
        }
        // A subject: a short title-like line between the head and a longer text.
        if dated && d.record.subject.is_none() && rest.get(i).is_some() && is_subject(text) {
            let subject = MARKS.replace_all(text, "").trim().to_owned();
            for m in MARKS.find_iter(text) {
                // The mark's note stays, as text at the end.
                d.consume(line.no, m.as_str(), Reason::Structured("subject"));
            }
            d.consume(line.no, subject.clone(), Reason::Structured("subject"));
            d.record.subject = Some(subject);
            o.taken.push(line.no);
            break;
        }
        if !dated && !skipped && i == 1 {
            skipped = true;
            continue;
        }
        break;
    }
    o
}

fn take_dateline(found: dateline::Dateline, line: &Line, d: &mut Draft, o: &mut Opening) {
    for r in &found.rejected {
        d.warn(line.no, format!("not a calendar date, ignored: {r}"));
    }
    d.consume(line.no, line.text.clone(), Reason::Structured("date"));
    o.taken.push(line.no);
    o.undated = found.date.is_none();
    if found.kind.is_some() {
        o.kind = found.kind;
    }
    let r = &mut d.record;
    r.date = found.date;
    if found.number.is_some() {
        r.cable_number = found.number;
    }
    if found.place.is_some() || found.at.is_some() {
        r.transmitted = Some(Transmission {
            place: found.place,
            at: found.at,
        });
    }
    // A reference before the place and a `Received …` clause stay in the text.
    for kept in [found.reference, found.received].into_iter().flatten() {
        o.first_text.push((line.no, kept));
    }
}

/// `Portuguese Timor`, `COLONISATION OF JEWISH REFUGEES`, `Disarmament: Position of China`; not
/// a sentence, a salutation, a note or a reference to an earlier cable.
fn is_subject(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = line.chars().next();
    (1..=14).contains(&words.len())
        && first.is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ',', ':', ';', '-', '—'])
        && !words[0].chars().any(|c| c.is_ascii_digit())
        && line.chars().filter(|c| c.is_ascii_digit()).nth(3).is_none()
        && ![
            "Your",
            "My",
            "Our",
            "Ref",
            "Reference",
            "Re",
            "Dear",
            "Following",
            "Addressed",
            "EXTRACTS",
            "EXTRACT",
            "Extracts",
            "Extract",
        ]
        .contains(&words[0].trim_end_matches([',', '.']))
        && !words
            .iter()
            .any(|w| ["I", "we", "you", "is", "are", "was", "have", "has", "will"].contains(w))
}

/// A letter opens with its salutation (`My dear P.M.,`, `Dear Mr Casey,`).
fn salutation(text: &[(usize, String)]) -> bool {
    text.iter()
        .take(3)
        .any(|(_, l)| (l.starts_with("My dear") || l.starts_with("Dear ")) && l.ends_with(','))
}

/// Takes the archive reference (the last bracketed reference line) out of the text into
/// `[source]`.
fn take_reference(mut text: Vec<(usize, String)>, d: &mut Draft) -> Vec<(usize, String)> {
    let Some(at) = text.iter().rposition(|(_, l)| reference_in(l).is_some()) else {
        return text;
    };
    let (no, whole) = text.remove(at);
    let Some((line, before, after)) = reference_in(&whole) else {
        return text;
    };
    let line = line.to_owned();
    // A signature printed on the line of the reference (`[AA: …] G. F. PEARCE`) stays text.
    let kept: Vec<(usize, String)> = [before, after]
        .into_iter()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| (no, t.to_owned()))
        .collect();
    for (i, k) in kept.into_iter().enumerate() {
        text.insert(at + i, k);
    }
    let inner = line.trim_matches(['[', ']', ' ']).to_owned();
    d.consume(no, "", Reason::Structured("source"));
    let s = &mut d.record.source;
    if let Some(c) = REFERENCE.captures(&line) {
        s.archive = Some(archive_name(&c[1]));
        s.collection = Some(c[2].trim().to_owned());
    } else if let Some(at) = inner.find("Archives ") {
        // `[ABHS 950/…, 40/411 Part 21A Archives New Zealand/…, Wellington]`
        let name = inner[at..]
            .split(['/', ','])
            .next()
            .unwrap_or_default()
            .trim();
        s.archive = Some(name.to_owned());
    }
    s.citation = Some(inner);
    text
}

/// The archive reference in a line, with the text before and after it: the whole line, or a
/// reference with a stray letter before it (`A[NAA: …]`) or a signature after it.
fn reference_in(line: &str) -> Option<(&str, &str, &str)> {
    if is_reference(line) {
        return Some((line, "", ""));
    }
    let open = line.find('[').filter(|&o| o <= 2)?;
    let close = open + line[open..].find(']')?;
    let (before, found, after) = (&line[..open], &line[open..=close], &line[close + 1..]);
    let signature = after.trim().is_empty() || parties::signature(after.trim()).is_some();
    (signature && REFERENCE.is_match(found)).then_some((found, before, after))
}

/// Whether a line is an archive reference rather than an editorial bracket (`[matter
/// omitted]`): a prefix and a colon, or a locator with a comma and a number.
fn is_reference(line: &str) -> bool {
    if !(line.starts_with('[') && line.ends_with(']')) || line.chars().count() > 300 {
        return false;
    }
    if notes::note_line(line).is_some() {
        return false;
    }
    REFERENCE.is_match(line)
        || (line.contains(',')
            && line.chars().any(|c| c.is_ascii_digit())
            && line.contains("Archives"))
}

/// The archive an abbreviation of the series stands for (the volumes' list of abbreviations);
/// an unknown one is kept as written.
fn archive_name(prefix: &str) -> String {
    let key: String = prefix
        .chars()
        .filter(|c| c.is_alphabetic() || *c == '&')
        .collect::<String>()
        .to_uppercase();
    match key.as_str() {
        // Australian Archives was the National Archives of Australia's earlier name.
        "AA" | "NAA" => "National Archives of Australia",
        "NLA" | "ANL" => "National Library of Australia",
        "AWM" => "Australian War Memorial",
        "FA" => "Department of Foreign Affairs",
        "DFAT" => "Department of Foreign Affairs and Trade",
        "DEFENCE" => "Department of Defence",
        "PM&C" => "Department of the Prime Minister and Cabinet",
        "PRO" => "Public Record Office",
        "UKNA" => "The National Archives of the United Kingdom",
        _ => return prefix.trim().to_owned(),
    }
    .to_owned()
}

/// The text's lines as blocks: consecutive lines of the raw file make one block.
fn blocks(all: &[Line], text: &[(usize, String)]) -> Vec<Block> {
    let blank_after: std::collections::HashSet<usize> = all
        .windows(2)
        .filter(|w| w[1].text.is_empty() || w[1].new_page)
        .map(|w| w[0].no)
        .collect();
    let mut out: Vec<Block> = Vec::new();
    let mut prev: Option<usize> = None;
    for (no, line) in text {
        let joins = prev.is_some_and(|p| p + 1 == *no && !blank_after.contains(&p));
        if !joins || out.is_empty() {
            out.push(Block::default());
        }
        if let Some(b) = out.last_mut() {
            b.lines.push((*no, line.clone()));
        }
        prev = Some(*no);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_abbreviations() {
        assert_eq!(archive_name("AA"), "National Archives of Australia");
        assert_eq!(archive_name("N AA"), "National Archives of Australia");
        assert_eq!(archive_name("SFU"), "SFU");
        assert!(is_reference("[AA : A981, TIMOR (PORTUGUESE) 22, ii]"));
        assert!(is_reference("[NAA: Al838, 3034110111124, iii]"));
        assert!(!is_reference("[matter omitted]"));
        assert!(!is_reference("[1] A month later"));
    }

    #[test]
    fn subjects() {
        assert!(is_subject("Portuguese Timor"));
        assert!(is_subject("COLONISATION OF JEWISH REFUGEES"));
        assert!(!is_subject("Your telegram A71. [1]"));
        assert!(!is_subject("Ref 0.CH110620[1]"));
        assert!(!is_subject("My dear P.M.,"));
    }
}
