//! Any bytes as a raw text: the normalizer never panics, and what it writes reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cablegram::fuzzing::normalize_round_trip(data);
});
