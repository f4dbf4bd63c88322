//! Writing the site: into a fresh folder beside the target, swapped in only when every file is
//! written, so a failed build leaves the previous site as it was. cablegram only ever replaces a
//! folder it made itself (it leaves a marker file in it).

use std::path::{Path, PathBuf};

/// The marker in every output folder cablegram writes.
pub const MARKER: &str = ".cablegram-output";

/// Why the site could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

/// A new site being written beside the output folder; put in place by [`Staging::commit`],
/// removed if dropped before that (a failed build leaves nothing behind).
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging folder beside it.
    pub fn create(out: &Path) -> Result<Staging, WriteError> {
        check_target(out)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| WriteError(format!("cannot create {}: {e}", parent.display())))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.cablegram-new-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| WriteError(format!("cannot create {}: {e}", dir.display())))?;
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
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| WriteError(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| WriteError(format!("cannot write {}: {e}", target.display())))
    }

    /// Writes a file through `write`, streamed to disk rather than held whole in memory.
    pub fn write_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| WriteError(format!("cannot create {}: {e}", parent.display())))?;
        }
        let fail =
            |e: std::io::Error| WriteError(format!("cannot write {}: {e}", target.display()));
        let file = std::fs::File::create(&target).map_err(fail)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut buffered).map_err(fail)?;
        std::io::Write::flush(&mut buffered).map_err(fail)
    }

    /// Marks the folder as cablegram's and swaps it in for the old output.
    pub fn commit(mut self) -> Result<(), WriteError> {
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
fn check_target(out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(WriteError(format!(
            "{} exists and is not a folder; not replacing it",
            out.display()
        )));
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty || out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(WriteError(format!(
        "{} is not empty and was not made by cablegram; not writing into it (choose another folder with --out, or empty it)",
        out.display()
    )))
}

/// Puts the new folder in place of the old one, then removes the old one.
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    let old = parent.join(format!(".{name}.cablegram-old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old)
            .map_err(|e| WriteError(format!("cannot move the old {} aside: {e}", out.display())))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(WriteError(format!(
            "cannot put the new site in {}: {e}",
            out.display()
        )));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
