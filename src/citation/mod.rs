//! Citations of one record: Chicago, MLA and APA as HTML fragments (rendered by hayagriva from its
//! bundled CSL styles), and BibTeX, RIS and CSL-JSON exports for reference managers.
//!
//! Every format describes the record as an archival manuscript: author = sender(s), title as the
//! archive gives it, the document's own date (partial dates stay partial), the collection, the
//! holding archive and its city, the translator, and the URL (the archive's own page when known,
//! else our page), the fields Zotero and citeproc-js read from embedded metadata and exports;
//! the choices below follow what those consumers read.
//!
//! Uses only the record (and `markup` for escaping): a citation needs nothing but a `Record`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::{
    DateVariable, Kind as CslKind, NameVariable, NumberVariable, StandardVariable, Variable,
};
use hayagriva::citationberg::{
    Choose, ChooseBranch, ChooseMatch, ElseBranch, FontStyle, FontVariant, FontWeight,
    IndependentStyle, LayoutRenderingElement, Locale, NamesChild, SortKey, Style, TestPosition,
    TextDecoration, TextTarget, VerticalAlign,
};
use hayagriva::types::{
    Date, EntryType, FormatString, Person, PersonRole, PersonsWithRoles, Publisher, QualifiedUrl,
    StringChunk,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, ElemMeta, Entry, Formatting,
};
use serde_json::{json, Map, Value};

use crate::record::{make_slug, Kind, PartialDate, Party, Record};

/// Generated citations of one record, as HTML fragments (italics as `<i>`), ready to insert as-is
/// (all text from the record HTML-escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styled {
    pub chicago: String,
    pub mla: String,
    pub apa: String,
}

/// The three CSL styles and the en-US locale, parsed once (parsing the bundled styles costs far
/// more than formatting one record), and copies trimmed for our entries, made on first use.
pub struct Styles {
    /// Chicago, MLA, APA as bundled, in the order of [`USED`].
    bundled: [IndependentStyle; 3],
    /// Off only to test that trimming changes no output.
    specialize: bool,
    /// Off only to test that patterns change no output.
    reuse: bool,
    trimmed: Mutex<HashMap<(usize, Shape), Arc<IndependentStyle>>>,
    /// Renderings reused across records, by style and probe (see [`pattern`]).
    patterns: Mutex<HashMap<(usize, Fields), Arc<Pattern>>>,
    locales: Vec<Locale>,
}

/// The styles used, the form each is rendered in, and the flavor of entry each gets.
const USED: [(ArchivedStyle, Form, Flavor); 3] = [
    // A single archival document is cited in a note in Chicago (CMOS 14.232: "Burton to
    // Merriam, telegram, January 26, 1923, ..."); its bibliographies list whole collections.
    (ArchivedStyle::ChicagoNotes, Form::Note, Flavor::Chicago),
    (
        ArchivedStyle::ModernLanguageAssociation,
        Form::Bibliography,
        Flavor::Mla,
    ),
    (
        ArchivedStyle::AmericanPsychologicalAssociation,
        Form::Bibliography,
        Flavor::Apa,
    ),
];

static STYLES: LazyLock<Styles> = LazyLock::new(Styles::new);

/// `cite` with its links to `url` written as the address alone.
fn unlink(cite: &str, url: &str) -> String {
    let mut escaped = String::new();
    crate::markup::escape_markup(&mut escaped, url);
    cite.replace(&format!("<a href=\"{escaped}\">{escaped}</a>"), &escaped)
}

/// The Chicago (full note form) citation of `record` alone: a large collection's pages give
/// only this one (see `site::model::LARGE_COLLECTION`).
pub fn chicago(record: &Record, page_url: Option<&str>) -> String {
    STYLES.one(0, record, page_url)
}

/// Chicago (full note form), MLA and APA citations of `record`, with the styles prepared once per
/// process. `page_url`: the absolute URL of the record's page on our site, if the site has one.
pub fn styled(record: &Record, page_url: Option<&str>) -> Styled {
    STYLES.styled(record, page_url)
}

impl Default for Styles {
    fn default() -> Self {
        Self::new()
    }
}

impl Styles {
    /// Parses the bundled Chicago notes-bibliography (18th ed.), MLA (9th ed.) and APA (7th ed.)
    /// styles and the en-US locale.
    pub fn new() -> Styles {
        Styles::load(true, true)
    }

    /// Styles that render every citation in full, to check [`Styles::new`] against.
    pub fn without_patterns() -> Styles {
        Styles::load(true, false)
    }

    fn load(specialize: bool, reuse: bool) -> Styles {
        let en_us = |l: &Locale| l.lang.as_ref().is_some_and(|c| c.0 == "en-US");
        Styles {
            bundled: USED.map(|(style, _, _)| independent(style)),
            specialize,
            reuse,
            trimmed: Mutex::new(HashMap::new()),
            patterns: Mutex::new(HashMap::new()),
            locales: hayagriva::archive::locales()
                .into_iter()
                .filter(en_us)
                .collect(),
        }
    }

    /// See [`styled`].
    pub fn styled(&self, record: &Record, page_url: Option<&str>) -> Styled {
        let [chicago, mla, apa] = [0, 1, 2].map(|i| self.one(i, record, page_url));
        Styled { chicago, mla, apa }
    }

    /// The citation in style `i` of [`USED`].
    fn one(&self, i: usize, record: &Record, page_url: Option<&str>) -> String {
        let url = cited_url(record, page_url);
        let fields = Fields::new(record, url, USED[i].2);
        let cite = self.cite(i, &fields, &record_key(record));
        // On the page it cites, a link to that page leads nowhere new: its address is text.
        match (url, page_url) {
            (Some(url), Some(page)) if url == page => unlink(&cite, url),
            _ => cite,
        }
    }

    /// Style `i`'s citation of these fields, from a pattern when one fits.
    fn cite(&self, i: usize, fields: &Fields, key: &str) -> String {
        let Some(probe) = Probe::new(fields).filter(|_| self.reuse) else {
            return self.cite_in_full(i, fields, key);
        };
        let pattern_key = (i, probe.fields.clone());
        // A panic elsewhere cannot leave the map half-written: take it even if poisoned.
        let known = self
            .patterns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&pattern_key)
            .cloned();
        if let Some(pattern) = known {
            return match &*pattern {
                Pattern::Fill(pieces) => probe.fill(pieces),
                Pattern::Full => self.cite_in_full(i, fields, key),
            };
        }
        let full = self.cite_in_full(i, fields, key);
        let pieces = probe.pattern(&self.cite_in_full(i, &probe.fields, key));
        let pattern = if probe.fill(&pieces) == full {
            Pattern::Fill(pieces)
        } else {
            Pattern::Full
        };
        self.patterns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pattern_key, Arc::new(pattern));
        full
    }

    /// Style `i`'s citation of these fields, rendered by hayagriva.
    fn cite_in_full(&self, i: usize, fields: &Fields, key: &str) -> String {
        let (_, form, flavor) = USED[i];
        let (entry, shape) = entry(fields, key);
        let apa_date = if flavor == Flavor::Apa {
            fields.date.as_ref()
        } else {
            None
        };
        match self.style(i, shape) {
            Some(style) => self.render(&entry, &style, form, apa_date),
            None => self.render(&entry, &self.bundled[i], form, apa_date),
        }
    }

    /// Style `i` trimmed for entries of this shape, made on first use.
    fn style(&self, i: usize, shape: Shape) -> Option<Arc<IndependentStyle>> {
        if !self.specialize {
            return None;
        }
        // A panic elsewhere cannot leave the map half-written: take it even if poisoned.
        let mut trimmed = self.trimmed.lock().unwrap_or_else(|e| e.into_inner());
        let style = trimmed.entry((i, shape)).or_insert_with(|| {
            let mut style = self.bundled[i].clone();
            specialize(&mut style, USED[i].1, shape);
            Arc::new(style)
        });
        Some(Arc::clone(style))
    }

    /// One rendering of one entry. `apa_date`: the full date that replaces APA's year-only date.
    fn render(
        &self,
        entry: &Entry,
        style: &IndependentStyle,
        form: Form,
        apa_date: Option<&PartialDate>,
    ) -> String {
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            style,
            &self.locales,
        ));
        // (`standalone_citation` would render a subsequent, shortened note.)
        let rendered = driver.finish(BibliographyRequest::new(style, None, &self.locales));
        let mut children = match form {
            Form::Note => rendered.citations.into_iter().next().map(|c| c.citation),
            Form::Bibliography => rendered
                .bibliography
                .and_then(|b| b.items.into_iter().next())
                .map(|item| item.content),
        }
        .unwrap_or_default();
        if let Some(date) = apa_date {
            apa_full_date(&mut children, date);
        }
        html(&children)
    }
}

fn independent(style: ArchivedStyle) -> IndependentStyle {
    match style.get() {
        Style::Independent(style) => style,
        Style::Dependent(_) => panic!("bundled style {style:?} is an independent CSL style"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Note,
    Bibliography,
}

/// The styles place the online archive (`source.publisher`) differently: Chicago and APA as the
/// publisher, MLA 9 as an italic second container ("database") before the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Flavor {
    Chicago,
    Mla,
    Apa,
}

//
// hayagriva interprets a style afresh on every call: each `cs:choose` test is re-evaluated (a
// `type` test builds and drops several selectors) every time an element asks whether its
// subtree will print. With Chicago's 5,000-line style that cost 2 ms a record. Our entries are
// all first citations of one manuscript with a few variables, so a style is trimmed once for
// each combination of variables present (a "shape"; a collection has a handful): every test it
// decides is removed and the branches ruled out dropped. A test checks that the output is
// exactly that of the untouched styles.

mod entry;
mod exports;
mod html;
mod names;
mod pattern;
#[cfg(test)]
mod tests;
mod trim;

use entry::*;
use html::*;
use names::*;
use pattern::*;
use trim::*;

pub use exports::{bibtex, csl_json, ris};

/// A sender as a name list wants it: `Rusk, Dean` for a person (`de Gaulle, Charles`), an office
/// whole (`Ministry of Foreign Affairs, Rome`). `None` when the party names nobody.
pub fn sort_name(party: &Party) -> Option<String> {
    // RIS writes names the same way.
    party_name(party).map(|name| exports::ris_name(&name))
}

/// Whether a party's name is an office or institution rather than a person.
pub fn is_institution(party: &Party) -> bool {
    matches!(party_name(party), Some(Name::Literal(_)))
}

/// The archive's own page when known, else ours.
fn cited_url<'a>(record: &'a Record, page_url: Option<&'a str>) -> Option<&'a str> {
    record.source.url.as_deref().or(page_url)
}

/// The record's id, as `Record::fill_identity` would derive it when it has not run.
fn record_key(record: &Record) -> String {
    record
        .id
        .clone()
        .or_else(|| record.source.record_id.clone())
        .or_else(|| record.slug.clone())
        .unwrap_or_else(|| make_slug(record.date.as_ref(), &record.title))
}
