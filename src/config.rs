//! `site.toml`: the collection's settings. Unknown keys and wrong types are errors with the
//! line and column. Uses only `diagnostic`.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Position};

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
    /// Classroom handouts: how they print, and packets of several documents.
    #[serde(default)]
    pub handouts: HandoutSettings,
}

/// `[handouts]`: how handouts print.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoutSettings {
    /// Lines to write on under each question.
    #[serde(default = "default_answer_lines")]
    pub answer_lines: usize,
    /// Number the text's lines (every fifth shown) as well as its paragraphs.
    #[serde(default)]
    pub line_numbers: bool,
    /// Print a QR code of the document's address (when the site has a `base_url`).
    #[serde(default = "yes")]
    pub qr_code: bool,
    /// The paper of the PDFs `build --pdf` prints (`letter` or `a4`); the pages themselves
    /// print on whatever paper the reader's printer has.
    #[serde(default)]
    pub paper: Paper,
    #[serde(default)]
    pub packets: Vec<PacketSettings>,
}

impl Default for HandoutSettings {
    fn default() -> Self {
        HandoutSettings {
            answer_lines: default_answer_lines(),
            line_numbers: false,
            qr_code: true,
            paper: Paper::default(),
            packets: Vec::new(),
        }
    }
}

/// The paper a PDF is printed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Paper {
    /// The CSS `@page` size.
    pub fn css_size(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "A4",
        }
    }
}

/// `[[handouts.packets]]`: several documents around one question, handed out together.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacketSettings {
    pub title: toml::Spanned<String>,
    /// The folder under `/handouts/packets/`; made from the title when absent.
    #[serde(default)]
    pub slug: Option<String>,
    /// The question the packet is built around, printed on its cover sheet.
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub introduction: Option<String>,
    /// A task for the end, drawing on all the documents.
    #[serde(default)]
    pub closing_task: Option<String>,
    pub documents: Vec<PacketDocument>,
}

/// One document of a packet; what it sets here wins over the record's own teaching keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacketDocument {
    /// The record's `id` or `slug`.
    pub record: toml::Spanned<String>,
    #[serde(default)]
    pub excerpt: Option<toml::Spanned<String>>,
    #[serde(default)]
    pub headnote: Option<String>,
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub line_numbers: Option<bool>,
    /// Line and column of `record` in `site.toml`, for errors found against the collection.
    #[serde(skip)]
    pub at: (usize, usize),
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
fn default_answer_lines() -> usize {
    4
}
fn yes() -> bool {
    true
}

impl SiteConfig {
    /// Reads `site.toml` from the site root.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Diagnostic::error("site.toml", format!("cannot read: {e}")))?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| {
            let at = Position::of(text, e.span().map_or(0, |s| s.start));
            Diagnostic::error("site.toml", e.message().trim()).at_position(at)
        })?;
        if config.page_size == 0 {
            return Err(Diagnostic::error(
                "site.toml",
                "`page_size` must be at least 1",
            ));
        }
        if let Some(url) = &config.base_url {
            Self::check_base_url(url).map_err(|m| Diagnostic::error("site.toml", m))?;
        }
        let at = |offset: usize, message: String| {
            Diagnostic::error("site.toml", message).at_position(Position::of(text, offset))
        };
        for packet in &mut config.handouts.packets {
            if packet.documents.is_empty() {
                let message = format!("packet `{}` has no documents", packet.title.get_ref());
                return Err(at(packet.title.span().start, message));
            }
            for document in &mut packet.documents {
                let at = Position::of(text, document.record.span().start);
                document.at = (at.line, at.column);
            }
            for excerpt in packet.documents.iter().filter_map(|d| d.excerpt.as_ref()) {
                if crate::record::paragraph_numbers(excerpt.get_ref()).is_none() {
                    let message = format!(
                        "`excerpt = \"{}\"` is not a list of paragraphs like \"1-2,4\"",
                        excerpt.get_ref()
                    );
                    return Err(at(excerpt.span().start, message));
                }
            }
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
        assert_eq!((err.line(), err.column()), (2, 1), "{err}");
        let err = SiteConfig::parse("title = \"A\"\npage_size = \"ten\"\n").unwrap_err();
        assert_eq!((err.line(), err.column()), (2, 13), "{err}");
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
