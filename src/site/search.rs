//! Full-text search: every record fed to Pagefind, which writes a chunked static index under
//! `pagefind/`. The browser downloads only the index chunks for the words typed (and the filter
//! files for the filters chosen), so a search stays small however big the collection grows.
//!
//! The index is a function of the records and the settings alone (no rendered HTML is re-parsed),
//! so that `serve` can later rebuild it in the background while pages are served.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::markdown;
use super::views::{date_display, document_dir};
use super::OutputFile;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::record::Record;

/// The folder of the index in the built site.
pub const DIR: &str = "pagefind";

/// Pagefind's own search UIs: the search page has its own (`assets/search.js`), so these are
/// left out of the site (they would add ~400 kB to every build for nothing).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// What one record gives the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The document page, from the site root (`/documents/<slug>/index.html`); the search page
    /// makes it relative again, so results work under any subpath.
    pub url: String,
    /// The searchable text: title, subject, summary and body as plain text.
    pub content: String,
    /// Shown with each result: `title`, `date` (as displayed), `date_iso`, `kind`.
    pub meta: BTreeMap<String, String>,
    /// `kind`, `year`, `person`, `place`, `topic`, `archive`: what the search page filters on.
    pub filters: BTreeMap<String, Vec<String>>,
    /// `date` (ISO, so that partial dates sort before full dates of the same month).
    pub sort: BTreeMap<String, String>,
}

/// The index entry of a record.
pub fn entry(r: &Record) -> Entry {
    let mut content = r.title.clone();
    // The subject line often repeats the title; index it only when it adds words.
    if let Some(subject) = r.subject.as_deref().filter(|s| *s != r.title) {
        push_sentence(&mut content, subject);
    }
    if let Some(summary) = &r.summary {
        push_sentence(&mut content, summary);
    }
    push_sentence(&mut content, &markdown::to_text(&r.body));

    let mut meta = BTreeMap::new();
    meta.insert("title".to_owned(), r.title.clone());
    let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sort = BTreeMap::new();
    if let Some(date) = &r.date {
        meta.insert("date".to_owned(), date_display(date));
        meta.insert("date_iso".to_owned(), date.to_string());
        filters.insert("year".to_owned(), vec![date.year().to_string()]);
        sort.insert("date".to_owned(), date.to_string());
    }
    if let Some(kind) = &r.kind {
        meta.insert("kind".to_owned(), kind.as_str().to_owned());
        filters.insert("kind".to_owned(), vec![kind.as_str().to_owned()]);
    }
    for (name, values) in [
        ("person", &r.people),
        ("place", &r.places),
        ("topic", &r.topics),
    ] {
        if !values.is_empty() {
            filters.insert(name.to_owned(), values.clone());
        }
    }
    if let Some(archive) = &r.source.archive {
        filters.insert("archive".to_owned(), vec![archive.clone()]);
    }
    Entry {
        url: format!("/{}index.html", document_dir(r.slug())),
        content,
        meta,
        filters,
        sort,
    }
}

/// The values each filter of the search page offers, from the records themselves (so that a
/// filter works even for an index the site does not publish).
#[derive(Debug, Default, Serialize)]
pub struct FilterValues {
    pub years: Vec<String>,
    pub kinds: Vec<String>,
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub topics: Vec<String>,
    pub archives: Vec<String>,
}

impl FilterValues {
    pub fn new(records: &[Record]) -> FilterValues {
        let mut years = BTreeSet::new();
        let mut kinds = BTreeSet::new();
        let mut people = BTreeSet::new();
        let mut places = BTreeSet::new();
        let mut topics = BTreeSet::new();
        let mut archives = BTreeSet::new();
        for r in records {
            years.extend(r.date.map(|d| d.year()));
            kinds.extend(r.kind.as_ref().map(|k| k.as_str()));
            people.extend(r.people.iter().map(String::as_str));
            places.extend(r.places.iter().map(String::as_str));
            topics.extend(r.topics.iter().map(String::as_str));
            archives.extend(r.source.archive.as_deref());
        }
        let strings = |set: BTreeSet<&str>| set.into_iter().map(str::to_owned).collect();
        FilterValues {
            years: years.into_iter().map(|y| y.to_string()).collect(),
            kinds: strings(kinds),
            people: strings(people),
            places: strings(places),
            topics: strings(topics),
            archives: strings(archives),
        }
    }
}

/// Appends a piece of text as its own sentence, so that a phrase search never matches across the
/// join of the title and the summary.
fn push_sentence(content: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !content.is_empty() {
        if !content.ends_with(['.', '!', '?', ':', ';']) {
            content.push('.');
        }
        content.push(' ');
    }
    content.push_str(text);
}

/// The language the whole index is built in: the site's (`en` for `en-GB`). One index for the
/// whole collection, so that a record in Spanish is found from the English search page; accents
/// are folded by Pagefind itself (`Lazaro` finds `Lázaro`).
pub fn language(config: &SiteConfig) -> String {
    let primary = config.language.split(['-', '_']).next().unwrap_or("");
    if primary.is_empty() {
        "en".to_owned()
    } else {
        primary.to_ascii_lowercase()
    }
}

/// Builds the search index of `records`: the files to write under `pagefind/`.
pub fn index(records: &[Record], config: &SiteConfig) -> Result<Vec<OutputFile>, Diagnostic> {
    let entries: Vec<Entry> = records.par_iter().map(entry).collect();
    build_index(entries, &language(config))
}

fn failure(message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        format!("{DIR}/"),
        0,
        0,
        format!("the search index could not be built: {message}"),
    )
}

/// Runs Pagefind over the entries. Its API is async; a small runtime of our own keeps the rest of
/// the build synchronous.
fn build_index(entries: Vec<Entry>, language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(failure)?;
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(failure)?;
        for e in entries {
            let url = e.url.clone();
            index
                .add_custom_record(
                    e.url,
                    e.content,
                    language.to_owned(),
                    Some(e.meta),
                    Some(e.filters),
                    Some(e.sort),
                )
                .await
                .map_err(|err| failure(format!("{url}: {err}")))?;
        }
        index.get_files().await.map_err(failure)
    })?;
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let rel = relative(&f.filename)
            .ok_or_else(|| failure(format!("unexpected file {}", f.filename.display())))?;
        if UNUSED.contains(&rel.as_str()) {
            continue;
        }
        out.push(OutputFile {
            path: format!("{DIR}/{rel}"),
            bytes: f.contents,
            html: false,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// A file's path inside the bundle, with `/` separators. Pagefind names synthetic files relative
/// to its bundle folder; should a version name them under `<working directory>/pagefind/`
/// instead, the part inside is kept.
fn relative(file: &Path) -> Option<String> {
    let rel = if file.is_absolute() {
        let bundle = std::env::current_dir().ok()?.join(DIR);
        file.strip_prefix(bundle).ok()?
    } else {
        file
    };
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            std::path::Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    let rel = parts?.join("/");
    (!rel.is_empty()).then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Kind, PartialDate};

    fn record() -> Record {
        Record {
            slug: Some("1962-11-28-cable".into()),
            title: "Cable from Havana".into(),
            subject: Some("Base inspections".into()),
            date: PartialDate::ymd(1962, 11, 28).ok(),
            kind: Some(Kind::Cable),
            summary: Some("Castro refuses inspections".into()),
            people: vec!["Fidel Castro".into(), "Carlos Lázaro".into()],
            places: vec!["Cuba".into()],
            topics: vec!["Missile crisis".into()],
            body: "1. The *ambassador* met [Blas] Roca.\n\n2. No inspections.".into(),
            ..Record::default()
        }
    }

    #[test]
    fn content_is_title_subject_summary_and_body_text() {
        let e = entry(&record());
        assert_eq!(
            e.content,
            "Cable from Havana. Base inspections. Castro refuses inspections. \
             The ambassador met [Blas] Roca. No inspections."
        );
        assert_eq!(e.url, "/documents/1962-11-28-cable/index.html");
    }

    #[test]
    fn a_subject_equal_to_the_title_is_not_repeated() {
        let mut r = record();
        r.subject = Some(r.title.clone());
        r.summary = None;
        r.body = String::new();
        assert_eq!(entry(&r).content, "Cable from Havana");
    }

    #[test]
    fn metadata_and_filters() {
        let mut r = record();
        r.source.archive = Some("Diplomatic Archives of the Ministry".into());
        let e = entry(&r);
        assert_eq!(e.meta["title"], "Cable from Havana");
        assert_eq!(e.meta["date"], "November 28, 1962");
        assert_eq!(e.meta["date_iso"], "1962-11-28");
        assert_eq!(e.meta["kind"], "cable");
        assert_eq!(e.filters["year"], ["1962"]);
        assert_eq!(e.filters["kind"], ["cable"]);
        assert_eq!(e.filters["person"], ["Fidel Castro", "Carlos Lázaro"]);
        assert_eq!(e.filters["place"], ["Cuba"]);
        assert_eq!(e.filters["topic"], ["Missile crisis"]);
        assert_eq!(
            e.filters["archive"],
            ["Diplomatic Archives of the Ministry"]
        );
    }

    #[test]
    fn sort_by_date_puts_partial_dates_first_within_their_period() {
        let dated = |d: Option<PartialDate>| {
            let mut r = record();
            r.date = d;
            entry(&r).sort.get("date").cloned()
        };
        let month = dated(PartialDate::ym(1962, 11).ok());
        let day = dated(PartialDate::ymd(1962, 11, 2).ok());
        let next_year = dated(PartialDate::y(1963).ok());
        assert_eq!(month.as_deref(), Some("1962-11"));
        assert!(
            month < day && day < next_year,
            "{month:?} {day:?} {next_year:?}"
        );
    }

    #[test]
    fn an_undated_record_without_kind_has_no_date_filters_or_sort() {
        let mut r = record();
        r.date = None;
        r.kind = None;
        r.people.clear();
        let e = entry(&r);
        assert!(!e.meta.contains_key("date"));
        assert!(!e.filters.contains_key("year"));
        assert!(!e.filters.contains_key("kind"));
        assert!(!e.filters.contains_key("person"));
        assert!(e.sort.is_empty());
    }

    #[test]
    fn filter_values_are_sorted_and_distinct() {
        let mut other = record();
        other.date = PartialDate::y(1961).ok();
        other.kind = Some(Kind::Memorandum);
        other.people = vec!["Anastas Mikoyan".into(), "Fidel Castro".into()];
        let v = FilterValues::new(&[record(), other, Record::default()]);
        assert_eq!(v.years, ["1961", "1962"]);
        assert_eq!(v.kinds, ["cable", "memorandum"]);
        assert_eq!(
            v.people,
            ["Anastas Mikoyan", "Carlos Lázaro", "Fidel Castro"]
        );
        assert!(v.archives.is_empty());
    }

    #[test]
    fn the_index_language_is_the_sites_primary_language() {
        let mut config = SiteConfig::parse("title = \"T\"\nlanguage = \"en-GB\"").expect("config");
        assert_eq!(language(&config), "en");
        config.language = "ES".into();
        assert_eq!(language(&config), "es");
        config.language = String::new();
        assert_eq!(language(&config), "en");
    }

    #[test]
    fn the_index_is_chunked_files_under_pagefind() {
        let config = SiteConfig::parse("title = \"T\"").expect("config");
        let files = index(&[record()], &config).expect("index");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js"), "{paths:?}");
        assert!(paths.contains(&"pagefind/pagefind-entry.json"), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/index/")));
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")));
        assert!(paths.iter().any(|p| p.starts_with("pagefind/filter/")));
        assert!(!paths.contains(&"pagefind/pagefind-ui.js"), "{paths:?}");
    }
}
