//! `cablegram build`: a fixture site built by the test, the HTML parsed and checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use scraper::{Html, Selector};

use crate::support::{read, read_gz, repo, seed};

/// A site folder with the two seeds, the sample gazetteer and a `site.toml`.
pub fn fixture_site(extra_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).expect("content");
    std::fs::create_dir_all(root.join("data")).expect("data");
    for name in ["000_4d1aae1c1a1ac195.txt", "001_39e9807f1f425bb8.txt"] {
        std::fs::copy(seed(name), root.join("content").join(name)).expect("seed");
    }
    // A gazetteer of the seeds' people and places (the sample collection's is far larger).
    std::fs::copy(
        repo().join("tests/fixtures/gazetteer.toml"),
        root.join("data/gazetteer.toml"),
    )
    .expect("gazetteer");
    std::fs::write(
        root.join("site.toml"),
        format!("title = \"Test Archive\"\ndescription = \"Seeds.\"\n{extra_toml}"),
    )
    .expect("site.toml");
    dir
}

pub fn build(root: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("cablegram")
        .expect("binary")
        .env("NO_COLOR", "1")
        .arg("build")
        .arg("--root")
        .arg(root)
        .args(args)
        .assert()
}

pub fn page(path: &Path) -> Html {
    Html::parse_document(&read(path))
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

const DOC_000: &str =
    "documents/1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo/index.html";
const DOC_001: &str =
    "documents/1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo/index.html";

#[test]
fn document_pages_carry_header_credits_and_citation() {
    let site = fixture_site("");
    build(site.path(), &["-q"]).success();
    let public = site.path().join("public");

    let doc = page(&public.join(DOC_000));
    assert_eq!(
        texts(&doc, "h1"),
        ["Cable from Japanese Embassy in Havana to Tokyo"]
    );
    let header = texts(&doc, ".cable-header dd");
    assert_eq!(header[0], "Ambassador Yaguchi");
    assert_eq!(header[1], "Foreign Minister Ohira");
    assert_eq!(header[2], "Havana, November 28, 1962, 11:00");
    assert_eq!(header[3], "Tokyo, November 29, 1962, 05:14");
    assert_eq!(header[4], "The Situation in Cuba");
    let credits = texts(&doc, ".credits dd").join(" | ");
    assert!(
        credits.contains("Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo"),
        "{credits}"
    );
    assert!(credits.contains("Masaki Hirata"), "{credits}");
    assert!(credits.contains("Leon Levy Foundation"), "{credits}");
    let archive_citation = texts(&doc, "#cite-archive");
    assert!(
        archive_citation[0]
            .starts_with("\"Cable from Japanese Embassy in Havana to Tokyo\", November 28, 1962"),
        "{archive_citation:?}"
    );
    for id in ["#cite-chicago", "#cite-mla", "#cite-apa"] {
        assert!(
            texts(&doc, id)[0].contains("Cable from Japanese Embassy in Havana to Tokyo"),
            "{id}"
        );
    }
    // The document's own paragraph numbers, and editorial insertions marked.
    let items = crate::support::item_numbers(doc.root_element(), ".document-text");
    assert_eq!(items, ["1", "2"]);
    let doc1 = page(&public.join(DOC_001));
    let ins = texts(&doc1, "ins.editorial");
    assert!(
        ins.contains(&"[Blas]".to_owned()) && ins.contains(&"[toward the Soviets]".to_owned()),
        "{ins:?}"
    );
    assert!(
        !read(&public.join(DOC_001)).contains("email"),
        "the mangled contact line never reaches a page"
    );

    // Machine-readable metadata.
    let meta = |name: &str| {
        doc.select(&sel(&format!("meta[name=\"{name}\"]")))
            .filter_map(|m| m.value().attr("content").map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        meta("citation_title"),
        ["Cable from Japanese Embassy in Havana to Tokyo"]
    );
    assert_eq!(meta("citation_date"), ["1962-11-28"]);
    assert_eq!(meta("DC.type"), ["manuscript"]);

    // Downloads beside the page.
    let dir = public.join(DOC_000).parent().expect("dir").to_path_buf();
    for f in ["cite.bib", "cite.ris", "cite.json"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
}

#[test]
fn timeline_orders_documents_and_indexes_list_them() {
    let site = fixture_site("");
    build(site.path(), &["-q"]).success();
    let public = site.path().join("public");
    // The timeline's overview counts each year's and month's documents and links the month to
    // its heading on the year's page, which lists them in time order with their cable times.
    let overview = page(&public.join("timeline/index.html"));
    assert_eq!(texts(&overview, ".timeline-years > li > a"), ["1962"]);
    let months: Vec<(String, String)> = overview
        .select(&sel(".timeline-months li"))
        .map(|li| {
            let a = li.select(&sel("a")).next().expect("a link");
            let text = li.text().collect::<String>();
            (a.value().attr("href").unwrap_or_default().to_owned(), text)
        })
        .collect();
    assert_eq!(
        months,
        [(
            "../timeline/1962/index.html#m-1962-11".to_owned(),
            "November (2)".to_owned()
        )]
    );
    let year = page(&public.join("timeline/1962/index.html"));
    assert_eq!(year.select(&sel("#m-1962-11")).count(), 1);
    let titles: Vec<String> = year
        .select(&sel(".record-title a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(
        titles,
        [
            "../../documents/1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo/index.html",
            "../../documents/1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo/index.html"
        ]
    );
    let times = texts(&year, ".record-times");
    assert_eq!(times[1], "sent Havana 11:00, received Tokyo 05:14 next day");
    // Under its day's heading an entry does not repeat the date.
    assert!(year.select(&sel(".day .record-meta time")).next().is_none());
    assert!(texts(&year, ".record-meta")[1].starts_with("cable · "));

    let mikoyan = page(&public.join("people/anastas-mikoyan/index.html"));
    assert_eq!(texts(&mikoyan, ".entries a").len(), 2);
    assert!(texts(&mikoyan, ".lede")[0].contains("Soviet First Deputy Premier"));
    // Correspondents are the gazetteer's people (Ambassador Yaguchi, Foreign Minister Ohira),
    // by volume, each with whom they wrote to or heard from.
    let correspondents = page(&public.join("correspondence/index.html"));
    assert_eq!(
        texts(&correspondents, ".correspondents > li > a"),
        ["Masayoshi Ōhira", "Yaguchi"]
    );
    assert_eq!(
        texts(&correspondents, ".pairs a"),
        ["with Yaguchi", "with Masayoshi Ōhira"]
    );
    let yaguchi = page(&public.join("correspondence/yaguchi/index.html"));
    assert_eq!(
        texts(&yaguchi, "h2"),
        ["As Ambassador, with Masayoshi Ōhira (2)"]
    );
    assert_eq!(texts(&yaguchi, ".entries .direction"), ["sent", "sent"]);
    let archives = page(&public.join("archives/index.html"));
    assert_eq!(
        texts(&archives, ".terms a"),
        ["Diplomatic Archives of the Ministry of Foreign Affairs of Japan"]
    );
    for f in [
        "records.json.gz",
        "records.csv",
        "bibliography.bib",
        "bibliography.ris",
        "bibliography.json",
        "datapackage.json",
    ] {
        assert!(public.join("data").join(f).is_file(), "{f}");
    }
    let records: serde_json::Value =
        serde_json::from_str(&read_gz(&public.join("data/records.json.gz"))).expect("json");
    assert_eq!(records.as_array().map(Vec::len), Some(2));
    assert!(public.join(".nojekyll").is_file());
    assert!(public.join("404.html").is_file());
}

/// Every `href` and `src` in every page that points inside the site resolves to a file.
pub fn assert_links_resolve(public: &Path) {
    let mut broken = BTreeSet::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "html") || path.ends_with("404.html") {
            continue;
        }
        let html = page(path);
        for el in html.select(&sel("[href], [src]")) {
            let Some(link) = el.value().attr("href").or_else(|| el.value().attr("src")) else {
                continue;
            };
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
                || link.starts_with('#')
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{}: absolute link {link}",
                path.display()
            );
            let target = link.split(['#', '?']).next().unwrap_or_default();
            let resolved: PathBuf = path.parent().expect("dir").join(target);
            checked += 1;
            if !resolved.is_file() {
                broken.insert(format!(
                    "{} -> {link}",
                    path.strip_prefix(public).unwrap_or(path).display()
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "broken links:\n{}",
        broken.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_internal_link_resolves_at_root_and_under_a_subpath() {
    let site = fixture_site("");
    build(site.path(), &["-q"]).success();
    assert_links_resolve(&site.path().join("public"));

    build(
        site.path(),
        &["-q", "--base-url", "https://example.github.io/repo/"],
    )
    .success();
    let public = site.path().join("public");
    assert_links_resolve(&public);
    // Absolute URLs only where they belong: canonical, feed, sitemap; the 404 page uses the base path.
    let doc = read(&public.join(DOC_000));
    assert!(doc.contains("https://example.github.io/repo/documents/1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo/"));
    let not_found = page(&public.join("404.html"));
    let hrefs: Vec<&str> = not_found
        .select(&sel("a[href], link[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs
            .iter()
            .all(|h| h.starts_with("/repo/") || h.starts_with('#') || h.starts_with("data:")),
        "{hrefs:?}"
    );
    let feed = read(&public.join("feed.xml"));
    assert!(feed.contains("<link rel=\"self\" href=\"https://example.github.io/repo/feed.xml\"/>"));
    assert!(read(&public.join("sitemap.xml"))
        .contains("<loc>https://example.github.io/repo/timeline/</loc>"));
}

/// Feed readers and browsers find the Atom feed from any page: every page's head links it, at
/// the address where the build wrote it; a site without `base_url` has no feed and no link.
#[test]
fn every_page_links_the_atom_feed() {
    let site = fixture_site("");
    build(site.path(), &["-q"]).success();
    let public = site.path().join("public");
    assert!(!public.join("feed.xml").exists());
    let feed_links = sel("head link[rel=alternate][type='application/atom+xml']");
    assert_eq!(page(&public.join(DOC_000)).select(&feed_links).count(), 0);

    build(
        site.path(),
        &["-q", "--base-url", "https://example.github.io/repo/"],
    )
    .success();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = page(entry.path());
        let links: Vec<&str> = html
            .select(&feed_links)
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(links.len(), 1, "{}: {links:?}", entry.path().display());
        let target = if entry.path().ends_with("404.html") {
            // The 404 page is served at any depth, so its links start at the base path.
            assert_eq!(links[0], "/repo/feed.xml");
            public.join("feed.xml")
        } else {
            entry.path().parent().expect("folder").join(links[0])
        };
        assert!(target.is_file(), "{}: {}", entry.path().display(), links[0]);
        assert!(read(&target).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        pages += 1;
    }
    assert!(pages > 20, "{pages} pages");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = fixture_site("base_url = \"https://example.org/\"\n");
    let a = site.path().join("a");
    let b = site.path().join("b");
    build(site.path(), &["-q", "--out", a.to_str().expect("utf-8")]).success();
    build(site.path(), &["-q", "--out", b.to_str().expect("utf-8")]).success();
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).expect("inside").to_path_buf(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 30);
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs", pa.display());
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = fixture_site("");
    build(site.path(), &["-q"]).success();
    let index = site.path().join("public/index.html");
    let before = read(&index);
    std::fs::create_dir_all(site.path().join("templates")).expect("templates");
    std::fs::write(site.path().join("templates/home.html"), "{% extends \"base.html\" %}{% block content %}{{ page.first | nosuchfilter }}{% endblock content %}\n")
        .expect("template");
    build(site.path(), &[]).failure().stderr(
        predicate::str::contains("templates/home.html")
            .and(predicate::str::contains("nothing was written")),
    );
    assert_eq!(read(&index), before);
    let siblings: Vec<String> = std::fs::read_dir(site.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        siblings.iter().all(|n| !n.contains("cablegram-new")),
        "no half-written folder left: {siblings:?}"
    );
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_make() {
    let site = fixture_site("");
    let out = site.path().join("mine");
    std::fs::create_dir_all(&out).expect("dir");
    std::fs::write(out.join("thesis.docx"), "years of work").expect("plant");
    build(site.path(), &["--out", out.to_str().expect("utf-8")])
        .code(3)
        .stderr(predicate::str::contains("not made by cablegram"));
    // A base URL that is not absolute is refused before anything is written.
    build(site.path(), &["--base-url", "example.org/repo/"])
        .code(1)
        .stderr(predicate::str::contains("--base-url").and(predicate::str::contains("https://")));
    assert!(!site.path().join("public").exists());
    assert_eq!(read(&out.join("thesis.docx")), "years of work");
    assert_eq!(std::fs::read_dir(&out).expect("dir").count(), 1);
}

#[test]
fn raw_text_is_escaped_in_html() {
    let site = fixture_site("");
    std::fs::write(
        site.path().join("content/evil.txt"),
        "November 1, 1962 Cable from \"Nowhere\" <b>bold</b>\n\nSummary:\n\nA <script>alert(1)</script> summary & more.\n\n1. Text with <script>alert(\"x\")</script> and \"quotes\" & <img src=x onerror=alert(1)>.\n",
    )
    .expect("write");
    build(site.path(), &["-q"]).success();
    let docs = site.path().join("public/documents");
    let dir = std::fs::read_dir(&docs)
        .expect("documents")
        .map(|e| e.expect("e").path())
        .find(|p| p.to_string_lossy().contains("nowhere"))
        .expect("the page");
    let path = dir.join("index.html");
    let doc = page(&path);
    // Parsed as a browser would: no element from the raw text exists, only ours.
    for script in doc.select(&sel("script")) {
        let ours = script
            .value()
            .attr("src")
            .is_some_and(|s| s.ends_with("assets/cablegram.js"));
        assert!(ours, "a script from the raw text: {}", script.html());
    }
    assert!(
        doc.select(&sel("img, b")).next().is_none(),
        "an element from the raw text"
    );
    let description = doc
        .select(&sel("meta[name=description]"))
        .filter_map(|m| m.value().attr("content"))
        .collect::<String>();
    assert!(
        description.contains("<script>"),
        "the text as text: {description}"
    );
    assert_eq!(texts(&doc, "h1"), ["Cable from \"Nowhere\" <b>bold</b>"]);
    let body = texts(&doc, ".document-text li").join(" ");
    assert!(
        body.contains(
            "<script>alert(\"x\")</script> and \"quotes\" & <img src=x onerror=alert(1)>"
        ),
        "{body}"
    );
}

/// Raw text that looks like Markdown shows as written: a footnote mark before a parenthesis, a
/// link, a tag, emphasis and strike-through characters are none of those on the page.
#[test]
fn markup_in_raw_text_renders_as_written() {
    let site = fixture_site("");
    let line = "MR. HAWKINS [8](U.S.A.): Mr. Chairman, see [the text](https://example.org), <b>this</b>, *stars*, _under_ and ~~struck~~ &amp; [a][b].";
    std::fs::write(
        site.path().join("content/markup.txt"),
        format!("November 2, 1962 Markup Test\n\nSummary:\n\nA summary.\n\n{line}\n"),
    )
    .expect("write");
    build(site.path(), &["-q"]).success();
    let doc = page(
        &site
            .path()
            .join("public/documents/1962-11-02-markup-test/index.html"),
    );
    let text = texts(&doc, ".document-text p").join(" ");
    assert!(text.contains(line), "{text}");
    let made = doc
        .select(&sel(".document-text a, .document-text b, .document-text em, .document-text del, .document-text strong"))
        .map(|e| e.html())
        .collect::<Vec<_>>();
    assert!(made.is_empty(), "markup from the raw text: {made:?}");
}

/// A record whose archive, title and correspondents are each 2,000 characters long still
/// builds: every folder name made from a name is bounded; a paragraph is no index term.
#[test]
fn names_of_two_thousand_characters_build() {
    let site = fixture_site("");
    let long = |word: &str| {
        let mut s = String::new();
        while s.chars().count() < 2000 {
            s.push_str(word);
            s.push(' ');
        }
        s.trim().to_owned()
    };
    let (title, archive) = (long("Título"), long("Archivo"));
    let (from, to) = (long("Ambassador"), long("Minister"));
    std::fs::write(
        site.path().join("content/long.md"),
        format!(
            "+++\ntitle = \"{title}\"\ndate = 1962-11-03\n\n[[from]]\nname = \"{from}\"\n\n[[to]]\nname = \"{to}\"\n\n[source]\narchive = \"{archive}\"\n+++\n\nText.\n"
        ),
    )
    .expect("write");
    build(site.path(), &["-q"]).success();
    let public = site.path().join("public");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().len();
        assert!(
            name <= 120,
            "{}: a name of {name} bytes",
            entry.path().display()
        );
    }
    let docs: Vec<_> = std::fs::read_dir(public.join("documents"))
        .expect("documents")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("1962-11-03-titulo"))
        .collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    // The names are no index terms (2,000 characters are no name), and the page still shows them.
    let doc = page(&public.join("documents").join(&docs[0]).join("index.html"));
    assert_eq!(texts(&doc, "h1"), [title]);
    assert_links_resolve(&public);
}

/// `serve` renders a file when it is asked for (`pipeline::render_route`): every file `build`
/// writes, of every kind of route, must be exactly the file rendered alone; and paths that are no
/// file of the site must be none.
#[test]
fn every_file_rendered_alone_is_the_file_the_build_writes() {
    use cablegram::site::{pipeline, render::Inputs, Model, Route};
    // A packet, a page of the site's own and a domain make every kind of route.
    let site = fixture_site(
        "page_size = 1\nbase_url = \"https://example.github.io/repo/\"\n\
         domain = \"cables.example.org\"\n\
         [[handouts.packets]]\ntitle = \"Two Cables\"\n\
         [[handouts.packets.documents]]\nrecord = \"115059\"\nexcerpt = \"1\"\n",
    );
    std::fs::create_dir_all(site.path().join("pages")).expect("pages");
    std::fs::write(
        site.path().join("pages/about.md"),
        "+++\ntitle = \"About\"\n+++\n\nWhere the cables come from.\n",
    )
    .expect("page");
    // An undated record and a second year make every kind of list.
    std::fs::write(
        site.path().join("content/undated.md"),
        "+++\ntitle = \"Undated Note\"\n+++\n\nText.\n",
    )
    .expect("record");
    std::fs::write(
        site.path().join("content/later.md"),
        "+++\ntitle = \"Later Note\"\ndate = 1963-01-02\ntopics = [\"Trade\"]\n+++\n\nText.\n",
    )
    .expect("record");
    build(site.path(), &["-q"]).success();
    let public = site.path().join("public");
    let model = Model::load(site.path(), None).expect("loads");
    let bodies = model.bodies();
    let inputs = Inputs::new(&model, &bodies, false);
    let mut kinds = BTreeSet::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let path = entry
            .path()
            .strip_prefix(&public)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if path == ".cablegram-output" {
            continue;
        }
        let route = Route::parse(&path).unwrap_or_else(|| panic!("{path} is no route"));
        let alone = pipeline::render_route(&inputs, &path)
            .expect("renders")
            .unwrap_or_else(|| panic!("{path} was not rendered alone"));
        let file = alone
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} is not among what its route made"));
        assert!(
            file.bytes == std::fs::read(entry.path()).expect("read"),
            "{path} differs"
        );
        kinds.insert(format!("{route:?}").split('(').next().map(str::to_owned));
        files += 1;
    }
    assert!(files > 60, "{files}");
    // Every kind of route but the printed PDFs.
    assert_eq!(kinds.len(), 22, "{kinds:?}");
    for missing in [
        "documents/nope/index.html",
        "documents/nope/cite.bib",
        "timeline/page/99/index.html",
        "timeline/page/1/index.html",
        "timeline/1850/index.html",
        "people/nobody/index.html",
        "nonsense/index.html",
        "timeline/undated/page/x/index.html",
        "handouts/packets/nope/index.html",
        "assets/nope.css",
        "handouts/two-cables.pdf",
    ] {
        assert!(
            pipeline::render_route(&inputs, missing)
                .expect("renders")
                .is_none(),
            "{missing}"
        );
    }
}
