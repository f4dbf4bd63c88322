//! One rendering per pattern of fields, filled in for every record that shares it.
//!
//! Rendering a citation through a CSL style costs far more than the page around it, yet a
//! collection's records differ mostly in values the styles copy through untouched: the title,
//! archive, collection and online archive are verbatim, offices are literal names, the URL is
//! printed as is. So each record's fields are turned into a *probe*: those values replaced by
//! placeholders (private-use characters, keeping the value's first and last character class,
//! which the styles' punctuation and capitalization react to), the year by `1111` and the day by
//! `22`. Records with the same probe render alike; the probe is rendered once and the real values
//! are put back in.
//!
//! What a style may transform stays in the probe as it is (people's names, the descriptor, the
//! month), and values that a style could rewrite (quotation marks, one-character values) make the
//! record render in full. The first record of each pattern is also rendered in full and compared:
//! a pattern that does not reproduce it is never used.

use super::*;
use crate::markup::escaped;

/// A rendering with holes, or the finding that this pattern must render in full.
pub(super) enum Pattern {
    Fill(Vec<Piece>),
    Full,
}

pub(super) enum Piece {
    Text(String),
    /// The value with this index in [`Probe::values`], HTML-escaped.
    Value(usize),
}

/// The fields of a record with placeholders for the values, and the values.
pub(super) struct Probe {
    pub fields: Fields,
    /// Each placeholder as rendered (escaped) and its value.
    values: Vec<(String, String)>,
}

const YEAR: &str = "1111";
/// Upper-case Cherokee letters (U+13A0 to U+13F5): the initials' stand-ins. Styles initialize
/// only cased letters, and no archive here writes Cherokee.
const INITIALS: u32 = 0x13A0;
/// Names per role and given-name words per name that a pattern can hold.
const NAMES: usize = 8;
const WORDS: usize = 5;
const DAY: &str = "22";

impl Probe {
    /// `None` when the record should render in full.
    pub(super) fn new(fields: &Fields) -> Option<Probe> {
        let mut probe = Probe {
            fields: fields.clone(),
            values: Vec::new(),
        };
        let p = &mut probe.fields;
        let mut values = Vec::new();
        // Filled in last: a bare initial is part of its whole given name's placeholder.
        let mut initials = Vec::new();
        for (i, text) in [
            &mut p.title,
            &mut p.archive,
            &mut p.collection,
            &mut p.publisher,
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(t) = text {
                *t = placeholder(0xE000 + i as u32, t, &mut values)?;
            }
        }
        for (role, names) in [&mut p.authors, &mut p.translators].into_iter().enumerate() {
            if names.len() > NAMES {
                return None;
            }
            for (i, name) in names.iter_mut().enumerate() {
                let slot = role * NAMES + i;
                let code = 0xE100 + slot as u32;
                match name {
                    Name::Literal(t) => *t = placeholder(code, t, &mut values)?,
                    Name::Person { family, given, .. } => {
                        *family = placeholder(code, family, &mut values)?;
                        if let Some(given) = given {
                            let first_initial = INITIALS + (slot * WORDS) as u32;
                            *given = given_placeholder(
                                first_initial,
                                given,
                                &mut values,
                                &mut initials,
                            )?;
                        }
                    }
                }
            }
        }
        if let Some(url) = &mut p.url {
            let real = std::mem::replace(url, "https://probe.invalid/".to_owned());
            values.push((escaped(url), escaped(&real)));
        }
        if let Some(date) = &mut p.date {
            let year = date.year();
            if !(1000..=9999).contains(&year) || year == 1111 {
                return None;
            }
            values.push((YEAR.to_owned(), year.to_string()));
            *date = match (date.month(), date.day()) {
                (Some(m), Some(d)) => {
                    values.push((DAY.to_owned(), d.to_string()));
                    PartialDate::ymd(1111, m, 22).ok()?
                }
                (Some(m), None) => PartialDate::ym(1111, m).ok()?,
                _ => PartialDate::y(1111).ok()?,
            };
        }
        values.append(&mut initials);
        probe.values = values;
        Some(probe)
    }

    /// The probe's rendering as a pattern. A placeholder may show more than once (a URL as link
    /// and text); the year and day could also match other digits, which the check against a
    /// full rendering catches, as the probe's other text is the same for the whole pattern.
    pub(super) fn pattern(&self, rendered: &str) -> Vec<Piece> {
        let mut pieces = vec![Piece::Text(rendered.to_owned())];
        for (i, (mark, _)) in self.values.iter().enumerate() {
            let mut split = Vec::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => {
                        let mut parts = t.split(mark.as_str()).peekable();
                        while let Some(part) = parts.next() {
                            if !part.is_empty() {
                                split.push(Piece::Text(part.to_owned()));
                            }
                            if parts.peek().is_some() {
                                split.push(Piece::Value(i));
                            }
                        }
                    }
                    value => split.push(value),
                }
            }
            pieces = split;
        }
        pieces
    }

    /// The pattern filled with this probe's values.
    pub(super) fn fill(&self, pieces: &[Piece]) -> String {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Value(i) => out.push_str(&self.values[*i].1),
            }
        }
        out
    }
}

/// `value`'s placeholder: a private-use character between stand-ins for its first and last
/// characters. `None` for values a style might rewrite.
fn placeholder(code: u32, value: &str, values: &mut Vec<(String, String)>) -> Option<String> {
    if !plain(value) {
        return None;
    }
    let mark = char::from_u32(code)?;
    let first = value.chars().next().map(class)?;
    let last = value.chars().next_back().map(class)?;
    let text = format!("{first}{mark}{last}");
    values.push((escaped(&text), escaped(value)));
    Some(text)
}

/// Given names word by word: `{initial}{last}`, the initial a placeholder of its own, as styles
/// may shorten a given name to it (APA's `Rusk, D.`).
fn given_placeholder(
    first_initial: u32,
    given: &str,
    values: &mut Vec<(String, String)>,
    initials: &mut Vec<(String, String)>,
) -> Option<String> {
    let words: Vec<&str> = given.split(' ').collect();
    // `Jean-Paul` has the initials `J.-P.`; a lower-case initial might be capitalized.
    if words.len() > WORDS || given.contains('-') || !plain(given) {
        return None;
    }
    let mut marked = Vec::new();
    for (j, word) in words.iter().enumerate() {
        let first = word.chars().next().filter(|c| c.is_uppercase())?;
        let last = word.chars().next_back().map(class)?;
        let initial = char::from_u32(first_initial + j as u32)?;
        let text = format!("{initial}{last}");
        if word.chars().count() < 2 {
            return None;
        }
        values.push((escaped(&text), escaped(word)));
        initials.push((initial.to_string(), escaped(&first.to_string())));
        marked.push(text);
    }
    Some(marked.join(" "))
}

/// A value no style rewrites: no quotation marks (styles turn them), no stray spaces, and more
/// than one character.
fn plain(value: &str) -> bool {
    let quoted = |c: char| "\"'‘’“”«»`".contains(c);
    let marks =
        |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c) || ('\u{13A0}'..='\u{13FF}').contains(&c);
    value.chars().count() >= 2
        && !value.chars().any(|c| quoted(c) || marks(c))
        && value.trim() == value
        && !value.contains("  ")
}

/// What styles react to in a value's first or last character: its case, or the character itself
/// when it is punctuation.
fn class(c: char) -> char {
    match c {
        c if c.is_uppercase() => 'A',
        c if c.is_lowercase() => 'a',
        c if c.is_numeric() => '0',
        c if c.is_alphabetic() => 'x',
        c => c,
    }
}
