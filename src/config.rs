//! `site.toml`: the collection's settings. Unknown keys and wrong types are errors with the
//! line and column.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::record::line_col;

/// The settings of a site. Every key is documented in the README.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the site is published, e.g. `https://example.github.io/repo/`. Absolute URLs (feed,
    /// sitemap, canonical links) and the base path of `404.html` come from it.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The language of the site's pages (`lang`), e.g. `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The online publisher, for records whose source names none.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Funders and supporters, for records that name none.
    #[serde(default)]
    pub credits: Vec<String>,
    /// A custom domain for GitHub Pages: written to `CNAME`.
    #[serde(default)]
    pub domain: Option<String>,
    /// The theme: `default` (built in) or a folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Records per timeline page.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Which indexes to build.
    #[serde(default = "all_indexes")]
    pub indexes: Vec<IndexKind>,
    /// Entries in the Atom feed.
    #[serde(default = "default_feed_size")]
    pub feed_size: usize,
}

/// The kinds of index a site can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexKind {
    People,
    Places,
    Topics,
    Archives,
    Correspondence,
}

impl IndexKind {
    pub const ALL: [IndexKind; 5] = [
        IndexKind::People,
        IndexKind::Places,
        IndexKind::Topics,
        IndexKind::Archives,
        IndexKind::Correspondence,
    ];

    /// The folder and the word used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            IndexKind::People => "people",
            IndexKind::Places => "places",
            IndexKind::Topics => "topics",
            IndexKind::Archives => "archives",
            IndexKind::Correspondence => "correspondence",
        }
    }

    /// The heading a reader sees.
    pub fn title(self) -> &'static str {
        match self {
            IndexKind::People => "People",
            IndexKind::Places => "Places",
            IndexKind::Topics => "Topics",
            IndexKind::Archives => "Archives",
            IndexKind::Correspondence => "Correspondence",
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_page_size() -> usize {
    100
}
fn all_indexes() -> Vec<IndexKind> {
    IndexKind::ALL.to_vec()
}
fn default_feed_size() -> usize {
    50
}

impl SiteConfig {
    /// Reads `site.toml` from the site root.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Diagnostic::error("site.toml", 0, 0, format!("cannot read: {e}")))?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
            Diagnostic::error("site.toml", line, column, e.message().trim())
        })?;
        if config.page_size == 0 {
            return Err(Diagnostic::error(
                "site.toml",
                0,
                0,
                "`page_size` must be at least 1",
            ));
        }
        if let Some(url) = &config.base_url {
            Self::check_base_url(url).map_err(|m| Diagnostic::error("site.toml", 0, 0, m))?;
        }
        Ok(config)
    }

    /// A base URL must be absolute (it is used in the feed, sitemap and canonical links).
    pub fn check_base_url(url: &str) -> Result<(), String> {
        if url.starts_with("https://") || url.starts_with("http://") {
            Ok(())
        } else {
            Err(format!("`base_url` must start with https:// (got `{url}`)"))
        }
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }

    /// The path part of the base URL (`/repo/` for a GitHub Pages project site, `/` otherwise).
    pub fn base_path(&self) -> String {
        let Some(url) = self.base_url() else {
            return "/".into();
        };
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_owned(),
            None => "/".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_wrong_types_are_located() {
        let err = SiteConfig::parse("title = \"A\"\ntitel = \"B\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err}");
        let err = SiteConfig::parse("title = \"A\"\npage_size = \"ten\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 13), "{err}");
    }

    #[test]
    fn base_path_for_project_sites() {
        let c = SiteConfig::parse("title = \"A\"\nbase_url = \"https://example.github.io/repo\"\n")
            .unwrap();
        assert_eq!(
            c.base_url().as_deref(),
            Some("https://example.github.io/repo/")
        );
        assert_eq!(c.base_path(), "/repo/");
        let c = SiteConfig::parse("title = \"A\"\nbase_url = \"https://archive.example.org\"\n")
            .unwrap();
        assert_eq!(c.base_path(), "/");
    }
}
