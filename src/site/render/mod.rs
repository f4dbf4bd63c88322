//! The render layer, under every kind of page: what a page may draw on ([`Inputs`]), the
//! `site` every template gets, and [`render`], which puts a page's view through its template.
//! Beside it: the view structs templates see (`views`), Markdown, and embedded metadata.
//!
//! Uses the model, the route table, the theme and the output's file type; never a page kind.

pub mod markdown;
pub mod metadata;
pub mod views;

use serde::Serialize;
use std::sync::Arc;

use super::model::{Bodies, Model};
use super::output::OutputFile;
use super::route::{Route, Span};
use super::theme::{SharedContext, Theme};
use crate::catalogue::{Catalogue, Term};
use crate::config::{IndexKind, SiteConfig};
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::packets::Packet;
use crate::prose::ProsePage;
use crate::record::Record;
use views::{Link, Paths};

/// Everything a page may draw on.
pub struct Inputs<'a> {
    /// What routes name is found here (records, terms, packets by slug).
    pub model: &'a Model,
    pub config: &'a SiteConfig,
    pub records: &'a [Arc<Record>],
    /// The records' texts (not held in `records`).
    pub bodies: &'a Bodies<'a>,
    pub catalogue: &'a Catalogue,
    pub gazetteer: &'a Gazetteer,
    pub theme: &'a Theme,
    /// The handout packets of `site.toml`.
    pub packets: &'a [Packet],
    /// The site's own pages (`pages/*.md`).
    pub prose: &'a [ProsePage],
    /// Whether the build prints handouts to PDF (so pages link to them).
    pub pdf: bool,
    /// The `site` of the pages' contexts, made once for each depth of page.
    pub site_context: SharedContext,
}

impl<'a> Inputs<'a> {
    pub fn new(model: &'a Model, bodies: &'a Bodies<'a>, pdf: bool) -> Inputs<'a> {
        Inputs {
            model,
            config: &model.config,
            records: &model.records,
            bodies,
            catalogue: &model.catalogue,
            gazetteer: &model.gazetteer,
            theme: &model.theme,
            packets: &model.packets,
            prose: &model.prose,
            pdf,
            site_context: SharedContext::default(),
        }
    }
}

/// Where a term of an index is read: its page, or for a term of one document (which has none)
/// its entry in the index, which links to that document.
pub fn term_href(inputs: &Inputs, paths: &Paths, kind: IndexKind, term: &Term) -> String {
    let page = Route::Term(kind, &term.slug, 1);
    if inputs.model.has(&page, inputs.pdf) {
        paths.link(&page)
    } else {
        let position = inputs.model.term_position(kind, &term.slug).unwrap_or(0);
        let index = Route::Index(kind, inputs.model.index_page_of(kind, position));
        format!("{}#{}", paths.link(&index), Route::term_anchor(&term.slug))
    }
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

/// Renders `template` with `page` as the page at `route`; `paths` makes its links.
pub fn render<T: Serialize>(
    inputs: &Inputs,
    template: &str,
    route: &Route,
    paths: &Paths,
    page: T,
) -> Result<OutputFile, Error> {
    let site = || site_view(inputs, paths);
    let html =
        inputs
            .theme
            .render_page(template, &inputs.site_context, &paths.root, site, &page)?;
    Ok(OutputFile {
        path: route.path(),
        bytes: html.into_bytes(),
    })
}

/// The `site` of a page's context: the same for every page as far from the root as `paths`.
fn site_view<'a>(inputs: &'a Inputs, paths: &'a Paths) -> SiteView<'a> {
    let c = inputs.config;
    let mut nav = vec![Link {
        text: "Timeline".into(),
        href: paths.link(&Route::Timeline(Span::All, 1)),
    }];
    for kind in &c.indexes {
        nav.push(Link {
            text: kind.title().into(),
            href: paths.link(&Route::Index(*kind, 1)),
        });
    }
    if inputs.model.has(&Route::Map, inputs.pdf) {
        nav.push(Link {
            text: "Map".into(),
            href: paths.link(&Route::Map),
        });
    }
    nav.push(Link {
        text: "Handouts".into(),
        href: paths.link(&Route::Handouts),
    });
    nav.push(Link {
        text: "Data".into(),
        href: paths.link(&Route::Data),
    });
    for p in inputs.prose.iter().filter(|p| p.nav) {
        nav.push(Link {
            text: p.title.clone(),
            href: paths.link(&Route::Page(&p.slug)),
        });
    }
    SiteView {
        title: &c.title,
        description: c.description.as_deref(),
        language: &c.language,
        root: &paths.root,
        home: paths.link(&Route::Home),
        search: paths.link(&Route::Search),
        stylesheet: paths.link(&Route::Asset("style.css")),
        script: paths.link(&Route::Asset("cablegram.js")),
        feed: inputs
            .model
            .has(&Route::Feed, inputs.pdf)
            .then(|| paths.link(&Route::Feed)),
        nav,
        documents: inputs.records.len(),
    }
}
