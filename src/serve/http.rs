//! What the server answers for a path: the site exactly as GitHub Pages serves it, from memory.
//! A pure function of the built files, so that it is tested without sockets. Uses nothing else
//! of the crate.

/// Where live reload lives, under the base path; no site path starts with `__`.
pub const LIVE_PREFIX: &str = "__cablegram/";

/// The answer to one request.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    /// A file of the site (or its 404 page, with `status` 404).
    File {
        status: u16,
        path: String,
        content_type: &'static str,
    },
    /// `Location` for a folder asked without its slash, or the bare root under a base path.
    Redirect(String),
    /// The live-reload script.
    LiveScript,
    /// The live-reload event stream.
    Events,
    /// No such page and no `404.html` either.
    NotFound,
    /// A path that tries to leave the site (`..`, encoded slashes, NUL).
    Refused,
}

/// Resolves `target` (the request's path and query, as sent) against the site under `base`
/// (`/` or `/repo/`). `exists` tells whether the site has a file at a path inside it.
pub fn resolve(base: &str, target: &str, exists: &mut dyn FnMut(&str) -> bool) -> Reply {
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    let Some(rest) = raw.strip_prefix(base) else {
        // The root of a project site redirects to it, as a convenience; anything else is not ours.
        return if raw == base.trim_end_matches('/') || raw == "/" {
            Reply::Redirect(base.to_owned())
        } else {
            not_found(exists)
        };
    };
    // An encoded slash or backslash could only be an attempt to reach past a segment.
    let lowered = rest.to_ascii_lowercase();
    if lowered.contains("%2f") || lowered.contains("%5c") || rest.contains('\\') {
        return Reply::Refused;
    }
    let Ok(path) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Reply::Refused;
    };
    if path.contains('\0')
        || path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Reply::Refused;
    }
    if let Some(live) = path.strip_prefix(LIVE_PREFIX) {
        return match live {
            "live.js" => Reply::LiveScript,
            "events" => Reply::Events,
            _ => not_found(exists),
        };
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if exists(&file) {
        return Reply::File {
            status: 200,
            content_type: content_type(&file),
            path: file,
        };
    }
    if !path.is_empty() && !path.ends_with('/') && exists(&format!("{path}/index.html")) {
        return Reply::Redirect(format!("{raw}/"));
    }
    not_found(exists)
}

fn not_found(exists: &mut dyn FnMut(&str) -> bool) -> Reply {
    if exists("404.html") {
        Reply::File {
            status: 404,
            path: "404.html".into(),
            content_type: content_type("404.html"),
        }
    } else {
        Reply::NotFound
    }
}

/// The content type GitHub Pages sends for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// An HTML page with the live-reload script added before `</body>` (only `serve` does this).
pub fn with_live_reload(html: &[u8], base: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{base}{LIVE_PREFIX}live.js\"></script>");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Listens for reload and error events; shows a build error over the page until the next good
/// build.
pub const LIVE_SCRIPT: &str = r#"(function () {
  var source = new EventSource(document.currentScript.src.replace(/live\.js$/, "events"));
  var overlay = null;
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failed", function (e) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "cablegram-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "margin:0;padding:1rem 1.25rem;background:#7a1010;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "cablegram: the build failed; the last good site is shown.\n\n" + JSON.parse(e.data);
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    type Files = std::collections::HashMap<String, Vec<u8>>;

    fn site() -> Files {
        [
            "index.html",
            "404.html",
            "documents/a/index.html",
            "documents/a/cite.bib",
            "assets/style.css",
            "data/records.csv",
        ]
        .iter()
        .map(|p| (p.to_string(), b"x".to_vec()))
        .collect()
    }

    fn resolve_in(files: &Files, base: &str, target: &str) -> Reply {
        resolve(base, target, &mut |p| files.contains_key(p))
    }

    fn file(path: &str) -> Reply {
        Reply::File {
            status: 200,
            path: path.into(),
            content_type: content_type(path),
        }
    }

    #[test]
    fn pages_folders_and_files_under_the_base_path() {
        let s = site();
        assert_eq!(resolve_in(&s, "/repo/", "/repo/"), file("index.html"));
        assert_eq!(resolve_in(&s, "/repo/", "/repo/?q=1"), file("index.html"));
        assert_eq!(
            resolve_in(&s, "/repo/", "/repo/documents/a/"),
            file("documents/a/index.html")
        );
        assert_eq!(
            resolve_in(&s, "/repo/", "/repo/documents/a"),
            Reply::Redirect("/repo/documents/a/".into())
        );
        assert_eq!(
            resolve_in(&s, "/repo/", "/repo"),
            Reply::Redirect("/repo/".into())
        );
        assert_eq!(
            resolve_in(&s, "/repo/", "/"),
            Reply::Redirect("/repo/".into())
        );
        assert_eq!(
            resolve_in(&s, "/", "/documents/a/cite.bib"),
            file("documents/a/cite.bib")
        );
        assert_eq!(
            resolve_in(&s, "/", "/%61ssets/style.css"),
            file("assets/style.css")
        );
    }

    #[test]
    fn missing_pages_get_the_404_page() {
        let s = site();
        let missing = Reply::File {
            status: 404,
            path: "404.html".into(),
            content_type: "text/html; charset=utf-8",
        };
        assert_eq!(resolve_in(&s, "/repo/", "/repo/nope/"), missing);
        assert_eq!(resolve_in(&s, "/repo/", "/elsewhere/"), missing);
        assert_eq!(resolve_in(&Files::new(), "/", "/nope"), Reply::NotFound);
    }

    #[test]
    fn nothing_outside_the_site_is_reachable() {
        let s = site();
        for target in [
            "/../site.toml",
            "/documents/../../site.toml",
            "/%2e%2e/site.toml",
            "/documents/%2E%2E/%2E%2E/etc/passwd",
            "/documents%2f..%2f..%2fsite.toml",
            "/documents%5c..%5csite.toml",
            "/a\\..\\b",
            "/%00",
            "/./index.html",
            "/%ff",
        ] {
            assert_eq!(resolve_in(&s, "/", target), Reply::Refused, "{target}");
        }
    }

    #[test]
    fn content_types_are_those_github_pages_sends() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("data/records.json.gz"), "application/gzip");
        assert_eq!(content_type("x.bib"), "application/x-bibtex; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }

    #[test]
    fn the_live_script_goes_before_the_body_ends() {
        let html = with_live_reload(b"<p>x</p></body></html>", "/repo/");
        assert_eq!(
            String::from_utf8_lossy(&html),
            "<p>x</p><script src=\"/repo/__cablegram/live.js\"></script></body></html>"
        );
        assert_eq!(
            resolve_in(&site(), "/repo/", "/repo/__cablegram/events"),
            Reply::Events
        );
    }
}
