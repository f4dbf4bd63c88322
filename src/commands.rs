//! What each command does, given its options. `main.rs` only parses the command line.

use std::io::Write;
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};

use crate::collection::{self, LoadOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ingest::{self, IngestOptions, Unreadable};
use crate::record::{self, Record};

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    /// The content has errors (or warnings, with `--strict`).
    pub const CONTENT: i32 = 1;
    /// The command line was wrong (clap uses 2 as well).
    pub const USAGE: i32 = 2;
    /// Something outside the content failed: a file could not be written.
    pub const IO: i32 = 3;
}

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
        match normalize_one(file, &shown) {
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

/// Normalizes a raw `.txt`, or re-reads a `.md` record (normalizing a record changes nothing).
fn normalize_one(file: &Path, shown: &str) -> Result<(Record, Vec<Diagnostic>), Diagnostic> {
    let bytes =
        std::fs::read(file).map_err(|e| Diagnostic::error(shown, format!("cannot read: {e}")))?;
    if file.extension().is_some_and(|x| x == "md") {
        let text = String::from_utf8(bytes)
            .map_err(|_| Diagnostic::error(shown, "a record must be UTF-8 text"))?;
        let mut record = record::parse(&text)
            .map_err(|e| Diagnostic::error(shown, e.message).at(e.line, e.column))?;
        record.fill_identity();
        return Ok((record, Vec::new()));
    }
    let options = IngestOptions {
        provenance_path: Some(shown.to_owned()),
    };
    match ingest::normalize(&bytes, &options) {
        Ok(n) => {
            let diags = n
                .warnings
                .into_iter()
                .map(|w| Diagnostic::warning(shown, w.message).at(w.line, usize::from(w.line > 0)))
                .collect();
            Ok((n.record, diags))
        }
        Err(Unreadable::Empty) => Err(Diagnostic::error(
            shown,
            "the file is empty: there is no document to read",
        )),
        Err(Unreadable::Binary(why)) => Err(Diagnostic::error(shown, why)),
    }
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
    if collection.errors() == 0 && root.join("site.toml").is_file() {
        diagnostics.extend(site_problems(root, &collection, options.external));
    }
    diagnostics
        .sort_by(|a, b| (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message)));
    diagnostics.dedup();
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let undated = collection
        .records
        .iter()
        .filter(|r| r.date.is_none())
        .count();
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
                "records": collection.records.len(),
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
                collection.records.len(),
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

/// The site built in memory: what stops the build (`site.toml`, templates, packets, pages), and
/// every link that leads nowhere (with `external`, links to other sites too, fetched politely),
/// told against the file that wrote it.
fn site_problems(
    root: &Path,
    collection: &collection::Collection,
    external: bool,
) -> Vec<Diagnostic> {
    let built = crate::site::build(&crate::site::BuildOptions {
        root: root.to_path_buf(),
        out: None,
        base_url: None,
        dry_run: true,
        progress: None,
        pdf: false,
    });
    let report = match built {
        Ok(report) => report,
        Err(failure) => return failure.diagnostics,
    };
    let origins = Origins {
        root,
        collection,
        prose: crate::prose::load(root).unwrap_or_default(),
    };
    let mut problems: Vec<Diagnostic> = crate::site::links::broken(&report.output)
        .into_iter()
        .map(|b| {
            let message = format!("the link `{}` {}", b.link, b.problem);
            origins.locate(&b.page, &b.link, message, Severity::Error)
        })
        .collect();
    if external {
        let own = crate::config::SiteConfig::load(root)
            .ok()
            .and_then(|c| c.base_url());
        let options = crate::site::crawl::CrawlOptions::default();
        for d in crate::site::crawl::dead_links(&report.output, own.as_deref(), &options) {
            let message = format!("the link `{}` {}", d.url, d.problem);
            problems.push(origins.locate(&d.page, &d.url, message, Severity::Warning));
        }
    }
    problems
}

/// Which file wrote each page, to tell a problem of a page where it can be mended.
struct Origins<'a> {
    root: &'a Path,
    collection: &'a collection::Collection,
    prose: Vec<crate::prose::ProsePage>,
}

impl Origins<'_> {
    /// The record or `pages/` file of a built page, if it has one: a record's text is on its
    /// document page and its handout.
    fn source(&self, page: &str) -> Option<String> {
        let slug = (page.strip_prefix("documents/"))
            .or_else(|| page.strip_prefix("handouts/"))
            .and_then(|p| p.strip_suffix("/index.html"));
        let record = slug.and_then(|slug| {
            let i = self
                .collection
                .records
                .iter()
                .position(|r| r.slug() == slug)?;
            self.collection.sources.get(i).cloned()
        });
        record.or_else(|| {
            let slug = page.strip_suffix("/index.html")?;
            let p = self.prose.iter().find(|p| p.slug == slug)?;
            Some(p.source.clone())
        })
    }

    /// A problem with `link` on `page`, at the line and column of the file that holds it, else
    /// on the page, made by the theme.
    fn locate(&self, page: &str, link: &str, message: String, severity: Severity) -> Diagnostic {
        let located = |file: String, position| Diagnostic {
            file,
            position,
            severity,
            message: message.clone(),
        };
        match self.source(page) {
            Some(file) => {
                let text = std::fs::read_to_string(self.root.join(&file)).unwrap_or_default();
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
        dry_run: false,
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
            failure.diagnostics.iter().for_each(|d| report(err, d));
            let _ = writeln!(
                err,
                "{ERROR}error{ERROR:#}: the build stopped; nothing was written"
            );
            if failure.output {
                exit::IO
            } else {
                exit::CONTENT
            }
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
            let _ = writeln!(err, "{ERROR}error{ERROR:#}: {}", e.0);
            exit::IO
        }
    }
}
