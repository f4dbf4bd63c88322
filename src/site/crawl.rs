//! `check --external`: the links of a built site to other sites, fetched politely — one request
//! at a time to each host, a pause between two requests to the same host, a timeout, a few hosts
//! at once — so that checking a large collection never hammers an archive's server. Uses only
//! `links`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::links::{external_links, SiteLinks};

/// How politely to fetch.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    /// The least time between two requests to one host.
    pub per_host_interval: Duration,
    /// The most time one request may take.
    pub timeout: Duration,
    /// Hosts fetched at once.
    pub hosts_at_once: usize,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            per_host_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(15),
            hosts_at_once: 4,
        }
    }
}

/// A link to another site that did not answer well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLink {
    /// The first page it is on.
    pub page: String,
    pub url: String,
    /// `answered 404`, or why no answer came.
    pub problem: String,
}

/// Fetches every distinct link to another site (not under `own`, the site's own address) and
/// returns those that fail, in page order.
pub fn dead_links(site: &SiteLinks, own: Option<&str>, options: &CrawlOptions) -> Vec<DeadLink> {
    // Each URL once, with the first page that has it; grouped by host.
    let mut first_page: BTreeMap<String, String> = BTreeMap::new();
    for (page, url) in external_links(site) {
        // A fragment is not sent: `page#a` and `page#b` are one request.
        let url = url.split('#').next().unwrap_or_default().to_owned();
        if own.is_some_and(|own| url.starts_with(own)) {
            continue;
        }
        first_page.entry(url).or_insert(page);
    }
    let mut hosts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in first_page.keys() {
        hosts.entry(host(url)).or_default().push(url.clone());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent("cablegram-link-check (+https://github.com/cablegram/cablegram)")
        .build()
        .into();
    let fetch_host = |urls: &Vec<String>| -> Vec<(String, String)> {
        let mut last: Option<Instant> = None;
        let mut failed = Vec::new();
        for url in urls {
            if let Some(t) = last {
                let since = t.elapsed();
                if since < options.per_host_interval {
                    std::thread::sleep(options.per_host_interval - since);
                }
            }
            last = Some(Instant::now());
            if let Some(problem) = fetch(&agent, url) {
                failed.push((url.clone(), problem));
            }
        }
        failed
    };
    let hosts: Vec<Vec<String>> = hosts.into_values().collect();
    let failed: Vec<(String, String)> = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.hosts_at_once.max(1))
        .build()
    {
        Ok(pool) => pool.install(|| hosts.par_iter().flat_map(fetch_host).collect()),
        Err(_) => hosts.iter().flat_map(fetch_host).collect(),
    };
    let mut dead: Vec<DeadLink> = failed
        .into_iter()
        .map(|(url, problem)| DeadLink {
            page: first_page.get(&url).cloned().unwrap_or_default(),
            url,
            problem,
        })
        .collect();
    dead.sort_by(|a, b| (&a.page, &a.url).cmp(&(&b.page, &b.url)));
    dead
}

/// `None` when the link answers; else what went wrong. A server that refuses `HEAD` is asked
/// with `GET`.
fn fetch(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|r| r.status().as_u16()).map_err(|e| e.to_string())
    };
    let answer = match status(agent.head(url).call()) {
        Ok(405 | 501) => status(agent.get(url).call()),
        other => other,
    };
    match answer {
        Ok(code) if code < 400 => None,
        Ok(code) => Some(format!("answered {code}")),
        Err(e) => Some(format!("no answer: {e}")),
    }
}

/// The scheme and host of a URL: `https://example.org`.
fn host(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts_group_urls() {
        assert_eq!(super::host("https://a.org/x?y"), "https://a.org");
        assert_eq!(
            super::host("http://127.0.0.1:8080/x"),
            "http://127.0.0.1:8080"
        );
    }
}
