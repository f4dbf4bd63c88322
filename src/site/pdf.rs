//! Handouts printed to PDF by a headless Chromium, from the pages the build just wrote: the
//! handout's HTML and print stylesheet are the one design, on paper and in the PDF. (A Rust
//! typesetter, typst, would add ~8 minutes of compiling and 50 MB to every build of cablegram,
//! and a second layout of every handout to keep in step; see the README.) Uses only `config`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Paper;

/// A Chromium to print with.
#[derive(Debug, Clone)]
pub struct Printer {
    program: PathBuf,
}

/// The programs tried, in order, after `CABLEGRAM_CHROMIUM`.
const CANDIDATES: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/// A PDF taking longer than this is given up (a hung browser must not hang the build).
const TIMEOUT: Duration = Duration::from_secs(90);

impl Printer {
    /// Finds Chromium: `CABLEGRAM_CHROMIUM` if set, else the usual names on `PATH`.
    pub fn find() -> Result<Printer, String> {
        if let Some(program) = std::env::var_os("CABLEGRAM_CHROMIUM") {
            let program = PathBuf::from(program);
            return if program.is_file() {
                Ok(Printer { program })
            } else {
                Err(format!(
                    "CABLEGRAM_CHROMIUM names {}, which is not a file",
                    program.display()
                ))
            };
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for name in CANDIDATES {
            let candidate = Path::new(name);
            if candidate.is_absolute() {
                if candidate.is_file() {
                    return Ok(Printer {
                        program: candidate.to_path_buf(),
                    });
                }
                continue;
            }
            if let Some(found) = std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
            {
                return Ok(Printer { program: found });
            }
        }
        Err(
            "no Chromium or Chrome found to print PDFs with: install Chromium \
             (Debian: `apt install chromium`) or set CABLEGRAM_CHROMIUM to the browser's path"
                .into(),
        )
    }

    /// Prints each `(page, pdf)` pair (paths inside `site`), a few at a time.
    pub fn print_all(
        &self,
        site: &Path,
        jobs: &[(String, String)],
        paper: Paper,
        done: &(dyn Fn() + Sync),
    ) -> Result<(), String> {
        // Each Chromium uses several threads of its own.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| e.to_string())?;
        pool.install(|| {
            jobs.par_iter().try_for_each(|(page, pdf)| {
                self.print(&site.join(page), &site.join(pdf), paper)?;
                done();
                Ok(())
            })
        })
    }

    /// Prints one page to `pdf`: a copy of the page naming the paper size is printed (so that a
    /// reader printing the page itself still chooses the paper), then removed.
    pub fn print(&self, page: &Path, pdf: &Path, paper: Paper) -> Result<(), String> {
        let html = std::fs::read_to_string(page)
            .map_err(|e| format!("cannot read {}: {e}", page.display()))?;
        let size = format!(
            "<style>@page {{ size: {} }}</style></head>",
            paper.css_size()
        );
        let copy = page.with_file_name(".print.html");
        std::fs::write(&copy, html.replacen("</head>", &size, 1))
            .map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
        let result = self.run(&copy, pdf);
        let _ = std::fs::remove_file(&copy);
        result?;
        let mut bytes =
            std::fs::read(pdf).map_err(|e| format!("cannot read {}: {e}", pdf.display()))?;
        settle(&mut bytes);
        std::fs::write(pdf, bytes).map_err(|e| format!("cannot write {}: {e}", pdf.display()))
    }

    fn run(&self, page: &Path, pdf: &Path) -> Result<(), String> {
        let profile = tempfile_dir()?;
        let url = format!("file://{}", page.display());
        let mut child = Command::new(&self.program)
            .args([
                "--headless",
                "--disable-gpu",
                // The pages printed are the build's own and run no scripts; the sandbox cannot
                // start as root (CI, containers).
                "--no-sandbox",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(&url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.program.display()))?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = std::fs::remove_dir_all(&profile);
                    return Err(format!("Chromium took over {TIMEOUT:?} to print {url}"));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(e.to_string()),
            }
        };
        let _ = std::fs::remove_dir_all(&profile);
        let printed = std::fs::metadata(pdf).is_ok_and(|m| m.len() > 0);
        if status.success() && printed {
            return Ok(());
        }
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
        }
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        Err(format!(
            "Chromium could not print {url} ({status}){}",
            last.map(|l| format!(": {l}")).unwrap_or_default()
        ))
    }
}

/// A fresh, empty browser profile for one print (two Chromiums cannot share one).
fn tempfile_dir() -> Result<PathBuf, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("cablegram-print-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Makes a PDF the same bytes on every build: the printing date becomes the epoch, in place and
/// at the same length so that the file's cross-reference offsets stay right.
fn settle(bytes: &mut [u8]) {
    for key in [&b"/CreationDate (D:"[..], b"/ModDate (D:"] {
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], key) {
            let start = from + at + key.len();
            let mut end = start;
            while end < bytes.len() && bytes[end] != b')' {
                end += 1;
            }
            let date = &mut bytes[start..end];
            let epoch: &[u8] = if date.len() == 21 {
                b"19700101000000+00'00'"
            } else {
                b"19700101000000"
            };
            let n = epoch.len().min(date.len());
            date[..n].copy_from_slice(&epoch[..n]);
            from = end;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_settle_in_place() {
        let mut pdf =
            b"<</CreationDate (D:20261123014500+00'00')/ModDate (D:20261123014501)>>".to_vec();
        let len = pdf.len();
        super::settle(&mut pdf);
        assert_eq!(pdf.len(), len);
        assert_eq!(
            String::from_utf8_lossy(&pdf),
            "<</CreationDate (D:19700101000000+00'00')/ModDate (D:19700101000000)>>"
        );
    }
}
