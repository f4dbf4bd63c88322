//! cablegram: a static site generator for digital archive collections.
//!
//! The pipeline, one module per stage: raw text → [`ingest`] → [`record::Record`] →
//! [`collection::Collection`] (sorted, checked) → rendered pages → written site.

pub mod collection;
pub mod commands;
pub mod diagnostic;
pub mod ingest;
pub mod record;
