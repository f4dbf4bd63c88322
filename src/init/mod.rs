//! `cablegram init`: a new collection folder, ready to check, preview, build and publish on
//! GitHub Pages. It never replaces a file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of a new collection: path inside it, and text.
const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("site.toml")),
    ("README.md", include_str!("README.md")),
    (".gitignore", include_str!("gitignore")),
    (".github/workflows/pages.yml", include_str!("pages.yml")),
    (
        "content/1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo.txt",
        include_str!("../../content/001_39e9807f1f425bb8.txt"),
    ),
    (
        "content/curated/example-memorandum.md",
        include_str!("curated.md"),
    ),
    ("data/gazetteer.toml", include_str!("gazetteer.toml")),
    ("pages/about.md", include_str!("about.md")),
    // Empty folders for the overrides (git keeps no empty folder).
    ("templates/.gitkeep", ""),
    ("static/.gitkeep", ""),
];

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Write into a folder that is not empty (still never replacing a file).
    pub force: bool,
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Created {
    pub written: Vec<String>,
    /// Files that were there already, left as they were.
    pub skipped: Vec<String>,
}

#[derive(Debug)]
pub enum InitError {
    /// The folder has files in it, and `--force` was not given.
    NotEmpty(PathBuf),
    Io(String),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(dir) => write!(
                f,
                "{} is not empty: choose a new folder, or add --force to add the missing files \
                 (no file is ever replaced)",
                dir.display()
            ),
            InitError::Io(message) => f.write_str(message),
        }
    }
}

/// Writes the files of a new collection into `options.dir`.
pub fn init(options: &InitOptions) -> Result<Created, InitError> {
    let dir = &options.dir;
    let has_files = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !options.force {
        return Err(InitError::NotEmpty(dir.clone()));
    }
    let mut created = Created::default();
    for (path, text) in FILES {
        if write_new(&dir.join(path), text)? {
            created.written.push((*path).to_owned());
        } else {
            created.skipped.push((*path).to_owned());
        }
    }
    Ok(created)
}

/// Writes a file that does not exist yet; `false` when it does (it is left alone). Creating
/// with `create_new` means that even a file appearing meanwhile is never replaced.
fn write_new(path: &Path, text: &str) -> Result<bool, InitError> {
    let fail = |e: std::io::Error| InitError::Io(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(fail(e)),
    };
    file.write_all(text.as_bytes()).map_err(fail)?;
    Ok(true)
}
