//! Search: the index `cablegram build` writes, the search page and the header field. What the
//! index answers is checked in a real browser by `tests/browser/search.mjs`.

use scraper::{Html, Selector};

use crate::site::build;
use crate::support::{read, repo};

/// The sample seeds plus the Spanish memorandum of the browser tests.
fn fixture_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content");
    for folder in [
        repo().join("content"),
        repo().join("tests/browser/fixtures"),
    ] {
        for entry in std::fs::read_dir(&folder).expect("fixture folder") {
            let path = entry.expect("entry").path();
            // The seeds and the fixtures, not the sample collection's sub-folders.
            if !path.is_file() {
                continue;
            }
            let name = path.file_name().expect("file name");
            std::fs::copy(&path, content.join(name)).expect("copy");
        }
    }
    std::fs::write(dir.path().join("site.toml"), "title = \"Search Test\"\n").expect("site.toml");
    dir
}

fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    html.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

#[test]
fn build_writes_a_chunked_index_and_reports_its_time() {
    let site = fixture_site();
    let out = build(site.path(), &["--timings"]).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout
            .lines()
            .any(|l| l.trim_start().starts_with("search* ")),
        "{stdout}"
    );
    let index = site.path().join("public/search");
    for file in [
        "meta.json",
        "docs/0.json",
        "filters/kind.json",
        "filters/person.json",
    ] {
        assert!(index.join(file).is_file(), "missing search/{file}");
    }
    let meta: serde_json::Value =
        serde_json::from_str(&read(&index.join("meta.json"))).expect("meta.json");
    assert_eq!(meta["docs"], 3);
    let shards = meta["shards"].as_array().expect("shards");
    assert!(!shards.is_empty());
    for shard in shards {
        let shard = shard.as_str().expect("prefix");
        assert!(
            index.join(format!("terms/{shard}.json")).is_file(),
            "{shard}"
        );
    }
    // The result rows, in time order: the Spanish memorandum of 1963 last.
    let rows: serde_json::Value =
        serde_json::from_str(&read(&index.join("docs/0.json"))).expect("docs/0.json");
    assert_eq!(rows.as_array().map(Vec::len), Some(3));
    assert_eq!(rows[2][2], "1963-02-14");
    assert_eq!(rows[2][3], "memorandum");
    // Accents folded: the Spanish record's words are indexed without them.
    let l: serde_json::Value =
        serde_json::from_str(&read(&index.join("terms/l.json"))).expect("terms/l.json");
    assert!(l.get("lazaro").is_some(), "{l}");
    assert!(l.get("lázaro").is_none(), "{l}");
    // Nothing of the former Pagefind bundle.
    assert!(!site.path().join("public/pagefind").exists());
}

#[test]
fn search_page_links_relative_to_itself_and_offers_the_filters() {
    let site = fixture_site();
    build(
        site.path(),
        &["-q", "--base-url", "https://example.org/repo/"],
    )
    .success();
    let public = site.path().join("public");
    let page = Html::parse_document(&read(&public.join("search/index.html")));
    assert_eq!(
        attrs(&page, "#search-form", "data-index"),
        ["../search/meta.json"]
    );
    assert_eq!(attrs(&page, "#search-form", "data-root"), ["../"]);
    assert_eq!(attrs(&page, "#search-q", "name"), ["q"]);
    assert!(attrs(&page, "script", "src").contains(&"../assets/search.js".to_owned()));
    // The names of the person field come from the index when the field is used, not the page.
    assert!(attrs(&page, "#search-people option", "value").is_empty());
    let people = read(&public.join("search/filters/person.json"));
    assert!(people.contains("\"Carlos Lázaro García\""), "{people}");
    let sel = Selector::parse("#search-kind option, #search-from option").expect("selector");
    let options: Vec<String> = page
        .select(&sel)
        .map(|o| o.text().collect::<String>())
        .collect();
    for want in ["cable", "memorandum", "1962", "1963"] {
        assert!(options.contains(&want.to_owned()), "{want}: {options:?}");
    }
    // Without JavaScript: the message with the timeline, the form hidden until the script runs.
    assert_eq!(
        attrs(&page, "#search-unavailable a", "href")
            .first()
            .map(String::as_str),
        Some("../timeline/index.html")
    );
    assert_eq!(attrs(&page, "#search-form", "hidden").len(), 1);

    // Every page's header has a search field leading there, relative to the page.
    for (file, action) in [
        ("index.html", "search/index.html"),
        ("timeline/index.html", "../search/index.html"),
        ("search/index.html", "../search/index.html"),
    ] {
        let html = Html::parse_document(&read(&public.join(file)));
        assert_eq!(attrs(&html, ".site-search", "action"), [action], "{file}");
        assert_eq!(attrs(&html, ".site-search input", "name"), ["q"], "{file}");
    }
    // 404.html is served at any depth: its field uses the base path.
    let not_found = Html::parse_document(&read(&public.join("404.html")));
    assert_eq!(
        attrs(&not_found, ".site-search", "action"),
        ["/repo/search/index.html"]
    );
}

/// `serve` answers the index from its model, without building the site.
#[test]
fn the_index_is_rendered_on_request_without_a_build() {
    use cablegram::site::{pipeline, render::Inputs, Model};
    let site = fixture_site();
    let model = Model::load(site.path(), None).expect("loads");
    let bodies = model.bodies();
    let inputs = Inputs::new(&model, &bodies, false);
    let files = pipeline::render_route(&inputs, "search/docs/0.json")
        .expect("renders")
        .expect("the site has a search index");
    assert!(files.iter().any(|f| f.path == "search/meta.json"));
    assert!(files.iter().any(|f| f.path == "search/docs/0.json"));
    assert!(files.iter().all(|f| f.path.starts_with("search/")));
    assert!(!site.path().join("public").exists());
}
