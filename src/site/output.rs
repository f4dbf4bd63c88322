//! Where rendered files go: a [`Sink`]. [`Staging`] writes the site into a fresh folder beside
//! the target, swapped in only when every file is written, so a failed build leaves the previous
//! site as it was (cablegram only ever replaces a folder it made itself: it leaves a marker file
//! in it); [`Writer`] puts files there or keeps them in memory. Uses nothing else of the site.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::error::Error;

/// The marker in every output folder cablegram writes.
pub const MARKER: &str = ".cablegram-output";

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go as soon as they are made, so that a big site is never held in memory.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Error>;
    /// A big file (not a page), written through `write` as it is made.
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error>;
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

/// Writes every file to a staging folder, or keeps it in memory when there is none.
pub struct Writer {
    pub staging: Option<Staging>,
    progress: Option<Arc<Progress>>,
    memory: Mutex<Vec<OutputFile>>,
    pub files: AtomicUsize,
    /// Thread time spent writing, summed over threads.
    pub write_ns: AtomicU64,
}

impl Writer {
    pub fn new(staging: Option<Staging>, progress: Option<Arc<Progress>>) -> Self {
        Writer {
            staging,
            memory: Mutex::new(Vec::new()),
            files: AtomicUsize::new(0),
            progress,
            write_ns: AtomicU64::new(0),
        }
    }

    /// The files kept in memory (none when writing to a folder). A lock poisoned by a panicking
    /// thread still holds every file put before it.
    pub fn into_memory(self) -> Vec<OutputFile> {
        self.memory
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn count(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(p) = &self.progress {
            p.files.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn timed(&self, write: impl FnOnce() -> Result<(), Error>) -> Result<(), Error> {
        let t = Instant::now();
        write()?;
        self.write_ns
            .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Ok(())
    }
}

impl Sink for Writer {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.count();
        match &self.staging {
            Some(staging) => self.timed(|| staging.write(&file.path, &file.bytes)),
            None => {
                // A poisoned lock means another thread panicked: the build fails anyway.
                let mut memory = self
                    .memory
                    .lock()
                    .map_err(|_| Error::output(&file.path, "a rendering thread failed"))?;
                memory.push(file);
                Ok(())
            }
        }
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        match &self.staging {
            Some(staging) => {
                self.count();
                self.timed(|| staging.write_with(path, write))
            }
            None => {
                let mut bytes = Vec::new();
                write(&mut bytes)
                    .map_err(|e| Error::output(path, format!("cannot make {path}: {e}")))?;
                self.put(OutputFile {
                    path: path.to_owned(),
                    bytes,
                })
            }
        }
    }
}

fn cannot(what: &str, path: &Path, e: impl std::fmt::Display) -> Error {
    Error::output(path, format!("cannot {what} {}: {e}", path.display()))
}

/// A new site being written beside the output folder; put in place by [`Staging::commit`],
/// removed if dropped before that (a failed build leaves nothing behind).
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging folder beside it.
    pub fn create(out: &Path) -> Result<Staging, Error> {
        check_target(out)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| cannot("create", parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.cablegram-new-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir).map_err(|e| cannot("create", &dir, e))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            committed: false,
        })
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (`path` relative to the site root, `/`-separated).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| cannot("create", parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| cannot("write", &target, e))
    }

    /// Writes a file through `write`, streamed to disk rather than held whole in memory.
    pub fn write_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| cannot("create", parent, e))?;
        }
        let fail = |e: std::io::Error| cannot("write", &target, e);
        let file = std::fs::File::create(&target).map_err(fail)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut buffered).map_err(fail)?;
        std::io::Write::flush(&mut buffered).map_err(fail)
    }

    /// Marks the folder as cablegram's and swaps it in for the old output.
    pub fn commit(mut self) -> Result<(), Error> {
        self.write(
            MARKER,
            b"This folder is written by cablegram build; it replaces it whole on every build.\n",
        )?;
        let parent = self.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        swap(&self.dir, &self.out, &parent, &name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Refuses a target that exists, is not empty, and was not made by cablegram.
fn check_target(out: &Path) -> Result<(), Error> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Error::output(
            out,
            format!(
                "{} exists and is not a folder; not replacing it",
                out.display()
            ),
        ));
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty || out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Error::output(out, format!(
        "{} is not empty and was not made by cablegram; not writing into it (choose another folder with --out, or empty it)",
        out.display()
    )))
}

/// Puts the new folder in place of the old one, then removes the old one.
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Error> {
    let old = parent.join(format!(".{name}.cablegram-old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| {
            Error::output(
                out,
                format!("cannot move the old {} aside: {e}", out.display()),
            )
        })?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Error::output(
            out,
            format!("cannot put the new site in {}: {e}", out.display()),
        ));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
