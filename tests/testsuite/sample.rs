//! The sample collection shipped in the repository ("Cuba, 1961–1963": `content/`, `pages/`,
//! `data/gazetteer.toml`, `site.toml`), checked and built whole, as a newcomer's first command
//! builds it.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::site::{assert_links_resolve, page, sel, texts};
use crate::support::{read_gz, repo};

fn cablegram() -> Command {
    let mut c = Command::cargo_bin("cablegram").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn the_sample_collection_checks_clean_and_builds_whole() {
    let root = repo();
    let raw_texts = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "txt" || x == "md")
        })
        .count();
    assert!((150..=400).contains(&raw_texts), "{raw_texts} documents");
    // No warning at all: every problem the normalizer reported was fixed, not waved through.
    cablegram()
        .args(["check", "--strict", "--root"])
        .arg(&root)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "checked {raw_texts} records"
        )))
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    let out = tempfile::tempdir().expect("tempdir");
    let public = out.path().join("public");
    cablegram()
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&public)
        .args(["--base-url", "https://example.github.io/repo/"])
        .assert()
        .success()
        .stderr("");
    let records: serde_json::Value =
        serde_json::from_str(&read_gz(&public.join("data/records.json.gz"))).expect("records.json");
    assert_eq!(records.as_array().map(Vec::len), Some(raw_texts));
    assert_links_resolve(&public);

    // The About page, linked from every page.
    let home = page(&public.join("index.html"));
    assert!(texts(&home, "nav a").contains(&"About".to_owned()));
    let about = page(&public.join("about/index.html"));
    assert_eq!(texts(&about, "h1"), ["About"]);
    assert!(texts(&about, "main").join(" ").contains("public domain"));

    // Both packets, with their documents.
    for (slug, documents) in [("missile-crisis", 4), ("why-castro-said-no", 2)] {
        let packet = page(&public.join(format!("handouts/packets/{slug}/index.html")));
        assert_eq!(
            packet.select(&sel(".packet-document")).count(),
            documents,
            "{slug}"
        );
        assert_eq!(packet.select(&sel(".contents li")).count(), documents);
    }

    // The indexes are rich: the people a class would look up each have several documents.
    for person in [
        "fidel-castro",
        "nikita-khrushchev",
        "john-f-kennedy",
        "dean-rusk",
    ] {
        let term = page(&public.join(format!("people/{person}/index.html")));
        let n = term.select(&sel(".entries li")).count();
        assert!(n >= 5, "{person}: {n} documents");
    }
}
