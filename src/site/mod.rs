//! The site: the collection rendered through the theme into pages and data files, written
//! atomically to the output folder.

pub mod citation;
pub mod exports;
pub mod markdown;
pub mod metadata;
pub mod output;
pub mod pages;
pub mod theme;
pub mod views;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::catalogue::Catalogue;
use crate::collection::{self, LoadOptions};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::gazetteer::Gazetteer;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    /// An HTML page (minified when the `minify` feature is on).
    pub html: bool,
}

/// What `cablegram build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when absent.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of `site.toml`.
    pub base_url: Option<String>,
    /// Write nothing; return the files (for `check` and `serve`).
    pub dry_run: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    /// Time per stage, in order: load, index, render, minify, write.
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
    /// The files, when `dry_run` was set.
    pub output: Vec<OutputFile>,
}

/// Why a build stopped; nothing was written.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

fn fail(d: Diagnostic) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![d],
    }
}

/// Builds the site.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let mut stage_start = Instant::now();
    let mut lap = |name: &'static str, stages: &mut Vec<(&'static str, Duration)>| {
        stages.push((name, stage_start.elapsed()));
        stage_start = Instant::now();
    };

    let mut config = SiteConfig::load(&options.root).map_err(fail)?;
    if let Some(url) = &options.base_url {
        let probe = format!(
            "title = \"x\"\nbase_url = {}\n",
            toml::Value::String(url.clone())
        );
        SiteConfig::parse(&probe).map_err(|mut d| {
            d.file = "--base-url".into();
            fail(d)
        })?;
        config.base_url = Some(url.clone());
    }
    let gazetteer = Gazetteer::load(&options.root).map_err(fail)?;
    let theme = theme::Theme::load(&options.root, &config.theme).map_err(fail)?;
    let mut collection = collection::load(&LoadOptions::new(&options.root));
    if collection.errors() > 0 {
        let mut diagnostics: Vec<Diagnostic> = collection.diagnostics;
        diagnostics
            .sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
        return Err(BuildFailure { diagnostics });
    }
    lap("load", &mut stages);

    use rayon::prelude::*;
    collection
        .records
        .par_iter_mut()
        .for_each(|r| gazetteer.tag(r));
    let records = collection.records;
    let catalogue = Catalogue::new(&records, &config.indexes);
    lap("index", &mut stages);

    let inputs = pages::Inputs {
        config: &config,
        records: &records,
        catalogue: &catalogue,
        gazetteer: &gazetteer,
        theme: &theme,
    };
    let mut files = pages::all(&inputs).map_err(fail)?;
    files.extend(exports::data_files(&records, &config));
    files.extend(exports::feed(&records, &config));
    let page_paths: Vec<String> = files
        .iter()
        .filter(|f| f.html)
        .map(|f| f.path.clone())
        .collect();
    files.extend(exports::sitemap(&page_paths, &config));
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
            html: false,
        });
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
        html: false,
    });
    if let Some(domain) = &config.domain {
        files.push(OutputFile {
            path: "CNAME".into(),
            bytes: format!("{domain}\n").into_bytes(),
            html: false,
        });
    }
    lap("render", &mut stages);

    minify(&mut files);
    lap("minify", &mut stages);

    let pages = files.iter().filter(|f| f.html).count();
    let report_files = files.len();
    let mut report = BuildReport {
        documents: records.len(),
        pages,
        files: report_files,
        warnings: collection
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect(),
        ..BuildReport::default()
    };
    if options.dry_run {
        report.output = files;
    } else {
        let out = options
            .out
            .clone()
            .unwrap_or_else(|| options.root.join("public"));
        output::write_site(&out, &files)
            .map_err(|e| fail(Diagnostic::error(out.display().to_string(), 0, 0, e.0)))?;
    }
    lap("write", &mut stages);
    report.stages = stages;
    report.elapsed = started.elapsed();
    Ok(report)
}

#[cfg(feature = "minify")]
fn minify(files: &mut [OutputFile]) {
    use rayon::prelude::*;
    let mut cfg = minify_html::Cfg::new();
    // Keep what browsers and validators need; JS is left alone (it is small and hand-written).
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    files
        .par_iter_mut()
        .filter(|f| f.html)
        .for_each(|f| f.bytes = minify_html::minify(&f.bytes, &cfg));
}

#[cfg(not(feature = "minify"))]
fn minify(_files: &mut [OutputFile]) {}
