//! Helpers shared by the tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cablegram::ingest::{body, Normalized};
use cablegram::record;
use unicode_normalization::UnicodeNormalization;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/`: everything the default test run reads lives in the repository.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// One of the two seed texts, `tests/fixtures/seeds/<name>`.
pub fn seed(name: &str) -> PathBuf {
    fixtures().join("seeds").join(name)
}

/// Words for comparing texts: letters and digits, lower-cased, split where letters meet digits
/// (so `11/28/1962 11:00` and `1962-11-28T11:00:00` share their numbers).
pub fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let mut word = String::new();
    let mut last_digit = None;
    let mut flush = |w: &mut String| {
        if !w.is_empty() {
            *counts.entry(std::mem::take(w)).or_insert(0) += 1;
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            let digit = c.is_ascii_digit();
            if last_digit.is_some_and(|d| d != digit) {
                flush(&mut word);
            }
            word.extend(c.to_lowercase());
            last_digit = Some(digit);
        } else {
            flush(&mut word);
            last_digit = None;
        }
    }
    flush(&mut word);
    counts
}

/// Nothing is lost: every word of the raw text is in the record (front matter or body), except
/// the words of what the normalizer says it consumed (chrome, labels, text turned into values).
/// Panics with the missing words.
pub fn assert_nothing_lost(raw: &str, normalized: &Normalized) {
    let missing = missing_words(raw, normalized);
    assert!(
        missing.is_empty(),
        "words of the raw text missing from the record `{}`: {missing:?}",
        normalized.record.title
    );
}

/// The words of the raw text that are neither in the record nor reported consumed, with how
/// many of each are missing.
pub fn missing_words(raw: &str, normalized: &Normalized) -> Vec<(String, usize)> {
    // The normalizer composes accents (NFC); compare like with like.
    let raw: String = raw.nfc().collect();
    let mut expected = words(&raw);
    for consumed in &normalized.consumed {
        for (w, n) in words(&consumed.text) {
            if let Some(count) = expected.get_mut(&w) {
                *count = count.saturating_sub(n);
            }
        }
    }
    let record_text = format!(
        "{}\n{}",
        record::to_markdown(&normalized.record),
        body::unescape(&normalized.record.body)
    );
    let have = words(&record_text);
    let mut missing: Vec<(String, usize)> = expected
        .into_iter()
        .filter_map(|(w, n)| {
            let has = have.get(&w).copied().unwrap_or(0);
            (n > has).then(|| (w, n - has))
        })
        .collect();
    missing.sort();
    missing
}

/// Reads a gzipped file (a data download) as UTF-8, or panics naming it.
pub fn read_gz(path: &Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text
}

/// Reads a file as UTF-8, or panics naming it.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The numbers a browser shows on the items of the ordered lists under `scope` (a CSS
/// selector): an `<ol start>` counts on from its start, an `<li value>` sets its own number.
pub fn item_numbers(within: scraper::ElementRef, scope: &str) -> Vec<String> {
    let ols = scraper::Selector::parse(&format!("{scope} ol")).expect("selector");
    let mut numbers = Vec::new();
    for ol in within.select(&ols) {
        let mut n: i64 = ol
            .value()
            .attr("start")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        for li in ol.child_elements().filter(|e| e.value().name() == "li") {
            if let Some(v) = li.value().attr("value").and_then(|v| v.parse().ok()) {
                n = v;
            }
            numbers.push(n.to_string());
            n += 1;
        }
    }
    numbers
}
