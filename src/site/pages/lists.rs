//! The pages that list: home, each index and each of its terms, the data page, the site's own
//! pages (`pages/*.md`) and the 404 page. (The timeline has a module of its own.)

use serde::Serialize;

use crate::catalogue::Term;
use crate::config::IndexKind;
use crate::error::Error;
use crate::site::output::OutputFile;
use crate::site::render::views::{Link, Pager, Paths, Summary};
use crate::site::render::{markdown, render, term_href, Inputs};
use crate::site::route::{DataFile, Route, Span};

#[derive(Serialize)]
struct HomePage {
    /// The documents per period, drawn, and the same in words.
    chart: String,
    periods: Vec<Period>,
    first: Vec<Summary>,
    timeline: String,
    undated: usize,
    years: Vec<Link>,
    span: Option<String>,
    indexes: Vec<IndexCount>,
}

/// A period of the timeline's chart, for its text alternative.
#[derive(Serialize)]
pub struct Period {
    pub label: String,
    pub count: u64,
    pub href: String,
}

/// The timeline's chart and its rows in words.
pub fn chart(inputs: &Inputs, paths: &Paths) -> (String, Vec<Period>) {
    let (svg, bars) = super::timeline::chart(inputs, paths);
    let periods = bars
        .into_iter()
        .map(|b| Period {
            label: b.label,
            count: b.count,
            href: b.href,
        })
        .collect();
    (svg, periods)
}

#[derive(Serialize)]
struct IndexCount {
    title: &'static str,
    href: String,
    count: usize,
}

/// The years the dated documents span: `1961–1963`, or `1962`.
pub fn span(inputs: &Inputs) -> Option<String> {
    let years = &inputs.catalogue.years;
    match (years.first(), years.last()) {
        (Some((a, _)), Some((b, _))) if a != b => Some(format!("{a}–{b}")),
        (Some((a, _)), _) => Some(a.to_string()),
        _ => None,
    }
}

/// How much of a summary a list of documents shows.
pub const SUMMARY_CHARS: usize = 240;
/// … in a large collection, whose timeline lists every document once more: a line that says
/// what it is about, the rest on its page.
pub const SUMMARY_CHARS_LARGE: usize = 100;

/// The home page: the first documents, the years, the indexes.
pub fn home(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Home;
    let paths = Paths::of(&route);
    let first = inputs
        .records
        .iter()
        .take(inputs.config.page_size.min(20))
        .map(|r| Summary::new(r, &paths, SUMMARY_CHARS))
        .collect();
    let span = span(inputs);
    let (chart, periods) = chart(inputs, &paths);
    let page = HomePage {
        chart,
        periods,
        first,
        timeline: paths.link(&Route::Timeline(Span::All, 1)),
        undated: inputs.catalogue.undated.len(),
        years: super::timeline::year_links(inputs, &paths),
        span,
        indexes: inputs
            .config
            .indexes
            .iter()
            .map(|&k| IndexCount {
                title: k.title(),
                href: paths.link(&Route::Index(k, 1)),
                count: inputs.catalogue.terms(k).len(),
            })
            .collect(),
    };
    render(inputs, "home.html", &route, &paths, page)
}

#[derive(Serialize)]
struct IndexPage {
    title: &'static str,
    kind: &'static str,
    terms: Vec<TermLink>,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    href: String,
    /// The entry's `id`, for a term of one document (its page links here).
    anchor: Option<String>,
    count: usize,
    description: Option<String>,
}

#[derive(Serialize)]
struct TermPage {
    index_title: &'static str,
    index_href: String,
    name: String,
    description: Option<String>,
    /// The term's documents over time (first page only).
    chart: String,
    /// A place's locator map (first page only).
    map: String,
    /// A person's letters, when they are also a correspondent.
    correspondence: Option<String>,
    records: Vec<Summary>,
    count: usize,
    pager: Option<Pager>,
}

fn description(inputs: &Inputs, kind: IndexKind, name: &str) -> Option<String> {
    let register = match kind {
        IndexKind::People => &inputs.gazetteer.people,
        IndexKind::Places => &inputs.gazetteer.places,
        IndexKind::Topics => &inputs.gazetteer.topics,
        _ => return None,
    };
    register.lookup(name).and_then(|e| e.description.clone())
}

/// `/<kind>/`, listing every term.
pub fn index(inputs: &Inputs, kind: IndexKind) -> Result<OutputFile, Error> {
    let route = Route::Index(kind, 1);
    let paths = Paths::of(&route);
    let terms = inputs.catalogue.terms(kind);
    let page = IndexPage {
        title: kind.title(),
        kind: kind.slug(),
        terms: terms
            .iter()
            .map(|t| {
                let page = Route::Term(kind, &t.slug, 1);
                let (href, anchor) = match inputs.model.has(&page, inputs.pdf) {
                    true => (paths.link(&page), None),
                    // A term of one document: its entry links that document, and is the
                    // anchor the document's own page links the term to.
                    false => {
                        let only = t.records.first().map(|&i| &inputs.records[i]);
                        let href = only.map(|r| paths.link(&Route::Document(r.slug())));
                        (href.unwrap_or_default(), Some(Route::term_anchor(&t.slug)))
                    }
                };
                TermLink {
                    name: t.name.clone(),
                    href,
                    anchor,
                    count: t.records.len(),
                    description: description(inputs, kind, &t.name),
                }
            })
            .collect(),
    };
    render(inputs, "index.html", &route, &paths, page)
}

/// `/<kind>/<term>/`, page `n`: the term's records in time order.
pub fn term(inputs: &Inputs, kind: IndexKind, term: &Term, n: usize) -> Result<OutputFile, Error> {
    let size = inputs.config.page_size;
    let total = inputs.model.pages(term.records.len());
    let route = Route::Term(kind, &term.slug, n);
    let paths = Paths::of(&route);
    let first = n == 1;
    let correspondent = (kind == IndexKind::People)
        .then(|| {
            inputs
                .model
                .term_named(IndexKind::Correspondence, &term.name)
        })
        .flatten();
    let page = TermPage {
        index_title: kind.title(),
        index_href: paths.link(&Route::Index(kind, 1)),
        name: term.name.clone(),
        description: description(inputs, kind, &term.name),
        chart: match kind {
            IndexKind::People | IndexKind::Places | IndexKind::Topics if first => {
                super::timeline::sparkline(inputs, &term.records, &term.name)
            }
            _ => String::new(),
        },
        map: match kind {
            IndexKind::Places if first => super::map::place(inputs, &paths, &term.name),
            _ => String::new(),
        },
        correspondence: correspondent
            .map(|c| term_href(inputs, &paths, IndexKind::Correspondence, c)),
        records: term
            .records
            .iter()
            .skip((n - 1) * size)
            .take(size)
            .map(|&i| Summary::entry(&inputs.records[i], &paths))
            .collect(),
        count: term.records.len(),
        pager: Pager::new(n, total, |k| paths.link(&Route::Term(kind, &term.slug, k))),
    };
    render(inputs, "term.html", &route, &paths, page)
}
#[derive(Serialize)]
struct DataPage {
    files: Vec<DataFileLink>,
}

#[derive(Serialize)]
struct DataFileLink {
    name: String,
    /// Compressed with gzip (say so: it must be unpacked before use).
    gzipped: bool,
    href: String,
    description: &'static str,
}

/// `/data/`: the downloads, with what each holds.
pub fn data(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Data;
    let paths = Paths::of(&route);
    let files = DataFile::ALL
        .into_iter()
        .map(|file| {
            let route = inputs.model.data_file(file);
            let path = route.path();
            DataFileLink {
                name: path.rsplit('/').next().unwrap_or_default().to_owned(),
                href: paths.link(&route),
                description: file.description(),
                gzipped: path.ends_with(".gz"),
            }
        })
        .collect();
    render(inputs, "data.html", &route, &paths, DataPage { files })
}

#[derive(Serialize)]
struct ProseView<'a> {
    title: &'a str,
    body: String,
}

/// `/<name>/`: a page of the site's own writing, from `pages/<name>.md`.
pub fn prose(inputs: &Inputs, n: usize) -> Result<OutputFile, Error> {
    let p = &inputs.prose[n];
    let route = Route::Page(&p.slug);
    let paths = Paths::of(&route);
    let page = ProseView {
        title: &p.title,
        body: markdown::to_html(&p.body),
    };
    render(inputs, "page.html", &route, &paths, page)
}

/// `404.html`: GitHub Pages serves it at any depth, so its links use the absolute base path.
pub fn not_found(inputs: &Inputs) -> Result<OutputFile, Error> {
    let paths = Paths::absolute(&inputs.config.base_path());
    render(inputs, "404.html", &Route::NotFound, &paths, ())
}
