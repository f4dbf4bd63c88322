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

/// Nouns of titles that a person holds, as opposed to the modifiers among [`ROLE_WORDS`]
/// (`Foreign`, `General`, `State`): one of them after an office makes the phrase a title
/// (`Department of State Executive Secretary Battle`).
const TITLE_NOUNS: &[&str] = &[
    "administrator",
    "adviser",
    "advisor",
    "aide",
    "ambassador",
    "assistant",
    "attaché",
    "attache",
    "chairman",
    "chancellor",
    "chargé",
    "charge",
    "chief",
    "commander",
    "consul",
    "coordinator",
    "counsel",
    "counselor",
    "counsellor",
    "delegate",
    "director",
    "envoy",
    "governor",
    "minister",
    "officer",
    "premier",
    "president",
    "representative",
    "secretary",
    "senator",
];

/// Nouns of bodies beyond [`OFFICE_WORDS`] (which the citation formats share): a phrase built on
/// one of them names an institution (`Certain Posts in the American Republics`,
/// `Inter-Departmental Survey Team on Brazil`), not a title and a person.
const INSTITUTION_WORDS: &[&str] = &[
    "posts",
    "missions",
    "delegations",
    "consulates",
    "legations",
    "team",
    "group",
    "groups",
    "force",
    "organization",
    "organizations",
    "board",
    "fund",
    "university",
    "court",
    "commission",
    "communities",
    "conference",
    "republics",
    "kingdom",
];

/// Words that end the name of a body or a subject and are never a person's name: a title's
/// object ends with them (`Director of Central Intelligence`), a surname does not.
const NOT_SURNAMES: &[&str] = &[
    "intelligence",
    "affairs",
    "research",
    "security",
    "operations",
    "development",
    "planning",
    "assistance",
    "programs",
    "problems",
    "negotiations",
    "trade",
];

fn is_title_noun(w: &str) -> bool {
    let w = w.trim_end_matches(',').to_lowercase();
    let w = w.strip_suffix("'s").or(w.strip_suffix("’s")).unwrap_or(&w);
    TITLE_NOUNS.contains(&w) || w.split('-').any(|part| TITLE_NOUNS.contains(&part))
}

fn is_institution_word(w: &str) -> bool {
    let lower = w.trim_end_matches(',').to_lowercase();
    is_office_word(w) || INSTITUTION_WORDS.contains(&lower.as_str())
}

fn can_be_surname(w: &str) -> bool {
    let lower = w.trim_end_matches(',').to_lowercase();
    capitalized(w)
        && !is_role_word(w)
        && !is_institution_word(w)
        && !NOT_SURNAMES.contains(&lower.as_str())
}

/// An initial such as `W.` (part of the name that follows it).
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}

/// Splits a phrase naming a sender or recipient:
/// `Foreign Minister Ohira` → role `Foreign Minister`, name `Ohira`;
/// `the President's Special Assistant (Bundy)` → role `President's Special Assistant`, name `Bundy`;
/// `Robert W. Komer of the National Security Council Staff` → name `Robert W. Komer`, role
/// `National Security Council Staff`; `the Embassy in France` → name `Embassy in France` (an
/// office); `the President` → role only.
pub fn party(phrase: &str) -> Option<Party> {
    let phrase = phrase.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    let phrase = strip_location(strip_article(phrase));
    // `... Affairs Johnson)`: a parenthesis the source forgot to open.
    let phrase = match phrase.strip_suffix(')') {
        Some(p) if !p.contains('(') => p.trim(),
        _ => phrase,
    };
    if phrase.is_empty() {
        return None;
    }
    if let Some(open) = phrase.rfind('(') {
        if phrase.ends_with(')') {
            let role = phrase[..open].trim();
            let name = phrase[open + 1..phrase.len() - 1].trim();
            if !name.is_empty() && !role.is_empty() {
                return Some(Party {
                    role: Some(role.to_owned()),
                    name: Some(name.to_owned()),
                });
            }
        }
    }
    if let Some(p) = person_of(phrase) {
        return Some(p);
    }
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let titled = words.iter().any(|w| is_title_noun(w));
    // An office, post or team with no title in it is an institution, whatever it ends with.
    let head = words.iter().take_while(|w| !is_connector(w));
    if !titled
        && (head.clone().any(|w| is_institution_word(w))
            || words.last().is_some_and(|w| is_institution_word(w)))
    {
        return Some(Party {
            role: None,
            name: Some(phrase.to_owned()),
        });
    }
    // The name is the trailing run of capitalized words that are not title or office words.
    let mut start = words.len();
    while start > 0 && can_be_surname(words[start - 1]) {
        start -= 1;
    }
    // A run that hangs on a connector or follows a comma starts with what the title governs
    // (`Ambassador to Cuba Alekseev`, `Director of Central Intelligence McCone`): only its last
    // word (with the initials before it) can be a name, and only after a title.
    let hangs = start > 0 && {
        let before = words[start - 1];
        is_connector(before) || before.ends_with(',')
    };
    if hangs {
        let mut name_start = words.len() - 1;
        while name_start > start && is_initial(words[name_start - 1]) {
            name_start -= 1;
        }
        start = if titled && name_start > start {
            name_start
        } else {
            words.len()
        };
    }
    if start == words.len() {
        // No name: a title alone (`Acting Director of Central Intelligence`, `Military attache
        // in Finland`), or a body (`Members of Congress`).
        let title = titled || words.iter().all(|w| is_role_word(w) || is_connector(w));
        return Some(if title {
            Party {
                role: Some(phrase.to_owned()),
                name: None,
            }
        } else {
            Party {
                role: None,
                name: Some(phrase.to_owned()),
            }
        });
    }
    let role = words[..start].join(" ");
    let name = words[start..].join(" ");
    Some(Party {
        role: (!role.is_empty()).then_some(role),
        name: Some(name),
    })
}

/// `Robert W. Komer of the National Security Council Staff`: a person's name (with a title
/// before it, if any) and the body the person belongs to, which becomes the role.
fn person_of(phrase: &str) -> Option<Party> {
    let (head, body) = phrase.split_once(" of ")?;
    let body = strip_article(body.trim());
    let words: Vec<&str> = head.split_whitespace().collect();
    let titles = words.iter().take_while(|w| is_role_word(w)).count();
    let name = &words[titles..];
    // A person's name: given name or initials and a surname, nothing that names a body.
    let personal = name.len() >= 2
        && name.len() <= 5
        && name.iter().all(|w| capitalized(w) && !is_role_word(w))
        && name.last().is_some_and(|w| can_be_surname(w))
        && !name.iter().any(|w| is_institution_word(w));
    let body_words: Vec<&str> = body.split_whitespace().collect();
    if !personal || !body_words.first().is_some_and(|w| capitalized(w)) {
        return None;
    }
    let role = if titles > 0 {
        format!("{}, {body}", words[..titles].join(" "))
    } else {
        body.to_owned()
    };
    Some(Party {
        role: Some(role),
        name: Some(name.join(" ")),
    })
}

/// Drops where a person was (`Secretary of State Rusk, at Paris`, `Rusk at Geneva`): the record
/// has no key for it, and the title keeps it. An office `at` a place (`Consulate General at Hong
/// Kong`, `Ambassador at Large`) is left whole.
fn strip_location(phrase: &str) -> &str {
    if let Some(at) = phrase.rfind(", at ") {
        return phrase[..at].trim();
    }
    // `Chairman of the Joint Chiefs of Staff (Lemnitzer), in Paris`
    if let Some(at) = phrase.rfind("), in ") {
        return phrase[..=at].trim();
    }
    if let Some(at) = phrase.rfind(" at ") {
        let before = phrase[..at].rsplit(' ').next().unwrap_or("");
        let after = &phrase[at + 4..];
        let place = after.chars().next().is_some_and(char::is_uppercase) && after != "Large";
        if place && can_be_surname(before) && phrase[..at].contains(' ') {
            return phrase[..at].trim();
        }
    }
    phrase
}

fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

/// Several recipients in one phrase: `Foreign Minister Ohira; Ambassador Asakai` or
/// `Ohira and Asakai`. Commas split only when every part looks like a party of its own.
pub fn parties(list: &str) -> Vec<Party> {
    let mut parts: Vec<String> = list.split(';').map(str::to_owned).collect();
    if parts.len() == 1 {
        let by_and: Vec<&str> = list.split(" and ").collect();
        if by_and.len() > 1
            && by_and
                .iter()
                .all(|p| p.trim().chars().next().is_some_and(char::is_uppercase))
        {
            parts = rejoin_compounds(&by_and);
        } else if list.contains(") and ") {
            // `Title (Name)` is a whole party: an `and` after it starts the next one.
            parts = list
                .split_inclusive(") and ")
                .map(|p| p.strip_suffix(" and ").unwrap_or(p).to_owned())
                .collect();
        }
    }
    let mut out = Vec::new();
    for part in &parts {
        let commas: Vec<&str> = part.split(", ").collect();
        let split = commas.len() > 1
            && (commas.iter().all(|p| {
                let w: Vec<&str> = p.split_whitespace().collect();
                !w.is_empty()
                    && w.len() <= 5
                    && capitalized(w[0])
                    && !w.iter().any(|w| is_connector(w))
            }) || commas.iter().all(|p| person_of(p).is_some()));
        let pieces = if split { commas } else { vec![part.as_str()] };
        out.extend(pieces.into_iter().filter_map(party));
    }
    out
}

/// Puts back an `and` that joined two words of one name (`Bureau of Intelligence and Research`):
/// a lone word that names a subject or a body is not a party of its own.
fn rejoin_compounds(parts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in parts {
        let lone = part.split_whitespace().count() == 1 && !can_be_surname(part.trim());
        match out.last_mut() {
            Some(last) if lone => {
                last.push_str(" and ");
                last.push_str(part);
            }
            _ => out.push((*part).to_owned()),
        }
    }
    out
}

/// Honorifics dropped from a name (`Mr S.M. Bruce` → `S.M. Bruce`); titles of rank and
/// nobility (`Sir`, `Lord`, `Dr`) stay, being part of how the person is named.
const HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Messrs", "Messrs.",
];

/// `Mr S.M. Bruce, High Commissioner in London` → name `S.M. Bruce`, role `High Commissioner in
/// London`: a person's name, a comma, then the office. `None` when the part before the comma
/// is not a person's name.
pub fn name_then_role(phrase: &str) -> Option<Party> {
    let (name, role) = phrase.split_once(", ")?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let honorific = words.first().is_some_and(|w| HONORIFICS.contains(w));
    let titled = words.first().is_some_and(|w| {
        [
            "Sir", "Lord", "Dr", "Dr.", "Lady", "Dame", "Senator", "Viscount",
        ]
        .contains(w)
    });
    let rest = if honorific { &words[1..] } else { &words[..] };
    let personal = !rest.is_empty()
        && rest.len() <= 6
        && rest
            .iter()
            .all(|w| capitalized(w) && !is_institution_word(w))
        && rest.last().is_some_and(|w| can_be_surname(w) || titled);
    let role = role.trim();
    if !personal || !(honorific || titled || rest.len() >= 2) || role.is_empty() {
        return None;
    }
    Some(Party {
        role: Some(role.to_owned()),
        name: Some(rest.join(" ")),
    })
}

/// A signature in capitals closing a text (`LYONS`, `NORMAN MAKIN`, `R. G. CASEY`): the name
/// as the archive would index it (`Lyons`, `Norman Makin`), else `None`.
pub fn signature(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let shaped = (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '’' | '-'))
        })
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    if !shaped || super::cable::handling(line).is_some() {
        return None;
    }
    const NOT_NAMES: &[&str] = &[
        "END",
        "ENDS",
        "MESSAGE",
        "TEXT",
        "ANNEX",
        "ATTACHMENT",
        "ENCLOSURE",
        "NOTE",
        "PART",
    ];
    if words
        .iter()
        .any(|w| NOT_NAMES.contains(&w.trim_end_matches('.')))
    {
        return None;
    }
    let title_case = |w: &str| {
        let mut out = String::new();
        let mut start = true;
        for c in w.chars() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = matches!(c, '.' | '-' | '\'' | '’');
        }
        out
    };
    Some(
        words
            .iter()
            .map(|w| title_case(w))
            .collect::<Vec<_>>()
            .join(" "),
    )
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
    fn institutions_stay_whole() {
        for office in [
            "All Posts in the American Republics",
            "Certain Diplomatic Posts in the American Republics",
            "Mission to the North Atlantic Treaty Organization and European Regional Organizations",
            "Inter-Departmental Survey Team on Brazil",
            "Embassy in the United Kingdom",
            "Consulate General in Hong Kong",
            "Department of State",
        ] {
            assert_eq!(rn(office), (None, Some(office.into())), "{office}");
        }
        // An office's own title keeps its holder apart.
        assert_eq!(
            rn("Department of State Executive Secretary Battle"),
            both("Department of State Executive Secretary", "Battle")
        );
    }

    #[test]
    fn a_title_governs_its_object_before_the_name() {
        assert_eq!(
            rn("Director of Central Intelligence McCone"),
            both("Director of Central Intelligence", "McCone")
        );
        assert_eq!(
            rn("Acting Director of Central Intelligence"),
            (Some("Acting Director of Central Intelligence".into()), None)
        );
        assert_eq!(
            rn("Secretary of State Rusk, at Paris"),
            both("Secretary of State", "Rusk")
        );
    }

    #[test]
    fn a_person_of_a_staff() {
        assert_eq!(
            rn("Robert W. Komer of the National Security Council Staff"),
            both("National Security Council Staff", "Robert W. Komer")
        );
        assert_eq!(
            rn("Colonel Lawrence J. Legere of the White House Staff"),
            both("Colonel, White House Staff", "Lawrence J. Legere")
        );
        let got = parties(
            "the President's Special Assistant for National Security Affairs (Bundy) and Robert W. Komer of the National Security Council Staff",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].name.as_deref(), Some("Robert W. Komer"));
        let got = parties("Robert B. Elwood of the Bureau of Intelligence and Research");
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].role.as_deref(),
            Some("Bureau of Intelligence and Research")
        );
    }

    #[test]
    fn names_before_roles_and_signatures() {
        assert_eq!(
            name_then_role("Mr S.M. Bruce, High Commissioner in London"),
            Some(Party {
                role: Some("High Commissioner in London".into()),
                name: Some("S.M. Bruce".into())
            })
        );
        assert_eq!(
            name_then_role("Lord Caldecote, U.K. Secretary of State for Dominion Affairs")
                .and_then(|p| p.name),
            Some("Lord Caldecote".into())
        );
        assert_eq!(
            name_then_role("Australian Delegation, United Nations"),
            None
        );
        assert_eq!(signature("NORMAN MAKIN").as_deref(), Some("Norman Makin"));
        assert_eq!(signature("R. G. CASEY").as_deref(), Some("R. G. Casey"));
        assert_eq!(signature("O'SULLIVAN").as_deref(), Some("O'Sullivan"));
        assert_eq!(signature("SECRET"), None);
        assert_eq!(signature("Chifley"), None);
        assert_eq!(signature("THE IMPERIAL CONFERENCE OF 1937"), None);
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
