//! The catalogue: the collection indexed for reading — years of the timeline, people, places,
//! topics, archives and correspondents — as lists of record positions in time order.

use std::collections::BTreeMap;

use crate::config::IndexKind;
use crate::record::Record;

/// One entry of an index (a person, a place, an archive, a pair of correspondents) and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Positions in the collection's (time-ordered) record list.
    pub records: Vec<usize>,
}

/// The collection, indexed.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Each year with its records, in time order.
    pub years: Vec<(i16, Vec<usize>)>,
    pub undated: Vec<usize>,
    pub indexes: BTreeMap<IndexKind, Vec<Term>>,
}

impl Catalogue {
    /// Indexes `records`, which must be in time order (as the collection loader leaves them).
    pub fn new(records: &[Record], kinds: &[IndexKind]) -> Catalogue {
        let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
        let mut undated = Vec::new();
        for (i, r) in records.iter().enumerate() {
            match r.date {
                Some(d) => years.entry(d.year()).or_default().push(i),
                None => undated.push(i),
            }
        }
        use rayon::prelude::*;
        let indexes = kinds
            .par_iter()
            .map(|&k| (k, terms(records, |r| names(r, k))))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Catalogue {
            years: years.into_iter().collect(),
            undated,
            indexes,
        }
    }

    pub fn terms(&self, kind: IndexKind) -> &[Term] {
        self.indexes.get(&kind).map_or(&[], Vec::as_slice)
    }
}

/// The names a record is listed under in one index.
fn names(r: &Record, kind: IndexKind) -> Vec<String> {
    match kind {
        IndexKind::People => r.people.clone(),
        IndexKind::Places => r.places.clone(),
        IndexKind::Topics => r.topics.clone(),
        IndexKind::Archives => r.source.archive.iter().cloned().collect(),
        // Each correspondent, sender or recipient: a page per correspondent, not per pair of
        // them (pairs grow with the square of the correspondents, and each was a page).
        IndexKind::Correspondence => r.from.iter().chain(&r.to).map(|p| p.label()).collect(),
    }
}

/// Whether a text can stand as an index term: not empty, and not a paragraph that a source
/// put where a name belongs (an archive "name" of 600 characters).
fn is_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && name.chars().count() <= 200 && name.split_whitespace().count() <= 24
}

/// Groups records by name; terms sorted by name (case-insensitive), slugs unique.
fn terms(records: &[Record], names: impl Fn(&Record) -> Vec<String>) -> Vec<Term> {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        for n in names(r) {
            if is_name(&n) {
                let list = by_name.entry(n).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut sorted: Vec<(String, Vec<usize>)> = by_name.into_iter().collect();
    // Names arrive in byte order: a stable sort by the lower-cased name keeps that order as the
    // tie-break.
    sorted.sort_by_cached_key(|(name, _)| name.to_lowercase());
    let mut used = std::collections::HashSet::new();
    sorted
        .into_iter()
        .map(|(name, records)| {
            let base = crate::record::path_slug(&name, crate::record::PATH_SLUG_MAX);
            let base = if base.is_empty() {
                "term".to_owned()
            } else {
                base
            };
            let mut slug = base.clone();
            let mut n = 1;
            while !used.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            Term {
                name,
                slug,
                records,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PartialDate, Party};

    #[test]
    fn years_terms_and_correspondents() {
        let mut a = Record {
            title: "A".into(),
            date: PartialDate::parse_iso("1962-11-21").ok(),
            ..Record::default()
        };
        a.people = vec!["Mikoyan".into(), "Castro".into()];
        a.from = vec![Party {
            role: Some("Ambassador".into()),
            name: Some("Yaguchi".into()),
        }];
        a.to = vec![Party {
            role: Some("Foreign Minister".into()),
            name: Some("Ohira".into()),
        }];
        let mut b = a.clone();
        b.date = PartialDate::parse_iso("1963").ok();
        let c = Record {
            title: "C".into(),
            ..Record::default()
        };
        let cat = Catalogue::new(&[a, b, c], &IndexKind::ALL);
        assert_eq!(cat.years, vec![(1962, vec![0]), (1963, vec![1])]);
        assert_eq!(cat.undated, vec![2]);
        let people: Vec<(&str, &[usize])> = cat
            .terms(IndexKind::People)
            .iter()
            .map(|t| (t.name.as_str(), t.records.as_slice()))
            .collect();
        assert_eq!(
            people,
            vec![("Castro", &[0, 1][..]), ("Mikoyan", &[0, 1][..])]
        );
        let correspondents: Vec<(&str, &str, &[usize])> = cat
            .terms(IndexKind::Correspondence)
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str(), t.records.as_slice()))
            .collect();
        assert_eq!(
            correspondents,
            vec![
                ("Ambassador Yaguchi", "ambassador-yaguchi", &[0, 1][..]),
                (
                    "Foreign Minister Ohira",
                    "foreign-minister-ohira",
                    &[0, 1][..]
                )
            ]
        );
        assert!(is_name("National Archives of Australia"));
        assert!(!is_name(&"A sentence that goes on. ".repeat(20)));
    }
}
