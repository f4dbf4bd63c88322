//! The same Wilson page in the forms users have: every labelled page of the fixtures and the
//! seed, flattened to one line (every line break dropped, as some viewers and web forms do),
//! reads the same title, date, record id, summary, translator and original language as the page
//! itself (at least 98% of the fields, the target for real exports), and keeps every
//! word. The page's own reading is checked against hand-written expectations in `fixtures`.

use cablegram::ingest::{self, IngestOptions, Normalized};
use cablegram::record::Record;

use crate::support::{assert_nothing_lost, fixtures};

fn normalize(text: &str) -> Normalized {
    ingest::normalize(text.as_bytes(), &IngestOptions::default()).expect("normalizes")
}

/// The fields the targets name, as strings.
fn fields(r: &Record) -> [(&'static str, Option<String>); 6] {
    [
        ("title", Some(r.title.clone())),
        ("date", r.date.map(|d| d.to_string())),
        ("record_id", r.source.record_id.clone()),
        ("summary", r.summary.clone()),
        ("translator", r.source.translator.clone()),
        ("original_language", r.original_language.clone()),
    ]
}

#[test]
fn every_labelled_page_flattened_to_one_line_reads_the_same() {
    let dir = fixtures().join("ingest");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.push(fixtures().join("seeds/000_4d1aae1c1a1ac195.txt"));
    pages.sort();
    let (mut judged, mut agree, mut misses) = (0, 0, Vec::new());
    for path in pages {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let labelled = text.lines().any(|l| l.trim() == "Citation:")
            && text.lines().any(|l| l.trim() == "Summary:");
        if !labelled {
            continue;
        }
        let page = normalize(&text);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let flattened = normalize(&flat);
        assert_nothing_lost(&flat, &flattened);
        // The page header a PDF repeats is chrome in a flattened text too.
        assert!(
            !flattened
                .record
                .body
                .contains("digitalarchive.wilsoncenter.org"),
            "{}: {}",
            path.display(),
            flattened.record.body
        );
        for ((field, want), (_, got)) in fields(&page.record)
            .into_iter()
            .zip(fields(&flattened.record))
        {
            judged += 1;
            if want == got {
                agree += 1;
            } else {
                misses.push(format!("{}: {field}: {want:?} ≠ {got:?}", path.display()));
            }
        }
    }
    assert!(judged >= 150, "only {judged} fields judged");
    let share = agree as f64 / judged as f64;
    eprintln!(
        "flattened pages: {agree} of {judged} fields agree ({:.1}%)",
        share * 100.0
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    assert!(
        share >= 0.98,
        "{:.1}% agree:\n{}",
        share * 100.0,
        misses.join("\n")
    );
}
