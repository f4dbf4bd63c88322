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
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Position;
use crate::record::Record;

/// One person, place or topic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    #[serde(default)]
    people: Vec<Entry>,
    #[serde(default)]
    places: Vec<Entry>,
    #[serde(default)]
    topics: Vec<Entry>,
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
            people: Register::new(file.people),
            places: Register::new(file.places),
            topics: Register::new(file.topics),
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
}
