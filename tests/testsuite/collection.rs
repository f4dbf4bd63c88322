//! Loading `content/`: raw texts and records together, curation, duplicates, order, problems.

use std::path::Path;

use cablegram::collection::{self, LoadOptions};
use cablegram::diagnostic::Severity;
use cablegram::ingest;

use crate::support::seed as seed_path;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("content")).expect("content");
    dir
}

fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(path, text).expect("write");
}

fn seed(root: &Path, name: &str, rel: &str) {
    let bytes = std::fs::read(seed_path(name)).expect("seed");
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn raw_texts_and_records_load_in_time_order_with_undated_last() {
    let dir = site();
    let root = dir.path();
    seed(root, "000_4d1aae1c1a1ac195.txt", "content/b.txt");
    seed(root, "001_39e9807f1f425bb8.txt", "content/sub/a.txt");
    put(
        root,
        "content/undated.md",
        "+++\ntitle = \"A note without a date\"\n+++\n\nText.\n",
    );
    put(
        root,
        "content/early.md",
        "+++\ntitle = \"Early\"\ndate = \"1962-11\"\n+++\n",
    );
    put(root, "content/.hidden.md", "not a record");
    put(root, "content/notes.md~", "editor backup");
    let c = collection::load(&LoadOptions::new(root));
    assert_eq!(c.errors(), 0, "{:?}", c.diagnostics);
    let slugs: Vec<&str> = c.records.iter().map(|r| r.slug()).collect();
    assert_eq!(
        slugs,
        [
            "1962-11-early",
            "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo",
            "1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo",
            "a-note-without-a-date",
        ]
    );
    let prov = c.records[1].provenance.as_ref().expect("provenance");
    assert_eq!(prov.file, "content/sub/a.txt");
}

#[test]
fn a_curated_record_replaces_its_raw_text_and_notices_when_it_changes() {
    let dir = site();
    let root = dir.path();
    seed(root, "000_4d1aae1c1a1ac195.txt", "content/cable.txt");
    let raw = std::fs::read(root.join("content/cable.txt")).expect("raw");
    let sha = ingest::sha256_hex(&raw);
    let curated = format!(
        "+++\n# Corrected the title's wording after comparing with the scan.\ntitle = \"Cable from the Japanese Embassy in Havana\"\ndate = 1962-11-28\n\n[provenance]\nfile = \"content/cable.txt\"\nsha256 = \"{sha}\"\n+++\n\nCorrected text.\n"
    );
    put(root, "content/curated/cable.md", &curated);
    let c = collection::load(&LoadOptions::new(root));
    assert_eq!(
        c.records.len(),
        1,
        "{:?}",
        c.records.iter().map(|r| &r.title).collect::<Vec<_>>()
    );
    assert_eq!(
        c.records[0].title,
        "Cable from the Japanese Embassy in Havana"
    );
    assert_eq!(c.warnings(), 0, "{:?}", c.diagnostics);

    // The raw text changes after curation: a warning names the curated file and the raw one.
    std::fs::write(
        root.join("content/cable.txt"),
        [raw.as_slice(), b"\nAn added line."].concat(),
    )
    .expect("edit");
    let c = collection::load(&LoadOptions::new(root));
    assert_eq!(c.records.len(), 1);
    let w: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", c.diagnostics);
    assert_eq!(w[0].file, "content/curated/cable.md");
    assert!(
        w[0].message.contains("content/cable.txt changed"),
        "{}",
        w[0].message
    );
}

#[test]
fn duplicate_slugs_get_suffixes_and_duplicate_ids_are_errors() {
    let dir = site();
    let root = dir.path();
    put(
        root,
        "content/a.md",
        "+++\ntitle = \"Same\"\ndate = 1962-11-01\n+++\n",
    );
    put(
        root,
        "content/b.md",
        "+++\ntitle = \"Same\"\ndate = 1962-11-01\n+++\n",
    );
    put(
        root,
        "content/c.md",
        "+++\ntitle = \"Same\"\ndate = 1962-11-01\n+++\n",
    );
    let c = collection::load(&LoadOptions::new(root));
    let slugs: Vec<&str> = c.records.iter().map(|r| r.slug()).collect();
    assert_eq!(
        slugs,
        ["1962-11-01-same", "1962-11-01-same-2", "1962-11-01-same-3"]
    );
    assert_eq!(
        c.records[1].id(),
        "1962-11-01-same-2",
        "a derived id follows its slug"
    );
    // Loading again gives the same suffixes: they depend on file paths, not on timing.
    let again = collection::load(&LoadOptions::new(root));
    assert_eq!(
        again.records.iter().map(|r| r.slug()).collect::<Vec<_>>(),
        slugs
    );

    put(
        root,
        "content/d.md",
        "+++\nid = \"115059\"\ntitle = \"One\"\n+++\n",
    );
    put(
        root,
        "content/e.md",
        "+++\nid = \"115059\"\ntitle = \"Two\"\n+++\n",
    );
    let c = collection::load(&LoadOptions::new(root));
    let errors: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", c.diagnostics);
    assert_eq!(errors[0].file, "content/e.md");
    assert!(
        errors[0].message.contains("content/d.md"),
        "{}",
        errors[0].message
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let dir = site();
    let root = dir.path();
    put(
        root,
        "content/typo.md",
        "+++\ntitle = \"A\"\ntilte = \"B\"\n+++\n",
    );
    put(
        root,
        "content/date.md",
        "+++\ntitle = \"A\"\ndate = 1962-02-30\n+++\n",
    );
    std::fs::write(root.join("content/image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").expect("write");
    put(root, "content/empty.txt", "");
    seed(root, "000_4d1aae1c1a1ac195.txt", "content/good.txt");
    let c = collection::load(&LoadOptions::new(root));
    assert_eq!(c.records.len(), 1, "the good record still loads");
    let mut located: Vec<String> = c
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    located.sort();
    assert_eq!(located.len(), 4, "{located:?}");
    assert!(
        located[0].starts_with("content/date.md:3:8 "),
        "{located:?}"
    );
    assert!(
        located[1].starts_with("content/empty.txt:1:1 "),
        "{located:?}"
    );
    assert!(
        located[2].starts_with("content/image.txt:1:1 not a text file: a PNG image"),
        "{located:?}"
    );
    assert!(
        located[3].starts_with("content/typo.md:3:1 ") && located[3].contains("tilte"),
        "{located:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let dir = site();
    let root = dir.path();
    seed(root, "000_4d1aae1c1a1ac195.txt", "content/sub/good.txt");
    std::os::unix::fs::symlink(root.join("content"), root.join("content/sub/loop"))
        .expect("symlink");
    let c = collection::load(&LoadOptions::new(root));
    assert_eq!(c.records.len(), 1);
    assert!(
        c.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("loop")),
        "{:?}",
        c.diagnostics
    );
}

#[test]
fn a_fifty_megabyte_file_normalizes_in_linear_time() {
    // Not timed: a quadratic step would make this test run for hours instead of seconds.
    let seed = std::fs::read_to_string(seed_path("000_4d1aae1c1a1ac195.txt")).expect("seed");
    let paragraph = seed
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect::<Vec<_>>()
        .join("\n");
    let mut big = String::with_capacity(52 * 1024 * 1024);
    big.push_str(&seed);
    big.push('\n');
    let mut n = 0;
    while big.len() < 50 * 1024 * 1024 {
        n += 1;
        big.push_str(&format!(
            "\n{}\n",
            paragraph
                .replace("- 1.", &format!("- {}.", 2 * n + 1))
                .replace("- 2.", &format!("- {}.", 2 * n + 2))
        ));
    }
    let normalized =
        ingest::normalize(big.as_bytes(), &ingest::IngestOptions::default()).expect("normalizes");
    assert_eq!(
        normalized.record.title,
        "Cable from Japanese Embassy in Havana to Tokyo"
    );
    assert!(normalized.record.body.len() > 45 * 1024 * 1024);
}
