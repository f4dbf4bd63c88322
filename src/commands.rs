//! What each command does, given its options: the top of the pipeline, using every stage below.
//! `main.rs` only parses the command line.

use std::io::Write;
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};

use crate::collection::{self, LoadOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::record::{self, Record};

pub use crate::error::exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

#[derive(Debug, Clone)]
pub struct NormalizeOptions {
    pub files: Vec<PathBuf>,
    pub format: Format,
    pub write: Option<PathBuf>,
    pub force: bool,
    /// Paths in `[provenance]` are relative to this folder when the file is inside it.
    pub root: PathBuf,
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().bold();

/// An error as its located problems, or as the sentence that names what could not be written.
fn report_error(err: &mut dyn Write, e: &Error) {
    match e {
        Error::Content(diagnostics) => diagnostics.iter().for_each(|d| report(err, d)),
        Error::Output { .. } | Error::Serve(_) => {
            let _ = writeln!(err, "{ERROR}error{ERROR:#}: {e}");
        }
    }
}

fn report(err: &mut dyn Write, d: &Diagnostic) {
    let (style, level) = match d.severity {
        Severity::Error => (ERROR, "error"),
        Severity::Warning => (WARNING, "warning"),
    };
    let _ = writeln!(
        err,
        "{DIM}{}{DIM:#}: {style}{level}{style:#}: {}",
        d.location(),
        d.message
    );
}

/// `cablegram normalize`: prints (or writes) the record of each file; warnings go to `err`.
pub fn normalize(options: &NormalizeOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut code = exit::OK;
    let mut records = Vec::new();
    for file in &options.files {
        let shown = provenance_path(&options.root, file);
        match collection::read_record(file, &shown) {
            Ok((record, diags)) => {
                diags.iter().for_each(|d| report(err, d));
                records.push(record);
            }
            Err(d) => {
                report(err, &d);
                code = exit::CONTENT;
            }
        }
    }
    if let Some(dir) = &options.write {
        for record in &records {
            if let Err(message) = write_record(dir, record, options.force) {
                let _ = writeln!(err, "{ERROR}error{ERROR:#}: {message}");
                code = code.max(exit::IO);
            } else {
                let _ = writeln!(
                    err,
                    "wrote {}",
                    dir.join(format!("{}.md", record.slug())).display()
                );
            }
        }
        return code;
    }
    let printed = match options.format {
        Format::Toml => records
            .iter()
            .map(record::to_markdown)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => {
            let values: Vec<serde_json::Value> = records.iter().map(record::to_json).collect();
            let value = if values.len() == 1 {
                values.into_iter().next().unwrap_or_default()
            } else {
                values.into()
            };
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
    };
    if out.write_all(printed.as_bytes()).is_err() {
        return exit::IO;
    }
    code
}

fn provenance_path(root: &Path, file: &Path) -> String {
    let abs_root = std::fs::canonicalize(root).ok();
    let abs_file = std::fs::canonicalize(file).ok();
    if let (Some(r), Some(f)) = (abs_root, abs_file) {
        if let Ok(rel) = f.strip_prefix(&r) {
            return rel.to_string_lossy().replace('\\', "/");
        }
    }
    file.to_string_lossy().replace('\\', "/")
}

/// Writes `DIR/<slug>.md`, never replacing a file unless `force`; the file appears whole or not
/// at all (written beside, then renamed).
fn write_record(dir: &Path, record: &Record, force: bool) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let target = dir.join(format!("{}.md", record.slug()));
    if target.exists() && !force {
        return Err(format!(
            "{} already exists; not overwriting it (use --force to replace it)",
            target.display()
        ));
    }
    let temp = dir.join(format!(".{}.md.tmp", record.slug()));
    std::fs::write(&temp, record::to_markdown(record))
        .map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
    std::fs::rename(&temp, &target).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", target.display())
    })
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub strict: bool,
    pub format: Format,
    /// The problems only, without the summary line.
    pub quiet: bool,
    /// Fetch the links to other sites too (politely: see `site::crawl`).
    pub external: bool,
}

/// `cablegram check`: loads the whole collection, builds the site in memory, and reports every
/// problem: in the records, `site.toml`, the templates, the gazetteer, and every link and anchor
/// of the built pages (with the file that wrote the link).
pub fn check(options: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let root = &options.root;
    let gazetteer = crate::gazetteer::Gazetteer::load(root);
    let load = LoadOptions {
        gazetteer: gazetteer.as_ref().ok(),
        ..LoadOptions::new(root)
    };
    let collection = collection::load(&load);
    let mut diagnostics = collection.diagnostics.clone();
    let records = collection.records.len();
    let undated = collection
        .records
        .iter()
        .filter(|r| r.date.is_none())
        .count();
    match &gazetteer {
        Ok(g) => {
            let text =
                std::fs::read_to_string(root.join("data/gazetteer.toml")).unwrap_or_default();
            let mentioned: std::collections::HashSet<&str> = collection
                .records
                .iter()
                .flat_map(|r| r.people.iter().chain(&r.places).chain(&r.topics))
                .map(String::as_str)
                .collect();
            if !text.is_empty() {
                diagnostics.extend(g.problems(&text, &mentioned));
            }
        }
        Err(d) => diagnostics.push(d.clone()),
    }
    // A folder of records without a site.toml is checked as records alone.
    if let (0, Ok(gazetteer), true) = (
        collection.errors(),
        gazetteer,
        root.join("site.toml").is_file(),
    ) {
        diagnostics.extend(site_problems(root, gazetteer, collection, options.external));
    }
    diagnostics
        .sort_by(|a, b| (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message)));
    diagnostics.dedup();
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match options.format {
        Format::Json => {
            let problems: Vec<serde_json::Value> = diagnostics
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "file": d.file,
                        "line": d.line(),
                        "column": d.column(),
                        "severity": match d.severity {
                            Severity::Error => "error",
                            Severity::Warning => "warning",
                        },
                        "message": d.message,
                    })
                })
                .collect();
            let summary = serde_json::json!({
                "records": records,
                "undated": undated,
                "errors": errors,
                "warnings": warnings,
                "problems": problems,
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&summary).unwrap_or_default()
            );
        }
        Format::Toml if options.quiet => diagnostics.iter().for_each(|d| report(err, d)),
        Format::Toml => {
            diagnostics.iter().for_each(|d| report(err, d));
            let _ = writeln!(
                out,
                "checked {} records ({} undated): {} {}, {} {}",
                records,
                undated,
                errors,
                if errors == 1 { "error" } else { "errors" },
                warnings,
                if warnings == 1 { "warning" } else { "warnings" },
            );
        }
    }
    if errors > 0 || (options.strict && warnings > 0) {
        exit::CONTENT
    } else {
        exit::OK
    }
}

/// The site made from the collection already loaded, rendered for its links only: what stops
/// the build (`site.toml`, templates, packets, pages), and every link that leads nowhere (with
/// `external`, links to other sites too, fetched politely), told against the file that wrote it.
fn site_problems(
    root: &Path,
    gazetteer: crate::gazetteer::Gazetteer,
    collection: collection::Collection,
    external: bool,
) -> Vec<Diagnostic> {
    use crate::site::{links, model, render::Inputs};
    let settings = match model::Settings::load_with(root, None, gazetteer) {
        Ok(settings) => settings,
        Err(e) => return e.diagnostics(),
    };
    let model = match model::Model::new(root, settings, collection, Default::default()) {
        Ok(model) => model,
        Err(e) => return e.diagnostics(),
    };
    let bodies = model.bodies();
    let inputs = Inputs::new(&model, &bodies, false);
    let collector = links::Collector::default();
    if let Err(e) = crate::site::pipeline::render_site(&inputs, &collector) {
        return e.diagnostics();
    }
    let site = collector.into_links();
    let mut problems: Vec<Diagnostic> = links::broken(&site)
        .into_iter()
        .map(|b| {
            let message = format!("the link `{}` {}", b.link, b.problem);
            locate(&model, &b.page, &b.link, message, Severity::Error)
        })
        .collect();
    if external {
        let own = model.config.base_url();
        let options = crate::site::crawl::CrawlOptions::default();
        for d in crate::site::crawl::dead_links(&site, own.as_deref(), &options) {
            let message = format!("the link `{}` {}", d.url, d.problem);
            problems.push(locate(&model, &d.page, &d.url, message, Severity::Warning));
        }
    }
    problems
}

/// The record or `pages/` file that wrote a built page, if one did: a record's text is on its
/// document page and its handout.
fn source(model: &crate::site::Model, page: &str) -> Option<String> {
    use crate::site::Route;
    match Route::parse(page)? {
        Route::Document(slug) | Route::Handout(slug) => {
            model.sources.get(model.record(slug)?).cloned()
        }
        Route::Page(slug) => Some(model.prose.get(model.page(slug)?)?.source.clone()),
        _ => None,
    }
}

/// A problem with `link` on `page`, at the line and column of the file that holds it, else on
/// the page, made by the theme.
fn locate(
    model: &crate::site::Model,
    page: &str,
    link: &str,
    message: String,
    severity: Severity,
) -> Diagnostic {
    let located = |file: String, position| Diagnostic {
        file,
        position,
        severity,
        message: message.clone(),
    };
    match source(model, page) {
        Some(file) => {
            let text = std::fs::read_to_string(model.root.join(&file)).unwrap_or_default();
            // The link as written, else its file part (written with another anchor).
            let target = link.split('#').next().unwrap_or_default();
            let at = text
                .find(link)
                .or_else(|| (!target.is_empty()).then(|| text.find(target)).flatten());
            let position = at.map(|at| crate::diagnostic::Position::of(&text, at));
            located(file, position)
        }
        None => Diagnostic {
            message: format!("{message} (made by the theme's templates)"),
            ..located(page.to_owned(), None)
        },
    }
}

#[derive(Debug, Clone)]
pub struct BuildCommand {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub quiet: bool,
    /// Print handouts and packets to PDF.
    pub pdf: bool,
    /// Print the time of each stage.
    pub timings: bool,
}

/// `1,234,567`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `cablegram build`: renders the site and writes it atomically.
/// Updates the progress display until `done`.
fn show_progress(
    bar: &indicatif::ProgressBar,
    progress: &crate::site::Progress,
    done: &std::sync::atomic::AtomicBool,
) {
    use std::sync::atomic::Ordering;
    let mut counting = false;
    while !done.load(Ordering::Relaxed) {
        let documents = progress.documents.load(Ordering::Relaxed);
        if documents > 0 && !counting {
            counting = true;
            bar.set_length(documents as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {human_pos}/{human_len} documents rendered · {msg} · {elapsed}",
            ) {
                bar.set_style(style);
            }
        }
        let to_print = progress.to_print.load(Ordering::Relaxed);
        if to_print > 0 {
            if counting {
                counting = false;
                bar.set_length(to_print as u64);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{bar:30} {human_pos}/{human_len} handouts printed to PDF · {elapsed}",
                ) {
                    bar.set_style(style);
                }
            }
            bar.set_position(progress.printed.load(Ordering::Relaxed) as u64);
        } else if counting {
            bar.set_position(progress.rendered.load(Ordering::Relaxed) as u64);
            let files = progress.files.load(Ordering::Relaxed);
            bar.set_message(format!("{} files written", thousands(files)));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

pub fn build(options: &BuildCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    // A spinner while loading, then a bar of documents rendered with a count of files written;
    // on a terminal only (indicatif hides itself when stderr is not one).
    let progress = std::sync::Arc::new(crate::site::Progress::default());
    let bar = (!options.quiet).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("loading the collection");
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let ticker = bar.clone().map(|bar| {
        let (progress, done) = (progress.clone(), done.clone());
        std::thread::spawn(move || show_progress(&bar, &progress, &done))
    });
    let result = crate::site::build(&crate::site::BuildOptions {
        root: options.root.clone(),
        out: options.out.clone(),
        base_url: options.base_url.clone(),
        progress: Some(progress),
        pdf: options.pdf,
    });
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(built) => {
            if !options.quiet {
                built.warnings.iter().for_each(|d| report(err, d));
            }
            if options.timings {
                for (stage, t) in &built.stages {
                    let _ = writeln!(out, "  {stage:<8} {:>8.1} ms", t.as_secs_f64() * 1e3);
                }
            }
            if !options.quiet {
                let _ = writeln!(
                    out,
                    "built {} documents, {} pages in {:.1} s",
                    thousands(built.documents),
                    thousands(built.pages),
                    built.elapsed.as_secs_f64()
                );
            }
            exit::OK
        }
        Err(failure) => {
            report_error(err, &failure);
            let _ = writeln!(
                err,
                "{ERROR}error{ERROR:#}: the build stopped; nothing was written"
            );
            failure.exit_code()
        }
    }
}

/// `cablegram init`: a new collection, and what to do next.
pub fn init(options: &crate::init::InitOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match crate::init::init(options) {
        Ok(created) => {
            let dir = options.dir.display();
            for path in &created.written {
                let _ = writeln!(out, "  wrote {path}");
            }
            for path in &created.skipped {
                let _ = writeln!(out, "  kept  {path} (it was there: not replaced)");
            }
            let _ = writeln!(
                out,
                "a new collection in {dir}. Next:\n  cd {dir}\n  cablegram check\n  \
                 cablegram serve --open\nand to publish, see .github/workflows/pages.yml"
            );
            exit::OK
        }
        Err(e) => {
            let _ = writeln!(err, "{ERROR}error{ERROR:#}: {e}");
            match e {
                crate::init::InitError::NotEmpty(_) => exit::USAGE,
                crate::init::InitError::Io(_) => exit::IO,
            }
        }
    }
}

/// `cablegram serve`: runs until the process is stopped; returns only when it cannot start.
pub fn serve(options: &crate::serve::ServeOptions, err: &mut dyn Write) -> i32 {
    let mut log = anstream::stdout();
    match crate::serve::run(options, &mut log) {
        Ok(()) => exit::OK,
        Err(e) => {
            let _ = writeln!(err, "{ERROR}error{ERROR:#}: {e}");
            e.exit_code()
        }
    }
}
