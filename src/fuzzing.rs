//! The properties the fuzz targets (`fuzz/`) check, here so that the corpus they grew replays
//! in `cargo test` as well. Each panics when the property fails.

use crate::ingest::{self, IngestOptions};
use crate::record;

/// Any bytes as a raw text: normalizing never panics, and the record it makes is written and
/// read back unchanged.
pub fn normalize_round_trip(bytes: &[u8]) {
    let Ok(normalized) = ingest::normalize(bytes, &IngestOptions::default()) else {
        return;
    };
    let written = record::to_markdown(&normalized.record);
    match record::parse(&written) {
        Ok(read) => assert_eq!(read, normalized.record, "read back differs:\n{written}"),
        Err(e) => panic!("a normalized record does not read back: {e}\n{written}"),
    }
}

/// Any text as a record: parsing never panics, and a record read is written and read again
/// unchanged.
pub fn record_round_trip(text: &str) {
    let Ok(first) = record::parse(text) else {
        return;
    };
    let written = record::to_markdown(&first);
    match record::parse(&written) {
        Ok(again) => assert_eq!(again, first, "read back differs:\n{written}"),
        Err(e) => panic!("a record written does not read back: {e}\n{written}"),
    }
}
