//! Senders, recipients and translators as citation formats want them: people split into given
//! and family names, offices kept whole.

use super::*;
use crate::record::OFFICE_WORDS;

/// A sender, recipient or translator as citation formats want it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Name {
    Person {
        family: String,
        given: Option<String>,
        /// `de` in `Charles de Gaulle`.
        particle: Option<String>,
        suffix: Option<String>,
    },
    /// An office or institution, never split or inverted.
    Literal(String),
}

/// Lower-case parts of personal names (`de Gaulle`, `van Zandt`).
pub(super) const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "di", "du", "da", "dos", "das", "van", "von", "ter", "ten", "la",
    "le", "bin", "ibn", "al", "el", "y",
];

pub(super) const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// The author for a sender: `role = "Ambassador", name = "Yaguchi"` is a person; a name alone is
/// an office when it reads like one (`Embassy in Vietnam`), else a person (`Ohira`); a bare title
/// (`President`) names nobody and gives no author.
pub(super) fn party_name(party: &Party) -> Option<Name> {
    let name = party.name.as_deref()?.trim();
    if name.is_empty() {
        return None;
    }
    Some(if is_office(name) {
        Name::Literal(name.to_owned())
    } else {
        person(name)
    })
}

pub(super) fn is_office(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let acronym = words.len() == 1
        && name.chars().filter(|c| c.is_alphabetic()).count() > 1
        && name.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    acronym
        || words.iter().any(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            let lower = bare.to_lowercase();
            OFFICE_WORDS.contains(&lower.as_str())
                || (bare.chars().next().is_some_and(char::is_lowercase)
                    && !PARTICLES.contains(&bare))
        })
}

/// Splits `Dean Rusk`, `Rusk, Dean`, `Charles de Gaulle`, `Martin Luther King Jr.`.
pub(super) fn person(name: &str) -> Name {
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() && !given.is_empty() && !SUFFIXES.contains(&given) {
            let (particle, family) = split_particle(family);
            return Name::Person {
                family: family.to_owned(),
                given: Some(given.to_owned()),
                particle,
                suffix: None,
            };
        }
    }
    let mut words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .collect();
    let suffix = match words.last() {
        Some(last) if words.len() > 2 && SUFFIXES.contains(last) => words.pop().map(str::to_owned),
        _ => None,
    };
    // The family name starts at the first particle after the given name, else is the last word.
    let start = (1..words.len())
        .find(|&i| PARTICLES.contains(&words[i]) && i + 1 < words.len())
        .unwrap_or(words.len().saturating_sub(1));
    let given = words[..start].join(" ");
    let rest = words[start..].join(" ");
    let (particle, family) = split_particle(&rest);
    Name::Person {
        family: family.to_owned(),
        given: (!given.is_empty()).then_some(given),
        particle,
        suffix,
    }
}

/// `de` and `Gaulle` → `de Gaulle`.
pub(super) fn with_particle(particle: Option<&str>, family: &str) -> String {
    match particle {
        Some(p) => format!("{p} {family}"),
        None => family.to_owned(),
    }
}

/// `de Gaulle` → (`de`, `Gaulle`).
pub(super) fn split_particle(family: &str) -> (Option<String>, &str) {
    let mut cut = 0;
    let mut particles = Vec::new();
    for word in family.split(' ') {
        if PARTICLES.contains(&word) && cut + word.len() < family.len() {
            particles.push(word);
            cut += word.len() + 1;
        } else {
            break;
        }
    }
    if particles.is_empty() {
        (None, family)
    } else {
        (Some(particles.join(" ")), &family[cut..])
    }
}

pub(super) fn authors(record: &Record) -> Vec<Name> {
    record.from.iter().filter_map(party_name).collect()
}

/// `Masaki Hirata`, `Sergey Radchenko and Rachel Ward`, `A, B & C`; an institution stays whole.
pub(super) fn translators(record: &Record) -> Vec<Name> {
    let Some(text) = record.source.translator.as_deref() else {
        return Vec::new();
    };
    text.split(" and ")
        .flat_map(|part| part.split(" & "))
        .flat_map(|part| part.split(", "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if is_office(t) {
                Name::Literal(t.to_owned())
            } else {
                person(t)
            }
        })
        .collect()
}

/// Recipients who are people, as the record names them (`Ohira`): CMOS cites letters as
/// "Sender to Recipient". Offices are left out: the archives' titles already name them.
pub(super) fn person_recipients(record: &Record) -> Vec<&str> {
    record
        .to
        .iter()
        .filter_map(|p| p.name.as_deref().map(str::trim))
        .filter(|n| !n.is_empty() && !is_office(n))
        .collect()
}

pub(super) fn hayagriva_person(name: &Name) -> Person {
    let (name, given_name, prefix, suffix) = match name {
        Name::Person {
            family,
            given,
            particle,
            suffix,
        } => (
            family.clone(),
            given.clone(),
            particle.clone(),
            suffix.clone(),
        ),
        Name::Literal(literal) => (literal.clone(), None, None, None),
    };
    Person {
        name,
        given_name,
        prefix,
        suffix,
        comma_suffix: false,
        alias: None,
    }
}
