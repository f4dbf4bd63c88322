//! The site's addresses: every page and file a site can have is a [`Route`], with its path inside
//! the site ([`Route::path`]) and its parse back from one ([`Route::parse`]). This is the one
//! place that spells a URL: pages link to routes, `build` writes the routes of a collection,
//! `serve` parses a request into a route and renders it, `check` walks the same routes.
//!
//! Uses only the index kinds of `config`: routes name records, terms, packets and pages by their
//! slugs, and the model says which of them a collection has (`Model::routes`, `Model::has`).

use crate::config::IndexKind;

/// Where `search.js` finds the search index (its entry file is `meta.json`), beside the search
/// page (`search/index.html`).
const SEARCH_INDEX: &str = "search/";

/// A span of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    All,
    Year(i16),
    Undated,
}

/// The citation downloads beside each document page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitationFile {
    Bibtex,
    Ris,
    CslJson,
}

impl CitationFile {
    pub const ALL: [CitationFile; 3] = [
        CitationFile::Bibtex,
        CitationFile::Ris,
        CitationFile::CslJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CitationFile::Bibtex => "cite.bib",
            CitationFile::Ris => "cite.ris",
            CitationFile::CslJson => "cite.json",
        }
    }
}

/// The downloads of `/data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataFile {
    Records,
    RecordsCsv,
    Bibtex,
    Ris,
    CslJson,
    Package,
}

impl DataFile {
    pub const ALL: [DataFile; 6] = [
        DataFile::Records,
        DataFile::RecordsCsv,
        DataFile::Bibtex,
        DataFile::Ris,
        DataFile::CslJson,
        DataFile::Package,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DataFile::Records => "records.json",
            DataFile::RecordsCsv => "records.csv",
            DataFile::Bibtex => "bibliography.bib",
            DataFile::Ris => "bibliography.ris",
            DataFile::CslJson => "bibliography.json",
            DataFile::Package => "datapackage.json",
        }
    }

    /// Whether the download is gzipped (`.gz`): the records with their texts always (they are
    /// most of a site's bytes, and compress to a third); in a `large` collection the rest too but
    /// the package description (reference managers import bibliographies unzipped, but one of
    /// more than 5,000 entries is for scripts; a spreadsheet opens a table that size slowly anyway).
    pub fn gzipped(self, large: bool) -> bool {
        match self {
            DataFile::Records => true,
            DataFile::Package => false,
            DataFile::Bibtex | DataFile::Ris | DataFile::CslJson | DataFile::RecordsCsv => large,
        }
    }

    /// What the file holds, as the data page says it.
    pub fn description(self) -> &'static str {
        match self {
            DataFile::Records => {
                "every record with its text, in the JSON form of the record schema"
            }
            DataFile::RecordsCsv => "one row per record: the main fields, for spreadsheets",
            DataFile::Bibtex => "BibTeX, one @unpublished entry per record",
            DataFile::Ris => "RIS, for Zotero, EndNote and other reference managers",
            DataFile::CslJson => "CSL-JSON, for citeproc and Zotero",
            DataFile::Package => "a Frictionless data package describing these files",
        }
    }
}

/// One page or file of a site. Pages are folders (`documents/<slug>/index.html`); lists longer
/// than a page continue at `…/page/<n>/` (`page` is 1-based, and page 1 has no `page/1/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route<'a> {
    Home,
    Timeline(Span, usize),
    /// `/<kind>/`: every term of an index (the correspondence's over several pages).
    Index(IndexKind, usize),
    /// `/<kind>/<term>/`: a term's records in time order.
    Term(IndexKind, &'a str, usize),
    Document(&'a str),
    Citation(&'a str, CitationFile),
    Handouts,
    Handout(&'a str),
    /// A handout printed to PDF (by `build --pdf`).
    HandoutPdf(&'a str),
    Packet(&'a str),
    PacketPdf(&'a str),
    /// A page of the site's own (`pages/<slug>.md`).
    Page(&'a str),
    /// `/map/`: the places of the collection on a map.
    Map,
    Data,
    /// A `/data/` download, gzipped (`.gz`) when `true`.
    DataFile(DataFile, bool),
    Search,
    /// The search index: many files beside the search page, made together.
    SearchIndex,
    Feed,
    /// `sitemap.xml`, and its parts `sitemap-<n>.xml` past 50,000 addresses, made together.
    Sitemap,
    Robots,
    /// A theme's file under `assets/`.
    Asset(&'a str),
    /// Tells GitHub Pages not to run Jekyll.
    NoJekyll,
    /// The custom domain for GitHub Pages.
    Cname,
    NotFound,
}

/// The first segments of every route that is not a page of `pages/`: no such page may take them.
pub const RESERVED: &[&str] = &[
    "documents",
    "timeline",
    "people",
    "places",
    "topics",
    "archives",
    "correspondence",
    "data",
    "map",
    "search",
    "handouts",
    "assets",
];

impl<'a> Route<'a> {
    /// The path of the route's (first) file inside the site, `/`-separated.
    pub fn path(&self) -> String {
        match *self {
            Route::Home => "index.html".into(),
            Route::Timeline(span, page) => paged(&timeline_dir(span), page),
            Route::Index(kind, page) => paged(&format!("{}/", kind.slug()), page),
            Route::Term(kind, slug, page) => paged(&format!("{}/{slug}/", kind.slug()), page),
            Route::Document(slug) => format!("documents/{slug}/index.html"),
            Route::Citation(slug, file) => format!("documents/{slug}/{}", file.name()),
            Route::Handouts => "handouts/index.html".into(),
            Route::Handout(slug) => format!("handouts/{slug}/index.html"),
            Route::HandoutPdf(slug) => format!("handouts/{slug}.pdf"),
            Route::Packet(slug) => format!("handouts/packets/{slug}/index.html"),
            Route::PacketPdf(slug) => format!("handouts/packets/{slug}.pdf"),
            Route::Page(slug) => format!("{slug}/index.html"),
            Route::Map => "map/index.html".into(),
            Route::Data => "data/index.html".into(),
            Route::DataFile(file, gz) => {
                format!("data/{}{}", file.name(), if gz { ".gz" } else { "" })
            }
            Route::Search => "search/index.html".into(),
            Route::SearchIndex => format!("{SEARCH_INDEX}meta.json"),
            Route::Feed => "feed.xml".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Robots => "robots.txt".into(),
            Route::Asset(name) => format!("assets/{name}"),
            Route::NoJekyll => ".nojekyll".into(),
            Route::Cname => "CNAME".into(),
            Route::NotFound => "404.html".into(),
        }
    }

    /// The folder of a page route (`documents/<slug>/`; `""` for the home page), which its
    /// relative links start from.
    pub fn dir(&self) -> String {
        let path = self.path();
        match path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => String::new(),
        }
    }

    /// The anchor of a month's heading on the page of its year where it begins.
    pub fn month_anchor(year: i16, month: i8) -> String {
        format!("m-{year}-{month:02}")
    }

    /// The anchor of a term's entry on its index page (`Route::Index`), where a term of one
    /// document, which has no page, is linked.
    pub fn term_anchor(slug: &str) -> String {
        format!("t-{slug}")
    }

    /// The path of part `n` (1-based) of a sitemap too long for one file.
    pub fn sitemap_part(n: usize) -> String {
        format!("sitemap-{n}.xml")
    }

    /// An HTML page (listed in the sitemap, counted as a page).
    pub fn is_page(&self) -> bool {
        self.path().ends_with(".html")
    }

    /// The route that makes the file at `path` (inside the site, `/`-separated), by its
    /// spelling alone: whether the collection has it is the model's to say.
    pub fn parse(path: &'a str) -> Option<Route<'a>> {
        if let Some(rest) = path.strip_prefix(SEARCH_INDEX) {
            return match rest {
                "index.html" => Some(Route::Search),
                "" => None,
                _ => Some(Route::SearchIndex),
            };
        }
        match path {
            "index.html" => return Some(Route::Home),
            "404.html" => return Some(Route::NotFound),
            "feed.xml" => return Some(Route::Feed),
            "sitemap.xml" => return Some(Route::Sitemap),
            "robots.txt" => return Some(Route::Robots),
            ".nojekyll" => return Some(Route::NoJekyll),
            "CNAME" => return Some(Route::Cname),
            _ => {}
        }
        if let Some(n) = path
            .strip_prefix("sitemap-")
            .and_then(|p| p.strip_suffix(".xml"))
        {
            return number(n).map(|_| Route::Sitemap);
        }
        let segments: Vec<&'a str> = path.split('/').collect();
        match segments.as_slice() {
            ["assets", name] if !name.is_empty() => Some(Route::Asset(name)),
            ["data", "index.html"] => Some(Route::Data),
            ["map", "index.html"] => Some(Route::Map),
            ["data", name] => {
                let (name, gz) = match name.strip_suffix(".gz") {
                    Some(name) => (name, true),
                    None => (*name, false),
                };
                DataFile::ALL
                    .into_iter()
                    .find(|f| f.name() == name)
                    .map(|f| Route::DataFile(f, gz))
            }
            ["documents", slug, "index.html"] if !slug.is_empty() => Some(Route::Document(slug)),
            ["documents", slug, file] if !slug.is_empty() => CitationFile::ALL
                .into_iter()
                .find(|f| f.name() == *file)
                .map(|f| Route::Citation(slug, f)),
            ["handouts", "index.html"] => Some(Route::Handouts),
            ["handouts", slug, "index.html"] if !slug.is_empty() => Some(Route::Handout(slug)),
            ["handouts", "packets", slug, "index.html"] if !slug.is_empty() => {
                Some(Route::Packet(slug))
            }
            ["handouts", "packets", pdf] => pdf
                .strip_suffix(".pdf")
                .filter(|s| !s.is_empty())
                .map(Route::PacketPdf),
            ["handouts", pdf] => pdf
                .strip_suffix(".pdf")
                .filter(|s| !s.is_empty())
                .map(Route::HandoutPdf),
            ["timeline", rest @ ..] => {
                let (span, rest) = match rest {
                    ["undated", rest @ ..] => (Span::Undated, rest),
                    [year, rest @ ..] if year.parse::<i16>().is_ok() && !year.starts_with('+') => {
                        (Span::Year(year.parse().ok()?), rest)
                    }
                    rest => (Span::All, rest),
                };
                page_of(rest).map(|page| Route::Timeline(span, page))
            }
            [first, rest @ ..] => match IndexKind::ALL.into_iter().find(|k| k.slug() == *first) {
                Some(kind) => match rest {
                    ["index.html"] => Some(Route::Index(kind, 1)),
                    ["page", n, "index.html"] => {
                        number(n).filter(|&n| n > 1).map(|n| Route::Index(kind, n))
                    }
                    [slug, rest @ ..] if !slug.is_empty() => {
                        page_of(rest).map(|page| Route::Term(kind, slug, page))
                    }
                    _ => None,
                },
                None => match rest {
                    ["index.html"] if !first.is_empty() && !RESERVED.contains(first) => {
                        Some(Route::Page(first))
                    }
                    _ => None,
                },
            },
            [] => None,
        }
    }
}

fn timeline_dir(span: Span) -> String {
    match span {
        Span::All => "timeline/".into(),
        Span::Year(year) => format!("timeline/{year}/"),
        Span::Undated => "timeline/undated/".into(),
    }
}

/// Page `n` of the list in folder `dir`.
fn paged(dir: &str, n: usize) -> String {
    if n <= 1 {
        format!("{dir}index.html")
    } else {
        format!("{dir}page/{n}/index.html")
    }
}

/// The page number of what follows a list's folder: `index.html` is page 1, `page/<n>/index.html`
/// page n > 1.
fn page_of(rest: &[&str]) -> Option<usize> {
    match rest {
        ["index.html"] => Some(1),
        ["page", n, "index.html"] => number(n).filter(|&n| n > 1),
        _ => None,
    }
}

/// A positive number written plainly (`7`, not `+7` or `07`).
fn number(text: &str) -> Option<usize> {
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.len() > 1 && text.starts_with('0'));
    plain.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_route_parses_back_to_itself() {
        let routes = [
            Route::Home,
            Route::Timeline(Span::All, 1),
            Route::Timeline(Span::All, 3),
            Route::Timeline(Span::Year(1962), 1),
            Route::Timeline(Span::Year(1962), 2),
            Route::Timeline(Span::Undated, 2),
            Route::Index(IndexKind::People, 1),
            Route::Index(IndexKind::Correspondence, 3),
            Route::Term(IndexKind::People, "page", 1),
            Route::Term(IndexKind::People, "page", 2),
            Route::Map,
            Route::Term(IndexKind::Places, "havana", 1),
            Route::Term(IndexKind::Correspondence, "page", 4),
            Route::Document("1962-11-28-cable"),
            Route::Citation("1962-11-28-cable", CitationFile::Ris),
            Route::Handouts,
            Route::Handout("1962-11-28-cable"),
            Route::Handout("packets"),
            Route::HandoutPdf("1962-11-28-cable"),
            Route::Packet("missiles"),
            Route::PacketPdf("missiles"),
            Route::Page("about"),
            Route::Data,
            Route::DataFile(DataFile::RecordsCsv, false),
            Route::DataFile(DataFile::Records, true),
            Route::Search,
            Route::SearchIndex,
            Route::Feed,
            Route::Sitemap,
            Route::Robots,
            Route::Asset("style.css"),
            Route::NoJekyll,
            Route::Cname,
            Route::NotFound,
        ];
        for route in routes {
            let path = route.path();
            assert_eq!(Route::parse(&path), Some(route), "{path}");
        }
    }

    #[test]
    fn files_made_together_belong_to_their_route() {
        assert_eq!(Route::parse("sitemap-2.xml"), Some(Route::Sitemap));
        assert_eq!(
            Route::parse("search/index/terms/ab.json"),
            Some(Route::SearchIndex)
        );
        assert_eq!(Route::parse("search/index.html"), Some(Route::Search));
    }

    #[test]
    fn paths_that_are_no_route() {
        for path in [
            "timeline/page/1/index.html",
            "timeline/page/01/index.html",
            "timeline/page/x/index.html",
            "timeline/+1962/index.html",
            "documents//index.html",
            "documents/a/notes.txt",
            "people/index.htm",
            "data/secret.json",
            "search/",
            "sitemap-x.xml",
            "timeline/index.html/extra",
            "about/more/index.html",
            "handouts/.pdf",
            "",
        ] {
            assert_eq!(Route::parse(path), None, "{path}");
        }
        // A page of `pages/` cannot take a reserved name.
        assert_eq!(
            Route::parse("documents/index.html"),
            None,
            "documents/ is no page"
        );
    }

    #[test]
    fn page_folders() {
        assert_eq!(Route::Home.dir(), "");
        assert_eq!(Route::Document("a").dir(), "documents/a/");
        assert_eq!(
            Route::Term(IndexKind::People, "castro", 2).dir(),
            "people/castro/page/2/"
        );
        assert!(Route::NotFound.is_page());
        assert!(!Route::Citation("a", CitationFile::Bibtex).is_page());
    }
}
