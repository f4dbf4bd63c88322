//! Every link of a built site checked without a browser: each `href` and `src` that stays inside
//! the site must name a file the build made, and each `#anchor` an `id` on that page. Used by
//! `cablegram check`, which renders the site into a [`Collector`]: it keeps each file's path and
//! each page's links and ids, never the pages themselves.

use std::collections::{BTreeMap, HashSet};
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use super::output::{OutputFile, Sink};
use crate::error::Error;

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

/// A built site as the link checker sees it.
#[derive(Debug, Default)]
pub struct SiteLinks {
    /// Every file's path.
    paths: HashSet<String>,
    /// Each page's links (`href`, then `src`) and ids, by path.
    pages: BTreeMap<String, Page>,
}

#[derive(Debug, Default)]
struct Page {
    links: Vec<String>,
    ids: HashSet<String>,
}

impl SiteLinks {
    /// The links of the site made of `files`.
    pub fn of(files: &[OutputFile]) -> SiteLinks {
        let mut site = SiteLinks::default();
        for f in files {
            site.add(f);
        }
        site
    }

    fn add(&mut self, file: &OutputFile) {
        if file.path.ends_with(".html") {
            let html = String::from_utf8_lossy(&file.bytes);
            let page = Page {
                links: attributes(&html, "href")
                    .chain(attributes(&html, "src"))
                    .collect(),
                ids: attributes(&html, "id").collect(),
            };
            self.pages.insert(file.path.clone(), page);
        }
        self.paths.insert(file.path.clone());
    }
}

/// A sink that reads each file's links as it is rendered and keeps only those.
#[derive(Default)]
pub struct Collector(Mutex<SiteLinks>);

impl Collector {
    pub fn into_links(self) -> SiteLinks {
        self.0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Collector {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        // The page is read before the lock is taken: pages render on every thread.
        let mut one = SiteLinks::default();
        one.add(&file);
        let mut site = self
            .0
            .lock()
            .map_err(|_| Error::output(&file.path, "a rendering thread failed"))?;
        site.paths.extend(one.paths);
        site.pages.extend(one.pages);
        Ok(())
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        // A data file has no links: made (so that its errors show), then dropped.
        write(&mut std::io::sink())
            .map_err(|e| Error::output(path, format!("cannot make {path}: {e}")))?;
        self.put(OutputFile {
            path: path.to_owned(),
            bytes: Vec::new(),
        })
    }
}

/// The broken links of a site, in page order.
pub fn broken(site: &SiteLinks) -> Vec<BrokenLink> {
    let mut broken = Vec::new();
    for (page, links) in &site.pages {
        // GitHub Pages serves the 404 page at any depth: its links start at the base path.
        if page == "404.html" {
            continue;
        }
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for link in &links.links {
            if is_outside(link) {
                continue;
            }
            let (target, anchor) = match link.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or_default();
            let resolved = if target.is_empty() {
                Some(page.clone())
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
                    if !site.paths.contains(file.as_str()) {
                        Some("names no file of the site")
                    } else {
                        match (anchor, site.pages.get(file.as_str())) {
                            (Some(a), Some(target)) if !a.is_empty() && !target.ids.contains(a) => {
                                Some("names an anchor the page does not have")
                            }
                            _ => None,
                        }
                    }
                }
            };
            if let Some(problem) = problem {
                broken.push(BrokenLink {
                    page: page.clone(),
                    link: link.clone(),
                    problem,
                });
            }
        }
    }
    broken
}

/// Every link to another site (`http:` or `https:`), with the page it is on, in page order.
pub fn external_links(site: &SiteLinks) -> Vec<(String, String)> {
    site.pages
        .iter()
        .flat_map(|(path, page)| {
            page.links
                .iter()
                .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
                .map(move |l| (path.clone(), l.clone()))
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
        let found: Vec<(String, String)> = broken(&SiteLinks::of(&files))
            .into_iter()
            .map(|b| (b.page, b.link))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "documents/a/index.html".into(),
                    "../../index.html#nope".into()
                ),
                ("index.html".into(), "documents/a/index.html#p-2".into()),
                ("index.html".into(), "#top".into()),
                ("index.html".into(), "../../etc/passwd".into()),
                ("index.html".into(), "assets/missing.png".into()),
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
