//! The site: the collection rendered through the theme into pages and data files, written
//! atomically to the output folder.

pub mod crawl;
pub mod exports;
pub mod handouts;
pub mod links;
pub mod markdown;
pub mod metadata;
pub mod model;
pub mod output;
pub mod pages;
pub mod pdf;
pub mod search;
pub mod theme;
pub mod views;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use model::Model;
use pages::Sink;

use crate::collection;
use crate::diagnostic::Diagnostic;

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
    /// Where the build reports how far it has come, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Print every handout and packet to PDF (with a headless Chromium; see [`pdf`]).
    pub pdf: bool,
}

/// How far a build has come, updated as it goes (read by another thread).
#[derive(Debug, Default)]
pub struct Progress {
    /// Documents in the collection, once loaded.
    pub documents: AtomicUsize,
    /// Document pages rendered so far.
    pub rendered: AtomicUsize,
    /// Files written so far.
    pub files: AtomicUsize,
    /// PDFs to print, once the pages are written, and printed so far.
    pub to_print: AtomicUsize,
    pub printed: AtomicUsize,
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
        diagnostics: vec![Diagnostic::error(out.display().to_string(), e.0)],
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

    let model = Model::load(&options.root, options.base_url.as_deref())?;
    lap("load", &mut stages);
    let mut warnings = model.warnings.clone();
    let printer = match (options.pdf, options.dry_run) {
        (true, false) => pdf::Printer::find()
            .map_err(|m| {
                let m = format!("{m}; the site is built without PDFs");
                warnings.push(Diagnostic::warning("--pdf", m));
            })
            .ok(),
        _ => None,
    };
    let bodies = model.bodies();
    let mut inputs = model.inputs(&bodies);
    inputs.pdf = printer.is_some();
    let (config, records, theme) = (&model.config, &model.records, &model.theme);
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let staging = if options.dry_run {
        None
    } else {
        Some(output::Staging::create(&out).map_err(|e| fail_output(&out, e))?)
    };
    if let Some(p) = &options.progress {
        p.documents.store(records.len(), Ordering::Relaxed);
    }
    let sink = Writer::new(staging, options.progress.clone());
    pages::all(&inputs, &sink).map_err(fail)?;
    exports::data_files(records, &bodies, config, &sink).map_err(fail)?;
    if let Some(feed) = exports::feed(records, config) {
        sink.put(feed).map_err(fail)?;
    }
    let mut page_paths = sink
        .page_paths
        .lock()
        .map(|p| p.clone())
        .unwrap_or_default();
    page_paths.sort();
    for file in exports::sitemap(&page_paths, config) {
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
    search::index(records, &|i| bodies.get(i), &|file| sink.put(file)).map_err(fail)?;
    lap("search", &mut stages);
    if let (Some(printer), Some(staging)) = (&printer, &sink.staging) {
        let jobs = handouts::printable(records, &model.packets);
        let progress = options.progress.clone().unwrap_or_default();
        progress.to_print.store(jobs.len(), Ordering::Relaxed);
        let done = || {
            progress.printed.fetch_add(1, Ordering::Relaxed);
        };
        printer
            .print_all(staging.dir(), &jobs, config.handouts.paper, &done)
            .map_err(|m| fail(Diagnostic::error("--pdf", m)))?;
        sink.files.fetch_add(jobs.len(), Ordering::Relaxed);
        lap("pdf", &mut stages);
    }
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
        warnings,
        stages,
        elapsed: started.elapsed(),
        output: memory.into_inner().unwrap_or_default(),
    })
}

/// The records' texts, read from their files when a page needs one: a collection's bodies are
/// most of its size, and a build holds its records without them.
pub struct Bodies<'a> {
    root: &'a std::path::Path,
    /// Each record's file, in the order of the records.
    sources: &'a [String],
}

impl Bodies<'_> {
    /// The body of record `i`.
    pub fn get(&self, i: usize) -> Result<String, Diagnostic> {
        let source = self.sources.get(i).map(String::as_str).unwrap_or_default();
        collection::read_body(self.root, source)
    }

    /// The file record `i` was read from (relative to the root).
    pub fn source(&self, i: usize) -> &str {
        self.sources.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// Writes every file to the staging folder (or keeps it, for a dry run).
struct Writer {
    staging: Option<output::Staging>,
    progress: Option<Arc<Progress>>,
    memory: Mutex<Vec<OutputFile>>,
    page_paths: Mutex<Vec<String>>,
    files: AtomicUsize,
    write_ns: AtomicU64,
}

impl Writer {
    fn new(staging: Option<output::Staging>, progress: Option<Arc<Progress>>) -> Self {
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
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        match &self.staging {
            Some(staging) => {
                let t = Instant::now();
                staging
                    .write_with(path, write)
                    .map_err(|e| Diagnostic::error(path, e.0))?;
                self.write_ns
                    .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                self.files.fetch_add(1, Ordering::Relaxed);
                if let Some(p) = &self.progress {
                    p.files.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            }
            None => {
                let mut bytes = Vec::new();
                write(&mut bytes).map_err(|e| Diagnostic::error(path, e.to_string()))?;
                self.put(OutputFile {
                    path: path.to_owned(),
                    bytes,
                    html: false,
                })
            }
        }
    }

    fn document_done(&self) {
        if let Some(p) = &self.progress {
            p.rendered.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if file.html {
            if let Ok(mut paths) = self.page_paths.lock() {
                paths.push(file.path.clone());
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(p) = &self.progress {
            p.files.fetch_add(1, Ordering::Relaxed);
        }
        match &self.staging {
            Some(staging) => {
                let t = Instant::now();
                staging
                    .write(&file.path, &file.bytes)
                    .map_err(|e| Diagnostic::error(file.path.clone(), e.0))?;
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
