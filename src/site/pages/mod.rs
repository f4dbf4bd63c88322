//! The kinds of page and file a site has, each rendered from the model through the render
//! layer: documents (with their citation downloads), the timeline, lists (home, indexes, the
//! data and 404 pages, pages of `pages/`), the correspondence, the map, handouts and packets,
//! exports (data downloads, feed, sitemap) and search. [`render`] makes any route; `build`, `check` and `serve` all go through it.
//!
//! Uses the render layer, the model, the route table and the output; nothing above.

pub mod correspondence;
pub mod documents;
pub mod exports;
pub mod handouts;
pub mod lists;
pub mod map;
pub mod search;
pub mod timeline;

use super::output::{OutputFile, Sink};
use super::render::Inputs;
use super::route::Route;
use crate::config::IndexKind;
use crate::error::Error;

/// Renders the file(s) of `route` into `sink`; `Ok(false)` when the site has no such route (or
/// it is not rendered but printed: the PDFs).
pub fn render(inputs: &Inputs, route: &Route, sink: &dyn Sink) -> Result<bool, Error> {
    let model = inputs.model;
    if !model.has(route, inputs.pdf) {
        return Ok(false);
    }
    let one = |file: Result<OutputFile, Error>| sink.put(file?);
    match *route {
        Route::Home => one(lists::home(inputs))?,
        Route::Timeline(span, page) => match model.span(span) {
            Some(positions) => one(timeline::timeline(inputs, span, positions, page))?,
            None => return Ok(false),
        },
        Route::Index(IndexKind::Correspondence, page) => one(correspondence::index(inputs, page))?,
        Route::Index(kind, _) => one(lists::index(inputs, kind))?,
        Route::Term(kind, slug, page) => match (kind, model.term(kind, slug)) {
            (IndexKind::Correspondence, Some(term)) => {
                one(correspondence::correspondent(inputs, term, page))?
            }
            (_, Some(term)) => one(lists::term(inputs, kind, term, page))?,
            (_, None) => return Ok(false),
        },
        Route::Map => one(map::page(inputs))?,
        Route::Document(slug) => match model.record(slug) {
            Some(i) => one(documents::page(inputs, i))?,
            None => return Ok(false),
        },
        Route::Citation(slug, file) => match model.record(slug) {
            Some(i) => one(documents::citation(inputs, i, file))?,
            None => return Ok(false),
        },
        Route::Handouts => one(handouts::list(inputs))?,
        Route::Handout(slug) => match model.record(slug) {
            Some(i) => one(handouts::handout(inputs, i))?,
            None => return Ok(false),
        },
        Route::Packet(slug) => match model.packet(slug) {
            Some(n) => one(handouts::packet(inputs, n))?,
            None => return Ok(false),
        },
        Route::Page(slug) => match model.page(slug) {
            Some(n) => one(lists::prose(inputs, n))?,
            None => return Ok(false),
        },
        Route::Data => one(lists::data(inputs))?,
        Route::DataFile(file, gz) => exports::data_file(inputs, file, gz, sink)?,
        Route::Search => one(search::page(inputs))?,
        Route::SearchIndex => search::index(inputs, sink)?,
        Route::Feed => match exports::feed(inputs) {
            Some(feed) => sink.put(feed)?,
            None => return Ok(false),
        },
        Route::Sitemap => {
            for file in exports::sitemap(inputs) {
                sink.put(file)?;
            }
        }
        Route::Robots => sink.put(exports::robots(inputs))?,
        Route::Asset(name) => match inputs.theme.assets.get(name) {
            Some(bytes) => sink.put(OutputFile {
                path: route.path(),
                bytes: bytes.clone(),
            })?,
            None => return Ok(false),
        },
        Route::NoJekyll => sink.put(OutputFile {
            path: route.path(),
            bytes: Vec::new(),
        })?,
        Route::Cname => match &inputs.config.domain {
            Some(domain) => sink.put(OutputFile {
                path: route.path(),
                bytes: format!("{domain}\n").into_bytes(),
            })?,
            None => return Ok(false),
        },
        Route::NotFound => one(lists::not_found(inputs))?,
        Route::HandoutPdf(_) | Route::PacketPdf(_) => return Ok(false),
    }
    Ok(true)
}
