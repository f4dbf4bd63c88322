//! FRUS documents: a slice of 39 real documents in `tests/fixtures/frus/` (every kind, telegrams
//! with times, undated documents, page markers, many footnotes), each volume's `index.tsv` rows
//! the answer key. The same checks run over all 4,451 in the corpus evaluation (`corpus.rs`).

use std::path::{Path, PathBuf};

use cablegram::ingest::{self, IngestOptions};
use cablegram::record::Kind;

use crate::support::{assert_nothing_lost, fixtures, read};

struct Expected {
    file: String,
    date: String,
}

/// The volume folders of a FRUS tree (`tests/fixtures/frus` or the corpus).
pub fn volumes(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn index(volume: &Path) -> Vec<Expected> {
    read(&volume.join("index.tsv"))
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            Some(Expected {
                file: cols.first()?.to_string(),
                date: cols.get(4)?.to_string(),
            })
        })
        .collect()
}

/// Dates agree with the answer key on at least 99% of the documents it dates, of which there
/// are at least `at_least`.
pub fn dates_agree_with_the_answer_key(root: &Path, at_least: usize) {
    let (mut dated, mut agree) = (0, 0);
    let mut disagreements = Vec::new();
    for volume in volumes(root) {
        for e in index(&volume) {
            if e.date.is_empty() {
                continue;
            }
            dated += 1;
            let bytes = std::fs::read(volume.join(&e.file)).expect("document");
            let record = ingest::normalize(&bytes, &IngestOptions::default())
                .expect("normalizes")
                .record;
            let got_day = record.date.map(|d| d.to_string()).unwrap_or_default();
            let want_day = e.date.split('T').next().unwrap_or_default();
            // Times are compared in their own test: the key has a few wrong ones (`7 p. m.` as 07:00).
            let got_time = record
                .transmitted
                .as_ref()
                .and_then(|t| t.at)
                .map(|at| at.to_string());
            if got_day == want_day {
                agree += 1;
            } else {
                disagreements.push(format!(
                    "{}/{}: want {} got {} {:?}",
                    volume.display(),
                    e.file,
                    e.date,
                    got_day,
                    got_time
                ));
            }
        }
    }
    let share = agree as f64 / dated as f64;
    eprintln!(
        "FRUS dates: {agree} of {dated} agree ({:.2}%)",
        share * 100.0
    );
    for d in disagreements.iter().take(30) {
        eprintln!("  {d}");
    }
    assert!(dated >= at_least, "the answer key dates {dated} documents");
    assert!(share >= 0.99, "only {:.2}% of dates agree", share * 100.0);
}

/// Every document keeps every word and has a title and a kind; returns how many were read.
pub fn every_document_keeps_every_word(root: &Path) -> usize {
    let mut read = 0;
    for volume in volumes(root) {
        let mut files: Vec<_> = std::fs::read_dir(&volume)
            .expect("volume")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        {
            let bytes = std::fs::read(&path).expect("document");
            let n = ingest::normalize(&bytes, &IngestOptions::default()).expect("normalizes");
            assert!(!n.record.title.is_empty(), "{}", path.display());
            assert!(!n.record.title.contains("[1]"), "{}", path.display());
            assert!(!n.record.body.contains("[Page "), "{}", path.display());
            assert!(n.record.kind.is_some());
            assert_nothing_lost(&String::from_utf8_lossy(&bytes), &n);
            read += 1;
        }
    }
    read
}

#[test]
fn dates_agree_with_the_answer_key_on_the_slice() {
    dates_agree_with_the_answer_key(&fixtures().join("frus"), 30);
}

#[test]
fn every_document_of_the_slice_keeps_every_word_and_has_a_title_and_kind() {
    assert_eq!(
        every_document_keeps_every_word(&fixtures().join("frus")),
        39
    );
}

#[test]
fn a_telegram_reads_as_the_publication_records_it() {
    let path = fixtures().join("frus/frus1961-63v01/0008_d8.txt");
    let n = ingest::normalize(
        &std::fs::read(path).expect("doc"),
        &IngestOptions::default(),
    )
    .expect("normalizes");
    let r = &n.record;
    assert_eq!(
        r.title,
        "Telegram From the Embassy in Vietnam to the Department of State"
    );
    assert_eq!(r.kind, Some(Kind::Telegram));
    assert_eq!(r.from[0].name.as_deref(), Some("Embassy in Vietnam"));
    assert_eq!(r.to[0].name.as_deref(), Some("Department of State"));
    let t = r.transmitted.as_ref().expect("dateline");
    assert_eq!(t.place.as_deref(), Some("Saigon"));
    assert_eq!(
        t.at.map(|a| a.to_string()).as_deref(),
        Some("1961-01-31T19:00:00")
    );
    assert!(r
        .source
        .citation
        .as_deref()
        .is_some_and(|c| c.starts_with("Department of State, Central Files, 751K.00/1-3161.")));
    assert_eq!(r.source.archive.as_deref(), Some("Department of State"));
    assert_eq!(
        r.source.url.as_deref(),
        Some("https://history.state.gov/historicaldocuments/frus1961-63v01/d8")
    );
    // Footnote marks become Markdown footnotes with their notes; the signature ends the text.
    assert!(
        r.body.contains("CINCPAC 172157Z January,[^2]"),
        "{}",
        r.body
    );
    assert!(r
        .body
        .contains("\n\n[^2]: In this telegram, Lansdale concluded"));
    assert!(r
        .body
        .contains("Department also pass General Lansdale.\n\nDurbrow\n\n[^2]:"));
    // The telegram number is text, not a list item numbered 1329.
    assert!(
        r.body.starts_with("1329\\. In view of General Lansdale"),
        "{}",
        &r.body[..80]
    );
    assert!(r
        .body
        .contains("\n\n1. His suggestion US make clear statement"));
}
