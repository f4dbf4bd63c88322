//! Classroom handouts: one document or a packet, built from a fixture site and checked in the
//! HTML; printed to PDF when a Chromium is at hand (CI has one, and says so with
//! `CABLEGRAM_REQUIRE_CHROMIUM=1` so that the PDF test cannot pass by skipping).

use std::path::Path;
use std::process::Command as Process;

use predicates::prelude::*;

use crate::site::{build, fixture_site, page, sel, texts};

const SEED_21: &str = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo";
const SEED_28: &str = "1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo";

/// A packet of the two seeds, the later one first, the second excerpted and line-numbered.
const PACKET: &str = r#"
[handouts]
answer_lines = 2

[[handouts.packets]]
title = "Castro & the Inspections"
question = "Why did Castro refuse the UN inspections?"
introduction = "Two cables from Havana."
closing_task = "Answer the question with both documents."

[[handouts.packets.documents]]
record = "115059"
questions = ["What does paragraph 2 say?"]

[[handouts.packets.documents]]
record = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo"
excerpt = "1,4"
headnote = "Written while Mikoyan was in Havana."
line_numbers = true
"#;

/// `/handouts/<slug>/`: paper first, with every part a class needs; an excerpt marks what it
/// leaves out.
#[test]
fn handouts_carry_source_headnote_numbered_text_word_bank_questions_and_credits() {
    let site = fixture_site("");
    std::fs::write(
        site.path().join("content/lesson.md"),
        "+++\ntitle = \"A Lesson Cable\"\ndate = 1962-11-30\nheadnote = \"Set the scene.\"\n\
         excerpt = \"1,3\"\nquestions = [\"Why?\", \"Who?\"]\npeople = [\"Anastas Mikoyan\"]\n\
         glossary = [{ term = \"démarche\", meaning = \"a formal diplomatic step\" }]\n\
         rights = \"Public domain.\"\n\n[source]\narchive = \"Some Archive\"\n\
         citation = \"\\\"A Lesson Cable\\\", Some Archive, Fond 1 <b>.\"\n+++\n\n1. First [Lazaro] part, with Mikoyan.\n\n\
         2. Second part, with Khrushchev.\n\n3. Third part.\n\n4. Fourth part.\n",
    )
    .expect("record");
    let out = site.path().join("public");
    build(site.path(), &[]).success();
    let html = page(&out.join("handouts/1962-11-30-a-lesson-cable/index.html"));
    assert_eq!(texts(&html, "h1"), ["A Lesson Cable"]);
    let source = texts(&html, ".source").join(" ");
    assert!(source.contains("Source (excerpt):"), "{source}");
    assert!(source.contains("Fond 1 <b>."), "escaped as text: {source}");
    assert_eq!(texts(&html, ".headnote p"), ["Set the scene."]);
    let numbers = crate::support::item_numbers(html.root_element(), ".text");
    assert_eq!(numbers, ["1", "3"]);
    assert_eq!(
        texts(&html, ".text .elision").len(),
        2,
        "after 1 and after 3"
    );
    assert_eq!(texts(&html, ".text ins.editorial"), ["[Lazaro]"]);
    let bank = texts(&html, ".word-bank dt");
    assert!(bank.contains(&"Anastas Mikoyan".to_owned()), "{bank:?}");
    assert!(bank.contains(&"démarche".to_owned()), "{bank:?}");
    // An excerpt's word bank has the people of the printed paragraphs only.
    assert!(!bank.contains(&"Nikita Khrushchev".to_owned()), "{bank:?}");
    assert_eq!(texts(&html, ".questions li p"), ["Why?", "Who?"]);
    assert_eq!(html.select(&sel(".questions .answer-line")).count(), 8);
    let credits = texts(&html, ".handout-credits").join(" ");
    assert!(
        credits.contains("Some Archive") && credits.contains("Public domain."),
        "{credits}"
    );
    assert!(
        html.select(&sel(".site-header, nav:not(.screen-only)"))
            .next()
            .is_none(),
        "no site chrome on paper"
    );
    // Every document has one, linked from its page and listed.
    let list = page(&out.join("handouts/index.html"));
    assert_eq!(texts(&list, ".record-title").len(), 3);
    let document = page(&out.join("documents/1962-11-30-a-lesson-cable/index.html"));
    let link = document
        .select(&sel(".handout-link a"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("handout link");
    assert_eq!(link, "../../handouts/1962-11-30-a-lesson-cable/index.html");
}

#[test]
fn a_packet_has_a_cover_sheet_and_its_documents_in_order() {
    let site = fixture_site(PACKET);
    let out = site.path().join("public");
    build(site.path(), &[]).success();
    let html = page(&out.join("handouts/packets/castro-the-inspections/index.html"));
    assert_eq!(texts(&html, "h1"), ["Castro & the Inspections"]);
    assert_eq!(
        texts(&html, ".cover .question"),
        ["Question: Why did Castro refuse the UN inspections?"]
    );
    // The cover lists the documents with dates and sources, in the packet's order.
    let contents = texts(&html, ".contents li");
    assert_eq!(contents.len(), 2, "{contents:?}");
    assert!(contents[0].contains("November 28, 1962"), "{contents:?}");
    assert!(
        contents[1].contains("November 21, 1962") && contents[1].contains("(excerpt)"),
        "{contents:?}"
    );
    assert!(
        contents[0].contains("Wilson Center Digital Archive"),
        "{contents:?}"
    );
    // Then each document, numbered, with its own head note, text and questions.
    let titles = texts(&html, ".packet-document .handout-title");
    assert_eq!(
        titles,
        [
            "Document 1: Cable from Japanese Embassy in Havana to Tokyo",
            "Document 2: Cable from Japanese Embassy in Havana to Tokyo"
        ]
    );
    // Both documents number paragraphs from 1: their anchors stay unique on the one page.
    let ids: Vec<&str> = html
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        unique.contains("d1-p-1") && unique.contains("d2-p-1"),
        "{ids:?}"
    );
    let documents: Vec<_> = html.select(&sel(".packet-document")).collect();
    let within = |i: usize, s: &str| -> Vec<String> {
        documents[i]
            .select(&sel(s))
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    };
    // The packet's questions win over none; the record's summary is the head note when the
    // packet gives none.
    assert_eq!(within(0, ".questions li p"), ["What does paragraph 2 say?"]);
    assert_eq!(documents[0].select(&sel(".answer-line")).count(), 2);
    assert!(within(0, ".headnote p")[0].starts_with("A cable describing"));
    assert_eq!(
        within(1, ".headnote p"),
        ["Written while Mikoyan was in Havana."]
    );
    // The excerpt keeps paragraphs 1 and 4 and marks the two gaps…
    let kept = crate::support::item_numbers(documents[1], ".text");
    assert_eq!(kept, ["1", "4"]);
    assert_eq!(within(1, ".elision").len(), 1, "between 1 and 4 only");
    // …and numbers its lines, while document 1 has none.
    assert!(documents[1].select(&sel(".ln")).count() >= 1);
    assert_eq!(documents[0].select(&sel(".ln")).count(), 0);
    assert_eq!(
        texts(&html, ".closing-task p").last().map(String::as_str),
        Some("Answer the question with both documents.")
    );
    assert_eq!(html.select(&sel(".closing-task .answer-line")).count(), 4);
    // Listed first on /handouts/.
    let list = page(&out.join("handouts/index.html"));
    let href = list
        .select(&sel(".packets a"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .map(str::to_owned);
    assert_eq!(
        href.as_deref(),
        Some("../handouts/packets/castro-the-inspections/index.html")
    );
}

/// A packet naming a record that is not there, or an excerpt that is not a list of paragraphs,
/// stops the build at its line in site.toml; nothing is written.
#[test]
fn packet_mistakes_are_errors_at_their_line() {
    let cases = [
        (
            PACKET.replace("record = \"115059\"", "record = \"nope\""),
            "site.toml:14:10: error: packet `Castro & the Inspections`: no record has the id or slug `nope`",
        ),
        (
            PACKET.replace("excerpt = \"1,4\"", "excerpt = \"four\""),
            "site.toml:19:11: error: `excerpt = \"four\"` is not a list of paragraphs",
        ),
        (
            PACKET.replace("excerpt = \"1,4\"", "excerpt = \"7-9\""),
            "the excerpt \"7-9\" names no paragraph of `Cable from Japanese Embassy in Havana to Tokyo` (it has paragraphs 1–4)",
        ),
    ];
    for (toml, expected) in cases {
        let site = fixture_site(&toml);
        build(site.path(), &[])
            .code(1)
            .stderr(predicate::str::contains(expected));
        assert!(!site.path().join("public").exists(), "{expected}");
    }
}

#[test]
fn a_record_excerpt_that_is_not_a_list_is_an_error_at_its_line() {
    let site = fixture_site("");
    std::fs::write(
        site.path().join("content/bad.md"),
        "+++\ntitle = \"Bad\"\nexcerpt = \"the first two\"\n+++\n\nText.\n",
    )
    .expect("record");
    build(site.path(), &[])
        .code(1)
        .stderr(predicate::str::contains(
            "content/bad.md:3:1: error: `excerpt = \"the first two\"` is not a list of paragraphs",
        ));
}

/// Without a browser to print with, `--pdf` says so and the rest of the site is built, without
/// links to PDFs that do not exist.
#[test]
fn pdf_without_a_browser_builds_the_site_and_says_why() {
    let site = fixture_site(PACKET);
    let out = site.path().join("public");
    assert_cmd::Command::cargo_bin("cablegram")
        .expect("binary")
        .env("CABLEGRAM_CHROMIUM", site.path().join("no-such-browser"))
        .args(["build", "--pdf", "--root"])
        .arg(site.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "no-such-browser, which is not a file",
        ))
        .stderr(predicate::str::contains("the site is built without PDFs"));
    assert!(out.join(format!("handouts/{SEED_21}/index.html")).is_file());
    assert!(!out.join(format!("handouts/{SEED_21}.pdf")).exists());
    let html = std::fs::read_to_string(out.join(format!("handouts/{SEED_21}/index.html")))
        .unwrap_or_default();
    assert!(!html.contains(".pdf"), "no link to a missing PDF");
}

/// A browser to print with (`CABLEGRAM_CHROMIUM`, else `chromium` on PATH) and poppler-utils
/// to read the PDFs back; without them the PDF test says so and is skipped, unless CI requires
/// them.
fn chromium() -> Option<std::path::PathBuf> {
    let on_path = |name: &str| {
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    };
    let found = std::env::var_os("CABLEGRAM_CHROMIUM")
        .map(std::path::PathBuf::from)
        .or_else(|| on_path("chromium"))
        .filter(|_| on_path("pdftotext").is_some() && on_path("pdfinfo").is_some());
    if found.is_none() {
        assert!(
            std::env::var_os("CABLEGRAM_REQUIRE_CHROMIUM").is_none(),
            "CABLEGRAM_REQUIRE_CHROMIUM is set but chromium or poppler-utils was not found"
        );
        eprintln!("no chromium or no poppler-utils: PDF printing not tested here");
    }
    found
}

fn pdf_text(pdf: &Path) -> String {
    let out = Process::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `build --pdf` writes a valid PDF per handout and per packet, with the text in it, the same
/// bytes on every build; pages link to them.
#[test]
fn pdfs_of_every_handout_and_packet() {
    if chromium().is_none() {
        return;
    }
    let site = fixture_site(PACKET);
    let out = site.path().join("public");
    build(site.path(), &["--pdf", "--quiet"]).success();
    let pdfs = [
        format!("handouts/{SEED_21}.pdf"),
        format!("handouts/{SEED_28}.pdf"),
        "handouts/packets/castro-the-inspections.pdf".to_owned(),
    ];
    let first: Vec<Vec<u8>> = pdfs
        .iter()
        .map(|p| std::fs::read(out.join(p)).expect("pdf written"))
        .collect();
    for (path, bytes) in pdfs.iter().zip(&first) {
        assert!(bytes.starts_with(b"%PDF-"), "{path}");
        let info = Process::new("pdfinfo")
            .arg(out.join(path))
            .output()
            .expect("pdfinfo");
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("612 x 792 pts (letter)"), "{path}: {info}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        let range = if path.contains("packets") {
            4..=10
        } else {
            1..=2
        };
        assert!(range.contains(&pages), "{path}: {pages} pages");
        let text = pdf_text(&out.join(path));
        assert!(
            text.contains("Cable from Japanese Embassy in Havana to Tokyo"),
            "{path}"
        );
        assert!(
            !text.contains("Back to the document"),
            "{path}: no screen links"
        );
    }
    assert!(pdf_text(&out.join(&pdfs[2])).contains("Why did Castro refuse the UN inspections?"));
    let handout = std::fs::read_to_string(out.join(format!("handouts/{SEED_21}/index.html")))
        .unwrap_or_default();
    assert!(
        handout.contains(&format!("href=\"../../handouts/{SEED_21}.pdf\"")),
        "linked"
    );
    // Printed again, the same bytes.
    build(site.path(), &["--pdf", "--quiet"]).success();
    for (path, bytes) in pdfs.iter().zip(&first) {
        assert!(
            std::fs::read(out.join(path)).ok().as_ref() == Some(bytes),
            "{path} differs"
        );
    }
}
