//! A large collection (over 5,000 documents) writes less for each document, so that 50,000 fit
//! on GitHub Pages: built from 5,004 small records and read back.

use std::fmt::Write as _;

use assert_cmd::Command;

use crate::site::{page, sel, texts};
use crate::support::read_gz;

const DOCUMENTS: usize = 5_004;

/// Record `i`: every record writes to the ministry; embassy `i % 1000` sends, so most embassies
/// send five documents; `Legation in Lima` sends the last six.
fn record(i: usize) -> String {
    let sender = if i >= DOCUMENTS - 6 {
        "Legation in Lima".to_owned()
    } else {
        format!("Embassy {}", i % 1000)
    };
    // Record 0's summary is longer than a large timeline shows.
    let summary = match i {
        0 => format!(
            "The long summary of cable 0: {}",
            "word ".repeat(60).trim_end()
        ),
        _ => format!("What cable {i} says."),
    };
    // Record 1 is undated: the embassy sent it, when is not known.
    let (y, m, d) = (1950 + i % 30, 1 + i % 12, 1 + i % 28);
    let (date, sent) = match i {
        1 => (String::new(), format!("place = \"{sender}\"\n")),
        _ => (
            format!("date = {y}-{m:02}-{d:02}\n"),
            format!("at = {y}-{m:02}-{d:02}T10:00:00\n"),
        ),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "+++\nid = \"r{i:05}\"\ntitle = \"Cable {i} from {sender}\"\n{date}\
         kind = \"cable\"\nsummary = \"{summary}\"\n\n[[from]]\nname = \"{sender}\"\n\n\
         [[to]]\nname = \"Ministry of Foreign Affairs\"\n\n[transmitted]\n{sent}\
         +++\n\n1. The text of cable {i}.\n"
    );
    s
}

#[test]
fn a_large_collection_lists_small_correspondents_and_gzips_its_downloads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content");
    for i in 0..DOCUMENTS {
        std::fs::write(content.join(format!("r{i:05}.md")), record(i)).expect("record");
    }
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Large\"\nbase_url = \"https://example.org/\"\n",
    )
    .expect("site.toml");
    let public = dir.path().join("public");
    Command::cargo_bin("cablegram")
        .expect("binary")
        .args(["build", "--quiet", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&public)
        .assert()
        .success();

    // The downloads are gzipped and whole; no citation files beside each page.
    let csv = read_gz(&public.join("data/records.csv.gz"));
    assert_eq!(csv.lines().count(), DOCUMENTS + 1);
    assert!(!public.join("data/records.csv").exists());
    for file in ["bibliography.bib", "bibliography.ris", "bibliography.json"] {
        assert!(public.join(format!("data/{file}.gz")).is_file(), "{file}");
    }
    let json = read_gz(&public.join("data/records.json.gz"));
    let records: Vec<serde_json::Value> = serde_json::from_str(&json).expect("records.json");
    assert_eq!(records.len(), DOCUMENTS);
    let documents = public.join("documents");
    let first = std::fs::read_dir(&documents)
        .expect("documents")
        .next()
        .expect("a document")
        .expect("entry")
        .path();
    assert!(!first.join("cite.bib").exists());
    let doc = page(&first.join("index.html"));
    assert!(doc.select(&sel("meta[name=description]")).next().is_none());
    assert_eq!(texts(&doc, "#cite-chicago").len(), 1);

    // The timeline gives a line of each summary; the document page the whole of it.
    let year = page(&public.join("timeline/1950/index.html"));
    let listed: Vec<String> = texts(&year, ".record-summary")
        .into_iter()
        .filter(|t| t.starts_with("The long summary"))
        .collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].chars().count() <= 101 && listed[0].ends_with('…'),
        "{listed:?}"
    );
    // An entry under its day's heading gives no date of its own, and a large timeline leaves
    // when each cable went to its page (which gives it).
    assert!(year.select(&sel(".day .record-meta time")).next().is_none());
    assert!(texts(&year, ".record-meta")[0].starts_with("cable · "));
    assert!(year.select(&sel(".record-times")).next().is_none());
    let undated = page(&public.join("timeline/undated/index.html"));
    assert_eq!(
        texts(&undated, ".record-title a"),
        ["Cable 1 from Embassy 1"]
    );
    assert!(texts(&undated, ".record-meta")[0].starts_with("Undated · cable"));
    assert!(undated.select(&sel(".record-times")).next().is_none());
    let first_doc = std::fs::read_dir(&documents)
        .expect("documents")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().contains("cable-0-from"))
        .expect("cable 0");
    let whole = texts(&page(&first_doc.join("index.html")), ".summary p").join("");
    assert!(
        whole.ends_with("word word") && whole.chars().count() > 300,
        "{whole}"
    );

    // A correspondent of five documents has no page: the index lists them, each link a page.
    assert!(!public.join("correspondence/embassy-7").exists());
    assert!(public
        .join("correspondence/legation-in-lima/index.html")
        .is_file());
    let (mut listed, mut found) = (0, false);
    for index in std::fs::read_dir(public.join("correspondence/page"))
        .expect("index pages")
        .map(|e| e.expect("entry").path().join("index.html"))
        .chain([public.join("correspondence/index.html")])
    {
        let html = page(&index);
        for entry in html.select(&sel("li#t-embassy-7")) {
            found = true;
            for a in entry.select(&sel(".entries a")) {
                let href = a.value().attr("href").expect("href");
                let target = index.parent().expect("folder").join(href);
                assert!(target.is_file(), "{}", target.display());
                listed += 1;
            }
        }
    }
    assert!(found, "Embassy 7 is in the index");
    assert_eq!(listed, 5, "Embassy 7's five documents");
    assert!(public
        .join("correspondence/ministry-of-foreign-affairs/index.html")
        .is_file());
}
