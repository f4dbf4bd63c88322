//! Writing the site: into a fresh folder beside the target, swapped in only when every file is
//! written, so a failed build leaves the previous site as it was. cablegram only ever replaces a
//! folder it made itself (it leaves a marker file in it).

use std::path::{Path, PathBuf};

use super::OutputFile;

/// The marker in every output folder cablegram writes.
pub const MARKER: &str = ".cablegram-output";

/// Why the site could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

/// Writes `files` as the new contents of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
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
    let staging = parent.join(format!(".{name}.cablegram-new-{}", std::process::id()));
    let result = write_all(&staging, files).and_then(|()| swap(&staging, out, parent, &name));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
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

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let err =
        |p: &Path, e: std::io::Error| WriteError(format!("cannot write {}: {e}", p.display()));
    std::fs::create_dir_all(staging).map_err(|e| err(staging, e))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| err(d, e))?;
    }
    use rayon::prelude::*;
    files.par_iter().try_for_each(|f| {
        let path = staging.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| err(&path, e))
    })?;
    let marker = staging.join(MARKER);
    std::fs::write(
        &marker,
        "This folder is written by cablegram build; it replaces it whole on every build.\n",
    )
    .map_err(|e| err(&marker, e))
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
