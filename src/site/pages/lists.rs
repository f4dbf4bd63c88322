//! The pages that list: home, the timeline (all, by year, undated; paged), each index and each
//! of its terms, the data page, the site's own pages (`pages/*.md`) and the 404 page.

use serde::Serialize;

use crate::catalogue::Term;
use crate::config::IndexKind;
use crate::error::Error;
use crate::record::Record;
use crate::site::output::OutputFile;
use crate::site::render::views::{self, date_display, Link, Pager, Paths, Summary};
use crate::site::render::{markdown, render, Inputs};
use crate::site::route::{DataFile, Route, Span};

#[derive(Serialize)]
struct HomePage {
    first: Vec<Summary>,
    timeline: String,
    undated: usize,
    years: Vec<Link>,
    span: Option<String>,
    indexes: Vec<IndexCount>,
}

#[derive(Serialize)]
struct IndexCount {
    title: &'static str,
    href: String,
    count: usize,
}

/// The home page: the first documents, the years, the indexes.
pub fn home(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Home;
    let paths = Paths::of(&route);
    let first = inputs
        .records
        .iter()
        .take(inputs.config.page_size.min(20))
        .map(|r| Summary::new(r, &paths))
        .collect();
    let dated: Vec<_> = inputs.records.iter().filter_map(|r| r.date).collect();
    let span = match (dated.first(), dated.last()) {
        (Some(a), Some(b)) if a.year() != b.year() => Some(format!("{}–{}", a.year(), b.year())),
        (Some(a), _) => Some(a.year().to_string()),
        _ => None,
    };
    let page = HomePage {
        first,
        timeline: paths.link(&Route::Timeline(Span::All, 1)),
        undated: inputs.catalogue.undated.len(),
        years: year_links(inputs, &paths),
        span,
        indexes: inputs
            .config
            .indexes
            .iter()
            .map(|&k| IndexCount {
                title: k.title(),
                href: paths.link(&Route::Index(k)),
                count: inputs.catalogue.terms(k).len(),
            })
            .collect(),
    };
    render(inputs, "home.html", &route, &paths, page)
}

fn year_links(inputs: &Inputs, paths: &Paths) -> Vec<Link> {
    let mut links: Vec<Link> = inputs
        .catalogue
        .years
        .iter()
        .map(|(y, _)| Link {
            text: y.to_string(),
            href: paths.link(&Route::Timeline(Span::Year(*y), 1)),
        })
        .collect();
    if !inputs.catalogue.undated.is_empty() {
        links.push(Link {
            text: "Undated".into(),
            href: paths.link(&Route::Timeline(Span::Undated, 1)),
        });
    }
    links
}

/// The timeline's groups: year → month → day.
#[derive(Serialize)]
struct YearGroup {
    year: String,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    label: String,
    days: Vec<DayGroup>,
}

#[derive(Serialize)]
struct DayGroup {
    label: String,
    /// `YYYY-MM-DD`, or empty when the day is not known.
    iso: String,
    records: Vec<Summary>,
}

#[derive(Serialize)]
struct TimelinePage {
    heading: String,
    years: Vec<Link>,
    groups: Vec<YearGroup>,
    undated: Vec<Summary>,
    pager: Option<Pager>,
    count: usize,
}

fn group(records: &[&Record], paths: &Paths) -> (Vec<YearGroup>, Vec<Summary>) {
    let mut years: Vec<YearGroup> = Vec::new();
    let mut undated = Vec::new();
    for r in records {
        let Some(d) = r.date else {
            undated.push(Summary::new(r, paths));
            continue;
        };
        let year = d.year().to_string();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup {
                year: year.clone(),
                months: Vec::new(),
            });
        }
        let y = years.last_mut().expect("pushed");
        let month_label = match d.month() {
            Some(m) => format!("{} {}", views::month_name(m), d.year()),
            None => format!("{} (month unknown)", d.year()),
        };
        if y.months.last().is_none_or(|m| m.label != month_label) {
            y.months.push(MonthGroup {
                label: month_label,
                days: Vec::new(),
            });
        }
        let m = y.months.last_mut().expect("pushed");
        let (day_label, iso) = match d.day() {
            Some(_) => (date_display(&d), d.to_string()),
            None if d.month().is_some() => {
                (format!("{} (day unknown)", date_display(&d)), String::new())
            }
            None => (format!("{} (date unknown)", d.year()), String::new()),
        };
        if m.days.last().is_none_or(|day| day.label != day_label) {
            m.days.push(DayGroup {
                label: day_label,
                iso,
                records: Vec::new(),
            });
        }
        m.days
            .last_mut()
            .expect("pushed")
            .records
            .push(Summary::new(r, paths));
    }
    (years, undated)
}

/// Page `n` of a span of the timeline: `/timeline/` (all records), `/timeline/<year>/` or
/// `/timeline/undated/`.
pub fn timeline(
    inputs: &Inputs,
    span: Span,
    positions: &[usize],
    n: usize,
) -> Result<OutputFile, Error> {
    let heading = match span {
        Span::All => "Timeline".to_owned(),
        Span::Year(year) => year.to_string(),
        Span::Undated => "Undated documents".to_owned(),
    };
    let size = inputs.config.page_size;
    let total = inputs.model.pages(positions.len());
    let route = Route::Timeline(span, n);
    let paths = Paths::of(&route);
    let slice: Vec<&Record> = positions
        .iter()
        .skip((n - 1) * size)
        .take(size)
        .map(|&i| &inputs.records[i])
        .collect();
    let (groups, undated) = group(&slice, &paths);
    let page = TimelinePage {
        heading: if n > 1 {
            format!("{heading}, page {n} of {total}")
        } else {
            heading.to_owned()
        },
        years: year_links(inputs, &paths),
        groups,
        undated,
        pager: Pager::new(n, total, |k| paths.link(&Route::Timeline(span, k))),
        count: positions.len(),
    };
    render(inputs, "timeline.html", &route, &paths, page)
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
    count: usize,
    description: Option<String>,
}

#[derive(Serialize)]
struct TermPage {
    index_title: &'static str,
    index_href: String,
    name: String,
    description: Option<String>,
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
    let route = Route::Index(kind);
    let paths = Paths::of(&route);
    let terms = inputs.catalogue.terms(kind);
    let page = IndexPage {
        title: kind.title(),
        kind: kind.slug(),
        terms: terms
            .iter()
            .map(|t| TermLink {
                name: t.name.clone(),
                href: paths.link(&Route::Term(kind, &t.slug, 1)),
                count: t.records.len(),
                description: description(inputs, kind, &t.name),
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
    let page = TermPage {
        index_title: kind.title(),
        index_href: paths.link(&Route::Index(kind)),
        name: term.name.clone(),
        description: description(inputs, kind, &term.name),
        records: term
            .records
            .iter()
            .skip((n - 1) * size)
            .take(size)
            .map(|&i| Summary::new(&inputs.records[i], &paths))
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
    name: &'static str,
    href: String,
    description: &'static str,
}

/// `/data/`: the downloads, with what each holds.
pub fn data(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Data;
    let paths = Paths::of(&route);
    let files = DataFile::ALL
        .into_iter()
        .map(|file| DataFileLink {
            name: file.name(),
            href: paths.link(&Route::DataFile(file)),
            description: file.description(),
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
