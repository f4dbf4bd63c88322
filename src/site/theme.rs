//! Themes: the built-in default theme, a theme folder under `themes/`, and the site's own
//! `templates/`, each overriding the one before template by template (and asset by asset).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::Diagnostic;

/// The default theme, compiled into the binary so a site needs no theme folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "timeline.html",
        include_str!("../../themes/default/templates/timeline.html"),
    ),
    (
        "document.html",
        include_str!("../../themes/default/templates/document.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "term.html",
        include_str!("../../themes/default/templates/term.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/default/templates/data.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "record-list.html",
        include_str!("../../themes/default/templates/record-list.html"),
    ),
    (
        "pager.html",
        include_str!("../../themes/default/templates/pager.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
];

const DEFAULT_ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "cablegram.js",
        include_str!("../../themes/default/static/cablegram.js"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
];

/// Templates ready to render, and the static files that go to `/assets/`.
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for error messages.
    sources: BTreeMap<String, String>,
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads the theme `name` for the site at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut templates: BTreeMap<String, (String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (format!("(built-in theme) {n}"), t.to_string()),
                )
            })
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = DEFAULT_ASSETS
            .iter()
            .map(|(n, a)| (n.to_string(), a.as_bytes().to_vec()))
            .collect();
        let theme_dir = root.join("themes").join(name);
        if name != "default" && !theme_dir.is_dir() {
            return Err(Diagnostic::error(
                "site.toml",
                0,
                0,
                format!("theme `{name}` not found: expected a folder themes/{name}/ (or use theme = \"default\")"),
            ));
        }
        read_dir_files(
            &theme_dir.join("templates"),
            root,
            &mut |rel, name, bytes| {
                templates.insert(name, (rel, String::from_utf8_lossy(&bytes).into_owned()));
            },
        )?;
        read_dir_files(&theme_dir.join("static"), root, &mut |_, name, bytes| {
            assets.insert(name, bytes);
        })?;
        read_dir_files(&root.join("templates"), root, &mut |rel, name, bytes| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                templates.insert(name, (rel, String::from_utf8_lossy(&bytes).into_owned()));
            }
        })?;
        read_dir_files(&root.join("static"), root, &mut |_, name, bytes| {
            assets.insert(name, bytes);
        })?;

        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let sources: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, (src, _))| (n.clone(), src.clone()))
            .collect();
        tera.add_raw_templates(templates.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &sources))?;
        Ok(Theme {
            tera,
            sources,
            assets,
        })
    }

    /// Renders a template with a serializable context.
    pub fn render<T: serde::Serialize>(
        &self,
        template: &str,
        context: &T,
    ) -> Result<String, Diagnostic> {
        let context =
            Context::from_serialize(context).map_err(|e| template_error(&e, &self.sources))?;
        self.tera
            .render(template, &context)
            .map_err(|e| template_error(&e, &self.sources))
    }
}

/// A template error as `file:line:col: message`, naming the template's file.
fn template_error(e: &tera::Error, sources: &BTreeMap<String, String>) -> Diagnostic {
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = sources
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| report.filename().to_owned());
            let span = report.span();
            Diagnostic::error(
                file,
                span.start_line,
                span.start_col + 1,
                report.message().to_owned(),
            )
        }
        other => {
            // Other errors carry their location only in the report text: `--> name:line:col`.
            let text = other.to_string();
            let message = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_owned();
            let located = text.split("--> ").nth(1).and_then(|rest| {
                let loc = rest.split_whitespace().next()?;
                let mut parts = loc.rsplitn(3, ':');
                let col: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?.to_owned(), line, col))
            });
            match located {
                Some((name, line, col)) => {
                    let file = sources.get(&name).cloned().unwrap_or(name);
                    Diagnostic::error(file, line, col, message)
                }
                None => Diagnostic::error("templates", 0, 0, message),
            }
        }
    }
}

/// Calls `f(relative path, file name, bytes)` for each file directly in `dir`, sorted by name.
fn read_dir_files(
    dir: &Path,
    root: &Path,
    f: &mut dyn FnMut(String, String, Vec<u8>),
) -> Result<(), Diagnostic> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::error(rel.clone(), 0, 0, format!("cannot read: {e}")))?;
        f(rel, name, bytes);
    }
    Ok(())
}
