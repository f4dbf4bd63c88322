//! Every link of a built site checked without a browser: each `href` and `src` that stays inside
//! the site must name a file the build made, and each `#anchor` an `id` on that page. Used by
//! `cablegram check`, on the files a build made in memory.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::OutputFile;

/// An attribute in built HTML: minified pages leave simple values unquoted.
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\s(href|src|id)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).expect("valid regex")
});

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on, inside the site.
    pub page: String,
    /// The link as written.
    pub link: String,
    pub problem: &'static str,
}

/// The broken links of the site made of `files`, in page order.
pub fn broken(files: &[OutputFile]) -> Vec<BrokenLink> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let pages: Vec<(&str, String)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect();
    let ids: HashMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(path, html)| (*path, attributes(html, "id").collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, html) in &pages {
        // GitHub Pages serves the 404 page at any depth: its links start at the base path.
        if *page == "404.html" {
            continue;
        }
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        let links = attributes(html, "href").chain(attributes(html, "src"));
        for link in links {
            if is_outside(&link) {
                continue;
            }
            let (target, anchor) = match link.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or_default();
            let resolved = if target.is_empty() {
                Some((*page).to_owned())
            } else if target.starts_with('/') {
                None
            } else {
                resolve(dir, target)
            };
            let problem = match resolved {
                None => Some("leads outside the site"),
                Some(path) => {
                    let file = if path.is_empty() || path.ends_with('/') {
                        format!("{path}index.html")
                    } else {
                        path
                    };
                    if !paths.contains(file.as_str()) {
                        Some("names no file of the site")
                    } else {
                        match (anchor, ids.get(file.as_str())) {
                            (Some(a), Some(ids)) if !a.is_empty() && !ids.contains(a) => {
                                Some("names an anchor the page does not have")
                            }
                            _ => None,
                        }
                    }
                }
            };
            if let Some(problem) = problem {
                broken.push(BrokenLink {
                    page: (*page).to_owned(),
                    link,
                    problem,
                });
            }
        }
    }
    broken
}

/// Every `href` to another site (`http:` or `https:`), with the page it is on.
pub fn external_links(files: &[OutputFile]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .flat_map(|f| {
            let html = String::from_utf8_lossy(&f.bytes).into_owned();
            attributes(&html, "href")
                .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
                .map(|l| (f.path.clone(), l))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn attributes<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = String> + 'a {
    ATTRIBUTE
        .captures_iter(html)
        .filter(move |c| &c[1] == name)
        .filter_map(|c| c.get(2).or(c.get(3)).or(c.get(4)))
        .map(|m| decode(m.as_str()))
}

/// The few entities an attribute value of ours can hold.
fn decode(value: &str) -> String {
    value
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Links that are not the site's to check: other sites, mail, inline data, scripts.
fn is_outside(link: &str) -> bool {
    let scheme = link.split_once(':').map(|(s, _)| s);
    scheme.is_some_and(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    }) || link.starts_with("//")
}

/// `target` relative to the folder `dir`; `None` when it climbs out of the site.
fn resolve(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = target.ends_with('/');
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
            html: true,
        }
    }

    #[test]
    fn links_files_and_anchors_are_checked() {
        let files = vec![
            page(
                "index.html",
                "<a href=\"documents/a/index.html#p-2\">a</a> <a href=documents/b/>b</a> \
                 <a href=\"https://example.org/\">x</a> <img src=\"assets/missing.png\"> \
                 <a href='#top'>t</a> <a href=\"../../etc/passwd\">e</a>",
            ),
            page(
                "documents/a/index.html",
                "<li id=p-1>one</li><a href=\"../../index.html#nope\">",
            ),
            page("documents/b/index.html", "<p id=\"top\">"),
        ];
        let found: Vec<(String, String)> = broken(&files)
            .into_iter()
            .map(|b| (b.page, b.link))
            .collect();
        assert_eq!(
            found,
            [
                ("index.html".into(), "documents/a/index.html#p-2".into()),
                ("index.html".into(), "#top".into()),
                ("index.html".into(), "../../etc/passwd".into()),
                ("index.html".into(), "assets/missing.png".into()),
                (
                    "documents/a/index.html".into(),
                    "../../index.html#nope".into()
                ),
            ]
        );
    }

    #[test]
    fn paths_resolve_within_the_site() {
        assert_eq!(resolve("a/b", "../c/").as_deref(), Some("a/c/"));
        assert_eq!(resolve("", "../x"), None);
        assert_eq!(
            resolve("a", "./b/index.html").as_deref(),
            Some("a/b/index.html")
        );
    }
}
