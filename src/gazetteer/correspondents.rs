//! Senders and recipients as people: which gazetteer person a record's [`Party`] is, so that one
//! man's offices join under him (`Acting Secretary of State Ball` and `Under Secretary of State
//! Ball` are both George W. Ball), while offices stay offices (`Department of State`, `Embassy in
//! Brazil`).
//!
//! ```ignore
//! let people = Correspondents::new(&gazetteer.people); // once per build
//! for party in record.from.iter().chain(&record.to) {
//!     match people.person(party) {
//!         Some(entry) => { /* group under entry.name; the office held: office_label(party) */ }
//!         None => { /* group under office_label(party), else party_label(party) */ }
//!     }
//! }
//! ```
//!
//! A party is matched as the gazetteer's text matching would name it, so the people a
//! correspondent joins are those the record is tagged with: the longest run of whole words at
//! the end of `role name` that is a person's name or alias (`President Johnson` → the alias of
//! Lyndon B. Johnson before any alias `Johnson`; `Acting Secretary of State Ball` → `Ball`).
//! Matching is case-sensitive, as in text. Nothing is guessed beyond the aliases: a name or
//! alias that two people share matches neither (the text matcher would take the first, and
//! `check` warns about it), and a surname no alias lists matches nobody.

use std::collections::HashMap;

use super::{Entry, Register};
use crate::record::{Party, OFFICE_WORDS};

/// The people of a gazetteer, indexed for matching parties. Build it once and ask it for every
/// party: each question costs one short string and a few hash look-ups.
#[derive(Debug, Clone)]
pub struct Correspondents<'g> {
    people: &'g [Entry],
    /// Name or alias → the one person it names, or `None` when two people share it.
    names: HashMap<&'g str, Option<usize>>,
}

impl<'g> Correspondents<'g> {
    /// Indexes the gazetteer's people (`&gazetteer.people`).
    pub fn new(people: &'g Register) -> Correspondents<'g> {
        let mut names: HashMap<&'g str, Option<usize>> = HashMap::new();
        for (i, e) in people.entries.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                names
                    .entry(n.as_str())
                    .and_modify(|owner| {
                        if *owner != Some(i) {
                            *owner = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        Correspondents {
            people: &people.entries,
            names,
        }
    }

    /// The gazetteer person `party` is, or `None` for an office (`Department of State`), a
    /// title alone (`role = "President"` with no name), a person the gazetteer does not know,
    /// or a name two people share.
    pub fn person(&self, party: &Party) -> Option<&'g Entry> {
        let name = party
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())?;
        if is_office(name) {
            return None;
        }
        let role = party.role.as_deref().map(str::trim).unwrap_or_default();
        let label = if role.is_empty() {
            name.to_owned()
        } else {
            format!("{role} {name}")
        };
        // Longest suffix first: each start is the beginning of a word.
        let starts = std::iter::once(0).chain(
            label
                .char_indices()
                .zip(label.char_indices().skip(1))
                .filter(|((_, a), (_, b))| a.is_whitespace() && !b.is_whitespace())
                .map(|(_, (at, _))| at),
        );
        for at in starts {
            if let Some(owner) = self.names.get(label[at..].trim()) {
                // A shared name stops the search: a shorter one would only be vaguer.
                return owner.map(|i| &self.people[i]);
            }
        }
        None
    }
}

/// The office a party speaks for: its role (`Acting Secretary of State`) when it has one, else
/// its name when the name is an office (`Department of State`, `Embassy in Brazil`), else `None`
/// (a person named alone, such as `David Klein`: label them with their name).
pub fn office_label(party: &Party) -> Option<&str> {
    let role = party
        .role
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    role.or_else(|| {
        party
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| is_office(n))
    })
}

/// Whether a party's name is an office or a body rather than a person: it has one of the
/// archive's office nouns (`Department`, `Embassy`, `Mission`, … [`OFFICE_WORDS`]) or of the
/// groups cables are sent to (`Posts`, `Team`, `Force`), or a lower-case word that no personal
/// name has (`Embassy in Brazil`, `Mission to the United Nations`; `de` and its kin excepted, for
/// `Charles de Gaulle`).
pub fn is_office(name: &str) -> bool {
    /// Groups and bodies beyond [`OFFICE_WORDS`].
    const GROUPS: &[&str] = &[
        "posts",
        "missions",
        "delegations",
        "consulates",
        "team",
        "group",
        "force",
        "organization",
        "organizations",
        "board",
        "fund",
        "commission",
        "republics",
        "kingdom",
    ];
    /// Lower-case words of personal names.
    const PARTICLES: &[&str] = &[
        "de", "del", "della", "der", "di", "da", "dos", "das", "du", "la", "le", "van", "von", "y",
        "bin", "ibn", "al",
    ];
    name.split_whitespace().any(|w| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        OFFICE_WORDS.contains(&lower.as_str())
            || GROUPS.contains(&lower.as_str())
            // `deLesseps` is a name: only an all-lower-case word is a connector.
            || (!bare.is_empty() && bare.chars().all(char::is_lowercase) && !PARTICLES.contains(&bare))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn party(role: Option<&str>, name: Option<&str>) -> Party {
        Party {
            role: role.map(str::to_owned),
            name: name.map(str::to_owned),
        }
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::parse(
            r#"
[[people]]
name = "George W. Ball"
aliases = ["Ball", "Under Secretary Ball", "George Ball"]

[[people]]
name = "Dean Rusk"
aliases = ["Rusk", "Secretary Rusk", "Secretary of State Rusk"]

[[people]]
name = "Lyndon B. Johnson"
aliases = ["President Johnson", "Johnson"]

[[people]]
name = "U. Alexis Johnson"
aliases = ["Deputy Under Secretary of State Johnson", "Johnson"]

[[people]]
name = "John F. Kennedy"
aliases = ["Kennedy", "President Kennedy"]

[[people]]
name = "Charles de Gaulle"
aliases = ["de Gaulle"]

[[places]]
name = "Brazil"
"#,
        )
        .unwrap()
    }

    /// The canonical name `person` gives for each party.
    fn people(parties: &[(Option<&str>, Option<&str>)]) -> Vec<Option<String>> {
        let g = gazetteer();
        let c = Correspondents::new(&g.people);
        parties
            .iter()
            .map(|(role, name)| c.person(&party(*role, *name)).map(|e| e.name.clone()))
            .collect()
    }

    #[test]
    fn one_mans_offices_join_under_him() {
        let ball = Some("George W. Ball".to_owned());
        assert_eq!(
            people(&[
                (Some("Acting Secretary of State"), Some("Ball")),
                (Some("Under Secretary of State"), Some("Ball")),
                (
                    Some("Under Secretary of State for Economic Affairs"),
                    Some("Ball")
                ),
                (None, Some("George Ball")),
                (None, Some("George W. Ball")),
            ]),
            [ball.clone(), ball.clone(), ball.clone(), ball.clone(), ball]
        );
        let parties = [
            party(Some("Acting Secretary of State"), Some("Ball")),
            party(Some("Under Secretary of State"), Some("Ball")),
            party(None, Some("George Ball")),
        ];
        let offices: Vec<Option<&str>> = parties.iter().map(office_label).collect();
        assert_eq!(
            offices,
            [
                Some("Acting Secretary of State"),
                Some("Under Secretary of State"),
                None
            ]
        );
    }

    #[test]
    fn role_and_name_together_can_name_the_person() {
        assert_eq!(
            people(&[
                (Some("President"), Some("Johnson")),
                (Some("Deputy Under Secretary of State"), Some("Johnson")),
                (Some("Secretary of State"), Some("Rusk")),
                (Some("President"), Some("Kennedy")),
                (None, Some("Secretary Rusk")),
                (None, Some("Charles de Gaulle")),
                (Some("President"), Some("de Gaulle")),
            ]),
            [
                Some("Lyndon B. Johnson".to_owned()),
                Some("U. Alexis Johnson".to_owned()),
                Some("Dean Rusk".to_owned()),
                Some("John F. Kennedy".to_owned()),
                Some("Dean Rusk".to_owned()),
                Some("Charles de Gaulle".to_owned()),
                Some("Charles de Gaulle".to_owned()),
            ]
        );
    }

    #[test]
    fn a_name_two_people_share_matches_neither() {
        // `Johnson` is an alias of both: no guess, though text matching would take the first.
        assert_eq!(
            people(&[
                (Some("Special Assistant"), Some("Johnson")),
                (None, Some("Johnson")),
            ]),
            [None, None]
        );
    }

    #[test]
    fn offices_titles_and_strangers_are_no_one() {
        assert_eq!(
            people(&[
                (None, Some("Department of State")),
                (None, Some("Embassy in Brazil")),
                (None, Some("Mission to the United Nations")),
                (None, Some("All Posts in the American Republics")),
                (None, Some("Certain Posts")),
                (Some("President"), None),
                (Some("Secretary of the Army"), Some("Vance")),
                (None, Some("David Klein")),
                // Case matters, as in text.
                (None, Some("ball")),
                (None, Some("  ")),
            ]),
            [None, None, None, None, None, None, None, None, None, None]
        );
    }

    #[test]
    fn office_labels_are_roles_or_office_names() {
        let cases = [
            (
                party(Some("Secretary of State"), Some("Rusk")),
                Some("Secretary of State"),
            ),
            (
                party(None, Some("Department of State")),
                Some("Department of State"),
            ),
            (
                party(None, Some("Embassy in Brazil")),
                Some("Embassy in Brazil"),
            ),
            (party(None, Some("Certain Posts")), Some("Certain Posts")),
            (party(Some("President"), None), Some("President")),
            (party(None, Some("David Klein")), None),
            (party(None, Some("Charles de Gaulle")), None),
            (party(None, Some("deLesseps S. Morrison")), None),
            (party(Some(" "), Some("Rusk")), None),
        ];
        for (p, expected) in &cases {
            assert_eq!(office_label(p), *expected, "{p:?}");
        }
    }

    #[test]
    fn the_sample_gazetteer_joins_its_correspondents() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteer.toml");
        let g = Gazetteer::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let c = Correspondents::new(&g.people);
        let cases = [
            (
                Some("Acting Secretary of State"),
                Some("Ball"),
                Some("George W. Ball"),
            ),
            (
                Some("Under Secretary of State"),
                Some("Ball"),
                Some("George W. Ball"),
            ),
            (
                Some("Under Secretary of State for Economic Affairs"),
                Some("Ball"),
                Some("George W. Ball"),
            ),
            (
                Some("Acting Secretary of State"),
                Some("Bowles"),
                Some("Chester Bowles"),
            ),
            (
                Some("Under Secretary of State"),
                Some("Bowles"),
                Some("Chester Bowles"),
            ),
            (
                Some("President"),
                Some("Johnson"),
                Some("Lyndon B. Johnson"),
            ),
            (Some("President"), Some("Kennedy"), Some("John F. Kennedy")),
            (
                Some("Foreign Minister"),
                Some("Ohira"),
                Some("Masayoshi Ōhira"),
            ),
            (
                Some("National Security Council Staff"),
                Some("Robert W. Komer"),
                Some("Robert W. Komer"),
            ),
            (
                Some("Acting Assistant Secretary of State for Inter-American Affairs"),
                Some("Coerr"),
                Some("Wymberley Coerr"),
            ),
            (
                Some("Deputy Assistant Secretary of State for Inter-American Affairs"),
                Some("Coerr"),
                Some("Wymberley Coerr"),
            ),
            (
                Some("National Security Council Staff"),
                Some("David Klein"),
                Some("David Klein"),
            ),
            (None, Some("David Klein"), Some("David Klein")),
            (
                Some("Colonel"),
                Some("Lawrence J. Legere"),
                Some("Lawrence J. Legere"),
            ),
            (
                Some("Secretary of the Army"),
                Some("Vance"),
                Some("Cyrus R. Vance"),
            ),
            (
                Some("Representative to the Council of the Organization of American States"),
                Some("Morrison"),
                Some("deLesseps S. Morrison"),
            ),
            (None, Some("Department of State"), None),
            (None, Some("Embassy in Brazil"), None),
            (None, Some("Mission to the United Nations"), None),
            // Two men of one surname in the sample, neither in the gazetteer.
            (
                Some("Assistant Secretary of State for African Affairs"),
                Some("Williams"),
                None,
            ),
        ];
        for (role, name, expected) in cases {
            let p = party(role, name);
            assert_eq!(c.person(&p).map(|e| e.name.as_str()), expected, "{p:?}");
        }
    }
}
