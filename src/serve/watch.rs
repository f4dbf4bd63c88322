//! Which changes to a site's sources call for a rebuild, and the watcher that reports them.
//! Uses nothing else of the crate.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// The folders a site is made from (the output folder is not among them).
const SOURCES: &[&str] = &["content", "pages", "templates", "themes", "data", "static"];

/// The watcher (it stops when dropped) and the source folders it watches.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    base: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches the source folders made since the last call (a site's `templates/` may appear
    /// while it is served).
    pub fn refresh(&mut self) -> Result<(), String> {
        for dir in SOURCES {
            let path = self.base.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                self.debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
                self.watched.push(path);
            }
        }
        Ok(())
    }
}

/// Watches the site at `root`; each message lists the changed sources, relative to the root.
pub fn start(root: &Path) -> Result<(Watcher, Receiver<Vec<String>>), String> {
    let (send, receive) = channel();
    let base: PathBuf = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let filter_base = base.clone();
    // An editor's save (a temporary file, then the rename) takes well under the quiet time
    // that ends a burst; a longer one only delays every reload.
    let mut debouncer = new_debouncer(
        Duration::from_millis(10),
        None,
        move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            // Reading a file (as every build does) is an event too: only writes count.
            let writes = |e: &&notify_debouncer_full::DebouncedEvent| {
                use notify::event::{EventKind, ModifyKind};
                matches!(
                    e.event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(
                            ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                        )
                )
            };
            let mut changed: Vec<String> = events
                .iter()
                .filter(writes)
                .flat_map(|e| e.event.paths.iter())
                .filter_map(|p| relevant(&filter_base, p))
                .collect();
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                let _ = send.send(changed);
            }
        },
    )
    .map_err(|e| format!("cannot watch the site for changes: {e}"))?;
    // The root itself only for `site.toml`: watching it whole would watch the output folder.
    debouncer
        .watch(&base, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", base.display()))?;
    let mut watcher = Watcher {
        debouncer,
        base,
        watched: Vec::new(),
    };
    watcher.refresh()?;
    Ok((watcher, receive))
}

/// `path` relative to the root when a change to it can change the site: `site.toml` and the
/// files in the source folders, but not editors' backup, swap and lock files.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".swo", ".tmp", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext));
    if scratch {
        return None;
    }
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    // A source folder itself counts: made or removed whole, it changes the site.
    let source = rel == Path::new("site.toml") || SOURCES.contains(&&*first);
    source.then(|| rel.to_string_lossy().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_count_and_scratch_files_do_not() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant(root, &root.join(p));
        assert_eq!(yes("site.toml").as_deref(), Some("site.toml"));
        assert_eq!(yes("content/a.md").as_deref(), Some("content/a.md"));
        assert_eq!(
            yes("themes/t/templates/base.html").as_deref(),
            Some("themes/t/templates/base.html")
        );
        assert_eq!(
            yes("data/gazetteer.toml").as_deref(),
            Some("data/gazetteer.toml")
        );
        for no in [
            "public/index.html",
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/4913",
            "README.md",
        ] {
            let got = yes(no);
            // `4913` is vim's probe file: harmless if it counts, as it is gone by the rebuild.
            if no != "content/4913" {
                assert_eq!(got, None, "{no}");
            }
        }
        assert_eq!(relevant(root, Path::new("/elsewhere/site.toml")), None);
    }
}
