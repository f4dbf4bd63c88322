//! The collection: every record of `content/`, normalized, curated, de-duplicated and in time
//! order, with every problem found on the way.
//!
//! `.txt` files are raw texts to normalize; `.md` files are records. A curated `.md` whose
//! `[provenance] file` names a raw `.txt` replaces that file's normalization.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::ingest::{self, IngestOptions, Unreadable};
use crate::record::{self, Record};

/// The records of a site, in time order. Each is shared with the shelf it was read from, so
/// that after one file changes the collection is made again without copying the others.
#[derive(Debug, Default)]
pub struct Collection {
    pub records: Vec<Arc<Record>>,
    /// The file each record came from, relative to the site root, in the order of `records`.
    pub sources: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Collection {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Where to find the content.
#[derive(Clone)]
pub struct LoadOptions<'a> {
    /// The site root; record paths are shown relative to it.
    pub root: PathBuf,
    /// The content folder, relative to the root.
    pub content: PathBuf,
    /// For a build: each record is tagged with this gazetteer as soon as it is read, and its
    /// text then dropped, so that a big collection's bodies are never all in memory (the build
    /// reads each again when it needs it, see [`read_body`]).
    pub gazetteer: Option<&'a crate::gazetteer::Gazetteer>,
}

impl LoadOptions<'_> {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LoadOptions {
            root: root.into(),
            content: PathBuf::from("content"),
            gazetteer: None,
        }
    }
}

/// One file's record, before the collection is put together.
#[derive(Clone)]
struct Loaded {
    path: String,
    record: Arc<Record>,
    /// The record is a curated `.md` that names the raw file it replaces.
    curates: Option<String>,
}

/// Loads every record under `content/`. Never stops at the first problem: each one becomes a
/// diagnostic, and the records that could be read are kept.
pub fn load(options: &LoadOptions) -> Collection {
    Shelf::read(options).into_collection(options)
}

/// One file as read: its record, if it has one, and its problems.
type Read = (Option<Loaded>, Vec<Diagnostic>);

/// Every content file as read, kept so that after a change only the changed files are read
/// again (`serve`).
#[derive(Clone, Default)]
pub struct Shelf {
    /// By path relative to the root; shared, so that a copy of the shelf costs little.
    files: BTreeMap<String, Arc<Read>>,
    /// Problems walking the content folder.
    walk: Vec<Diagnostic>,
}

impl Shelf {
    /// Reads every file under `content/`, in parallel.
    pub fn read(options: &LoadOptions) -> Shelf {
        let mut walk = Vec::new();
        let files = find_files(options, &mut walk);
        let files = files
            .par_iter()
            .map(|(path, rel)| (rel.clone(), Arc::new(read_one(options, path, rel))))
            .collect();
        Shelf { files, walk }
    }

    /// Reads again the files at these paths (relative to the root): changed, new or gone.
    pub fn reread(&mut self, options: &LoadOptions, changed: &[String]) {
        let content = rel(&options.root, &options.root.join(&options.content));
        for path in changed {
            let full = options.root.join(path);
            let ours = path.starts_with(&format!("{content}/"))
                && (path.ends_with(".md") || path.ends_with(".txt"));
            if ours && full.is_file() {
                self.files
                    .insert(path.clone(), Arc::new(read_one(options, &full, path)));
            } else {
                self.files.remove(path);
            }
        }
    }

    /// The collection the files make now.
    pub fn collection(&self, options: &LoadOptions) -> Collection {
        self.clone().into_collection(options)
    }

    /// The collection the files make, without keeping them.
    pub fn into_collection(self, options: &LoadOptions) -> Collection {
        let mut diagnostics = self.walk;
        let mut loaded = Vec::new();
        for file in self.files.into_values() {
            let (record, diags) = Arc::try_unwrap(file).unwrap_or_else(|shared| (*shared).clone());
            diagnostics.extend(diags);
            loaded.extend(record);
        }
        let (records, sources) = assemble(loaded, options, &mut diagnostics);
        Collection {
            records,
            sources,
            diagnostics,
        }
    }
}

fn read_one(options: &LoadOptions, path: &Path, rel: &str) -> (Option<Loaded>, Vec<Diagnostic>) {
    let (mut loaded, diagnostics) = load_file(path, rel);
    if let (Some(l), Some(gazetteer)) = (&mut loaded, options.gazetteer) {
        // Just made: no copy.
        let record = Arc::make_mut(&mut l.record);
        gazetteer.tag(record);
        record.body = String::new();
    }
    (loaded, diagnostics)
}

fn find_files(options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Vec<(PathBuf, String)> {
    let dir = options.root.join(&options.content);
    if !dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            rel(&options.root, &dir),
            "the content folder does not exist",
        ));
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e.into_path();
                if matches!(
                    path.extension().and_then(|x| x.to_str()),
                    Some("txt" | "md")
                ) {
                    let r = rel(&options.root, &path);
                    files.push((path, r));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel(&options.root, p))
                    .unwrap_or_else(|| rel(&options.root, &dir));
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder above it; skipped".to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                diagnostics.push(Diagnostic::error(path, message));
            }
        }
    }
    files
}

/// Hidden files, editor swap and backup files are not content.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name.len() > 1 && name != "..")
        || name.ends_with('~')
        || name.starts_with('#')
}

fn rel(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

fn load_file(path: &Path, rel_path: &str) -> (Option<Loaded>, Vec<Diagnostic>) {
    match read_record(path, rel_path) {
        Ok((record, warnings)) => {
            // A record that names its raw text curates it (see `assemble`).
            let curates = path
                .extension()
                .is_some_and(|x| x == "md")
                .then(|| record.provenance.as_ref().map(|p| p.file.clone()))
                .flatten();
            let loaded = Loaded {
                path: rel_path.to_owned(),
                record: Arc::new(record),
                curates,
            };
            (Some(loaded), warnings)
        }
        Err(d) => (None, vec![d]),
    }
}

/// One content file as a record: a raw `.txt` normalized, or a `.md` record read (reading a
/// record changes nothing). `shown` names the file in problems and in `[provenance]`. What
/// `build`, `check`, `serve` and `normalize` all read a file with.
pub fn read_record(path: &Path, shown: &str) -> Result<(Record, Vec<Diagnostic>), Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(shown, format!("cannot read: {e}")))?;
    if path.extension().is_some_and(|x| x == "md") {
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
            let warnings = n
                .warnings
                .into_iter()
                .map(|w| Diagnostic::warning(shown, w.message).at(w.line, 1))
                .collect();
            Ok((n.record, warnings))
        }
        Err(Unreadable::Empty) => Err(Diagnostic::error(
            shown,
            "the file is empty: there is no document to read",
        )),
        Err(Unreadable::Binary(why)) => Err(Diagnostic::error(shown, why)),
    }
}

/// Applies curation, makes slugs unique, refuses duplicate ids, and sorts.
fn assemble(
    loaded: Vec<Loaded>,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Arc<Record>>, Vec<String>) {
    // Curated records replace the normalization of the raw file they name.
    let mut curated: HashMap<String, String> = HashMap::new();
    for l in loaded.iter().filter(|l| l.curates.is_some()) {
        let raw = l.curates.clone().unwrap_or_default();
        if raw.ends_with(".txt") && raw != l.path {
            check_raw_unchanged(l, &raw, options, diagnostics);
            curated.insert(raw, l.path.clone());
        }
    }
    let mut kept: Vec<Loaded> = loaded
        .into_iter()
        .filter(|l| !curated.contains_key(&l.path))
        .collect();
    kept.sort_by(|a, b| a.path.cmp(&b.path));

    // Slugs: the first file (by path) keeps its slug, later ones get -2, -3 ...
    let mut slug_count: HashMap<String, usize> = HashMap::new();
    for l in &mut kept {
        // A hand-written slug is kept as written unless it is too long for a folder name.
        if l.record.slug().len() > crate::record::PATH_SLUG_MAX {
            let bounded = crate::record::path_slug(l.record.slug(), crate::record::PATH_SLUG_MAX);
            Arc::make_mut(&mut l.record).slug = Some(if bounded.is_empty() {
                "untitled".to_owned()
            } else {
                bounded
            });
        }
        let slug = l.record.slug().to_owned();
        let derived_id = l.record.id() == slug;
        let n = slug_count.entry(slug.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let mut candidate = format!("{slug}-{n}");
            while slug_count.contains_key(&candidate) {
                *slug_count.get_mut(&slug).expect("present") += 1;
                candidate = format!("{slug}-{}", slug_count[&slug]);
            }
            slug_count.insert(candidate.clone(), 1);
            let record = Arc::make_mut(&mut l.record);
            record.slug = Some(candidate.clone());
            if derived_id {
                record.id = Some(candidate);
            }
        }
    }
    // Explicit ids must be unique.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut records = Vec::with_capacity(kept.len());
    for mut l in kept {
        if let Some(first) = ids.get(l.record.id()).cloned() {
            // A raw text's id is the archive's own number: the archive gave it twice (a
            // misprinted volume), which the collection keeps apart and says so.
            if l.path.ends_with(".txt") {
                let id = l.record.id().to_owned();
                let unique = (2..)
                    .map(|n| format!("{id}-{n}"))
                    .find(|c| !ids.contains_key(c))
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::warning(&l.path, format!("the archive's id `{id}` is also {first}'s: this record is `{unique}` (curate it to choose another)")));
                Arc::make_mut(&mut l.record).id = Some(unique);
                ids.insert(l.record.id().to_owned(), l.path.clone());
                records.push((l.record, l.path));
                continue;
            }
            diagnostics.push(Diagnostic::error(
                &l.path,
                format!(
                    "id `{}` is already used by {first}; give one of them another id",
                    l.record.id()
                ),
            ));
            continue;
        }
        ids.insert(l.record.id().to_owned(), l.path.clone());
        records.push((l.record, l.path));
    }
    records.sort_by(|a, b| time_order(&a.0, &b.0));
    records.into_iter().unzip()
}

/// The body of the record in `path` (relative to `root`), read again: a build holds records
/// without their bodies, which are most of a collection's size, and reads each when it needs it.
pub fn read_body(root: &Path, path: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(path))
        .map_err(|e| Diagnostic::error(path, format!("cannot read it again: {e}")))?;
    let changed = || Diagnostic::error(path, "the file changed during the build");
    if path.ends_with(".md") {
        let text = String::from_utf8(bytes).map_err(|_| changed())?;
        return record::body(&text).ok_or_else(changed);
    }
    let options = IngestOptions {
        provenance_path: Some(path.to_owned()),
    };
    ingest::normalize(&bytes, &options)
        .map(|n| n.record.body)
        .map_err(|_| changed())
}

/// Date (undated last), then time of transmission, then slug.
pub fn time_order(a: &Record, b: &Record) -> std::cmp::Ordering {
    let key = |r: &Record| {
        (
            r.date.is_none(),
            r.date,
            r.transmitted.as_ref().and_then(|t| t.at),
        )
    };
    key(a).cmp(&key(b)).then_with(|| a.slug().cmp(b.slug()))
}

fn check_raw_unchanged(
    l: &Loaded,
    raw: &str,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(prov) = &l.record.provenance else {
        return;
    };
    match std::fs::read(options.root.join(raw)) {
        Ok(bytes) if ingest::sha256_hex(&bytes) != prov.sha256 => diagnostics.push(Diagnostic::warning(&l.path, format!("the raw text {raw} changed since this record was curated: compare them and update `sha256`"))),
        Ok(_) => {}
        Err(_) => diagnostics.push(Diagnostic::warning(&l.path, format!("curates {raw}, which does not exist"))),
    }
}
