//! The catalogue: the collection indexed for reading — years of the timeline, people, places,
//! topics, archives and correspondents — as lists of record positions in time order; and who
//! wrote each record to whom, senders and recipients matched to the gazetteer's people, so that
//! a person's offices join under the person. Uses the record, `config` and the gazetteer.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use crate::config::IndexKind;
use crate::gazetteer::correspondents::{office_label, Correspondents};
use crate::gazetteer::Gazetteer;
use crate::record::{Party, Record};

/// One entry of an index (a person, a place, an archive, a pair of correspondents) and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Positions in the collection's (time-ordered) record list.
    pub records: Vec<usize>,
}

/// Who wrote a record to whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letter {
    pub from: Vec<Correspondent>,
    pub to: Vec<Correspondent>,
}

/// A sender or recipient as the correspondence index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correspondent {
    /// The gazetteer's name for the person, else the party as written (`Department of State`,
    /// `Ambassador Yaguchi`).
    pub name: String,
    /// The office a gazetteer person wrote in (`Under Secretary of State`), when the record
    /// says.
    pub office: Option<String>,
}

impl Correspondent {
    fn of(party: &Party, people: &Correspondents) -> Correspondent {
        match people.person(party) {
            Some(person) => Correspondent {
                name: person.name.clone(),
                office: office_label(party).map(str::to_owned),
            },
            None => Correspondent {
                name: party.label(),
                office: None,
            },
        }
    }
}

/// The collection, indexed.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Each year with its records, in time order.
    pub years: Vec<(i16, Vec<usize>)>,
    pub undated: Vec<usize>,
    pub indexes: BTreeMap<IndexKind, Vec<Term>>,
    /// Each record's correspondents, in the order of the records.
    pub letters: Vec<Letter>,
}

impl Catalogue {
    /// Indexes `records`, which must be in time order (as the collection loader leaves them);
    /// senders and recipients are matched to the `gazetteer`'s people.
    pub fn new(records: &[Arc<Record>], kinds: &[IndexKind], gazetteer: &Gazetteer) -> Catalogue {
        let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
        let mut undated = Vec::new();
        for (i, r) in records.iter().enumerate() {
            match r.date {
                Some(d) => years.entry(d.year()).or_default().push(i),
                None => undated.push(i),
            }
        }
        use rayon::prelude::*;
        let people = Correspondents::new(&gazetteer.people);
        let letters: Vec<Letter> = records
            .par_iter()
            .map(|r| Letter {
                from: r
                    .from
                    .iter()
                    .map(|p| Correspondent::of(p, &people))
                    .collect(),
                to: r.to.iter().map(|p| Correspondent::of(p, &people)).collect(),
            })
            .collect();
        let indexes = kinds
            .par_iter()
            .map(|&k| {
                let letters = &letters;
                let terms = terms(records.len(), |i, names| match k {
                    IndexKind::Correspondence => {
                        let l = &letters[i];
                        names.extend(l.from.iter().chain(&l.to).map(|c| c.name.as_str()));
                    }
                    _ => names_in(&records[i], k, names),
                });
                (k, terms)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Catalogue {
            years: years.into_iter().collect(),
            undated,
            indexes,
            letters,
        }
    }

    pub fn terms(&self, kind: IndexKind) -> &[Term] {
        self.indexes.get(&kind).map_or(&[], Vec::as_slice)
    }
}

/// The names a record is listed under in one index but the correspondence (whose names are
/// its letter's: a page per correspondent, not per pair of them, whose number grows with the
/// square of the correspondents').
fn names_in<'a>(r: &'a Record, kind: IndexKind, names: &mut Vec<&'a str>) {
    match kind {
        IndexKind::People => names.extend(r.people.iter().map(String::as_str)),
        IndexKind::Places => names.extend(r.places.iter().map(String::as_str)),
        IndexKind::Topics => names.extend(r.topics.iter().map(String::as_str)),
        IndexKind::Archives => names.extend(r.source.archive.as_deref()),
        IndexKind::Correspondence => {}
    }
}

/// Whether a text can stand as an index term: not empty, and not a paragraph that a source
/// put where a name belongs (an archive "name" of 600 characters).
fn is_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && name.chars().count() <= 200 && name.split_whitespace().count() <= 24
}

/// Groups the records (`count` of them, by position) by the names `names` gives each; terms
/// sorted by name (case-insensitive, then byte order), slugs unique.
fn terms<'a>(count: usize, names: impl Fn(usize, &mut Vec<&'a str>)) -> Vec<Term> {
    let mut by_name: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut these = Vec::new();
    for i in 0..count {
        these.clear();
        names(i, &mut these);
        for &n in &these {
            let list = by_name.entry(n).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut sorted: Vec<(&str, Vec<usize>)> =
        by_name.into_iter().filter(|(n, _)| is_name(n)).collect();
    sorted.sort_by_cached_key(|&(name, _)| (name.to_lowercase(), name));
    let mut used = std::collections::HashSet::new();
    sorted
        .into_iter()
        .map(|(name, records)| {
            let base = crate::record::path_slug(name, crate::record::PATH_SLUG_MAX);
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
                name: name.to_owned(),
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
        let records = [a, b, c].map(Arc::new);
        let cat = Catalogue::new(&records, &IndexKind::ALL, &Gazetteer::default());
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
        assert!(cat.letters[2].from.is_empty());
        assert!(!is_name(&"A sentence that goes on. ".repeat(20)));
    }

    /// A man's offices join under him; offices stay offices.
    #[test]
    fn correspondents_are_people_or_offices() {
        let gazetteer =
            Gazetteer::parse("[[people]]\nname = \"George W. Ball\"\naliases = [\"Ball\"]\n")
                .expect("gazetteer");
        let party = |role: Option<&str>, name: &str| Party {
            role: role.map(str::to_owned),
            name: Some(name.to_owned()),
        };
        let letter = |from: Party, to: Party| Record {
            title: "T".into(),
            date: PartialDate::parse_iso("1962-10-01").ok(),
            from: vec![from],
            to: vec![to],
            ..Record::default()
        };
        let records = [
            letter(
                party(Some("Acting Secretary of State"), "Ball"),
                party(None, "Embassy in Brazil"),
            ),
            letter(
                party(None, "Department of State"),
                party(Some("Under Secretary of State"), "Ball"),
            ),
        ];
        let cat = Catalogue::new(
            &records.map(Arc::new),
            &[IndexKind::Correspondence],
            &gazetteer,
        );
        let names: Vec<(&str, &[usize])> = cat
            .terms(IndexKind::Correspondence)
            .iter()
            .map(|t| (t.name.as_str(), t.records.as_slice()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("Department of State", &[1][..]),
                ("Embassy in Brazil", &[0][..]),
                ("George W. Ball", &[0, 1][..])
            ]
        );
        assert_eq!(
            cat.letters[1].to[0],
            Correspondent {
                name: "George W. Ball".into(),
                office: Some("Under Secretary of State".into())
            }
        );
        assert_eq!(cat.letters[0].to[0].office, None);
    }
}
