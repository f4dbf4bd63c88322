//! Document pages: each record with its cable header, text, credits, citations and links to
//! its people, places, topics and archive; and the citation downloads beside each.

use serde::Serialize;

use crate::citation;
use crate::config::IndexKind;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::record::Record;
use crate::site::output::OutputFile;
use crate::site::render::views::{self, date_display, Credits, Link, Paths};
use crate::site::render::{markdown, metadata, render, term_href, Inputs};
use crate::site::route::{CitationFile, Route};

#[derive(Serialize)]
struct DocumentPage {
    title: String,
    /// The document's classroom handout, when it is a page of its own (else this page prints as
    /// one).
    handout: Option<String>,
    /// The handout printed to PDF, when the build prints them.
    handout_pdf: Option<String>,
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
    /// The text has no paragraph numbers of its own: printed, its paragraphs are numbered by
    /// position (as a handout's are), so that "paragraph 4" can be found.
    numbered_by_position: bool,
    distribution: Option<String>,
    credits: Credits,
    citation: CitationBlock,
    previous: Option<Link>,
    next: Option<Link>,
    people: Vec<Link>,
    /// Its located places on a small map, and whether a cable's way is drawn.
    map: String,
    route: bool,
    places: Vec<Link>,
    topics: Vec<Link>,
    archive: Option<Link>,
    source_url: Option<String>,
    language: Option<String>,
    original_language: Option<String>,
    translation: bool,
    meta: Vec<metadata::Meta>,
    canonical: Option<String>,
}

#[derive(Serialize)]
struct CitationBlock {
    archive: Option<String>,
    chicago: String,
    mla: Option<String>,
    apa: Option<String>,
    /// This document's downloads, when it has its own (see `LARGE_COLLECTION`).
    bibtex: Option<String>,
    ris: Option<String>,
    csl_json: Option<String>,
    /// The data page, with the whole collection's bibliographies.
    data: String,
}

fn term_links(inputs: &Inputs, kind: IndexKind, names: &[String], paths: &Paths) -> Vec<Link> {
    names
        .iter()
        .filter_map(|n| inputs.model.term_named(kind, n))
        .map(|t| Link {
            text: t.name.clone(),
            href: term_href(inputs, paths, kind, t),
        })
        .collect()
}

/// `/documents/<slug>/`: the document with its cable header, text, credits and citations.
pub fn page(inputs: &Inputs, i: usize) -> Result<OutputFile, Error> {
    let r = &inputs.records[i];
    let route = Route::Document(r.slug());
    let paths = Paths::of(&route);
    let config = inputs.config;
    let page_url = page_url(inputs, r);
    // In a large collection, the neighbours by their dates (their titles: 12 MB in 50,000).
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| inputs.records.get(j)).map(|n| Link {
            text: match (inputs.model.large(), &n.date) {
                (false, _) => n.title.clone(),
                (true, Some(d)) => date_display(d),
                (true, None) => "Undated".into(),
            },
            href: paths.link(&Route::Document(n.slug())),
        })
    };
    let s = &r.source;
    // A large collection's pages give the Chicago citation alone (MLA and APA come from the
    // bibliographies' CSL-JSON in any reference manager): 32 MB in a collection of 50,000.
    let (chicago, mla, apa) = if inputs.model.large() {
        (citation::chicago(r, page_url.as_deref()), None, None)
    } else {
        let styled = citation::styled(r, page_url.as_deref());
        (styled.chicago, Some(styled.mla), Some(styled.apa))
    };
    let archive_link = s.archive.as_ref().and_then(|a| {
        term_links(inputs, IndexKind::Archives, std::slice::from_ref(a), &paths)
            .into_iter()
            .next()
    });
    let body = inputs.bodies.get(i)?;
    let map = super::map::document(inputs, &paths, r);
    // What a search result shows under the title: about 160 characters.
    // For search engines' snippets. A large collection leaves it to the page's own summary and
    // text (it weighed 11 MB of 50,000 pages, and a plain text of every body to make).
    let description = match (&r.summary, inputs.model.large()) {
        (_, true) => String::new(),
        (Some(summary), false) => views::shorten(summary, 160),
        (None, false) => views::shorten(&markdown::to_text(&body), 160),
    };
    // Beside the page, under their own names; in a large collection, in the bibliographies.
    let citation_file = |file: CitationFile| {
        let route = Route::Citation(r.slug(), file);
        inputs.model.has(&route, inputs.pdf).then(|| {
            let path = route.path();
            path.rsplit('/').next().unwrap_or_default().to_owned()
        })
    };
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
        numbered_by_position: !super::handouts::text::numbers_its_paragraphs(&body),
        body: markdown::to_html(&body),
        distribution: r.distribution.clone(),
        credits: Credits::new(config, r),
        handout: inputs
            .model
            .own_handout(i)
            .then(|| paths.link(&Route::Handout(r.slug()))),
        handout_pdf: inputs.pdf.then(|| paths.link(&Route::HandoutPdf(r.slug()))),
        citation: CitationBlock {
            archive: s.citation.clone(),
            chicago,
            mla,
            apa,
            bibtex: citation_file(CitationFile::Bibtex),
            ris: citation_file(CitationFile::Ris),
            csl_json: citation_file(CitationFile::CslJson),
            data: paths.link(&Route::Data),
        },
        previous: neighbour(i.checked_sub(1)),
        next: neighbour(Some(i + 1)),
        people: term_links(inputs, IndexKind::People, &r.people, &paths),
        route: map.contains("map-route"),
        map,
        places: term_links(inputs, IndexKind::Places, &r.places, &paths),
        topics: term_links(inputs, IndexKind::Topics, &r.topics, &paths),
        archive: archive_link,
        source_url: s.url.clone(),
        language: r.language.clone(),
        original_language: r.original_language.clone(),
        translation: r.translation == Some(true),
        meta: metadata::meta_tags(r, config, &description),
        canonical: page_url.clone(),
    };
    render(inputs, "document.html", &route, &paths, page)
}

/// A citation download beside the document page of record `i`.
pub fn citation(inputs: &Inputs, i: usize, file: CitationFile) -> Result<OutputFile, Error> {
    let r = &inputs.records[i];
    let url = page_url(inputs, r);
    let url = url.as_deref();
    let bytes = match file {
        CitationFile::Bibtex => citation::bibtex(r, url).into_bytes(),
        CitationFile::Ris => citation::ris(r, url).into_bytes(),
        CitationFile::CslJson => {
            serde_json::to_vec_pretty(&[citation::csl_json(r, url)]).map_err(|e| {
                let message = format!("cannot write its CSL-JSON citation: {e}");
                Diagnostic::error(inputs.bodies.source(i), message)
            })?
        }
    };
    Ok(OutputFile {
        path: Route::Citation(r.slug(), file).path(),
        bytes,
    })
}

/// The absolute address of a record's page, when the site has a `base_url`.
pub fn page_url(inputs: &Inputs, r: &Record) -> Option<String> {
    let base = inputs.config.base_url()?;
    let route = Route::Document(r.slug());
    Some(format!("{base}{}", route.dir()))
}
