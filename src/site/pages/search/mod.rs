//! Search: the search page (`/search/`, drawn by `assets/search.js`) and the static index it
//! reads, written beside it (`index`).

pub mod index;

use serde::Serialize;

use crate::error::Error;
use crate::site::output::{OutputFile, Sink};
use crate::site::render::views::{Link, Paths};
use crate::site::render::{render, Inputs};
use crate::site::route::{Route, Span};
use index::FilterValues;

#[derive(Serialize)]
struct SearchPage {
    script: String,
    /// The search index's `meta.json`, relative to the page (the other files are beside it).
    index: String,
    /// Where the timeline and the indexes are, for readers without JavaScript.
    timeline: String,
    indexes: Vec<Link>,
    filters: FilterValues,
}

/// `/search/`: the search box, filters and results.
pub fn page(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Search;
    let paths = Paths::of(&route);
    let page = SearchPage {
        script: paths.link(&Route::Asset("search.js")),
        index: paths.link(&Route::SearchIndex),
        timeline: paths.link(&Route::Timeline(Span::All, 1)),
        indexes: inputs
            .config
            .indexes
            .iter()
            .map(|&k| Link {
                text: k.title().into(),
                href: paths.link(&Route::Index(k, 1)),
            })
            .collect(),
        filters: FilterValues::new(inputs.records),
    };
    render(inputs, "search.html", &route, &paths, page)
}

/// The search index of the whole collection, its files put into `sink` as they are made.
pub fn index(inputs: &Inputs, sink: &dyn Sink) -> Result<(), Error> {
    index::index(inputs.records, &|i| inputs.bodies.get(i), &|file| {
        sink.put(file)
    })
}
