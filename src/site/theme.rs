//! Themes: the built-in default theme, a theme folder under `themes/`, and the site's own
//! `templates/`, each overriding the one before template by template (and asset by asset),
//! loaded and minified once. Uses `config` and `diagnostic` only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Tera, Value};

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
        "timeline-overview.html",
        include_str!("../../themes/default/templates/timeline-overview.html"),
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
        "correspondence.html",
        include_str!("../../themes/default/templates/correspondence.html"),
    ),
    (
        "correspondent.html",
        include_str!("../../themes/default/templates/correspondent.html"),
    ),
    (
        "map.html",
        include_str!("../../themes/default/templates/map.html"),
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
        "entry-list.html",
        include_str!("../../themes/default/templates/entry-list.html"),
    ),
    (
        "record-list.html",
        include_str!("../../themes/default/templates/record-list.html"),
    ),
    (
        "handout.html",
        include_str!("../../themes/default/templates/handout.html"),
    ),
    (
        "handout-document.html",
        include_str!("../../themes/default/templates/handout-document.html"),
    ),
    (
        "handouts.html",
        include_str!("../../themes/default/templates/handouts.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "packet.html",
        include_str!("../../themes/default/templates/packet.html"),
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
        "handout.css",
        include_str!("../../themes/default/static/handout.css"),
    ),
    (
        "cablegram.js",
        include_str!("../../themes/default/static/cablegram.js"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "world.svg",
        include_str!("../../themes/default/static/world.svg"),
    ),
];

/// The `site` of every page's context, kept for each depth of page as it is first made.
#[derive(Default)]
pub struct SharedContext {
    by_root: std::sync::Mutex<BTreeMap<String, Value>>,
}

/// Templates ready to render, and the static files that go to `/assets/`.
#[derive(Clone)]
pub struct Theme {
    /// The templates as written: where errors are located.
    tera: Tera,
    /// The same templates minified once (see [`compact`]), rendered for every page, so that no
    /// page needs minifying.
    compact: Tera,
    /// Templates that could not be minified safely and serve as written.
    pub unminified: Vec<String>,
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
            return Err(Diagnostic::error("site.toml", format!("theme `{name}` not found: expected a folder themes/{name}/ (or use theme = \"default\")")));
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
        // The theme's scripts and stylesheets ship minified, as its pages do (development
        // comments do not reach readers); the site's own `static/` files are copied as written.
        for (name, bytes) in assets.iter_mut() {
            if let Some(small) = compact_asset(name, bytes) {
                *bytes = small;
            }
        }
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
        tera.set_escape_fn(crate::markup::write_escaped);
        let sources: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, (src, _))| (n.clone(), src.clone()))
            .collect();
        tera.add_raw_templates(templates.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &sources))?;
        let mut unminified = Vec::new();
        let compacted: Vec<(&str, String)> = templates
            .iter()
            .map(|(n, (_, t))| {
                let small = n.ends_with(".html").then(|| compact(t)).flatten();
                if small.is_none() {
                    unminified.push(n.clone());
                }
                (n.as_str(), small.unwrap_or_else(|| t.clone()))
            })
            .collect();
        let mut compact_tera = Tera::new();
        compact_tera.autoescape_on([".html", ".xml"]);
        compact_tera.set_escape_fn(crate::markup::write_escaped);
        // Minifying kept every tera tag, so this parses whenever the originals did; if it ever
        // does not, the templates as written serve.
        let compact_tera =
            match compact_tera.add_raw_templates(compacted.iter().map(|(n, t)| (*n, t.as_str()))) {
                Ok(()) => compact_tera,
                Err(_) => {
                    unminified = templates.keys().cloned().collect();
                    tera.clone()
                }
            };
        Ok(Theme {
            tera,
            compact: compact_tera,
            unminified,
            sources,
            assets,
        })
    }

    /// Renders `template` with `page` as `page` and, as `site`, what `site` makes: made once for
    /// each `root` (how far the page is from the site's root) and kept in `shared`, since every
    /// page at one depth has the same.
    pub fn render_page<S: serde::Serialize, P: serde::Serialize>(
        &self,
        template: &str,
        shared: &SharedContext,
        root: &str,
        site: impl FnOnce() -> S,
        page: &P,
    ) -> Result<String, Diagnostic> {
        let value =
            |v: Result<Value, tera::Error>| v.map_err(|e| template_error(&e, &self.sources));
        let site = {
            // A poisoned lock only means another page failed: the values in it are whole.
            let mut by_root = shared.by_root.lock().unwrap_or_else(|e| e.into_inner());
            match by_root.get(root) {
                Some(site) => site.clone(),
                None => {
                    let made = value(Value::try_from_serializable(&site()))?;
                    by_root.insert(root.to_owned(), made.clone());
                    made
                }
            }
        };
        let mut context = Context::new();
        context.insert_value("site", site);
        context.insert_value("page", value(Value::try_from_serializable(page))?);
        self.compact.render(template, &context).map_err(|e| {
            // Locate the error in the template as written (the same error, at its true line).
            let located = self.tera.render(template, &context).err();
            template_error(located.as_ref().unwrap_or(&e), &self.sources)
        })
    }
}

/// A template minified, with every tera tag kept verbatim, or `None` when minifying could change
/// what it renders: a tag inside an HTML start tag (`<{{ h }}>`, `<a{% if x %} class=y{% endif %}>`)
/// is not something an HTML minifier can move safely.
#[cfg(feature = "minify")]
fn compact(source: &str) -> Option<String> {
    if tera_inside_tag(source) {
        return None;
    }
    let mut cfg = minify_html::Cfg::new();
    cfg.preserve_brace_template_syntax = true;
    // Keep what browsers and validators need; JS is left alone (it is small and hand-written).
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    let out = String::from_utf8(minify_html::minify(source.as_bytes(), &cfg)).ok()?;
    // Every tag kept, and none left as an unquoted attribute value (a value with a space would
    // then end the attribute early). Statements keep their order; expressions may move with
    // the attributes they are the values of, as minifying sorts attributes.
    let (mut before, mut after) = (tera_tags(source), tera_tags(&out));
    let statements = |tags: &[&str]| -> Vec<String> {
        tags.iter()
            .filter(|t| !t.starts_with("{{"))
            .map(|t| t.to_string())
            .collect()
    };
    let same_statements = statements(&before) == statements(&after);
    before.sort_unstable();
    after.sort_unstable();
    let kept = same_statements && before == after && !out.contains("={{") && !out.contains("={%");
    kept.then_some(out)
}

#[cfg(not(feature = "minify"))]
fn compact(_source: &str) -> Option<String> {
    None
}

/// A theme's `.js` or `.css` file minified (oxc and lightningcss, the minifiers minify-html uses),
/// or `None` for other files and for code the minifiers cannot parse (which ships as written).
#[cfg(feature = "minify")]
fn compact_asset(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let code = std::str::from_utf8(bytes).ok()?;
    let small = if name.ends_with(".js") {
        compact_script(code)?
    } else if name.ends_with(".css") {
        // Wrapped as an element, a closing tag inside the code would end it early.
        if code.to_ascii_lowercase().contains("</style") {
            return None;
        }
        let mut cfg = minify_html::Cfg::new();
        cfg.keep_closing_tags = true;
        cfg.minify_css = true;
        let out = minify_html::minify(format!("<style>{code}</style>").as_bytes(), &cfg);
        let inner = out.strip_prefix(b"<style>")?.strip_suffix(b"</style>")?;
        String::from_utf8(inner.to_vec()).ok()?
    } else {
        return None;
    };
    (small.len() < bytes.len()).then(|| small.into_bytes())
}

/// A classic script minified: comments dropped, local names shortened, globals kept.
#[cfg(feature = "minify")]
fn compact_script(code: &str) -> Option<String> {
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, code, oxc_span::SourceType::cjs()).parse();
    if !parsed.errors.is_empty() || parsed.panicked {
        return None;
    }
    let mut program = parsed.program;
    Minifier::new(MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    })
    .minify(&allocator, &mut program);
    let out = oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions::minify())
        .build(&program);
    Some(out.code)
}

#[cfg(not(feature = "minify"))]
fn compact_asset(_name: &str, _bytes: &[u8]) -> Option<Vec<u8>> {
    None
}

/// The tera tags of a template, in order.
fn tera_tags(source: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start..];
        let close = match after.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        match after[2..].find(close) {
            Some(end) => {
                tags.push(&after[..end + 4]);
                rest = &after[end + 4..];
            }
            None => break,
        }
    }
    tags
}

/// Whether a tera tag sits inside an HTML start or end tag outside a quoted attribute value.
fn tera_inside_tag(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    let mut in_tag = false;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if in_tag {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => in_tag = false,
                None if b == b'{' && matches!(next, b'{' | b'%' | b'#') => return true,
                None => {}
            }
        } else if b == b'<' && (next.is_ascii_alphabetic() || next == b'/') {
            in_tag = true;
        } else if b == b'<' && next == b'{' {
            return true;
        }
        i += 1;
    }
    false
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
            Diagnostic::error(file, report.message().to_owned())
                .at(span.start_line, span.start_col + 1)
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
                    Diagnostic::error(file, message).at(line, col)
                }
                None => Diagnostic::error("templates", message),
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
            .map_err(|e| Diagnostic::error(rel.clone(), format!("cannot read: {e}")))?;
        f(rel, name, bytes);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with_template(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("templates")).expect("templates dir");
        std::fs::write(dir.path().join("templates").join(name), text).expect("template");
        dir
    }

    #[test]
    #[cfg(feature = "minify")]
    fn the_default_theme_is_minified_whole() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").expect("theme");
        assert_eq!(theme.unminified, Vec::<String>::new());
        // Scripts and stylesheets too: no development comment reaches a reader. (The basemap is
        // drawn small already, and keeps its note of where it comes from.)
        let code = DEFAULT_ASSETS
            .iter()
            .filter(|(name, _)| name.ends_with(".js") || name.ends_with(".css"));
        for (name, source) in code {
            let shipped = String::from_utf8_lossy(&theme.assets[*name]).into_owned();
            assert!(shipped.len() < source.len(), "{name} is not minified");
            assert!(!shipped.contains("\n  "), "{name} keeps its indentation");
            assert!(!shipped.contains("// "), "{name} keeps a comment");
            assert!(!shipped.contains("/*"), "{name} keeps a comment");
        }
    }

    /// A template or asset added to `themes/default/` must be built into the binary as well.
    #[test]
    fn every_file_of_the_default_theme_is_built_in() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (folder, built_in) in [("templates", DEFAULT_TEMPLATES), ("static", DEFAULT_ASSETS)] {
            let mut on_disk: Vec<String> = std::fs::read_dir(theme.join(folder))
                .expect("theme folder")
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut names: Vec<String> = built_in.iter().map(|(n, _)| n.to_string()).collect();
            names.sort();
            assert_eq!(names, on_disk, "themes/default/{folder}");
        }
    }

    #[test]
    fn tera_inside_a_tag_is_seen() {
        assert!(tera_inside_tag("<{{ h }} class=x>"));
        assert!(tera_inside_tag("<a{% if x %} class=y{% endif %}>"));
        assert!(tera_inside_tag("<meta {{ m.attr }}=\"{{ m.key }}\">"));
        assert!(!tera_inside_tag(
            "<a href=\"{{ x }}\" title='{{ t }}'>{{ y }}</a> {% if z %}<b>z</b>{% endif %}"
        ));
        assert!(!tera_inside_tag("a < b, {{ c }} > d"));
    }

    /// `template` rendered with `page` as its page, as every page of a site is.
    fn render(
        theme: &Theme,
        template: &str,
        page: serde_json::Value,
    ) -> Result<String, Diagnostic> {
        let site = || serde_json::json!({});
        theme.render_page(template, &SharedContext::default(), "", site, &page)
    }

    #[test]
    fn a_template_minifying_cannot_keep_is_used_as_written() {
        let text = "<ul>\n  <{{ page.h }} class=\"t\">{{ page.x }}</{{ page.h }}>\n</ul>";
        let dir = site_with_template("probe.html", text);
        let theme = Theme::load(dir.path(), "default").expect("theme");
        assert_eq!(theme.unminified, vec!["probe.html".to_owned()]);
        let html = render(
            &theme,
            "probe.html",
            serde_json::json!({"h": "h2", "x": "a b"}),
        )
        .expect("renders");
        assert_eq!(html, "<ul>\n  <h2 class=\"t\">a b</h2>\n</ul>");
    }

    #[test]
    #[cfg(feature = "minify")]
    fn a_minified_template_renders_what_the_original_means() {
        let text = "<ul>\n  <li>\n    <a href=\"{{ page.href }}\" title=\"{{ page.t }}\">{{ page.x }}</a>\n  </li>\n</ul>\n<pre>  keep\n   this</pre>";
        let dir = site_with_template("probe.html", text);
        let theme = Theme::load(dir.path(), "default").expect("theme");
        assert!(theme.unminified.is_empty());
        let page = serde_json::json!({"href": "a/b.html", "t": "two words", "x": "<x>"});
        let html = render(&theme, "probe.html", page).expect("renders");
        assert_eq!(
            html,
            "<ul><li><a href=\"a/b.html\" title=\"two words\">&lt;x&gt;</a></li></ul><pre>  keep\n   this</pre>"
        );
    }

    #[test]
    fn a_render_error_names_the_line_of_the_template_as_written() {
        let text = "<p>\n\n\n{{ page.missing.field }}</p>";
        let dir = site_with_template("probe.html", text);
        let theme = Theme::load(dir.path(), "default").expect("theme");
        let err = render(&theme, "probe.html", serde_json::json!({})).expect_err("fails");
        assert_eq!(err.line(), 4, "{err:?}");
        assert!(err.file.ends_with("templates/probe.html"), "{err:?}");
    }
}
