//! Citations reused from patterns (one rendering per pattern of fields) must read exactly as
//! renderings in full, on real documents of both source shapes and on odd values.

use cablegram::citation::Styles;
use cablegram::ingest::{self, IngestOptions};
use cablegram::record::Record;
use rayon::prelude::*;

use crate::support::fixtures;

fn normalize(path: &std::path::Path) -> Option<Record> {
    let bytes = std::fs::read(path).ok()?;
    ingest::normalize(&bytes, &IngestOptions::default())
        .ok()
        .map(|n| n.record)
}

fn files_under(dir: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// Records whose values sit on the edges a pattern must respect: punctuation at either end,
/// quotation marks, digits, one-letter values, people and offices as senders.
fn odd_records(base: &Record) -> Vec<Record> {
    let titles = [
        "Why Cuba?",
        "Cable No. 12.",
        "\"Quoted\" Title",
        "Khrushchev's Letter",
        "1962 Report",
        "X",
        "¿Qué pasa en Cuba?",
        "Memo (draft)",
        "Notes & Comments <b>",
    ];
    let mut out = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let mut r = base.clone();
        r.title = (*title).to_owned();
        r.source.archive = Some(format!("Archive {i}."));
        r.source.collection = Some(format!("Fond {i}, Opis {}", i + 1));
        r.source.translator =
            Some(["Dean Rusk", "Ministry of Translation", "Charles de Gaulle"][i % 3].to_owned());
        r.source.url = (i % 2 == 0).then(|| format!("https://example.org/doc/{i}?a=1&b=2"));
        out.push(r);
    }
    out
}

/// The FRUS documents under `frus` (the slice or the corpus), the seeds, the fixtures and odd
/// values: each citation from a pattern reads exactly as the full rendering.
pub fn patterns_match_full_renderings(frus: &std::path::Path, at_least: usize) {
    let mut records: Vec<Record> = files_under(frus, "txt")
        .par_iter()
        .filter_map(|p| normalize(p))
        .collect();
    let seeds: Vec<Record> = files_under(&fixtures().join("seeds"), "txt")
        .iter()
        .chain(&files_under(&fixtures().join("ingest"), "txt"))
        .filter_map(|p| normalize(p))
        .collect();
    assert!(records.len() >= at_least, "{} FRUS records", records.len());
    assert!(seeds.len() > 40);
    let odd: Vec<Record> = seeds.iter().take(3).flat_map(odd_records).collect();
    records.extend(seeds);
    records.extend(odd);
    let reused = Styles::new();
    let full = Styles::without_patterns();
    let page = Some("https://example.org/documents/x/");
    let differing: Vec<String> = records
        .par_iter()
        .filter_map(|r| {
            let (a, b) = (reused.styled(r, page), full.styled(r, page));
            (a != b).then(|| format!("{}\n  reused {a:?}\n  full   {b:?}", r.title))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{} of {} differ:\n{}",
        differing.len(),
        records.len(),
        differing[..differing.len().min(5)].join("\n")
    );
}

#[test]
fn citations_from_patterns_read_exactly_as_full_renderings() {
    patterns_match_full_renderings(&fixtures().join("frus"), 39);
}
