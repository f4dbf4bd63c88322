//! The model: everything a site is made from, loaded once — the settings (`site.toml`, the
//! gazetteer, the theme, `pages/`), the collection without its texts, the catalogue and the
//! packets — with the routes the collection has. `build` renders every route of it; `check`
//! renders them for their links; `serve` keeps it, updates it file by file, and renders a route
//! when it is asked for.
//!
//! Uses the stages below the site (collection, catalogue, packets, gazetteer, config, prose), the
//! theme and the route table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::route::{CitationFile, DataFile, Route, Span, RESERVED};
use super::theme::Theme;
use crate::catalogue::{Catalogue, Term};
use crate::collection::{Collection, LoadOptions, Shelf};
use crate::config::{IndexKind, SiteConfig};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::figures::chart::Tally;
use crate::gazetteer::Gazetteer;
use crate::packets::{self, Packet};
use crate::prose::{self, ProsePage};
use crate::record::Record;

/// Past this many documents, a collection is published lighter, so that one of 50,000 stays
/// under GitHub Pages' 1 GB: the data downloads are all gzipped, and the citation downloads of
/// each document are left to the collection's bibliographies (the page's embedded metadata still
/// lets Zotero save each document).
pub const LARGE_COLLECTION: usize = 5_000;

/// Correspondents on one page of the correspondence index (which lists them by volume, each with
/// the correspondents it wrote to or heard from).
pub const CORRESPONDENTS_PER_PAGE: usize = 200;
/// In a large collection, a correspondent of this many documents or fewer has no page of its
/// own: the index lists their documents under their name. Most correspondents of a large
/// archive write a handful of times, and their pages would be mostly the site's frame (10,000
/// pages and 31 MB of a 50,000-document collection).
pub const CORRESPONDENT_INLINE_MAX: usize = 5;

/// The site's settings: everything but the collection.
#[derive(Clone)]
pub struct Settings {
    pub config: SiteConfig,
    pub gazetteer: Gazetteer,
    pub theme: Theme,
    pub prose: Vec<ProsePage>,
}

impl Settings {
    /// Reads the settings of the site at `root`; `base_url` overrides that of `site.toml`.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Settings, Error> {
        Settings::load_with(root, base_url, Gazetteer::load(root)?)
    }

    /// The same with a gazetteer already read.
    pub fn load_with(
        root: &Path,
        base_url: Option<&str>,
        gazetteer: Gazetteer,
    ) -> Result<Settings, Error> {
        let mut config = SiteConfig::load(root)?;
        if let Some(url) = base_url {
            SiteConfig::check_base_url(url)
                .map_err(|message| Diagnostic::error("--base-url", message))?;
            config.base_url = Some(url.to_owned());
        }
        let theme = Theme::load(root, &config.theme)?;
        let prose = prose::load(root, RESERVED)?;
        Ok(Settings {
            config,
            gazetteer,
            theme,
            prose,
        })
    }
}

pub struct Model {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub gazetteer: Gazetteer,
    pub theme: Theme,
    /// The content files as read (for `serve`, which reads again only what changed).
    shelf: Shelf,
    /// In time order, without their bodies (see [`Bodies`]); shared with the shelf.
    pub records: Vec<Arc<Record>>,
    /// Each record's file, in the order of `records`.
    pub sources: Vec<String>,
    pub catalogue: Catalogue,
    /// The handout packets of `site.toml`, their documents found.
    pub packets: Vec<Packet>,
    /// The site's own pages (`pages/*.md`).
    pub prose: Vec<ProsePage>,
    pub warnings: Vec<Diagnostic>,
    /// Every record's position, in order: the timeline's list.
    all: Vec<usize>,
    /// Whether each record's handout is a page of its own (see [`packets::own_handout`]).
    own_handouts: Vec<bool>,
    /// The correspondence index's terms by volume (most documents first, then by name), and
    /// each term's place in that order.
    by_volume: Vec<usize>,
    volume_rank: Vec<usize>,
    /// The page of its year where each month's documents begin.
    month_pages: HashMap<(i16, i8), usize>,
    /// The collection's documents counted by month (or year, over a long span), for the
    /// timeline's chart; a term's chart counts over the same periods.
    pub tally: Tally,
    /// Slugs to positions, to find what a route names.
    slugs: Slugs,
}

#[derive(Default)]
struct Slugs {
    records: Lookup,
    packets: Lookup,
    prose: Lookup,
    /// Each index's terms by slug, and by name (for the links of a record, which names its
    /// terms).
    terms: HashMap<IndexKind, (Lookup, Lookup)>,
}

/// Positions sorted by a key their items hold (a slug, a name): an item is found by its key
/// without a second copy of every key, which `serve` would make again on every save.
#[derive(Default)]
struct Lookup(Vec<u32>);

impl Lookup {
    fn new<'a>(n: usize, key: impl Fn(usize) -> &'a str) -> Lookup {
        let mut order: Vec<u32> = (0..n).map(|i| i as u32).collect();
        order.sort_unstable_by(|&a, &b| key(a as usize).cmp(key(b as usize)));
        Lookup(order)
    }

    fn find<'a>(&self, wanted: &str, key: impl Fn(usize) -> &'a str) -> Option<usize> {
        let k = self
            .0
            .binary_search_by(|&i| key(i as usize).cmp(wanted))
            .ok()?;
        Some(self.0[k] as usize)
    }
}

impl Model {
    /// Reads the site at `root` for one build; `base_url` overrides that of `site.toml`.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Model, Error> {
        Model::read(root, base_url, false)
    }

    /// Reads the site at `root` and keeps what it read, so that [`Model::update`] reads again
    /// only what changed.
    pub fn load_to_update(root: &Path, base_url: Option<&str>) -> Result<Model, Error> {
        Model::read(root, base_url, true)
    }

    fn read(root: &Path, base_url: Option<&str>, keep: bool) -> Result<Model, Error> {
        let settings = Settings::load(root, base_url)?;
        let options = load_options(root, &settings.gazetteer);
        let shelf = Shelf::read(&options);
        let (collection, shelf) = if keep {
            (shelf.collection(&options), shelf)
        } else {
            (shelf.into_collection(&options), Shelf::default())
        };
        Model::new(root, settings, collection, shelf)
    }

    /// The model after a change to these files (relative to the root): content files are read
    /// again one by one; a change to anything else reads the site again.
    pub fn update(&self, changed: &[String]) -> Result<Model, Error> {
        let only_content = changed.iter().all(|p| p.starts_with("content/"));
        if !only_content {
            let base_url = self.config.base_url.clone();
            let mut fresh = Model::load_to_update(&self.root, None)?;
            // A `--base-url` given to the first load still stands in for site.toml's.
            if base_url != fresh.config.base_url && base_url.is_some() {
                fresh.config.base_url = base_url;
            }
            return Ok(fresh);
        }
        // Cheap: the shelf's files are shared.
        let mut shelf = self.shelf.clone();
        let options = load_options(&self.root, &self.gazetteer);
        shelf.reread(&options, changed);
        let settings = Settings {
            config: self.config.clone(),
            gazetteer: self.gazetteer.clone(),
            theme: self.theme.clone(),
            prose: self.prose.clone(),
        };
        let collection = shelf.collection(&options);
        Model::new(&self.root, settings, collection, shelf)
    }

    /// The model of a collection already loaded (with the settings' gazetteer); its errors stop
    /// it, its warnings are kept. `shelf` is what `update` reads again from (or empty).
    pub fn new(
        root: &Path,
        settings: Settings,
        collection: Collection,
        shelf: Shelf,
    ) -> Result<Model, Error> {
        if collection.errors() > 0 {
            let mut diagnostics = collection.diagnostics;
            diagnostics.sort_by(|a, b| {
                (a.severity, &a.file, a.position).cmp(&(b.severity, &b.file, b.position))
            });
            return Err(Error::Content(diagnostics));
        }
        let Settings {
            config,
            gazetteer,
            theme,
            prose,
        } = settings;
        let warnings = collection
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let packets = packets::packets(&config.handouts, &collection.records)?;
        let catalogue = Catalogue::new(&collection.records, &config.indexes, &gazetteer);
        let records = &collection.records;
        let mut slugs = Slugs {
            records: Lookup::new(records.len(), |i| records[i].slug()),
            packets: Lookup::new(packets.len(), |i| &packets[i].slug),
            prose: Lookup::new(prose.len(), |i| &prose[i].slug),
            terms: HashMap::new(),
        };
        for kind in &config.indexes {
            let terms = catalogue.terms(*kind);
            let by_slug = Lookup::new(terms.len(), |i| &terms[i].slug);
            let by_name = Lookup::new(terms.len(), |i| &terms[i].name);
            slugs.terms.insert(*kind, (by_slug, by_name));
        }
        let own_handouts = collection
            .records
            .iter()
            .map(|r| packets::own_handout(r, &gazetteer, &config.handouts))
            .collect();
        let correspondents = catalogue.terms(IndexKind::Correspondence);
        let mut by_volume: Vec<usize> = (0..correspondents.len()).collect();
        // Terms are in name order already: a stable sort keeps it among equals.
        by_volume.sort_by_key(|&t| std::cmp::Reverse(correspondents[t].records.len()));
        let mut volume_rank = vec![0; by_volume.len()];
        for (rank, &t) in by_volume.iter().enumerate() {
            volume_rank[t] = rank;
        }
        let mut month_pages = HashMap::new();
        for (year, positions) in &catalogue.years {
            for (k, &i) in positions.iter().enumerate() {
                if let Some(month) = collection.records[i].date.and_then(|d| d.month()) {
                    month_pages
                        .entry((*year, month))
                        .or_insert(k / config.page_size + 1);
                }
            }
        }
        let tally = Tally::new(collection.records.iter().map(|r| chart_date(r)));
        Ok(Model {
            root: root.to_path_buf(),
            tally,
            all: (0..collection.records.len()).collect(),
            own_handouts,
            by_volume,
            volume_rank,
            month_pages,
            packets,
            prose,
            catalogue,
            config,
            gazetteer,
            theme,
            shelf,
            records: collection.records,
            sources: collection.sources,
            warnings,
            slugs,
        })
    }

    pub fn bodies(&self) -> Bodies<'_> {
        Bodies {
            root: &self.root,
            sources: &self.sources,
        }
    }

    /// The position of the record with this slug.
    pub fn record(&self, slug: &str) -> Option<usize> {
        self.slugs.records.find(slug, |i| self.records[i].slug())
    }

    /// The term of an index with this slug.
    pub fn term(&self, kind: IndexKind, slug: &str) -> Option<&Term> {
        self.term_position(kind, slug)
            .map(|i| &self.catalogue.terms(kind)[i])
    }

    /// The position of a term among its index's terms (as [`Catalogue::terms`] has them).
    pub fn term_position(&self, kind: IndexKind, slug: &str) -> Option<usize> {
        let terms = self.catalogue.terms(kind);
        let (by_slug, _) = self.slugs.terms.get(&kind)?;
        by_slug.find(slug, |i| &terms[i].slug)
    }

    /// The correspondents, most documents first.
    pub fn correspondents_by_volume(&self) -> impl Iterator<Item = &Term> {
        let terms = self.catalogue.terms(IndexKind::Correspondence);
        self.by_volume.iter().map(move |&t| &terms[t])
    }

    /// The page of a year of the timeline where a month's documents begin.
    pub fn month_page(&self, year: i16, month: i8) -> Option<usize> {
        self.month_pages.get(&(year, month)).copied()
    }

    /// How many pages an index takes.
    pub fn index_pages(&self, kind: IndexKind) -> usize {
        match kind {
            IndexKind::Correspondence => self.by_volume.len().div_ceil(CORRESPONDENTS_PER_PAGE),
            _ => 1,
        }
        .max(1)
    }

    /// The page of its index that lists the term at `position`.
    pub fn index_page_of(&self, kind: IndexKind, position: usize) -> usize {
        match kind {
            IndexKind::Correspondence => {
                let rank = self.volume_rank.get(position).copied().unwrap_or(0);
                rank / CORRESPONDENTS_PER_PAGE + 1
            }
            _ => 1,
        }
    }

    /// The places of the collection that the gazetteer locates, with their terms.
    pub fn located_places(&self) -> impl Iterator<Item = (&Term, crate::gazetteer::Coordinates)> {
        self.catalogue
            .terms(IndexKind::Places)
            .iter()
            .filter_map(|t| {
                let place = self.gazetteer.places.lookup(&t.name)?;
                Some((t, place.coordinates?))
            })
    }

    /// The term of an index with this name.
    pub fn term_named(&self, kind: IndexKind, name: &str) -> Option<&Term> {
        let terms = self.catalogue.terms(kind);
        let (_, by_name) = self.slugs.terms.get(&kind)?;
        by_name.find(name, |i| &terms[i].name).map(|i| &terms[i])
    }

    pub fn packet(&self, slug: &str) -> Option<usize> {
        self.slugs.packets.find(slug, |i| &self.packets[i].slug)
    }

    /// Whether the collection is large (see [`LARGE_COLLECTION`]).
    pub fn large(&self) -> bool {
        self.records.len() > LARGE_COLLECTION
    }

    /// Whether a term has a page of its own. A term of one document is that document: the
    /// index links it there. In a large collection a correspondent of a few documents is
    /// listed with them in the index (see [`CORRESPONDENT_INLINE_MAX`]).
    pub fn has_page(&self, kind: IndexKind, term: &Term) -> bool {
        let most_inline = match kind {
            IndexKind::Correspondence if self.large() => CORRESPONDENT_INLINE_MAX,
            _ => 1,
        };
        term.records.len() > most_inline
    }

    /// The route of a `/data/` download, gzipped or not as the collection's size has it.
    pub fn data_file(&self, file: DataFile) -> Route<'static> {
        Route::DataFile(file, file.gzipped(self.large()))
    }

    /// Whether record `i` has a handout page of its own; else its document page is its handout.
    pub fn own_handout(&self, i: usize) -> bool {
        self.own_handouts.get(i).copied().unwrap_or(false)
    }

    /// The page a record's handout is: its own, or the document page (which prints as one).
    pub fn handout<'a>(&self, r: &'a Record, i: usize) -> Route<'a> {
        if self.own_handout(i) {
            Route::Handout(r.slug())
        } else {
            Route::Document(r.slug())
        }
    }

    /// The position of the page of `pages/` with this slug.
    pub fn page(&self, slug: &str) -> Option<usize> {
        self.slugs.prose.find(slug, |i| &self.prose[i].slug)
    }

    /// The records of a span of the timeline, or `None` when the collection has no such span.
    pub fn span(&self, span: Span) -> Option<&[usize]> {
        match span {
            Span::All => Some(&self.all),
            Span::Undated => {
                (!self.catalogue.undated.is_empty()).then_some(&self.catalogue.undated[..])
            }
            Span::Year(year) => self
                .catalogue
                .years
                .iter()
                .find(|(y, _)| *y == year)
                .map(|(_, positions)| &positions[..]),
        }
    }

    /// How many pages a list of `n` records takes.
    pub fn pages(&self, n: usize) -> usize {
        n.div_ceil(self.config.page_size).max(1)
    }

    /// Whether the site has this route (PDFs only when it prints them).
    pub fn has(&self, route: &Route, pdf: bool) -> bool {
        let in_list = |n: usize, page: usize| page >= 1 && page <= self.pages(n);
        match *route {
            // `/timeline/` is one page: the overview of the years'.
            Route::Timeline(Span::All, page) => page == 1,
            Route::Timeline(span, page) => self.span(span).is_some_and(|p| in_list(p.len(), page)),
            Route::Index(kind, page) => {
                self.config.indexes.contains(&kind) && page >= 1 && page <= self.index_pages(kind)
            }
            Route::Map => {
                self.config.indexes.contains(&IndexKind::Places)
                    && self.located_places().next().is_some()
            }
            Route::Term(kind, slug, page) => self
                .term(kind, slug)
                .is_some_and(|t| self.has_page(kind, t) && in_list(t.records.len(), page)),
            Route::Document(slug) => self.record(slug).is_some(),
            Route::Citation(slug, _) => !self.large() && self.record(slug).is_some(),
            Route::Handout(slug) => self.record(slug).is_some_and(|i| self.own_handout(i)),
            Route::HandoutPdf(slug) => pdf && self.record(slug).is_some(),
            Route::Packet(slug) => self.packet(slug).is_some(),
            Route::PacketPdf(slug) => pdf && self.packet(slug).is_some(),
            Route::Page(slug) => self.page(slug).is_some(),
            Route::Asset(name) => self.theme.assets.contains_key(name),
            Route::Feed | Route::Sitemap => self.config.base_url().is_some(),
            Route::Cname => self.config.domain.is_some(),
            Route::DataFile(file, gz) => gz == file.gzipped(self.large()),
            Route::Home
            | Route::Handouts
            | Route::Data
            | Route::Search
            | Route::SearchIndex
            | Route::Robots
            | Route::NoJekyll
            | Route::NotFound => true,
        }
    }

    /// Every route of the site, pages first (PDFs only when it prints them).
    pub fn routes(&self, pdf: bool) -> Vec<Route<'_>> {
        let mut routes = vec![Route::Home];
        let paged = |n: usize| 1..=self.pages(n);
        routes.push(Route::Timeline(Span::All, 1));
        for (year, positions) in &self.catalogue.years {
            let span = Span::Year(*year);
            routes.extend(paged(positions.len()).map(|p| Route::Timeline(span, p)));
        }
        if !self.catalogue.undated.is_empty() {
            let undated = paged(self.catalogue.undated.len());
            routes.extend(undated.map(|p| Route::Timeline(Span::Undated, p)));
        }
        for &kind in &self.config.indexes {
            routes.extend((1..=self.index_pages(kind)).map(|p| Route::Index(kind, p)));
            for t in self
                .catalogue
                .terms(kind)
                .iter()
                .filter(|t| self.has_page(kind, t))
            {
                routes.extend(paged(t.records.len()).map(|p| Route::Term(kind, &t.slug, p)));
            }
        }
        for r in &self.records {
            routes.push(Route::Document(r.slug()));
            routes.extend(CitationFile::ALL.map(|f| Route::Citation(r.slug(), f)));
        }
        for (i, r) in self.records.iter().enumerate() {
            if self.own_handout(i) {
                routes.push(Route::Handout(r.slug()));
            }
        }
        routes.push(Route::Handouts);
        routes.extend(self.packets.iter().map(|p| Route::Packet(&p.slug)));
        routes.extend(self.prose.iter().map(|p| Route::Page(&p.slug)));
        routes.extend([Route::Map, Route::Data, Route::Search, Route::NotFound]);
        routes.extend(DataFile::ALL.map(|f| self.data_file(f)));
        routes.extend([
            Route::Feed,
            Route::Sitemap,
            Route::Robots,
            Route::NoJekyll,
            Route::Cname,
            Route::SearchIndex,
        ]);
        routes.extend(self.theme.assets.keys().map(|name| Route::Asset(name)));
        if pdf {
            routes.extend(self.records.iter().map(|r| Route::HandoutPdf(r.slug())));
            routes.extend(self.packets.iter().map(|p| Route::PacketPdf(&p.slug)));
        }
        routes.retain(|r| self.has(r, pdf));
        routes
    }
}

/// The records' texts, read from their files when a page needs one: a collection's bodies are
/// most of its size, and a build holds its records without them.
pub struct Bodies<'a> {
    root: &'a Path,
    /// Each record's file, in the order of the records.
    sources: &'a [String],
}

impl Bodies<'_> {
    /// The body of record `i`.
    pub fn get(&self, i: usize) -> Result<String, Diagnostic> {
        let source = self.sources.get(i).map(String::as_str).unwrap_or_default();
        crate::collection::read_body(self.root, source)
    }

    /// The file record `i` was read from (relative to the root).
    pub fn source(&self, i: usize) -> &str {
        self.sources.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// A record's date as the timeline's chart counts it.
pub fn chart_date(r: &Record) -> Option<(i32, Option<u8>)> {
    let d = r.date?;
    Some((
        i32::from(d.year()),
        d.month().and_then(|m| u8::try_from(m).ok()),
    ))
}

/// Records are tagged from their text as they are read, then kept without it (see [`Bodies`]).
pub fn load_options<'a>(root: &Path, gazetteer: &'a Gazetteer) -> LoadOptions<'a> {
    LoadOptions {
        gazetteer: Some(gazetteer),
        ..LoadOptions::new(root)
    }
}
