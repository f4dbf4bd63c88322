//! Every page of the site, rendered from the catalogue through the theme's templates.

use rayon::prelude::*;
use serde::Serialize;

use super::citation;
use super::handouts::{self, Packet};
use super::markdown;
use super::metadata;
use super::theme::Theme;
use super::views::{self, date_display, document_dir, Link, Pager, Paths, Summary};
use super::OutputFile;
use crate::catalogue::{Catalogue, Term};
use crate::config::{IndexKind, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::gazetteer::Gazetteer;
use crate::prose::ProsePage;
use crate::record::Record;

/// Everything a page may draw on.
pub struct Inputs<'a> {
    pub config: &'a SiteConfig,
    pub records: &'a [Record],
    /// The records' texts (not held in `records`).
    pub bodies: &'a super::Bodies<'a>,
    pub catalogue: &'a Catalogue,
    pub gazetteer: &'a Gazetteer,
    pub theme: &'a Theme,
    /// The handout packets of `site.toml`.
    pub packets: &'a [Packet],
    /// The site's own pages (`pages/*.md`).
    pub prose: &'a [ProsePage],
    /// Whether the build prints handouts to PDF (so pages link to them).
    pub pdf: bool,
}

/// What every template gets as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    root: &'a str,
    home: String,
    search: String,
    stylesheet: String,
    script: String,
    /// The Atom feed, when the site has one (it needs `base_url`).
    feed: Option<String>,
    nav: Vec<Link>,
    documents: usize,
}

#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    site: SiteView<'a>,
    page: T,
}

/// Renders a template for a page in folder `dir`.
pub(super) fn render<T: Serialize>(
    inputs: &Inputs,
    template: &str,
    dir: &str,
    paths: &Paths,
    page: T,
) -> Result<OutputFile, Diagnostic> {
    let c = inputs.config;
    let mut nav = vec![Link {
        text: "Timeline".into(),
        href: paths.page("timeline/"),
    }];
    for kind in &c.indexes {
        nav.push(Link {
            text: kind.title().into(),
            href: paths.page(&format!("{}/", kind.slug())),
        });
    }
    nav.push(Link {
        text: "Handouts".into(),
        href: paths.page("handouts/"),
    });
    nav.push(Link {
        text: "Data".into(),
        href: paths.page("data/"),
    });
    for p in inputs.prose.iter().filter(|p| p.nav) {
        nav.push(Link {
            text: p.title.clone(),
            href: paths.page(&format!("{}/", p.slug)),
        });
    }
    let site = SiteView {
        title: &c.title,
        description: c.description.as_deref(),
        language: &c.language,
        root: &paths.root,
        home: paths.page(""),
        search: paths.page("search/"),
        stylesheet: paths.file("assets/style.css"),
        script: paths.file("assets/cablegram.js"),
        feed: c.base_url().map(|_| paths.file("feed.xml")),
        nav,
        documents: inputs.records.len(),
    };
    let html = inputs.theme.render(template, &PageContext { site, page })?;
    Ok(OutputFile {
        path: format!("{dir}index.html"),
        bytes: html.into_bytes(),
        html: true,
    })
}

/// Where rendered files go as soon as they are made, so that a big site is never held in memory.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
    /// A big file (not a page), written through `write` as it is made.
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic>;
    /// One more document page is done (for a progress display).
    fn document_done(&self) {}
}

/// Renders every page in parallel into `sink`, each written as soon as it is made.
pub fn all(inputs: &Inputs, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let documents = || {
        (0..inputs.records.len()).into_par_iter().try_for_each(|i| {
            put_all(sink, document(inputs, i)?)?;
            sink.put(handouts::handout(inputs, i)?)?;
            sink.document_done();
            Ok(())
        })
    };
    // The lists need no document page, so they render alongside.
    let lists = || {
        sink.put(home(inputs)?)?;
        timeline(inputs, sink)?;
        for &kind in &inputs.config.indexes {
            index(inputs, kind, sink)?;
        }
        sink.put(data_page(inputs)?)?;
        sink.put(search_page(inputs)?)?;
        sink.put(handouts::list(inputs)?)?;
        for n in 0..inputs.packets.len() {
            sink.put(handouts::packet(inputs, n)?)?;
        }
        for n in 0..inputs.prose.len() {
            sink.put(prose_page(inputs, n)?)?;
        }
        sink.put(not_found(inputs)?)
    };
    let (documents, lists) = rayon::join(documents, lists);
    documents.and(lists)
}

fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<(), Diagnostic> {
    files.into_iter().try_for_each(|f| sink.put(f))
}

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

fn home(inputs: &Inputs) -> Result<OutputFile, Diagnostic> {
    let paths = Paths::at("");
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
        timeline: paths.page("timeline/"),
        undated: inputs.catalogue.undated.len(),
        years: year_links(inputs, &paths),
        span,
        indexes: inputs
            .config
            .indexes
            .iter()
            .map(|&k| IndexCount {
                title: k.title(),
                href: paths.page(&format!("{}/", k.slug())),
                count: inputs.catalogue.terms(k).len(),
            })
            .collect(),
    };
    render(inputs, "home.html", "", &paths, page)
}

fn year_links(inputs: &Inputs, paths: &Paths) -> Vec<Link> {
    let mut links: Vec<Link> = inputs
        .catalogue
        .years
        .iter()
        .map(|(y, _)| Link {
            text: y.to_string(),
            href: paths.page(&format!("timeline/{y}/")),
        })
        .collect();
    if !inputs.catalogue.undated.is_empty() {
        links.push(Link {
            text: "Undated".into(),
            href: paths.page("timeline/undated/"),
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

/// `/timeline/` (all records, paged), `/timeline/<year>/` and `/timeline/undated/`.
fn timeline(inputs: &Inputs, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let all: Vec<usize> = (0..inputs.records.len()).collect();
    paged(inputs, sink, "timeline/", "Timeline", &all)?;
    inputs
        .catalogue
        .years
        .par_iter()
        .try_for_each(|(year, positions)| {
            let base = format!("timeline/{year}/");
            paged(inputs, sink, &base, &year.to_string(), positions)
        })?;
    if !inputs.catalogue.undated.is_empty() {
        let undated = &inputs.catalogue.undated;
        paged(
            inputs,
            sink,
            "timeline/undated/",
            "Undated documents",
            undated,
        )?;
    }
    Ok(())
}

fn page_dir(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_owned()
    } else {
        format!("{base}page/{n}/")
    }
}

fn paged(
    inputs: &Inputs,
    sink: &dyn Sink,
    base: &str,
    heading: &str,
    positions: &[usize],
) -> Result<(), Diagnostic> {
    let total = positions.len().div_ceil(inputs.config.page_size).max(1);
    (1..=total)
        .into_par_iter()
        .try_for_each(|n| sink.put(list_page(inputs, base, heading, positions, n)?))
}

/// Page `n` of a timeline list.
fn list_page(
    inputs: &Inputs,
    base: &str,
    heading: &str,
    positions: &[usize],
    n: usize,
) -> Result<OutputFile, Diagnostic> {
    let size = inputs.config.page_size;
    let total = positions.len().div_ceil(size).max(1);
    let dir = page_dir(base, n);
    let paths = Paths::at(&dir);
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
        pager: Pager::new(n, total, |k| paths.page(&page_dir(base, k))),
        count: positions.len(),
    };
    render(inputs, "timeline.html", &dir, &paths, page)
}

/// The page (or citation download) at `path` inside the site, rendered now, or `None` when no
/// page has that path: what `serve` answers with, so that an edit never waits for a whole build.
/// (Data files, the feed and the sitemap are not pages; see `site::build`.)
pub fn one(inputs: &Inputs, path: &str) -> Result<Option<OutputFile>, Diagnostic> {
    let (dir, file) = match path.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), path),
    };
    if let Some(rest) = dir.strip_prefix("handouts/") {
        if file != "index.html" {
            return Ok(None);
        }
        return handouts::one(inputs, rest);
    }
    if dir.starts_with("documents/") {
        let slug = dir.trim_start_matches("documents/").trim_end_matches('/');
        let Some(i) = inputs.records.iter().position(|r| r.slug() == slug) else {
            return Ok(None);
        };
        return Ok(document(inputs, i)?.into_iter().find(|f| f.path == path));
    }
    if path == "404.html" {
        return not_found(inputs).map(Some);
    }
    if file != "index.html" {
        return Ok(None);
    }
    // `…/page/N/` is page N of the list at `…/`.
    let (list, n) = match dir.strip_suffix('/').and_then(|d| d.rsplit_once("page/")) {
        Some((list, n)) => match n.parse::<usize>() {
            Ok(n) if n > 1 => (list.to_owned(), n),
            _ => return Ok(None),
        },
        None => (dir.clone(), 1),
    };
    let within =
        |positions: &[usize]| n <= positions.len().div_ceil(inputs.config.page_size).max(1);
    if let Some(i) = inputs
        .prose
        .iter()
        .position(|p| format!("{}/", p.slug) == dir)
    {
        return prose_page(inputs, i).map(Some);
    }
    let page = match list.as_str() {
        "" if n == 1 => Some(home(inputs)?),
        "data/" if n == 1 => Some(data_page(inputs)?),
        "search/" if n == 1 => Some(search_page(inputs)?),
        "timeline/" => {
            let all: Vec<usize> = (0..inputs.records.len()).collect();
            within(&all)
                .then(|| list_page(inputs, "timeline/", "Timeline", &all, n))
                .transpose()?
        }
        "timeline/undated/" if !inputs.catalogue.undated.is_empty() => {
            let undated = &inputs.catalogue.undated;
            within(undated)
                .then(|| list_page(inputs, &list, "Undated documents", undated, n))
                .transpose()?
        }
        _ if list.starts_with("timeline/") => {
            let year = list.trim_start_matches("timeline/").trim_end_matches('/');
            match inputs
                .catalogue
                .years
                .iter()
                .find(|(y, _)| y.to_string() == year)
            {
                Some((y, positions)) if within(positions) => {
                    Some(list_page(inputs, &list, &y.to_string(), positions, n)?)
                }
                _ => None,
            }
        }
        _ => term_page(inputs, &list, path)?,
    };
    Ok(page)
}

/// An index (`people/`) or one of its terms' pages.
fn term_page(inputs: &Inputs, list: &str, path: &str) -> Result<Option<OutputFile>, Diagnostic> {
    let mut parts = list.trim_end_matches('/').splitn(2, '/');
    let (Some(kind_slug), term_slug) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let Some(&kind) = inputs.config.indexes.iter().find(|k| k.slug() == kind_slug) else {
        return Ok(None);
    };
    let base = format!("{kind_slug}/");
    match term_slug {
        None if path == format!("{base}index.html") => Ok(Some(index_page(inputs, kind)?)),
        None => Ok(None),
        Some(slug) => match inputs.catalogue.terms(kind).iter().find(|t| t.slug == slug) {
            Some(term) => Ok(term_pages(inputs, kind, &base, term)?
                .into_iter()
                .find(|f| f.path == path)),
            None => Ok(None),
        },
    }
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

/// `/<kind>/` listing every term, and `/<kind>/<term>/` listing its records in time order.
fn index(inputs: &Inputs, kind: IndexKind, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let base = format!("{}/", kind.slug());
    sink.put(index_page(inputs, kind)?)?;
    inputs
        .catalogue
        .terms(kind)
        .par_iter()
        .try_for_each(|t| put_all(sink, term_pages(inputs, kind, &base, t)?))
}

/// `/<kind>/`, listing every term.
fn index_page(inputs: &Inputs, kind: IndexKind) -> Result<OutputFile, Diagnostic> {
    let base = format!("{}/", kind.slug());
    let paths = Paths::at(&base);
    let terms = inputs.catalogue.terms(kind);
    let page = IndexPage {
        title: kind.title(),
        kind: kind.slug(),
        terms: terms
            .iter()
            .map(|t| TermLink {
                name: t.name.clone(),
                href: paths.page(&format!("{base}{}/", t.slug)),
                count: t.records.len(),
                description: description(inputs, kind, &t.name),
            })
            .collect(),
    };
    render(inputs, "index.html", &base, &paths, page)
}

fn term_pages(
    inputs: &Inputs,
    kind: IndexKind,
    base: &str,
    term: &Term,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let size = inputs.config.page_size;
    let total = term.records.len().div_ceil(size).max(1);
    let term_base = format!("{base}{}/", term.slug);
    (1..=total)
        .map(|n| {
            let dir = page_dir(&term_base, n);
            let paths = Paths::at(&dir);
            let page = TermPage {
                index_title: kind.title(),
                index_href: paths.page(base),
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
                pager: Pager::new(n, total, |k| paths.page(&page_dir(&term_base, k))),
            };
            render(inputs, "term.html", &dir, &paths, page)
        })
        .collect()
}

#[derive(Serialize)]
struct DocumentPage {
    title: String,
    /// The document's classroom handout.
    handout: String,
    date: Option<String>,
    date_iso: Option<String>,
    kind: Option<String>,
    subject: Option<String>,
    cable_number: Option<String>,
    precedence: Option<String>,
    classification: Option<String>,
    from: Vec<views::PartyView>,
    to: Vec<views::PartyView>,
    transmitted: Option<views::TransmissionView>,
    received: Option<views::TransmissionView>,
    times: Option<String>,
    summary: Option<String>,
    body: String,
    distribution: Option<String>,
    credits: Credits,
    citation: CitationBlock,
    previous: Option<Link>,
    next: Option<Link>,
    people: Vec<Link>,
    places: Vec<Link>,
    topics: Vec<Link>,
    archive: Option<Link>,
    source_url: Option<String>,
    language: Option<String>,
    original_language: Option<String>,
    translation: bool,
    meta: Vec<metadata::Meta>,
    json_ld: String,
    canonical: Option<String>,
    description: String,
}

#[derive(Serialize)]
pub(super) struct Credits {
    funders: Vec<String>,
    translator: Option<String>,
    obtained_for: Option<String>,
    archive: Option<String>,
    collection: Option<String>,
    archive_place: Option<String>,
    publisher: Option<String>,
    rights: Option<String>,
}

/// The credits block: the record's, with the site's defaults for what it lacks.
pub(super) fn credits(inputs: &Inputs, r: &Record) -> Credits {
    let (config, s) = (inputs.config, &r.source);
    Credits {
        funders: if r.credits.is_empty() {
            config.credits.clone()
        } else {
            r.credits.clone()
        },
        translator: s.translator.clone(),
        obtained_for: s.obtained_for.clone(),
        archive: s.archive.clone(),
        collection: s.collection.clone(),
        archive_place: s.archive_place.clone(),
        publisher: s.publisher.clone().or_else(|| config.publisher.clone()),
        rights: r.rights.clone(),
    }
}

#[derive(Serialize)]
struct CitationBlock {
    archive: Option<String>,
    chicago: String,
    mla: String,
    apa: String,
    bibtex: String,
    ris: String,
    csl_json: String,
}

fn term_links(inputs: &Inputs, kind: IndexKind, names: &[String], paths: &Paths) -> Vec<Link> {
    let terms = inputs.catalogue.terms(kind);
    names
        .iter()
        .filter_map(|n| terms.iter().find(|t| &t.name == n))
        .map(|t| Link {
            text: t.name.clone(),
            href: paths.page(&format!("{}/{}/", kind.slug(), t.slug)),
        })
        .collect()
}

/// `/documents/<slug>/` with its citation downloads.
fn document(inputs: &Inputs, i: usize) -> Result<Vec<OutputFile>, Diagnostic> {
    let r = &inputs.records[i];
    let dir = document_dir(r.slug());
    let paths = Paths::at(&dir);
    let config = inputs.config;
    let page_url = super::exports::page_url(config, r);
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| inputs.records.get(j)).map(|n| Link {
            text: n.title.clone(),
            href: paths.page(&document_dir(n.slug())),
        })
    };
    let s = &r.source;
    let styled = citation::styled(r, page_url.as_deref());
    let archive_link = s.archive.as_ref().and_then(|a| {
        term_links(inputs, IndexKind::Archives, std::slice::from_ref(a), &paths)
            .into_iter()
            .next()
    });
    let body = inputs.bodies.get(i)?;
    let description = r
        .summary
        .clone()
        .unwrap_or_else(|| views::shorten(&markdown::to_text(&body), 200));
    let page = DocumentPage {
        title: r.title.clone(),
        date: r.date.as_ref().map(date_display),
        date_iso: r.date.map(|d| d.to_string()),
        kind: r.kind.as_ref().map(|k| k.as_str().to_owned()),
        subject: r.subject.clone(),
        cable_number: r.cable_number.clone(),
        precedence: r.precedence.clone(),
        classification: r.classification.clone(),
        from: views::parties(&r.from),
        to: views::parties(&r.to),
        transmitted: r.transmitted.as_ref().map(views::TransmissionView::new),
        received: r.received.as_ref().map(views::TransmissionView::new),
        times: views::cable_times(r),
        summary: r.summary.clone(),
        body: markdown::to_html(&body),
        distribution: r.distribution.clone(),
        credits: credits(inputs, r),
        handout: paths.page(&format!("handouts/{}/", r.slug())),
        citation: CitationBlock {
            archive: s.citation.clone(),
            chicago: styled.chicago,
            mla: styled.mla,
            apa: styled.apa,
            bibtex: "cite.bib".into(),
            ris: "cite.ris".into(),
            csl_json: "cite.json".into(),
        },
        previous: neighbour(i.checked_sub(1)),
        next: neighbour(Some(i + 1)),
        people: term_links(inputs, IndexKind::People, &r.people, &paths),
        places: term_links(inputs, IndexKind::Places, &r.places, &paths),
        topics: term_links(inputs, IndexKind::Topics, &r.topics, &paths),
        archive: archive_link,
        source_url: s.url.clone(),
        language: r.language.clone(),
        original_language: r.original_language.clone(),
        translation: r.translation == Some(true),
        meta: metadata::meta_tags(r, config, page_url.as_deref(), &description),
        json_ld: metadata::json_ld(r, config, page_url.as_deref(), &description),
        canonical: page_url.clone(),
        description,
    };
    let html = render(inputs, "document.html", &dir, &paths, page)?;
    let url = page_url.as_deref();
    Ok(vec![
        html,
        OutputFile {
            path: format!("{dir}cite.bib"),
            bytes: citation::bibtex(r, url).into_bytes(),
            html: false,
        },
        OutputFile {
            path: format!("{dir}cite.ris"),
            bytes: citation::ris(r, url).into_bytes(),
            html: false,
        },
        OutputFile {
            path: format!("{dir}cite.json"),
            bytes: serde_json::to_vec_pretty(&[citation::csl_json(r, url)]).unwrap_or_default(),
            html: false,
        },
    ])
}

#[derive(Serialize)]
struct DataPage {
    files: Vec<DataFile>,
}

#[derive(Serialize)]
struct DataFile {
    name: &'static str,
    href: String,
    description: &'static str,
}

fn data_page(inputs: &Inputs) -> Result<OutputFile, Diagnostic> {
    let paths = Paths::at("data/");
    let files = super::exports::FILES
        .iter()
        .map(|(name, description)| DataFile {
            name,
            href: paths.file(&format!("data/{name}")),
            description,
        })
        .collect();
    render(inputs, "data.html", "data/", &paths, DataPage { files })
}

#[derive(Serialize)]
struct SearchPage {
    script: String,
    /// The search index's `meta.json`, relative to the page (the other files are beside it).
    index: String,
    /// Where the timeline and the indexes are, for readers without JavaScript.
    timeline: String,
    indexes: Vec<Link>,
    filters: super::search::FilterValues,
}

/// `/search/`: the search box, filters and results (drawn by `assets/search.js`).
fn search_page(inputs: &Inputs) -> Result<OutputFile, Diagnostic> {
    let dir = "search/";
    let paths = Paths::at(dir);
    let page = SearchPage {
        script: paths.file("assets/search.js"),
        index: paths.file(&format!("{}/meta.json", super::search::DIR)),
        timeline: paths.page("timeline/"),
        indexes: inputs
            .config
            .indexes
            .iter()
            .map(|k| Link {
                text: k.title().into(),
                href: paths.page(&format!("{}/", k.slug())),
            })
            .collect(),
        filters: super::search::FilterValues::new(inputs.records),
    };
    render(inputs, "search.html", dir, &paths, page)
}

#[derive(Serialize)]
struct ProseView<'a> {
    title: &'a str,
    body: String,
}

/// `/<name>/`: a page of the site's own writing, from `pages/<name>.md`.
fn prose_page(inputs: &Inputs, n: usize) -> Result<OutputFile, Diagnostic> {
    let p = &inputs.prose[n];
    let dir = format!("{}/", p.slug);
    let paths = Paths::at(&dir);
    let page = ProseView {
        title: &p.title,
        body: markdown::to_html(&p.body),
    };
    render(inputs, "page.html", &dir, &paths, page)
}

/// `404.html`: GitHub Pages serves it at any depth, so its links use the absolute base path.
fn not_found(inputs: &Inputs) -> Result<OutputFile, Diagnostic> {
    let paths = Paths::absolute(&inputs.config.base_path());
    let mut f = render(inputs, "404.html", "", &paths, ())?;
    f.path = "404.html".into();
    Ok(f)
}
