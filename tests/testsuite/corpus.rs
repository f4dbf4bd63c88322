//! Corpus evaluation: the checks over whole real corpora, which do not ship with the repository.
//! Needs the corpus folder (`frus/`, `dfat/`, each volume with its `index.tsv`): by default
//! `../shared/corpus` beside the repository, or wherever `CABLEGRAM_CORPUS` points. The tests are
//! ignored in the default run; run them by name:
//!
//! ```sh
//! cargo test --release --test cablegram corpus:: -- --ignored
//! ```
//!
//! Without the corpus they fail, saying what they need (they never pass by skipping).

use std::path::PathBuf;

use crate::support::repo;

/// The corpus folder, or a panic that says what the evaluation needs.
fn corpus(name: &str) -> PathBuf {
    let root = std::env::var_os("CABLEGRAM_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/corpus"));
    let path = root.join(name);
    assert!(
        path.is_dir(),
        "the corpus evaluation needs the corpus `{name}/` at {} (set CABLEGRAM_CORPUS to the folder \
         that holds frus/ and dfat/)",
        root.display()
    );
    path
}

#[test]
#[ignore = "corpus evaluation: needs the FRUS corpus"]
fn frus_dates_agree_with_the_answer_key_on_99_percent() {
    crate::frus::dates_agree_with_the_answer_key(&corpus("frus"), 4000);
}

#[test]
#[ignore = "corpus evaluation: needs the FRUS corpus"]
fn every_frus_document_keeps_every_word_and_has_a_title_and_kind() {
    let read = crate::frus::every_document_keeps_every_word(&corpus("frus"));
    assert!(read >= 4451, "{read} FRUS documents read");
}

#[test]
#[ignore = "corpus evaluation: needs the FRUS corpus"]
fn frus_citations_from_patterns_read_exactly_as_full_renderings() {
    crate::citations::patterns_match_full_renderings(&corpus("frus"), 4451);
}

#[test]
#[ignore = "corpus evaluation: needs the FRUS corpus"]
fn frus_fields_agree_with_the_answer_key() {
    let a = crate::evaluation::frus(&corpus("frus"));
    eprintln!("{}", a.table("FRUS"));
    assert!(a.documents >= 4451, "{} FRUS documents read", a.documents);
    a.assert_at_least(&[
        ("date", 0.99),
        ("kind", 0.95),
        ("from", 0.90),
        ("to", 0.90),
        ("words kept", 1.0),
    ]);
}

#[test]
#[ignore = "corpus evaluation: needs the DFAT corpus"]
fn dfat_fields_agree_with_the_answer_key() {
    let a = crate::evaluation::dfat(&corpus("dfat"));
    eprintln!("{}", a.table("DFAT"));
    assert!(a.documents >= 9463, "{} DFAT documents read", a.documents);
    a.assert_at_least(&[
        ("date", 0.98),
        ("title", 0.95),
        ("sender", 0.90),
        ("kind", 0.95),
        ("archive reference", 0.95),
        ("words kept", 1.0),
    ]);
}

/// The whole DFAT corpus as a collection's `content/`: `check` finds no error and `build` makes
/// the site, its timeline spanning the volumes' years and its archives index naming the
/// holding archives (not paragraphs).
#[test]
#[ignore = "corpus evaluation: needs the DFAT corpus"]
fn the_dfat_corpus_checks_without_error_and_builds() {
    let dfat = corpus("dfat");
    let site = crate::site::fixture_site("");
    let content = site.path().join("content");
    let mut copied = 0;
    for volume in crate::frus::volumes(&dfat) {
        let to = content.join(volume.file_name().expect("volume name"));
        std::fs::create_dir_all(&to).expect("volume folder");
        for entry in std::fs::read_dir(&volume).expect("volume") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|x| x == "txt") {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
                copied += 1;
            }
        }
    }
    assert!(copied >= 9463, "{copied} documents copied");
    let check = assert_cmd::Command::cargo_bin("cablegram")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = String::from_utf8_lossy(&check.get_output().stderr).into_owned()
        + &String::from_utf8_lossy(&check.get_output().stdout);
    assert!(
        out.contains(" 0 errors"),
        "{}",
        &out[out.len().saturating_sub(2000)..]
    );
    crate::site::build(site.path(), &["-q"]).success();
    let public = site.path().join("public");
    for year in ["1924", "1939", "1946", "1975", "1983"] {
        assert!(
            public.join("timeline").join(year).is_dir(),
            "no timeline year {year}"
        );
    }
    let archives = crate::site::page(&public.join("archives/index.html"));
    let names = crate::site::texts(&archives, "main li a");
    assert!(
        names.iter().any(|n| n == "National Archives of Australia"),
        "{names:?}"
    );
    assert!(names.iter().all(|n| n.len() <= 200), "{names:?}");
}
