//! Senders and recipients: splitting `Foreign Minister Ohira` into role and name.

use crate::record::{Party, OFFICE_WORDS};

/// Words of titles and offices. A name is what follows them.
const ROLE_WORDS: &[&str] = &[
    "acting",
    "admiral",
    "ambassador",
    "assistant",
    "attaché",
    "attache",
    "brigadier",
    "captain",
    "chairman",
    "chancellor",
    "chargé",
    "charge",
    "chief",
    "colonel",
    "commander",
    "commissioner",
    "comrade",
    "consul",
    "consul-general",
    "counselor",
    "counsellor",
    "d'affaires",
    "delegate",
    "deputy",
    "director",
    "emperor",
    "envoy",
    "executive",
    "first",
    "foreign",
    "general",
    "governor",
    "head",
    "king",
    "lieutenant",
    "major",
    "marshal",
    "minister",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "permanent",
    "premier",
    "president",
    "prime",
    "prince",
    "queen",
    "representative",
    "second",
    "secretary",
    "secretary-general",
    "senator",
    "shah",
    "special",
    "third",
    "under",
    "vice",
    "minister-counselor",
    "defense",
    "state",
];

/// Lower-case words that join a title to what it governs (`Ambassador to Cuba`).
const CONNECTORS: &[&str] = &[
    "of", "to", "for", "in", "at", "on", "and", "the", "de", "del", "la",
];

fn is_role_word(w: &str) -> bool {
    let w = w.trim_end_matches(',').to_lowercase();
    ROLE_WORDS.contains(&w.as_str()) || w.ends_with("'s") || w.ends_with("’s")
}

fn is_office_word(w: &str) -> bool {
    OFFICE_WORDS.contains(&w.trim_end_matches(',').to_lowercase().as_str())
}

fn is_connector(w: &str) -> bool {
    CONNECTORS.contains(&w)
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Splits a phrase naming a sender or recipient:
/// `Foreign Minister Ohira` → role `Foreign Minister`, name `Ohira`;
/// `the President's Special Assistant (Bundy)` → role `President's Special Assistant`, name `Bundy`;
/// `the Embassy in France` → name `Embassy in France` (an office); `the President` → role only.
pub fn party(phrase: &str) -> Option<Party> {
    let phrase = phrase.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    let phrase = strip_article(phrase);
    if phrase.is_empty() {
        return None;
    }
    if let Some(open) = phrase.rfind(" (") {
        if phrase.ends_with(')') {
            let role = phrase[..open].trim();
            let name = phrase[open + 2..phrase.len() - 1].trim();
            if !name.is_empty() && !role.is_empty() {
                return Some(Party {
                    role: Some(role.to_owned()),
                    name: Some(name.to_owned()),
                });
            }
        }
    }
    let words: Vec<&str> = phrase.split_whitespace().collect();
    // The name is the trailing run of capitalized words that are not title words and do not
    // hang on a connector (`Ambassador to Cuba Alekseev`: `Cuba` hangs on `to`).
    let mut start = words.len();
    while start > 0 {
        let w = words[start - 1];
        let hangs = start >= 2 && is_connector(words[start - 2]);
        if !capitalized(w) || is_role_word(w) || is_office_word(w) || (hangs && start < words.len())
        {
            break;
        }
        start -= 1;
        if hangs {
            break;
        }
    }
    // A lone trailing word after a connector (`Embassy in France`) belongs to an office.
    let office = words.iter().any(|w| is_office_word(w));
    if start == words.len() || (office && start > 0 && is_connector(words[start - 1])) {
        return Some(
            if words.iter().all(|w| is_role_word(w) || is_connector(w)) {
                Party {
                    role: Some(phrase.to_owned()),
                    name: None,
                }
            } else {
                Party {
                    role: None,
                    name: Some(phrase.to_owned()),
                }
            },
        );
    }
    let role = words[..start].join(" ");
    let name = words[start..].join(" ");
    Some(Party {
        role: (!role.is_empty()).then_some(role),
        name: Some(name),
    })
}

fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

/// Several recipients in one phrase: `Foreign Minister Ohira; Ambassador Asakai` or
/// `Ohira and Asakai`. Commas split only when every part looks like a party of its own.
pub fn parties(list: &str) -> Vec<Party> {
    let mut parts: Vec<&str> = list.split(';').collect();
    if parts.len() == 1 {
        let by_and: Vec<&str> = list.split(" and ").collect();
        if by_and.len() > 1
            && by_and
                .iter()
                .all(|p| p.trim().chars().next().is_some_and(char::is_uppercase))
        {
            parts = by_and;
        }
    }
    let mut out = Vec::new();
    for part in parts {
        let commas: Vec<&str> = part.split(", ").collect();
        let split = commas.len() > 1
            && commas.iter().all(|p| {
                let w: Vec<&str> = p.split_whitespace().collect();
                !w.is_empty()
                    && w.len() <= 5
                    && capitalized(w[0])
                    && !w.iter().any(|w| is_connector(w))
            });
        let pieces = if split { commas } else { vec![part] };
        out.extend(pieces.into_iter().filter_map(party));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rn(s: &str) -> (Option<String>, Option<String>) {
        let p = party(s).unwrap();
        (p.role, p.name)
    }

    fn both(role: &str, name: &str) -> (Option<String>, Option<String>) {
        (Some(role.into()), Some(name.into()))
    }

    #[test]
    fn titles_and_names() {
        assert_eq!(
            rn("Foreign Minister Ohira"),
            both("Foreign Minister", "Ohira")
        );
        assert_eq!(rn("Ambassador Yaguchi"), both("Ambassador", "Yaguchi"));
        assert_eq!(
            rn("Soviet Ambassador to Cuba Alekseev"),
            both("Soviet Ambassador to Cuba", "Alekseev")
        );
        assert_eq!(
            rn("Secretary of State Rusk"),
            both("Secretary of State", "Rusk")
        );
        assert_eq!(
            rn("President John F. Kennedy"),
            both("President", "John F. Kennedy")
        );
        assert_eq!(rn("Chairman Khrushchev"), both("Chairman", "Khrushchev"));
        assert_eq!(
            rn("the President's Deputy Special Assistant for National Security Affairs (Rostow)"),
            both(
                "President's Deputy Special Assistant for National Security Affairs",
                "Rostow"
            )
        );
        assert_eq!(rn("Fidel Castro"), (None, Some("Fidel Castro".into())));
        assert_eq!(
            rn("the Embassy in France"),
            (None, Some("Embassy in France".into()))
        );
        assert_eq!(
            rn("the Department of State"),
            (None, Some("Department of State".into()))
        );
        assert_eq!(rn("the President"), (Some("President".into()), None));
    }

    #[test]
    fn several_recipients() {
        let got = parties("Foreign Minister Ohira; Ambassador Asakai");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].name.as_deref(), Some("Asakai"));
        assert_eq!(parties("Ambassador Dobrynin and Ambassador Zorin").len(), 2);
        assert_eq!(parties("Ministry of Foreign Affairs").len(), 1);
    }
}
