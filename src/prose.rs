//! The site's own writing: `pages/*.md` (an About page, how to cite the collection), each a
//! Markdown text with a little TOML front matter, published at `/<name>/` and linked in the
//! site's navigation. Uses only `diagnostic`; the names it may not take come from the route
//! table, through its caller.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Position};

/// One page of `pages/`.
#[derive(Debug, Clone)]
pub struct ProsePage {
    /// The folder it is published in (the file's name without `.md`).
    pub slug: String,
    pub title: String,
    /// Listed in the site's navigation.
    pub nav: bool,
    /// The text as Markdown.
    pub body: String,
    /// The file, relative to the site root.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default = "yes")]
    nav: bool,
}

fn yes() -> bool {
    true
}

/// Reads every `pages/*.md` under the site root, in file-name order; none is no pages. A page's
/// file name is its address, so none may take a `reserved` name (the site's own folders).
pub fn load(root: &Path, reserved: &[&str]) -> Result<Vec<ProsePage>, Diagnostic> {
    let dir = root.join("pages");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let source = format!("pages/{}", name.unwrap_or_default());
            let text = std::fs::read_to_string(path)
                .map_err(|e| Diagnostic::error(&source, format!("cannot read: {e}")))?;
            parse(&source, &text, reserved)
        })
        .collect()
}

/// A page from its text: `+++` front matter with a `title`, then Markdown.
pub fn parse(source: &str, text: &str, reserved: &[&str]) -> Result<ProsePage, Diagnostic> {
    let slug = source
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md")
        .to_owned();
    let error = |line, column, message: String| Diagnostic::error(source, message).at(line, column);
    if slug.is_empty()
        || reserved.contains(&slug.as_str())
        || !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(error(
            0,
            0,
            format!(
                "a page's file name is its address: use lower-case letters, digits and `-`, \
                 and none of {}",
                reserved.join(", ")
            ),
        ));
    }
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let rest = text.strip_prefix("+++\n").ok_or_else(|| {
        error(
            1,
            1,
            "a page starts with a `+++` line, then `title = \"…\"` and `+++`".into(),
        )
    })?;
    let end = rest
        .find("\n+++")
        .ok_or_else(|| error(1, 1, "the front matter has no closing `+++` line".into()))?;
    let front: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| {
        let Position { line, column } = Position::of(&rest[..end], e.span().map_or(0, |s| s.start));
        error(line + 1, column, e.message().trim().to_owned())
    })?;
    let body = rest[end + 4..].trim_matches('\n').to_owned();
    Ok(ProsePage {
        slug,
        title: front.title,
        nav: front.nav,
        body,
        source: source.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_has_a_title_and_a_text() {
        let page = parse(
            "pages/about.md",
            "+++\ntitle = \"About\"\n+++\n\nHello.\n",
            &[],
        )
        .unwrap();
        assert_eq!(
            (page.slug.as_str(), page.title.as_str()),
            ("about", "About")
        );
        assert_eq!(page.body, "Hello.");
        assert!(page.nav);
    }

    #[test]
    fn mistakes_are_located() {
        let e = parse("pages/about.md", "+++\ntitel = \"About\"\n+++\n", &[]).unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 1), "{e}");
        assert!(parse("pages/about.md", "No front matter.", &[]).is_err());
        let e = parse("pages/search.md", "+++\ntitle = \"S\"\n+++\n", &["search"]).unwrap_err();
        assert!(e.message.contains("search"), "{e}");
        assert!(parse("pages/Über uns.md", "+++\ntitle = \"S\"\n+++\n", &[]).is_err());
    }
}
