//! Headings that name sender and recipient: `Telegram From the Embassy in France to the
//! Department of State`, `Mr S.M. Bruce, High Commissioner in London, to Mr R.G. Menzies, Prime
//! Minister`, `Evatt to Chifley`, `Cablegram to Jakarta`, `Minute, Waller to Barwick`,
//! `Submission by Department of External Affairs for Mr W.M. Hughes`. Shared by every source
//! shape and the fallback.

use super::{dateline, parties};
use crate::record::{Kind, Party};

/// What a heading says of the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heading {
    /// The kind its first word names (`Cablegram`, `Minute`).
    pub kind: Option<Kind>,
    pub from: Vec<Party>,
    pub to: Vec<Party>,
}

/// Reads a heading.
pub fn read(title: &str) -> Heading {
    let title = title.trim();
    let (kind, rest) = dateline::leading_kind(title).unwrap_or((None, title));
    let (from, to) = split_from_to(rest)
        .or_else(|| split_to(rest))
        .or_else(|| split_by(rest))
        .unwrap_or_default();
    // `X to Y, and to Z`: each recipient on its own.
    let to = to
        .split(", and to ")
        .flat_map(|t| t.split(" and to "))
        .flat_map(side)
        .collect();
    Heading {
        kind,
        from: side(&from),
        to,
    }
}

/// One side of a heading: `Mr S.M. Bruce, High Commissioner in London` is a name and a role;
/// anything else is read as a list of parties.
fn side(text: &str) -> Vec<Party> {
    let mut text = text.trim().trim_end_matches([',', '.']).trim();
    // `[Quinn]`: the editors' bracket around a name they supplied.
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        if !inner.contains(['[', ']']) {
            text = inner.trim();
        }
    }
    if text.is_empty() {
        return Vec::new();
    }
    if let Some(p) = parties::name_then_role(text) {
        return vec![p];
    }
    parties::parties(text)
}

/// Words before ` to ` that belong to an office (`Mission to the United Nations`), not the split.
const OFFICE_TO: &[&str] = &[
    "Mission",
    "Ambassador",
    "Delegation",
    "Representative",
    "Assistant",
    "Adviser",
    "Advisor",
    "Envoy",
    "Observer",
    "Delegate",
    "Counselor",
    "Counsellor",
    "Minister",
];

/// `… From X to Y` (any case) → sender and recipient.
pub fn split_from_to(title: &str) -> Option<(String, String)> {
    let lower = title.to_lowercase();
    // Lower-casing may change byte lengths outside ASCII: then only search what it keeps.
    if lower.len() != title.len() {
        return None;
    }
    let at = if lower.starts_with("from ") {
        0
    } else {
        lower.find(" from ")? + 1
    };
    let rest = title.get(at + "from ".len()..)?;
    let (from, to) = split_at_to(rest).or_else(|| {
        // Every ` to ` follows an office's title (`Delegation to Japanese Embassy`): after
        // `from`, the last one still separates the parties.
        let last = rest.to_lowercase().rfind(" to ")?;
        Some((rest.get(..last)?, rest.get(last + 4..)?))
    })?;
    Some((from.to_owned(), to.to_owned()))
}

/// Splits `X to Y` at the ` to ` that separates the parties: after a closing parenthesis, else
/// after a comma, else the first that does not follow an office's title.
fn split_at_to(rest: &str) -> Option<(&str, &str)> {
    let lower = rest.to_lowercase();
    if lower.len() != rest.len() {
        return None;
    }
    for sep in [") to ", ", to "] {
        if let Some(at) = lower.find(sep) {
            let cut = at + sep.len() - " to ".len();
            return Some((
                rest.get(..cut)?.trim_end_matches(','),
                rest.get(at + sep.len()..)?,
            ));
        }
    }
    let mut search = 0;
    while let Some(rel) = lower[search..].find(" to ") {
        let split = search + rel;
        let before = rest.get(..split)?.rsplit(' ').next().unwrap_or("");
        let before = before.trim_end_matches(',');
        if !OFFICE_TO.iter().any(|o| o.eq_ignore_ascii_case(before)) {
            return Some((rest.get(..split)?, rest.get(split + 4..)?));
        }
        search = split + 4;
    }
    None
}

/// `Evatt to Chifley`, `to Jakarta`: a heading that is only its parties. The sender must read
/// as a name (capitals and joining words), not as a phrase (`Notes on a Trip to Vietnam`).
fn split_to(rest: &str) -> Option<(String, String)> {
    if let Some(to) = rest
        .strip_prefix("to ")
        .or_else(|| rest.strip_prefix("To "))
        .or_else(|| rest.strip_prefix("TO "))
    {
        return Some((String::new(), to.to_owned()));
    }
    let (from, to) = split_at_to(rest)?;
    // `X, Role, to Y` is a heading's own form; a bare ` to ` needs a name before it.
    let comma = rest.len() > from.len() && rest[from.len()..].starts_with(", ");
    (comma || named(from)).then(|| (from.to_owned(), to.to_owned()))
}

/// `Submission by Department of External Affairs for Mr W.M. Hughes`, `Note by Bruce of
/// Conversation with McVey`, `Press Statement by McEwen`.
fn split_by(rest: &str) -> Option<(String, String)> {
    let at = rest.find(" by ").or_else(|| rest.find(" By "))?;
    let after = &rest[at + 4..];
    // The recipient follows `for` or `to`; without one, the sender ends before what the
    // document is of or about.
    let recipient = [" for ", " to "]
        .iter()
        .filter_map(|sep| after.find(sep).map(|i| (i, sep.len())))
        .min();
    let (from, to) = match recipient {
        Some((i, n)) => (&after[..i], &after[i + n..]),
        None => {
            let end = [" of ", " on ", " with ", " at "]
                .iter()
                .filter_map(|sep| after.find(sep))
                .min()
                .unwrap_or(after.len());
            (&after[..end], "")
        }
    };
    named(from).then(|| (from.to_owned(), to.to_owned()))
}

/// Whether a phrase reads as the name of a person or body: capitalised words, with only the
/// small words that join a name between them.
fn named(phrase: &str) -> bool {
    const JOINING: &[&str] = &[
        "of", "in", "for", "the", "and", "on", "at", "de", "van", "von",
    ];
    // Words that head the title of a paper, not the name of its author.
    const PAPERS: &[&str] = &[
        "report",
        "reports",
        "notes",
        "note",
        "paper",
        "study",
        "summary",
        "brief",
        "statement",
        "record",
        "plan",
        "survey",
        "analysis",
        "review",
        "estimate",
        "draft",
        "comments",
        "observations",
        "proposals",
        "memorandum",
        "minutes",
        "agenda",
        "text",
    ];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words
        .first()
        .is_some_and(|w| PAPERS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    !words.is_empty()
        && words.len() <= 14
        && words.first().is_some_and(|w| {
            // `de Valera`: a particle may open a name.
            ["de", "van", "von", "da", "di", "du", "le", "la"].contains(w)
                || w.trim_start_matches(['[', '('])
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || JOINING.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(ps: &[Party]) -> Vec<String> {
        ps.iter()
            .map(|p| {
                format!(
                    "{}|{}",
                    p.role.as_deref().unwrap_or(""),
                    p.name.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn frus_headings() {
        let (f, t) = split_from_to(
            "Telegram From the Mission to the United Nations to the Department of State",
        )
        .unwrap();
        assert_eq!(
            (f.as_str(), t.as_str()),
            (
                "the Mission to the United Nations",
                "the Department of State"
            )
        );
        let (f, t) = split_from_to(
            "Letter From the Ambassador to the Soviet Union (Thompson) to Secretary of State Rusk",
        )
        .unwrap();
        assert_eq!(f, "the Ambassador to the Soviet Union (Thompson)");
        assert_eq!(t, "Secretary of State Rusk");
        assert!(split_from_to("Memorandum of Conversation").is_none());
    }

    #[test]
    fn commonwealth_headings() {
        let h =
            read("Mr S.M. Bruce, High Commissioner in London, to Mr R.G. Menzies, Prime Minister");
        assert_eq!(label(&h.from), ["High Commissioner in London|S.M. Bruce"]);
        assert_eq!(label(&h.to), ["Prime Minister|R.G. Menzies"]);
        let h = read("Evatt to Chifley");
        assert_eq!(
            (label(&h.from), label(&h.to)),
            (vec!["|Evatt".to_owned()], vec!["|Chifley".to_owned()])
        );
        let h = read("Cablegram to Jakarta");
        assert_eq!(h.kind, Some(Kind::Cable));
        assert!(h.from.is_empty());
        assert_eq!(label(&h.to), ["|Jakarta"]);
        let h = read("Minute, Waller to Barwick");
        assert_eq!(h.kind.as_ref().map(Kind::as_str), Some("minute"));
        assert_eq!(label(&h.from), ["|Waller"]);
        let h = read("LETTER FROM CASEY TO MENZIES");
        assert_eq!(h.kind, Some(Kind::Letter));
        assert_eq!(label(&h.from), ["|CASEY"]);
        let h = read("Submission by Department of External Affairs for Mr W.M. Hughes, Minister for External Affairs");
        assert_eq!(label(&h.from), ["|Department of External Affairs"]);
        assert_eq!(label(&h.to), ["Minister for External Affairs|W.M. Hughes"]);
        let h = read("Record of Conversation Between Taylor and Tjan");
        assert_eq!(
            h.kind.as_ref().map(Kind::as_str),
            Some("record of conversation")
        );
        assert!(read("Notes on a Trip to Vietnam").from.is_empty());
        assert!(read("Report on Soviet Shipments to Cuba").from.is_empty());
        let h = read("Lyons, Prime Minister, to Mr S.M. Bruce, High Commissioner in London, and to Sir Earle Page, Minister for Commerce");
        assert_eq!(
            label(&h.to),
            [
                "High Commissioner in London|S.M. Bruce",
                "Minister for Commerce|Sir Earle Page"
            ]
        );
        assert_eq!(label(&read("[Quinn] to Hood").from), ["|Quinn"]);
    }
}
