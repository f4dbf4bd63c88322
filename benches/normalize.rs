//! Normalizes the real documents of `../shared/corpus/`: the 4,451 FRUS documents, the 9,463
//! of *Documents on Australian Foreign Policy*, and both together, and reports documents/s and
//! MB/s beside a baseline measured in the same run: decoding the same bytes as UTF-8 and counting
//! their lines and words, the least any normalizer must do.
//!
//! Run: `cargo bench --bench normalize` (add `-- --runs N` for more runs; the median is reported).
//! Needs the corpus folder: `../shared/corpus` beside the repository, or `CABLEGRAM_CORPUS`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cablegram::ingest::{self, IngestOptions};
use rayon::prelude::*;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    out.sort();
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut checksum = 0;
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            checksum = f();
            start.elapsed()
        })
        .collect();
    (median(times), checksum)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(5);
    let root = std::env::var_os("CABLEGRAM_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let mut all = Vec::new();
    for name in ["frus", "dfat"] {
        let corpus = root.join(name);
        if !corpus.is_dir() {
            eprintln!(
                "the normalize benchmark needs the corpus `{name}/` at {} (set CABLEGRAM_CORPUS)",
                root.display()
            );
            std::process::exit(2);
        }
        let texts: Vec<Vec<u8>> = files(&corpus)
            .iter()
            .map(|p| std::fs::read(p).expect("read"))
            .collect();
        measure(&name.to_uppercase(), &texts, runs);
        all.extend(texts);
    }
    measure("FRUS and DFAT", &all, runs);
}

/// Times the baseline and the normalizer over `texts` and prints the figures.
fn measure(name: &str, texts: &[Vec<u8>], runs: usize) {
    let bytes: usize = texts.iter().map(Vec::len).sum();
    let mb = bytes as f64 / 1e6;
    let n = texts.len();
    println!("{name}: {n} documents, {mb:.1} MB, {runs} runs each (median)");

    let (baseline, _) = time(runs, || {
        texts
            .iter()
            .map(|t| {
                std::str::from_utf8(t)
                    .map_or(0, |s| s.lines().count() + s.split_whitespace().count())
            })
            .sum()
    });
    let options = IngestOptions::default();
    let (serial, _) = time(runs, || {
        texts
            .iter()
            .map(|t| ingest::normalize(t, &options).map_or(0, |r| r.record.body.len()))
            .sum()
    });
    let (parallel, _) = time(runs, || {
        texts
            .par_iter()
            .map(|t| ingest::normalize(t, &options).map_or(0, |r| r.record.body.len()))
            .sum()
    });
    let report = |name: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!(
            "  {name:<28} {:>8.1} ms  {:>8.0} docs/s  {:>7.1} MB/s  {:>6.1}x baseline",
            s * 1e3,
            n as f64 / s,
            mb / s,
            s / baseline.as_secs_f64()
        );
    };
    report("baseline (utf-8 + split)", baseline);
    report("normalize, 1 thread", serial);
    report(
        &format!("normalize, {} threads", rayon::current_num_threads()),
        parallel,
    );
}
