//! Places on the map: `/map/`, every place of the collection that the gazetteer locates, a mark
//! sized by its documents, each linking to the place; and the small locator maps of a place's
//! page and of a document's (its places, and the line a cable travelled). Drawn at build time as
//! SVG over the theme's basemap (`assets/world.svg`), so they need no script and no tile server.

use serde::Serialize;

use crate::config::IndexKind;
use crate::error::Error;
use crate::figures::map::{self, Mark};
use crate::record::Record;
use crate::site::output::OutputFile;
use crate::site::render::views::Paths;
use crate::site::render::{render, term_href, Inputs};
use crate::site::route::Route;

#[derive(Serialize)]
struct MapPage {
    map: String,
    places: Vec<Place>,
}

/// A place as the map's text alternative lists it.
#[derive(Serialize)]
struct Place {
    name: String,
    href: String,
    count: usize,
}

/// `/map/`.
pub fn page(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Map;
    let paths = Paths::of(&route);
    let mut places: Vec<(Place, f64, f64)> = inputs
        .model
        .located_places()
        .map(|(t, at)| {
            let place = Place {
                name: t.name.clone(),
                href: term_href(inputs, &paths, IndexKind::Places, t),
                count: t.records.len(),
            };
            (place, at.lat, at.lon)
        })
        .collect();
    places.sort_by(|a, b| (b.0.count, &a.0.name).cmp(&(a.0.count, &b.0.name)));
    let marks: Vec<Mark> = places
        .iter()
        .map(|(p, lat, lon)| Mark {
            name: &p.name,
            href: &p.href,
            lat: *lat,
            lon: *lon,
            count: p.count as u64,
        })
        .collect();
    let basemap = paths.link(&Route::Asset("world.svg"));
    let page = MapPage {
        map: map::world_map(&marks, &basemap, "Map of the places the documents name"),
        places: places.into_iter().map(|(p, _, _)| p).collect(),
    };
    render(inputs, "map.html", &route, &paths, page)
}

/// A small map of a place, for its page; empty when the gazetteer does not locate it.
pub fn place(inputs: &Inputs, paths: &Paths, name: &str) -> String {
    locator(inputs, paths, &[name], None, &format!("{name} on the map"))
}

/// A small map of a document's places, with the line from where a cable was sent to where it
/// was received; empty when none is located.
pub fn document(inputs: &Inputs, paths: &Paths, r: &Record) -> String {
    let sent = r.transmitted.as_ref().and_then(|t| t.place.as_deref());
    let received = r.received.as_ref().and_then(|t| t.place.as_deref());
    let mut names: Vec<&str> = r.places.iter().map(String::as_str).collect();
    for p in [sent, received].into_iter().flatten() {
        if !names.contains(&p) {
            names.push(p);
        }
    }
    let route = sent.zip(received);
    locator(
        inputs,
        paths,
        &names,
        route,
        "The document's places on the map",
    )
}

fn locator(
    inputs: &Inputs,
    paths: &Paths,
    names: &[&str],
    route: Option<(&str, &str)>,
    label: &str,
) -> String {
    let places = &inputs.gazetteer.places;
    let located: Vec<(&str, String, f64, f64)> = names
        .iter()
        .filter_map(|&n| {
            let entry = places.lookup(n)?;
            let at = entry.coordinates?;
            let href = inputs
                .model
                .term_named(IndexKind::Places, &entry.name)
                .map(|t| term_href(inputs, paths, IndexKind::Places, t))
                .unwrap_or_default();
            Some((entry.name.as_str(), href, at.lat, at.lon))
        })
        .collect();
    let marks: Vec<Mark> = located
        .iter()
        .map(|(name, href, lat, lon)| Mark {
            name,
            href,
            lat: *lat,
            lon: *lon,
            count: 1,
        })
        .collect();
    // The gazetteer's names of the places a cable left and reached, among the marks.
    let canonical = |n: &str| places.lookup(n).map(|e| e.name.as_str());
    let at = |n: &str| marks.iter().position(|m| Some(m.name) == canonical(n));
    let line = route.and_then(|(from, to)| Some((at(from)?, at(to)?)));
    let basemap = paths.link(&Route::Asset("world.svg"));
    map::locator_map(&marks, line, &basemap, label)
}
