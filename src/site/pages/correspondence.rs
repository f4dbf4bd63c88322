//! The correspondence: who wrote to whom. Its index lists every correspondent by volume — a
//! person of the gazetteer (whose offices join under them) or an office — with the
//! correspondents it wrote to or heard from, each pair linking to its documents, and draws the
//! busiest as a network. A correspondent's page lists its documents pair by pair (a person's
//! office by office), each group in time order.

use std::collections::HashMap;

use serde::Serialize;

use super::timeline::sparkline;
use crate::catalogue::{Letter, Term};
use crate::config::IndexKind;
use crate::error::Error;
use crate::figures::network;
use crate::record::path_slug;
use crate::site::model::CORRESPONDENTS_PER_PAGE;
use crate::site::output::OutputFile;
use crate::site::render::views::{Pager, Paths, Summary};
use crate::site::render::{render, term_href, Inputs};
use crate::site::route::Route;

const KIND: IndexKind = IndexKind::Correspondence;
/// Pairs shown under each correspondent in the index; the rest are counted.
const PAIRS_SHOWN: usize = 6;
/// Correspondents drawn in the network.
const NETWORK_TOP: usize = 12;

/// One group of a correspondent's documents: those exchanged with the same correspondents (in
/// one of the offices a person held). Every document is in one group.
struct Group<'a> {
    office: Option<&'a str>,
    /// The correspondents at the other end (several for a cable sent to several posts).
    with: Vec<&'a str>,
    /// Documents in time order, each sent (`true`) or received.
    documents: Vec<(usize, bool)>,
}

impl Group<'_> {
    fn anchor(&self) -> String {
        let with = path_slug(&self.with.join(" "), 60);
        match self.office {
            Some(office) => format!("as-{}-with-{with}", path_slug(office, 40)),
            None => format!("with-{with}"),
        }
    }
}

/// A correspondent's documents, grouped: by office (most documents first) for a person, then by
/// the correspondents at the other end (most documents first, then by name).
fn groups<'a>(letters: &'a [Letter], term: &'a Term) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut index: HashMap<(Option<&str>, Vec<&str>), usize> = HashMap::new();
    for &i in &term.records {
        let letter = &letters[i];
        // Where the correspondent first stands in the letter: a sender, else a recipient.
        let sent = letter.from.iter().find(|c| c.name == term.name);
        let (me, others, sent) = match sent {
            Some(me) => (me, &letter.to, true),
            None => match letter.to.iter().find(|c| c.name == term.name) {
                Some(me) => (me, &letter.from, false),
                None => continue,
            },
        };
        let key = (
            me.office.as_deref(),
            others.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        );
        let g = match index.get(&key) {
            Some(&g) => g,
            None => {
                groups.push(Group {
                    office: key.0,
                    with: key.1.clone(),
                    documents: Vec::new(),
                });
                index.insert(key, groups.len() - 1);
                groups.len() - 1
            }
        };
        groups[g].documents.push((i, sent));
    }
    let mut per_office: HashMap<Option<&str>, usize> = HashMap::new();
    for g in &groups {
        *per_office.entry(g.office).or_default() += g.documents.len();
    }
    groups.sort_by(|a, b| {
        let key = |g: &Group<'a>| {
            (
                std::cmp::Reverse(per_office[&g.office]),
                g.office,
                std::cmp::Reverse(g.documents.len()),
                g.with.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    groups
}

/// The page of a correspondent's (1-based) where each of its groups begins.
fn group_pages(groups: &[Group], page_size: usize) -> Vec<usize> {
    let mut seen = 0;
    groups
        .iter()
        .map(|g| {
            let page = seen / page_size + 1;
            seen += g.documents.len();
            page
        })
        .collect()
}

/// Where the documents a correspondent exchanged with `with` are: the group on its page, or the
/// one document of a correspondent without a page.
fn pair_href(
    inputs: &Inputs,
    paths: &Paths,
    (term, own): (&Term, bool),
    groups: &[Group],
    pages: &[usize],
) -> impl Fn(usize) -> String {
    let links: Vec<String> = groups
        .iter()
        .zip(pages)
        .map(|(g, &page)| match (own, g.documents.first()) {
            (true, _) => format!(
                "{}#{}",
                paths.link(&Route::Term(KIND, &term.slug, page)),
                g.anchor()
            ),
            (false, Some(&(i, _))) => paths.link(&Route::Document(inputs.records[i].slug())),
            (false, None) => String::new(),
        })
        .collect();
    move |g| links[g].clone()
}

#[derive(Serialize)]
struct IndexPage {
    title: &'static str,
    count: usize,
    correspondents: Vec<Entry>,
    /// The busiest correspondents drawn (page 1 only), and the exchanges drawn, in words.
    network: Option<String>,
    exchanges: Vec<Exchange>,
    pager: Option<Pager>,
}

#[derive(Serialize)]
struct Entry {
    name: String,
    /// Its page, or its one document.
    href: String,
    /// The entry's `id`, for a correspondent of one document (its document links here).
    anchor: Option<String>,
    count: usize,
    pairs: Vec<Pair>,
    /// Pairs not shown.
    more: usize,
    /// The documents themselves, for a correspondent of a few with no page of its own.
    documents: Vec<Summary>,
}

#[derive(Serialize)]
struct Pair {
    with: String,
    count: usize,
    href: String,
}

#[derive(Serialize)]
struct Exchange {
    from: String,
    to: String,
    count: u64,
    href: String,
}

/// `/correspondence/`, page `n`: the correspondents by volume, each with its pairs.
pub fn index(inputs: &Inputs, n: usize) -> Result<OutputFile, Error> {
    let model = inputs.model;
    let route = Route::Index(KIND, n);
    let paths = Paths::of(&route);
    let letters = &inputs.catalogue.letters;
    let total = model.index_pages(KIND);
    let terms: Vec<&Term> = model
        .correspondents_by_volume()
        .skip((n - 1) * CORRESPONDENTS_PER_PAGE)
        .take(CORRESPONDENTS_PER_PAGE)
        .collect();
    let mut hrefs: HashMap<(&str, &str), String> = HashMap::new();
    let correspondents = terms
        .iter()
        .map(|term| {
            let page = Route::Term(KIND, &term.slug, 1);
            let own = model.has(&page, inputs.pdf);
            // With no page, a correspondent of several documents lists them here instead of
            // its pairs.
            let listed = !own && term.records.len() > 1;
            let groups = groups(letters, term);
            let pages = group_pages(&groups, inputs.config.page_size);
            let href = pair_href(inputs, &paths, (term, own), &groups, &pages);
            // Pairs by the correspondent at the other end (a person's offices together); the
            // network of the busiest links every pair, listed or not.
            let mut pairs: Vec<Pair> = Vec::new();
            for (g, group) in groups.iter().enumerate() {
                for &with in &group.with {
                    hrefs
                        .entry((term.name.as_str(), with))
                        .or_insert_with(|| href(g));
                    if listed {
                        continue;
                    }
                    match pairs.iter_mut().find(|p| p.with == with) {
                        Some(p) => p.count += group.documents.len(),
                        None => pairs.push(Pair {
                            with: with.to_owned(),
                            count: group.documents.len(),
                            href: href(g),
                        }),
                    }
                }
            }
            pairs.sort_by(|a, b| (b.count, &a.with).cmp(&(a.count, &b.with)));
            let more = pairs.len().saturating_sub(PAIRS_SHOWN);
            pairs.truncate(PAIRS_SHOWN);
            let documents: Vec<Summary> = match listed {
                false => Vec::new(),
                true => term
                    .records
                    .iter()
                    .map(|&i| Summary::entry(&inputs.records[i], &paths))
                    .collect(),
            };
            let (href, anchor) = match own {
                true => (paths.link(&page), None),
                false => (
                    term.records
                        .first()
                        .map(|&i| paths.link(&Route::Document(inputs.records[i].slug())))
                        .unwrap_or_default(),
                    Some(Route::term_anchor(&term.slug)),
                ),
            };
            Entry {
                name: term.name.clone(),
                href,
                anchor,
                count: term.records.len(),
                pairs,
                more,
                documents,
            }
        })
        .collect();
    let (network, exchanges) = if n == 1 {
        busiest(inputs, &paths, &terms, &hrefs)
    } else {
        (None, Vec::new())
    };
    let page = IndexPage {
        title: KIND.title(),
        count: inputs.catalogue.terms(KIND).len(),
        correspondents,
        network,
        exchanges,
        pager: Pager::new(n, total, |k| paths.link(&Route::Index(KIND, k))),
    };
    render(inputs, "correspondence.html", &route, &paths, page)
}

/// Who of the busiest correspondents wrote to whom, drawn, and the same in words.
fn busiest(
    inputs: &Inputs,
    paths: &Paths,
    terms: &[&Term],
    hrefs: &HashMap<(&str, &str), String>,
) -> (Option<String>, Vec<Exchange>) {
    let top: Vec<&Term> = terms.iter().copied().take(NETWORK_TOP * 2).collect();
    let position: HashMap<&str, usize> = top
        .iter()
        .enumerate()
        .map(|(k, t)| (t.name.as_str(), k))
        .collect();
    let mut counts: HashMap<(usize, usize), u64> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for t in &top {
        for &i in &t.records {
            if !seen.insert(i) {
                continue;
            }
            let letter = &inputs.catalogue.letters[i];
            for from in &letter.from {
                for to in &letter.to {
                    let pair = (
                        position.get(from.name.as_str()),
                        position.get(to.name.as_str()),
                    );
                    if let (Some(&a), Some(&b)) = pair {
                        *counts.entry((a, b)).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut pairs: Vec<((usize, usize), u64)> = counts.into_iter().collect();
    pairs.sort();
    let hrefs_of: Vec<String> = pairs
        .iter()
        .map(|&((a, b), _)| {
            let key = (top[a].name.as_str(), top[b].name.as_str());
            hrefs.get(&key).cloned().unwrap_or_default()
        })
        .collect();
    let links: Vec<String> = top
        .iter()
        .map(|t| term_href(inputs, paths, KIND, t))
        .collect();
    let people: Vec<network::Correspondent> = top
        .iter()
        .zip(&links)
        .map(|(t, href)| network::Correspondent {
            name: &t.name,
            href,
        })
        .collect();
    let exchanges: Vec<network::Exchange> = pairs
        .iter()
        .zip(&hrefs_of)
        .map(|(&((from, to), count), href)| network::Exchange {
            from,
            to,
            count,
            href,
        })
        .collect();
    let drawn = network::network(&people, &exchanges, NETWORK_TOP, "Who wrote to whom");
    let words = drawn
        .shown
        .iter()
        .filter_map(|&e| exchanges.get(e))
        .map(|e| Exchange {
            from: top[e.from].name.clone(),
            to: top[e.to].name.clone(),
            count: e.count,
            href: e.href.to_owned(),
        })
        .collect();
    ((!drawn.svg.is_empty()).then_some(drawn.svg), words)
}

#[derive(Serialize)]
struct CorrespondentPage {
    index_title: &'static str,
    index_href: String,
    name: String,
    description: Option<String>,
    count: usize,
    sent: usize,
    received: usize,
    /// A person's page under People, when the gazetteer knows them.
    person: Option<String>,
    chart: String,
    groups: Vec<GroupView>,
    pager: Option<Pager>,
}

#[derive(Serialize)]
struct GroupView {
    anchor: String,
    heading: String,
    count: usize,
    /// Begun on an earlier page.
    continued: bool,
    documents: Vec<Letterhead>,
}

#[derive(Serialize)]
struct Letterhead {
    title: String,
    href: String,
    date_iso: Option<String>,
    sent: bool,
}

/// `/correspondence/<correspondent>/`, page `n`: its documents pair by pair.
pub fn correspondent(inputs: &Inputs, term: &Term, n: usize) -> Result<OutputFile, Error> {
    let route = Route::Term(KIND, &term.slug, n);
    let paths = Paths::of(&route);
    let size = inputs.config.page_size;
    let groups = groups(&inputs.catalogue.letters, term);
    let (first, last) = ((n - 1) * size, n * size);
    let mut seen = 0;
    let mut views = Vec::new();
    for g in &groups {
        let (start, end) = (seen, seen + g.documents.len());
        seen = end;
        if end <= first || start >= last {
            continue;
        }
        let shown =
            &g.documents[first.saturating_sub(start)..(last - start).min(g.documents.len())];
        let with = if g.with.is_empty() {
            "with no one named".to_owned()
        } else {
            format!("with {}", and_list(&g.with))
        };
        views.push(GroupView {
            anchor: g.anchor(),
            heading: match g.office {
                Some(office) => format!("As {office}, {with}"),
                None => capitalized(&with),
            },
            count: g.documents.len(),
            continued: start < first,
            documents: shown
                .iter()
                .map(|&(i, sent)| {
                    let r = &inputs.records[i];
                    Letterhead {
                        title: r.title.clone(),
                        href: paths.link(&Route::Document(r.slug())),
                        date_iso: r.date.map(|d| d.to_string()),
                        sent,
                    }
                })
                .collect(),
        });
    }
    let sent = term
        .records
        .iter()
        .filter(|&&i| {
            inputs.catalogue.letters[i]
                .from
                .iter()
                .any(|c| c.name == term.name)
        })
        .count();
    let person = inputs.gazetteer.people.lookup(&term.name);
    let people_page = person.and_then(|p| {
        let t = inputs.model.term_named(IndexKind::People, &p.name)?;
        Some(term_href(inputs, &paths, IndexKind::People, t))
    });
    let page = CorrespondentPage {
        index_title: KIND.title(),
        index_href: paths.link(&Route::Index(
            KIND,
            inputs.model.index_page_of(KIND, position(inputs, term)),
        )),
        name: term.name.clone(),
        description: person.and_then(|p| p.description.clone()),
        count: term.records.len(),
        sent,
        received: term.records.len() - sent,
        person: people_page,
        chart: sparkline(inputs, &term.records, &term.name),
        groups: views,
        pager: Pager::new(n, inputs.model.pages(term.records.len()), |k| {
            paths.link(&Route::Term(KIND, &term.slug, k))
        }),
    };
    render(inputs, "correspondent.html", &route, &paths, page)
}

fn position(inputs: &Inputs, term: &Term) -> usize {
    inputs.model.term_position(KIND, &term.slug).unwrap_or(0)
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
