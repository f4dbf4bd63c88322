//! The site: the collection rendered through the theme into pages and data files, written
//! atomically to the output folder.

pub mod citation;
pub mod exports;
pub mod markdown;
pub mod metadata;
pub mod output;
pub mod pages;
pub mod search;
pub mod theme;
pub mod views;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pages::Sink;

use crate::catalogue::Catalogue;
use crate::collection::{self, LoadOptions};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::gazetteer::Gazetteer;

/// Escapes text for HTML or XML content and double-quoted attributes.
pub(crate) fn escape_markup(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    /// An HTML page (listed in the sitemap).
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
    /// Counts the files written so far, for a progress display.
    pub progress: Option<Arc<AtomicUsize>>,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    /// Time per stage, in order: load, index, render, search, commit; then the thread time spent
    /// writing within rendering.
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
    /// The files, when `dry_run` was set.
    pub output: Vec<OutputFile>,
}

/// Why a build stopped; nothing was written.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
    /// The output folder could not be written (rather than the content being wrong).
    pub output: bool,
}

fn fail(d: Diagnostic) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![d],
        output: false,
    }
}

fn fail_output(out: &std::path::Path, e: output::WriteError) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![Diagnostic::error(out.display().to_string(), 0, 0, e.0)],
        output: true,
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
        SiteConfig::check_base_url(url)
            .map_err(|message| fail(Diagnostic::error("--base-url", 0, 0, message)))?;
        config.base_url = Some(url.clone());
    }
    let gazetteer = Gazetteer::load(&options.root).map_err(fail)?;
    let theme = theme::Theme::load(&options.root, &config.theme).map_err(fail)?;
    let mut collection = collection::load(&LoadOptions::new(&options.root));
    if collection.errors() > 0 {
        let mut diagnostics: Vec<Diagnostic> = collection.diagnostics;
        diagnostics
            .sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
        return Err(BuildFailure {
            diagnostics,
            output: false,
        });
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
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let staging = if options.dry_run {
        None
    } else {
        Some(output::Staging::create(&out).map_err(|e| fail_output(&out, e))?)
    };
    let sink = Writer::new(staging, options.progress.clone());
    pages::all(&inputs, &sink).map_err(fail)?;
    for file in exports::data_files(&records, &config)
        .into_iter()
        .chain(exports::feed(&records, &config))
    {
        sink.put(file).map_err(fail)?;
    }
    let mut page_paths = sink
        .page_paths
        .lock()
        .map(|p| p.clone())
        .unwrap_or_default();
    page_paths.sort();
    for file in exports::sitemap(&page_paths, &config) {
        sink.put(file).map_err(fail)?;
    }
    for (name, bytes) in &theme.assets {
        sink.put(OutputFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
            html: false,
        })
        .map_err(fail)?;
    }
    sink.put(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
        html: false,
    })
    .map_err(fail)?;
    if let Some(domain) = &config.domain {
        sink.put(OutputFile {
            path: "CNAME".into(),
            bytes: format!("{domain}\n").into_bytes(),
            html: false,
        })
        .map_err(fail)?;
    }
    lap("render", &mut stages);
    search::index(&records, &|file| sink.put(file)).map_err(fail)?;
    lap("search", &mut stages);
    let Writer {
        staging,
        memory,
        files,
        write_ns,
        ..
    } = sink;
    if let Some(staging) = staging {
        staging.commit().map_err(|e| fail_output(&out, e))?;
    }
    lap("commit", &mut stages);
    // Writing happens inside rendering, on every thread: its summed thread time.
    stages.push(("write*", Duration::from_nanos(write_ns.into_inner())));
    Ok(BuildReport {
        documents: records.len(),
        pages: page_paths.len(),
        files: files.into_inner(),
        warnings: collection
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect(),
        stages,
        elapsed: started.elapsed(),
        output: memory.into_inner().unwrap_or_default(),
    })
}

/// Writes every file to the staging folder (or keeps it, for a dry run).
struct Writer {
    staging: Option<output::Staging>,
    progress: Option<Arc<AtomicUsize>>,
    memory: Mutex<Vec<OutputFile>>,
    page_paths: Mutex<Vec<String>>,
    files: AtomicUsize,
    write_ns: AtomicU64,
}

impl Writer {
    fn new(staging: Option<output::Staging>, progress: Option<Arc<AtomicUsize>>) -> Self {
        Writer {
            staging,
            memory: Mutex::new(Vec::new()),
            page_paths: Mutex::new(Vec::new()),
            files: AtomicUsize::new(0),
            progress,
            write_ns: AtomicU64::new(0),
        }
    }
}

impl pages::Sink for Writer {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if file.html {
            if let Ok(mut paths) = self.page_paths.lock() {
                paths.push(file.path.clone());
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(p) = &self.progress {
            p.fetch_add(1, Ordering::Relaxed);
        }
        match &self.staging {
            Some(staging) => {
                let t = Instant::now();
                staging
                    .write(&file.path, &file.bytes)
                    .map_err(|e| Diagnostic::error(file.path.clone(), 0, 0, e.0))?;
                self.write_ns
                    .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
            }
            None => {
                if let Ok(mut memory) = self.memory.lock() {
                    memory.push(file);
                }
            }
        }
        Ok(())
    }
}
