//! cablegram: a static site generator for digital archive collections.
//!
//! The pipeline, one module per stage: raw text → [`ingest`] → [`record::Record`] →
//! [`collection::Collection`] (sorted, checked) → [`catalogue::Catalogue`] (indexed, with the
//! [`gazetteer`]) → [`site`] (rendered pages and data, with the site's own [`prose`] pages,
//! written atomically; its [`figures`], maps, charts and networks, are drawn as SVG from plain
//! data). [`serve`] keeps the site in memory and rebuilds it on every change.

pub mod catalogue;
pub mod citation;
pub mod collection;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod figures;
#[doc(hidden)]
pub mod fuzzing;
pub mod gazetteer;
pub mod ingest;
pub mod init;
pub mod markup;
pub mod packets;
pub mod prose;
pub mod record;
pub mod serve;
pub mod site;
