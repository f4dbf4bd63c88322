//! `cablegram serve` over real sockets: the site as GitHub Pages serves it, nothing outside it,
//! and open pages told to reload (or shown the error) when a source changes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{fixtures, repo};

/// A running `serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    root: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The sample's two seeds in a fresh site served under `/repo/`.
    fn start() -> Server {
        Server::start_with(&[]).0
    }

    /// The same with more options for `serve`; also the lines it printed on starting.
    fn start_with(options: &[&str]) -> (Server, String) {
        let root = tempfile::tempdir().expect("temp dir");
        let content = root.path().join("content");
        std::fs::create_dir_all(&content).expect("content");
        for seed in std::fs::read_dir(fixtures().join("seeds")).expect("seeds") {
            let seed = seed.expect("seed").path();
            std::fs::copy(&seed, content.join(seed.file_name().expect("name"))).expect("copy");
        }
        write(
            &root.path().join("site.toml"),
            "title = \"Served\"\nbase_url = \"https://example.github.io/repo/\"\n",
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_cablegram"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root.path())
            .args(options)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        stdout.read_line(&mut line).expect("first line");
        let port = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|host| host.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        if options.contains(&"--bind") {
            stdout.read_line(&mut line).expect("second line");
        } else {
            let base = options
                .iter()
                .position(|o| *o == "--base-path")
                .map_or("/repo/", |i| options[i + 1]);
            assert!(
                line.contains(&format!("http://127.0.0.1:{port}{base}")),
                "{line}"
            );
        }
        (Server { child, port, root }, line)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// One request; the status, the headers (lower-cased names) and the body.
    fn request(&self, method: &str, target: &str) -> (u16, Vec<(String, String)>, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers, body.to_owned())
    }

    fn get(&self, target: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", target);
        (status, body)
    }

    /// Listens to the live-reload events.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /repo/__cablegram/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        events.next_matching("connected", Duration::from_secs(5));
        events
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Waits for a line containing `text`; returns the lines read up to it.
    fn next_matching(&mut self, text: &str, within: Duration) -> String {
        let started = Instant::now();
        let mut seen = String::new();
        while started.elapsed() < within {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {
                    seen.push_str(&line);
                    if line.contains(text) {
                        return seen;
                    }
                }
                Err(_) => continue,
            }
        }
        panic!("no {text:?} within {within:?}; saw {seen:?}");
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(path, text).expect("write");
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

#[test]
fn serves_the_site_as_github_pages_does() {
    let server = Server::start();
    let (status, headers, body) = server.request("GET", "/repo/");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
    assert!(body.contains("<h1>Served</h1>"), "{body}");
    assert!(body.contains("/repo/__cablegram/live.js"));

    let (status, headers, _) = server.request("GET", "/repo/timeline");
    assert_eq!(status, 301);
    assert_eq!(header(&headers, "location"), "/repo/timeline/");
    assert_eq!(header(&server.request("GET", "/").1, "location"), "/repo/");

    let (status, body) = server.get("/repo/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "{body}");
    assert!(
        body.contains("href=\"/repo/"),
        "404 links use the base path: {body}"
    );

    let (status, headers, body) = server.request("HEAD", "/repo/");
    assert_eq!((status, body.as_str()), (200, ""));
    assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");

    for (target, content_type) in [
        ("/repo/assets/style.css", "text/css; charset=utf-8"),
        (
            "/repo/assets/cablegram.js",
            "text/javascript; charset=utf-8",
        ),
        ("/repo/feed.xml", "application/xml; charset=utf-8"),
        ("/repo/data/records.json.gz", "application/gzip"),
        ("/repo/data/records.csv", "text/csv; charset=utf-8"),
        (
            "/repo/data/bibliography.bib",
            "application/x-bibtex; charset=utf-8",
        ),
    ] {
        let (status, headers, _) = server.request("GET", target);
        assert_eq!(status, 200, "{target}");
        assert_eq!(header(&headers, "content-type"), content_type, "{target}");
    }
    assert_eq!(server.request("POST", "/repo/").0, 405);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let server = Server::start();
    write(&server.path("secret.txt"), "SECRET-TOKEN");
    for target in [
        "/repo/../secret.txt",
        "/repo/%2e%2e/secret.txt",
        "/repo/%2E%2E/%2E%2E/etc/passwd",
        "/repo/documents%2f..%2f..%2fsecret.txt",
        "/repo/..%5csecret.txt",
        "/repo/%00",
        "/secret.txt",
        "/repo/secret.txt",
        "/repo/site.toml",
        "/repo/content/",
    ] {
        let (status, body) = server.get(target);
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(
            !body.contains("SECRET-TOKEN") && !body.contains("base_url"),
            "{target}"
        );
        assert!(!body.contains("Index of"), "no listings: {target}");
    }
}

#[test]
fn every_kind_of_edit_reloads_open_pages_and_a_broken_build_keeps_the_last_site() {
    let server = Server::start();
    let mut events = server.events();

    // A raw text: appended words appear on its page.
    let raw = std::fs::read_dir(server.path("content"))
        .expect("content")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("000_"))
        .expect("seed 000");
    let mut text = std::fs::read_to_string(&raw).expect("seed");
    text.push_str("\nA freshly added sentence about zebrawords.\n");
    write(&raw, &text);
    events.next_matching("event: reload", Duration::from_secs(10));
    let timeline = server.get("/repo/timeline/1962/").1;
    let pages: Vec<String> = timeline
        .split("href=\"")
        .filter_map(|h| h.split('"').next())
        .filter(|h| h.contains("documents/"))
        .map(|h| format!("/repo/{}", h.trim_start_matches("../../")))
        .collect();
    assert_eq!(pages.len(), 2, "{timeline}");
    assert!(
        pages.iter().any(|p| server.get(p).1.contains("zebrawords")),
        "{pages:?}"
    );

    // A record in the record format.
    write(
        &server.path("content/added.md"),
        "+++\ntitle = \"An Added Record\"\ndate = 1962-10-30\n+++\n\nText.\n",
    );
    events.next_matching("event: reload", Duration::from_secs(10));
    assert!(server
        .get("/repo/timeline/1962/")
        .1
        .contains("An Added Record"));

    // A template of the site's own.
    let data = repo().join("themes/default/templates/data.html");
    let template = std::fs::read_to_string(data).expect("template");
    write(
        &server.path("templates/data.html"),
        &template.replace("<h1>Data</h1>", "<h1>Data, edited</h1>"),
    );
    events.next_matching("event: reload", Duration::from_secs(10));
    assert!(server.get("/repo/data/").1.contains("Data, edited"));

    // site.toml.
    write(
        &server.path("site.toml"),
        "title = \"Served Again\"\nbase_url = \"https://example.github.io/repo/\"\n",
    );
    events.next_matching("event: reload", Duration::from_secs(10));
    assert!(server.get("/repo/").1.contains("Served Again"));

    // Broken front matter: the error goes to open pages, the last good site stays.
    write(
        &server.path("content/added.md"),
        "+++\ntitle = \"An Added Record\ndate = 1962-10-30\n+++\n\nText.\n",
    );
    let seen = events.next_matching("event: failed", Duration::from_secs(10));
    let seen = seen + &events.next_matching("data:", Duration::from_secs(5));
    assert!(seen.contains("content/added.md:2:"), "{seen}");
    let (status, body) = server.get("/repo/timeline/1962/");
    assert_eq!(status, 200);
    assert!(body.contains("An Added Record"));

    // Fixed: a good build clears it.
    write(
        &server.path("content/added.md"),
        "+++\ntitle = \"An Added Record, Fixed\"\ndate = 1962-10-30\n+++\n\nText.\n",
    );
    events.next_matching("event: reload", Duration::from_secs(10));
    assert!(server
        .get("/repo/timeline/1962/")
        .1
        .contains("An Added Record, Fixed"));
}

#[test]
fn a_taken_port_is_named_with_the_way_out() {
    let server = Server::start();
    let output = Command::new(env!("CARGO_BIN_EXE_cablegram"))
        .args(["serve", "--port", &server.port.to_string(), "--root"])
        .arg(server.root.path())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(&format!("port {} is already in use", server.port)) && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn base_path_overrides_that_of_base_url_and_the_404_page_follows_it() {
    let (server, _) = Server::start_with(&["--base-path", "/other/"]);
    let (status, body) = server.get("/other/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Served</h1>"), "{body}");
    assert_eq!(server.get("/repo/").0, 404);
    let (status, body) = server.get("/other/nope/");
    assert_eq!(status, 404);
    assert!(body.contains("href=\"/other/"), "{body}");
}

#[test]
fn binding_beyond_loopback_says_the_site_is_reachable_from_the_network() {
    let (server, lines) = Server::start_with(&["--bind", "0.0.0.0"]);
    assert!(lines.contains("reachable from the network"), "{lines}");
    assert_eq!(server.get("/repo/").0, 200);
}
