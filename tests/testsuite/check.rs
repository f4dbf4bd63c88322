//! `cablegram check` beyond the records: the site built in memory, its links and anchors (also
//! those written inside records), the templates, the gazetteer; as text and as JSON.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::site::fixture_site;

fn check(root: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("cablegram")
        .expect("binary")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .arg("--root")
        .arg(root)
        .assert()
}

const SEED_21: &str = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo";

#[test]
fn links_written_in_records_and_pages_are_checked_at_their_line() {
    let site = fixture_site("");
    let root = site.path();
    std::fs::write(
        root.join("content/links.md"),
        format!(
            "+++\ntitle = \"Links\"\ndate = 1962-12-01\n+++\n\n1. See [the cable](../{SEED_21}/index.html).\n\n\
             2. And [its fourth paragraph](../{SEED_21}/index.html#p-4),\n\
             [a missing one](../no-such-cable/index.html) and [a missing paragraph](../{SEED_21}/index.html#p-40).\n"
        ),
    )
    .expect("record");
    std::fs::create_dir_all(root.join("pages")).expect("pages");
    std::fs::write(
        root.join("pages/about.md"),
        "+++\ntitle = \"About\"\n+++\n\nSee [the data](../data/index.html) and [nothing](../nothing/index.html).\n",
    )
    .expect("page");
    check(root, &[])
        .code(1)
        .stderr(predicate::str::contains(
            "content/links.md:9:17: error: the link `../no-such-cable/index.html` names no file of the site",
        ))
        .stderr(predicate::str::contains(format!(
            "content/links.md:9:72: error: the link `../{SEED_21}/index.html#p-40` names an anchor the page does not have"
        )))
        .stderr(predicate::str::contains(
            "pages/about.md:5:50: error: the link `../nothing/index.html` names no file of the site",
        ))
        .stderr(predicate::str::contains("#p-4`").not())
        .stdout(predicate::str::contains("3 errors"));
}

#[test]
fn the_gazetteer_is_checked_for_names_given_twice_and_entries_never_mentioned() {
    let site = fixture_site("");
    let root = site.path();
    std::fs::write(
        root.join("data/gazetteer.toml"),
        "[[people]]\nname = \"Fidel Castro\"\naliases = [\"Castro\"]\n\n\
         [[people]]\nname = \"Raúl Castro\"\naliases = [\"Castro\", \"Raul\"]\n\n\
         [[people]]\nname = \"Nobody Here\"\n",
    )
    .expect("gazetteer");
    check(root, &[])
        .success()
        .stderr(predicate::str::contains(
            "data/gazetteer.toml:7:12: warning: `Castro` names both Fidel Castro and Raúl Castro",
        ))
        .stderr(predicate::str::contains(
            "data/gazetteer.toml:10:1: warning: Nobody Here ([[people]]) is mentioned in no record",
        ));
    check(root, &["--strict"]).code(1);
}

#[test]
fn json_output_carries_every_problem_for_ci_tools() {
    let site = fixture_site("");
    let root = site.path();
    std::fs::write(
        root.join("templates/document.html"),
        "<p>\n{{ page.title | nosuchfilter }}</p>\n",
    )
    .unwrap_or_else(|_| {
        std::fs::create_dir_all(root.join("templates")).expect("templates");
        std::fs::write(
            root.join("templates/document.html"),
            "<p>\n{{ page.title | nosuchfilter }}</p>\n",
        )
        .expect("template");
    });
    let output = check(root, &["--format", "json"])
        .code(1)
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["records"], 2);
    assert_eq!(json["errors"], 1);
    let problems = json["problems"].as_array().cloned().unwrap_or_default();
    let problem = problems
        .iter()
        .find(|p| p["severity"] == "error")
        .expect("the template error");
    assert_eq!(problem["file"], "templates/document.html");
    assert_eq!(problem["severity"], "error");
    assert!(
        problem["line"].as_u64().is_some_and(|l| l >= 1),
        "{problem}"
    );
}

/// `--external` fetches each link to another site once, one request at a time per host and a
/// second apart; a dead one is a warning at the record's line. (A server on this machine plays
/// the other site.)
#[test]
fn external_links_are_fetched_politely_and_dead_ones_reported() {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(0);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().to_owned();
            if let Ok(mut log) = log.lock() {
                log.push((path.clone(), std::time::Instant::now()));
            }
            let code = if path == "/gone" { 404 } else { 200 };
            let _ = request.respond(tiny_http::Response::empty(code));
        }
    });
    let site = fixture_site("");
    let root = site.path();
    std::fs::write(
        root.join("content/ext.md"),
        format!(
            "+++\ntitle = \"External\"\n+++\n\nSee [this](http://127.0.0.1:{port}/ok),\n\
             [that](http://127.0.0.1:{port}/gone) and [this again](http://127.0.0.1:{port}/ok#top).\n"
        ),
    )
    .expect("record");
    check(root, &[])
        .success()
        .stderr(predicate::str::contains("127.0.0.1").not());
    assert!(
        seen.lock().map(|s| s.is_empty()).unwrap_or(false),
        "off by default"
    );
    check(root, &["--external"])
        .success()
        .stderr(predicate::str::contains(format!(
            "content/ext.md:6:8: warning: the link `http://127.0.0.1:{port}/gone` answered 404"
        )))
        .stderr(predicate::str::contains("/ok`").not());
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    let paths: Vec<&str> = seen.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/gone", "/ok"], "each link once, in order");
    let gap = seen[1].1.duration_since(seen[0].1);
    assert!(
        gap >= std::time::Duration::from_millis(900),
        "{gap:?} between requests"
    );
}
