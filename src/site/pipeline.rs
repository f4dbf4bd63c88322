//! The pipeline: load → model → render every route into a sink. `build` renders into a staging
//! folder swapped in at the end; `check` renders into memory and reads the links; `serve` keeps
//! the model and renders one route at a time ([`render_route`]).
//!
//! Uses everything below it in `site/`; nothing uses it but the commands and `serve`.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::model::Model;
use super::output::{OutputFile, Progress, Sink, Staging, Writer};
use super::pages;
use super::pdf;
use super::render::Inputs;
use super::route::Route;
use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// What `cablegram build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when absent.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of `site.toml`.
    pub base_url: Option<String>,
    /// Where the build reports how far it has come, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Print every handout and packet to PDF (with a headless Chromium; see [`pdf`]).
    pub pdf: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    /// Time per stage, in order: load, render, search, (pdf,) commit; then the thread time spent
    /// writing within rendering.
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
}

/// Builds the site into its output folder; on any error nothing is written.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
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
    let printer = if options.pdf {
        pdf::Printer::find()
            .map_err(|m| {
                let m = format!("{m}; the site is built without PDFs");
                warnings.push(Diagnostic::warning("--pdf", m));
            })
            .ok()
    } else {
        None
    };
    let bodies = model.bodies();
    let inputs = Inputs::new(&model, &bodies, printer.is_some());
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let staging = Staging::create(&out)?;
    if let Some(p) = &options.progress {
        p.documents.store(model.records.len(), Ordering::Relaxed);
    }
    let writer = Writer::new(Some(staging), options.progress.clone());
    let routes = model.routes(inputs.pdf);
    // The search index beside the pages: its merging is serial, and the pages fill the other
    // threads meanwhile.
    let (rendered, (searched, search_time)) = rayon::join(
        || render_pages(&inputs, &routes, &writer, options.progress.as_deref()),
        || {
            let started = Instant::now();
            let searched = pages::render(&inputs, &Route::SearchIndex, &writer);
            (searched, started.elapsed())
        },
    );
    rendered?;
    searched?;
    lap("render", &mut stages);
    let staging = writer.staging.as_ref();
    if let (Some(printer), Some(staging)) = (&printer, staging) {
        let jobs: Vec<(String, String)> = pages::handouts::printable(&model, &routes)
            .into_iter()
            .map(|(page, pdf)| (page.path(), pdf.path()))
            .collect();
        let progress = options.progress.clone().unwrap_or_default();
        progress.to_print.store(jobs.len(), Ordering::Relaxed);
        let done = || {
            progress.printed.fetch_add(1, Ordering::Relaxed);
        };
        printer
            .print_all(staging.dir(), &jobs, model.config.handouts.paper, &done)
            .map_err(|m| Diagnostic::error("--pdf", m))?;
        writer.files.fetch_add(jobs.len(), Ordering::Relaxed);
        lap("pdf", &mut stages);
    }
    let write_ns = writer.write_ns.load(Ordering::Relaxed);
    let files = writer.files.load(Ordering::Relaxed);
    if let Some(staging) = writer.staging {
        staging.commit()?;
    }
    lap("commit", &mut stages);
    // The search index is made while the pages render, and writing happens inside rendering
    // on every thread: their own times, within the render stage's.
    stages.push(("search*", search_time));
    stages.push(("write*", Duration::from_nanos(write_ns)));
    let report = BuildReport {
        documents: model.records.len(),
        pages: routes.iter().filter(|r| r.is_page()).count(),
        files,
        warnings,
        stages,
        elapsed: started.elapsed(),
    };
    // Freeing a large collection's model takes a noticeable part of a second that nothing
    // waits for: the site is written.
    std::thread::spawn(move || drop(model));
    Ok(report)
}

/// Renders every route of the site into `sink`, in parallel: the pages and files, then the
/// search index (its own stage: it holds the most memory).
pub fn render_site(inputs: &Inputs, sink: &dyn Sink) -> Result<(), Error> {
    let routes = inputs.model.routes(inputs.pdf);
    render_pages(inputs, &routes, sink, None)?;
    pages::render(inputs, &Route::SearchIndex, sink)?;
    Ok(())
}

/// Every route but the search index, each file written as soon as it is made.
fn render_pages(
    inputs: &Inputs,
    routes: &[Route],
    sink: &dyn Sink,
    progress: Option<&Progress>,
) -> Result<(), Error> {
    // The data files first: each is long and ends in a serial write, so begun last they would
    // leave a thread idle at the end of the build.
    let (data, rest): (Vec<&Route>, Vec<&Route>) = routes
        .iter()
        .filter(|r| **r != Route::SearchIndex)
        .partition(|r| matches!(r, Route::DataFile(..)));
    data.into_par_iter()
        .chain(rest)
        // Small pieces: a thread that finishes (the search index's) finds work to take, where
        // rayon left to itself may give the last thousands of pages to one thread.
        .with_max_len(16)
        .try_for_each(|route| {
            pages::render(inputs, route, sink)?;
            if let (Route::Document(_), Some(p)) = (route, progress) {
                p.rendered.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
}

/// The file at `path` inside the site, rendered now from the model, or `None` when the site has
/// none there (or it is a printed PDF): what `serve` answers with. A route that makes several
/// files (the search index, the sitemap) is rendered whole; `cache` may keep them.
pub fn render_route(inputs: &Inputs, path: &str) -> Result<Option<Vec<OutputFile>>, Error> {
    let Some(route) = Route::parse(path) else {
        return Ok(None);
    };
    let memory = Writer::new(None, None);
    if !pages::render(inputs, &route, &memory)? {
        return Ok(None);
    }
    Ok(Some(memory.into_memory()))
}
