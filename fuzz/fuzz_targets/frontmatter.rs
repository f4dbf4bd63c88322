//! Any text as a record: the front-matter parser never panics, and a record it reads is written
//! back and read again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        cablegram::fuzzing::record_round_trip(text);
    }
});
