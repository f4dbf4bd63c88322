//! What any archive's text tells, read where the Wilson page reading finds no labels of its own:
//! a numbered heading naming sender and recipient (`143 Evatt to Chifley`), a dateline anywhere
//! in the opening lines (`Canberra, 26 February 1963`, `Cablegram 346 LONDON, 23 August 1939`),
//! a handling line (`SECRET PRIORITY`), the kind from the first word, the signature in capitals
//! and the numbered notes at the end.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::body::Block;
use super::{cable, dateline, heading, notes, parties, Draft, Reason};
use crate::record::{Party, Transmission};

/// `143 Mr S.M. Bruce, … to …`, `8. Telegram From … to …`: a heading with the editors' number.
static NUMBERED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})\.?\s+(\p{Lu}.*)$").expect("valid regex"));

/// Reads a line of the opening that names no label; false when it is text.
pub fn head_line(no: usize, line: &str, d: &mut Draft) -> bool {
    let r = &d.record;
    if r.title.is_empty() {
        if let Some(c) = NUMBERED_HEADING.captures(line) {
            let h = heading::read(&c[2]);
            let named = !h.from.is_empty() || !h.to.is_empty();
            if named && line.chars().count() <= 250 && !line.ends_with('.') {
                d.consume(no, &c[1], Reason::Structured("title"));
                d.record.title = c[2].to_owned();
                return true;
            }
        }
        return false;
    }
    if r.date.is_none() && r.transmitted.is_none() {
        if let Some(found) = dateline::read(line) {
            for rejected in &found.rejected {
                d.warn(no, format!("not a calendar date, ignored: {rejected}"));
            }
            // A reference or `Received …` clause would be lost with the line: such a line is
            // read but kept as text.
            let keep = found.reference.is_some() || found.received.is_some();
            if !keep {
                d.consume(no, line, Reason::Structured("date"));
            }
            let r = &mut d.record;
            r.date = found.date;
            r.kind = r.kind.take().or(found.kind);
            r.cable_number = found.number;
            if found.place.is_some() || found.at.is_some() {
                r.transmitted = Some(Transmission {
                    place: found.place,
                    at: found.at,
                });
            }
            return !keep;
        }
    }
    if r.classification.is_none() && r.precedence.is_none() {
        if let Some(h) = cable::handling(line) {
            d.consume(no, line, Reason::Structured("classification"));
            let r = &mut d.record;
            r.cable_number = r.cable_number.take().or(h.number);
            r.precedence = h.precedence;
            r.classification = h.classification;
            return true;
        }
    }
    false
}

/// After the page is read: sender, recipient and kind from the title where the page named none,
/// the signature as the sender of a text that states no other, and the numbered notes at the
/// end taken off `paragraphs` (returned, for [`notes::attach`]).
pub fn finish(paragraphs: &mut Vec<Block>, d: &mut Draft) -> BTreeMap<u32, String> {
    let r = &mut d.record;
    if r.from.is_empty() && r.to.is_empty() {
        let h = heading::read(&r.title);
        r.from = h.from;
        r.to = h.to;
        // The first word's kind is the more precise (`Record of Conversation`, `Minute`).
        r.kind = h.kind.or(r.kind.take());
    }
    let lines: Vec<(usize, String)> = paragraphs
        .iter()
        .flat_map(|b| b.lines.iter().cloned())
        .collect();
    let found = notes::trailing(&lines, true);
    let text_end = found.as_ref().map_or(lines.len(), |n| n.start);
    if found.is_some() {
        let mut kept = 0;
        paragraphs.retain_mut(|b| {
            let room = text_end.saturating_sub(kept);
            let n = b.lines.len();
            b.lines.truncate(room);
            kept += n;
            !b.lines.is_empty()
        });
        for (no, line) in &lines[text_end..] {
            if let Some((_, text)) = notes::note_line(line) {
                d.consume(*no, line[..line.len() - text.len()].trim(), Reason::Label);
            }
        }
    }
    let r = &mut d.record;
    if r.from.is_empty() && r.source.citation.is_none() {
        if let Some(name) = lines[..text_end]
            .last()
            .and_then(|(_, l)| parties::signature(l))
        {
            r.from = vec![Party {
                role: None,
                name: Some(name),
            }];
        }
    }
    found.map(|n| n.notes).unwrap_or_default()
}
