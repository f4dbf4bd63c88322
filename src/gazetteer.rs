//! The gazetteer: the people, places and topics a site knows, with aliases and one-line
//! descriptions, matched against every record's text to fill `people`, `places` and `topics`.
//!
//! It lives in `data/gazetteer.toml`:
//!
//! ```toml
//! [[people]]
//! name = "Anastas Mikoyan"
//! aliases = ["Mikoyan", "A. I. Mikoyan"]
//! description = "Soviet First Deputy Premier"
//!
//! [[places]]
//! name = "Havana"
//! lat = 23.13   # degrees north (south negative), -90 to 90
//! lon = -82.38  # degrees east (west negative), -180 to 180
//! ```
//!
//! Places may carry coordinates (`lat` and `lon`, both or neither), checked at load; people and
//! topics may not. Senders and recipients are matched to people by [`correspondents`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Position;
use crate::record::Record;

pub mod correspondents;

/// One person, place or topic.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// Where a place is (checked: both keys or neither, in range); always `None` for people and
    /// topics.
    pub coordinates: Option<Coordinates>,
}

/// A place's position in degrees: `lat` north positive (−90 to 90), `lon` east positive (−180
/// to 180).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

/// An entry as written; coordinates keep their place in the file for errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    // Any value, so that a string or a table is reported in our words, at its place.
    #[serde(default)]
    lat: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    lon: Option<toml::Spanned<toml::Value>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    #[serde(default)]
    people: Vec<EntryFile>,
    #[serde(default)]
    places: Vec<EntryFile>,
    #[serde(default)]
    topics: Vec<EntryFile>,
}

/// A checked entry of `kind` (`people`, `places`, `topics`), or the error at its first bad
/// coordinate.
fn entry(text: &str, kind: &str, e: EntryFile) -> Result<Entry, Diagnostic> {
    let error = |v: &toml::Spanned<toml::Value>, message: String| {
        Diagnostic::error("gazetteer.toml", message).at_position(Position::of(text, v.span().start))
    };
    let name = &e.name;
    if kind != "places" {
        if let Some(v) = e.lat.as_ref().or(e.lon.as_ref()) {
            return Err(error(
                v,
                format!("{name}: only places have coordinates (`lat`, `lon`), not [[{kind}]]"),
            ));
        }
    }
    let degrees = |key: &str, v: &toml::Spanned<toml::Value>, limit: f64| {
        let n = match v.get_ref() {
            toml::Value::Float(f) => *f,
            // Whole degrees are written without a point.
            toml::Value::Integer(i) => *i as f64,
            other => {
                return Err(error(
                    v,
                    format!(
                        "{name}: `{key}` must be a number of degrees, not {} {}",
                        if other.is_array() { "an" } else { "a" },
                        other.type_str()
                    ),
                ))
            }
        };
        // `contains` is false for NaN too.
        if !(-limit..=limit).contains(&n) {
            return Err(error(
                v,
                format!("{name}: `{key}` = {n} is outside -{limit} to {limit} degrees"),
            ));
        }
        Ok(n)
    };
    let coordinates = match (&e.lat, &e.lon) {
        (Some(lat), Some(lon)) => Some(Coordinates {
            lat: degrees("lat", lat, 90.0)?,
            lon: degrees("lon", lon, 180.0)?,
        }),
        (Some(v), None) => {
            return Err(error(
                v,
                format!("{name}: `lat` without `lon`: give both or neither"),
            ))
        }
        (None, Some(v)) => {
            return Err(error(
                v,
                format!("{name}: `lon` without `lat`: give both or neither"),
            ))
        }
        (None, None) => None,
    };
    Ok(Entry {
        name: e.name,
        aliases: e.aliases,
        description: e.description,
        coordinates,
    })
}

fn entries(text: &str, kind: &str, list: Vec<EntryFile>) -> Result<Vec<Entry>, Diagnostic> {
    list.into_iter().map(|e| entry(text, kind, e)).collect()
}

/// The entries of one kind, with a matcher for all their names and aliases.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub entries: Vec<Entry>,
    /// All names and aliases at once (Aho-Corasick: one pass over a text whatever the size of
    /// the gazetteer; a regex alternation of hundreds of names with Unicode word boundaries
    /// took 20 ms a document).
    matcher: Option<AhoCorasick>,
    /// The names in the matcher's pattern order, each with its entry (index into `entries`)
    /// and whether it must start and end at a word boundary.
    patterns: Vec<Pattern>,
    /// Name or alias → index into `entries`.
    names: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    /// The name starts (ends) with a letter or digit, so it must not continue a word there. An
    /// alias such as `[Blas] Roca` starts with a bracket and needs no boundary.
    word_start: bool,
    word_end: bool,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Register {
    fn new(entries: Vec<Entry>) -> Register {
        let mut names = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                names.entry(n.clone()).or_insert(i);
            }
        }
        let mut all: Vec<(&String, usize)> = names.iter().map(|(n, &i)| (n, i)).collect();
        all.sort();
        let patterns = all
            .iter()
            .map(|(n, entry)| Pattern {
                entry: *entry,
                word_start: n.chars().next().is_some_and(is_word),
                word_end: n.chars().last().is_some_and(is_word),
            })
            .collect();
        let matcher = (!all.is_empty())
            .then(|| AhoCorasick::new(all.iter().map(|(n, _)| n.as_str())))
            .and_then(Result::ok);
        Register {
            entries,
            matcher,
            patterns,
            names,
        }
    }

    /// The canonical names mentioned in `text`, in order of first mention: at each place the
    /// longest name that stands as whole words there (`Raúl Castro` over `Castro`).
    pub fn mentioned(&self, text: &str) -> Vec<String> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let before = |i: usize| text[..i].chars().next_back();
        let after = |i: usize| text[i..].chars().next();
        let mut hits: Vec<(usize, usize, usize)> = matcher
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let p = &self.patterns[m.pattern().as_usize()];
                let starts_word = !p.word_start || !before(m.start()).is_some_and(is_word);
                let ends_word = !p.word_end || !after(m.end()).is_some_and(is_word);
                (starts_word && ends_word).then_some((m.start(), m.end(), p.entry))
            })
            .collect();
        // Leftmost first, then longest; a match inside one already taken is not a mention.
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut found: Vec<String> = Vec::new();
        let mut taken_to = 0;
        for (start, end, entry) in hits {
            if start < taken_to {
                continue;
            }
            taken_to = end;
            let name = &self.entries[entry].name;
            if !found.contains(name) {
                found.push(name.clone());
            }
        }
        found
    }

    /// The canonical entry for a name or alias.
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        self.names.get(name).map(|&i| &self.entries[i])
    }
}

/// Where `needle` occurs for the `nth` time (0-based) in `text`, as line and column.
fn nth_place(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    text.match_indices(needle)
        .nth(nth)
        .map_or((0, 0), |(at, _)| {
            let p = Position::of(text, at);
            (p.line, p.column)
        })
}

/// People, places and topics.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub people: Register,
    pub places: Register,
    pub topics: Register,
}

impl Gazetteer {
    /// Reads `data/gazetteer.toml` under the site root; no file is an empty gazetteer.
    pub fn load(root: &Path) -> Result<Gazetteer, Diagnostic> {
        let rel = "data/gazetteer.toml";
        let text = match std::fs::read_to_string(root.join(rel)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Gazetteer::default()),
            Err(e) => return Err(Diagnostic::error(rel, format!("cannot read: {e}"))),
        };
        Self::parse(&text).map_err(|mut d| {
            d.file = rel.into();
            d
        })
    }

    pub fn parse(text: &str) -> Result<Gazetteer, Diagnostic> {
        let file: GazetteerFile = toml::from_str(text).map_err(|e| {
            let at = Position::of(text, e.span().map_or(0, |s| s.start));
            Diagnostic::error("gazetteer.toml", e.message().trim()).at_position(at)
        })?;
        Ok(Gazetteer {
            people: Register::new(entries(text, "people", file.people)?),
            places: Register::new(entries(text, "places", file.places)?),
            topics: Register::new(entries(text, "topics", file.topics)?),
        })
    }

    /// What `check` reports about the gazetteer (whose text is `text`): a name or alias given
    /// to two entries of one kind (only the first is ever matched), and entries no record
    /// mentions (`mentioned`: every name the records carry).
    pub fn problems(&self, text: &str, mentioned: &HashSet<&str>) -> Vec<Diagnostic> {
        let file = "data/gazetteer.toml";
        let mut problems = Vec::new();
        for (kind, register) in [
            ("people", &self.people),
            ("places", &self.places),
            ("topics", &self.topics),
        ] {
            let mut owner: HashMap<&str, usize> = HashMap::new();
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, e) in register.entries.iter().enumerate() {
                for n in std::iter::once(&e.name).chain(&e.aliases) {
                    let quoted = format!("\"{n}\"");
                    let nth = seen.entry(quoted.clone()).or_insert(0);
                    let at = nth_place(text, &quoted, *nth);
                    *nth += 1;
                    match owner.get(n.as_str()) {
                        Some(&first) if first != i => {
                            let message = format!(
                                "`{n}` names both {} and {} in [[{kind}]]: only the first is \
                                 ever matched",
                                register.entries[first].name, e.name
                            );
                            problems.push(Diagnostic::warning(file, message).at(at.0, at.1));
                        }
                        _ => {
                            owner.insert(n, i);
                        }
                    }
                }
                if !mentioned.contains(e.name.as_str()) {
                    let at = nth_place(text, &format!("name = \"{}\"", e.name), 0);
                    let message = format!(
                        "{} ([[{kind}]]) is mentioned in no record: check its name and aliases",
                        e.name
                    );
                    problems.push(Diagnostic::warning(file, message).at(at.0, at.1));
                }
            }
        }
        problems
    }

    /// Adds the gazetteer's people, places and topics mentioned in the record's title,
    /// correspondents, subject, summary, text and distribution note to its own lists; names the record already lists become canonical.
    pub fn tag(&self, record: &mut Record) {
        let parties: Vec<String> = record
            .from
            .iter()
            .chain(&record.to)
            .map(crate::record::Party::label)
            .collect();
        let text = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            record.title,
            parties.join("\n"),
            record.subject.as_deref().unwrap_or_default(),
            record.summary.as_deref().unwrap_or_default(),
            record.body,
            record.distribution.as_deref().unwrap_or_default()
        );
        merge(&mut record.people, &self.people, &text);
        merge(&mut record.places, &self.places, &text);
        merge(&mut record.topics, &self.topics, &text);
    }
}

fn merge(list: &mut Vec<String>, register: &Register, text: &str) {
    for name in list.iter_mut() {
        if let Some(e) = register.lookup(name) {
            name.clone_from(&e.name);
        }
    }
    for name in register.mentioned(text) {
        if !list.contains(&name) {
            list.push(name);
        }
    }
    let mut seen = std::collections::HashSet::new();
    list.retain(|n| seen.insert(n.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_alias_wins_and_names_become_canonical() {
        let g = Gazetteer::parse(
            "[[people]]\nname = \"Fidel Castro\"\naliases = [\"Castro\", \"Prime Minister Castro\"]\n\n[[people]]\nname = \"Raúl Castro\"\naliases = [\"Raul Castro\"]\n\n[[places]]\nname = \"Havana\"\n",
        )
        .unwrap();
        let mut r = Record {
            title: "Cable from Havana".into(),
            body: "Raúl Castro met Castro.".into(),
            ..Record::default()
        };
        r.people.push("Castro".into());
        g.tag(&mut r);
        assert_eq!(r.people, ["Fidel Castro", "Raúl Castro"]);
        assert_eq!(r.places, ["Havana"]);
    }

    #[test]
    fn unknown_keys_are_located() {
        let err = Gazetteer::parse("[[people]]\nname = \"A\"\ndescripton = \"x\"\n").unwrap_err();
        assert_eq!((err.line(), err.column()), (3, 1));
    }

    fn place(lines: &str) -> Result<Gazetteer, Diagnostic> {
        Gazetteer::parse(&format!(
            "[[places]]\nname = \"Cuba\"\n\n[[places]]\nname = \"Havana\"\n{lines}"
        ))
    }

    /// Line, column and message of the error `lines` (after line 5 of a two-place file) make.
    fn place_error(lines: &str) -> (usize, usize, String) {
        let e = place(lines).expect_err(lines);
        assert_eq!(e.severity, crate::diagnostic::Severity::Error);
        (e.line(), e.column(), e.message)
    }

    #[test]
    fn places_take_coordinates_in_degrees() {
        let g = place("lat = 23.13\nlon = -82.38\n").unwrap();
        assert_eq!(g.places.entries[0].coordinates, None);
        assert_eq!(
            g.places.entries[1].coordinates,
            Some(Coordinates {
                lat: 23.13,
                lon: -82.38
            })
        );
        // Whole degrees and the very edges are fine.
        let g = place("lat = -90\nlon = 180\n").unwrap();
        assert_eq!(
            g.places.lookup("Havana").and_then(|e| e.coordinates),
            Some(Coordinates {
                lat: -90.0,
                lon: 180.0
            })
        );
    }

    #[test]
    fn coordinates_out_of_range_are_errors_at_their_value() {
        let (line, column, message) = place_error("lat = 91.5\nlon = 0\n");
        assert_eq!((line, column), (6, 7));
        assert_eq!(message, "Havana: `lat` = 91.5 is outside -90 to 90 degrees");
        let (line, column, message) = place_error("lat = 0\nlon = -180.01\n");
        assert_eq!((line, column), (7, 7));
        assert_eq!(
            message,
            "Havana: `lon` = -180.01 is outside -180 to 180 degrees"
        );
        let (line, _, message) = place_error("lat = nan\nlon = 0\n");
        assert_eq!(line, 6);
        assert!(message.contains("`lat` = NaN is outside"), "{message}");
    }

    #[test]
    fn one_coordinate_without_the_other_is_an_error() {
        assert_eq!(
            place_error("lat = 23.1\n"),
            (
                6,
                7,
                "Havana: `lat` without `lon`: give both or neither".to_owned()
            )
        );
        assert_eq!(
            place_error("description = \"Capital\"\nlon = -82.4\n"),
            (
                7,
                7,
                "Havana: `lon` without `lat`: give both or neither".to_owned()
            )
        );
    }

    #[test]
    fn coordinates_that_are_not_numbers_are_errors() {
        assert_eq!(
            place_error("lat = \"23.1\"\nlon = -82.4\n"),
            (
                6,
                7,
                "Havana: `lat` must be a number of degrees, not a string".to_owned()
            )
        );
        let (line, column, message) = place_error("lat = 23.1\nlon = [-82, 4]\n");
        assert_eq!((line, column), (7, 7));
        assert_eq!(
            message,
            "Havana: `lon` must be a number of degrees, not an array"
        );
    }

    #[test]
    fn people_and_topics_have_no_coordinates() {
        let e = Gazetteer::parse("[[people]]\nname = \"Fidel Castro\"\nlat = 23.1\nlon = -82.4\n")
            .unwrap_err();
        assert_eq!((e.line(), e.column()), (3, 7));
        assert_eq!(
            e.message,
            "Fidel Castro: only places have coordinates (`lat`, `lon`), not [[people]]"
        );
        let e = Gazetteer::parse("[[topics]]\nname = \"Quarantine\"\nlon = -82.4\n").unwrap_err();
        assert_eq!((e.line(), e.column()), (3, 7));
        assert!(e.message.contains("not [[topics]]"), "{}", e.message);
    }

    #[test]
    fn the_sample_and_fixture_places_all_have_coordinates() {
        for file in ["data/gazetteer.toml", "tests/fixtures/gazetteer.toml"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let g = Gazetteer::parse(&text).unwrap();
            let missing: Vec<&str> = g
                .places
                .entries
                .iter()
                .filter(|e| e.coordinates.is_none())
                .map(|e| e.name.as_str())
                .collect();
            assert!(missing.is_empty(), "{file}: {missing:?}");
        }
    }
}
