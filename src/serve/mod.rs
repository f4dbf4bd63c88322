//! `cablegram serve`: the site built into memory, served as GitHub Pages would serve it, rebuilt
//! when a source changes, with every open page reloading itself. Uses the site's model and
//! pipeline: every answer is a route rendered from the model.

pub mod http;
mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use http::Reply;

/// A file of the site as looked up: found, not there, or failed to render.
type Fetched = Result<Option<Vec<u8>>, String>;

/// The files one route made, or why it could not make them.
type Made = Result<Vec<OutputFile>, String>;

use crate::error::Error;
use crate::site::pipeline::render_route;
use crate::site::render::Inputs;
use crate::site::{Model, OutputFile, Route};

/// What `cablegram serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub bind: String,
    /// Serve under this path (`/repo/`) instead of the path of `base_url`.
    pub base_path: Option<String>,
    /// Open the site in the default browser.
    pub open: bool,
}

/// One state of the site: its model, from which each file is rendered when asked for. Routes
/// that make many files at once or read every record (the search index, the sitemap, the data
/// downloads) are kept once made, for as long as this version is served.
struct Version {
    model: Model,
    made: Mutex<HashMap<String, Arc<OnceLock<Made>>>>,
}

impl Version {
    fn new(model: Model) -> Arc<Version> {
        Arc::new(Version {
            model,
            made: Mutex::new(HashMap::new()),
        })
    }

    /// The file at `path` inside the site, or `None`; a page that fails to render is an error.
    fn file(&self, path: &str) -> Fetched {
        let Some(route) = Route::parse(path) else {
            return Ok(None);
        };
        let render = || -> Made {
            let bodies = self.model.bodies();
            let inputs = Inputs::new(&self.model, &bodies, false);
            let made = render_route(&inputs, path).map_err(|e| e.to_string())?;
            Ok(made.unwrap_or_default())
        };
        let kept = matches!(
            route,
            Route::SearchIndex | Route::Sitemap | Route::DataFile(..)
        );
        let files = if kept {
            // One slot per route, filled once: a second request waits for the first.
            let slot = match self.made.lock() {
                Ok(mut made) => Arc::clone(made.entry(route.path()).or_default()),
                Err(_) => return Err("the server's cache failed".into()),
            };
            slot.get_or_init(render).clone()?
        } else {
            render()?
        };
        Ok(files.into_iter().find(|f| f.path == path).map(|f| f.bytes))
    }
}

/// The site being served and the open pages' event streams.
struct Live {
    current: RwLock<Arc<Version>>,
    /// The last build's error, shown over open pages until a build succeeds.
    failure: RwLock<Option<String>>,
    listeners: Mutex<Vec<Sender<Event>>>,
    base: String,
}

#[derive(Debug, Clone)]
enum Event {
    Reload,
    Failed(String),
}

impl Live {
    fn broadcast(&self, event: &Event) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|l| l.send(event.clone()).is_ok());
        }
    }
}

/// Builds the site, serves it, and rebuilds on every change until the process is stopped.
/// `log` gets the URL and one line per rebuild.
pub fn run(options: &ServeOptions, log: &mut (dyn Write + Send)) -> Result<(), Error> {
    let server = bind(options)?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let base = base_path(options)?;
    let model = Model::load_to_update(&options.root, base_url(options, &base, port).as_deref())
        .map_err(|f| Error::Serve(f.to_string()))?;
    let summary = summary(&model);
    // Watching starts before the URL is printed: an edit made as soon as it shows counts. The
    // watcher stops when dropped; it is kept for as long as the server runs.
    let (mut watcher, changes) = watch::start(&options.root).map_err(Error::Serve)?;
    let live = Arc::new(Live {
        current: RwLock::new(Version::new(model)),
        failure: RwLock::new(None),
        listeners: Mutex::new(Vec::new()),
        base: base.clone(),
    });
    let host = if options.bind.contains(':') {
        format!("[{}]", options.bind)
    } else {
        options.bind.clone()
    };
    let url = format!("http://{host}:{port}{base}");
    let _ = writeln!(log, "serving {summary} at {url} (Ctrl-C stops)");
    if !is_loopback(&options.bind) {
        let _ = writeln!(
            log,
            "warning: bound to {}: the site is reachable from the network",
            options.bind
        );
    }
    if options.open {
        open_browser(&url);
    }
    let server = Arc::new(server);
    for _ in 0..8 {
        let (server, live) = (Arc::clone(&server), Arc::clone(&live));
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                answer(request, &live);
            }
        });
    }
    rebuild_on_change(&live, (&mut watcher, &changes), log);
    Ok(())
}

fn bind(options: &ServeOptions) -> Result<tiny_http::Server, Error> {
    let addr: SocketAddr = format!("{}:{}", options.bind, options.port)
        .parse()
        .or_else(|_| format!("[{}]:{}", options.bind, options.port).parse())
        .map_err(|_| Error::Serve(format!("--bind {}: not an IP address", options.bind)))?;
    tiny_http::Server::http(addr).map_err(|e| {
        let taken = e.to_string().to_lowercase().contains("in use");
        Error::Serve(if taken {
            format!(
                "port {} is already in use: choose another with --port (or --port 0 for any free port)",
                options.port
            )
        } else {
            format!("cannot listen on {addr}: {e}")
        })
    })
}

/// `/repo/` from `--base-path`, else from the site's `base_url`, else `/`.
fn base_path(options: &ServeOptions) -> Result<String, Error> {
    let path = match &options.base_path {
        Some(p) => p.clone(),
        None => crate::config::SiteConfig::load(&options.root)
            .map_err(|d| Error::Serve(d.to_string()))?
            .base_path(),
    };
    let trimmed = path.trim_matches('/');
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    })
}

/// `--base-path` stands in for the path of `base_url` (which the 404 page's links use).
fn base_url(options: &ServeOptions, base: &str, port: u16) -> Option<String> {
    options
        .base_path
        .as_ref()
        .map(|_| format!("http://127.0.0.1:{port}{base}"))
}

fn summary(model: &Model) -> String {
    format!("{} documents", model.records.len())
}

/// Renders the pages a change is most likely to break, so that the mistake is reported when it
/// is saved rather than when a page is next opened: the changed records' pages, or after any
/// other change (a template, the theme) one page of every kind.
fn smoke_test(model: &Model, changed: &[String]) -> Result<(), Error> {
    let bodies = model.bodies();
    let inputs = Inputs::new(model, &bodies, false);
    let mut routes = Vec::new();
    if changed.iter().all(|p| p.starts_with("content/")) {
        for (i, source) in model.sources.iter().enumerate() {
            if changed.contains(source) {
                routes.push(Route::Document(model.records[i].slug()));
            }
        }
    } else {
        routes.extend([
            Route::Home,
            Route::NotFound,
            Route::Data,
            Route::Timeline(crate::site::route::Span::All, 1),
        ]);
        routes.extend(model.records.first().map(|r| Route::Document(r.slug())));
        for &kind in &model.config.indexes {
            routes.push(Route::Index(kind, 1));
            if let Some(t) = model.catalogue.terms(kind).first() {
                routes.push(Route::Term(kind, &t.slug, 1));
            }
        }
    }
    for route in routes {
        render_route(&inputs, &route.path())?;
    }
    Ok(())
}

fn rebuild_on_change(
    live: &Live,
    (watcher, changes): (&mut watch::Watcher, &Receiver<Vec<String>>),
    log: &mut (dyn Write + Send),
) {
    while let Ok(mut changed) = changes.recv() {
        if let Err(e) = watcher.refresh() {
            let _ = writeln!(log, "warning: {e}");
        }
        // Saves arrive in bursts (an editor's temporary file, then the rename): the watcher
        // gathers a burst; take whatever else is already waiting.
        while let Ok(more) = changes.try_recv() {
            changed.extend(more);
        }
        changed.sort();
        changed.dedup();
        let started = Instant::now();
        let what = match changed.as_slice() {
            [one] => one.clone(),
            many => format!("{} files", many.len()),
        };
        let current = live.current.read().map(|v| Arc::clone(&v));
        let updated = match current {
            Ok(version) => version
                .model
                .update(&changed)
                .and_then(|model| smoke_test(&model, &changed).map(|()| model)),
            Err(_) => return,
        };
        match updated {
            Ok(model) => {
                let summary = summary(&model);
                if let Ok(mut current) = live.current.write() {
                    *current = Version::new(model);
                }
                if let Ok(mut failure) = live.failure.write() {
                    *failure = None;
                }
                live.broadcast(&Event::Reload);
                let ms = started.elapsed().as_millis();
                let _ = writeln!(log, "changed {what} · {summary}, reloaded in {ms} ms");
            }
            Err(e) => {
                let text = e.to_string();
                let _ = writeln!(
                    log,
                    "changed {what} · the build failed; still serving the last good site:\n{text}"
                );
                if let Ok(mut failure) = live.failure.write() {
                    *failure = Some(text.clone());
                }
                live.broadcast(&Event::Failed(text));
            }
        }
    }
}

fn answer(request: tiny_http::Request, live: &Live) {
    use tiny_http::{Header, Method, Response};
    let header = |k: &str, v: &str| {
        Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap_or_else(|()| {
            // Only a redirect's Location comes from the request; a value a header cannot hold
            // is dropped rather than sent broken.
            Header::from_bytes(&b"X-Cablegram"[..], &b"dropped-header"[..])
                .expect("a constant, valid header")
        })
    };
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::empty(405).with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response.boxed());
        return;
    }
    let version = match live.current.read() {
        Ok(v) => Arc::clone(&v),
        Err(_) => return,
    };
    // Each file looked at is kept, so the one served is rendered once.
    let mut fetched: Vec<(String, Fetched)> = Vec::new();
    let reply = http::resolve(&live.base, request.url(), &mut |path| {
        let file = version.file(path);
        let found = !matches!(file, Ok(None));
        fetched.push((path.to_owned(), file));
        found
    });
    let response = match reply {
        Reply::File {
            status,
            path,
            content_type,
        } => {
            let file = fetched
                .into_iter()
                .find(|(p, _)| *p == path)
                .map(|(_, f)| f)
                .unwrap_or(Ok(None));
            let bytes = match file {
                Ok(bytes) => bytes.unwrap_or_default(),
                Err(message) => {
                    let text = format!("cablegram could not render {path}:\n{message}\n");
                    let _ = request.respond(
                        Response::from_string(text)
                            .with_status_code(500)
                            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
                            .boxed(),
                    );
                    return;
                }
            };
            let bytes = if content_type.starts_with("text/html") {
                http::with_live_reload(&bytes, &live.base)
            } else {
                bytes
            };
            Response::from_data(bytes)
                .with_status_code(status)
                .with_header(header("Content-Type", content_type))
                .with_header(header("Cache-Control", "no-cache"))
                .boxed()
        }
        Reply::Redirect(location) => Response::empty(301)
            .with_header(header("Location", &location))
            .boxed(),
        Reply::LiveScript => Response::from_string(http::LIVE_SCRIPT)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .boxed(),
        Reply::Events => return stream_events(request, live),
        Reply::NotFound => Response::from_string("not found")
            .with_status_code(404)
            .boxed(),
        Reply::Refused => Response::from_string("refused: that path leaves the site")
            .with_status_code(400)
            .boxed(),
    };
    let _ = request.respond(response);
}

/// Holds the request open as a server-sent event stream, on a thread of its own.
fn stream_events(request: tiny_http::Request, live: &Live) {
    let (send, receive) = channel();
    let pending = live.failure.read().ok().and_then(|f| f.clone());
    if let Ok(mut listeners) = live.listeners.lock() {
        listeners.push(send);
    }
    std::thread::spawn(move || {
        // tiny_http would buffer a streamed body: write the response by hand.
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
        if writer
            .write_all(head.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
        if let Some(message) = pending {
            if send_event(&mut writer, &Event::Failed(message)).is_err() {
                return;
            }
        }
        loop {
            let sent = match receive.recv_timeout(Duration::from_secs(15)) {
                Ok(event) => send_event(&mut writer, &event),
                // A comment now and then finds out when the page has gone.
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => writer
                    .write_all(b": still here\n\n")
                    .and_then(|_| writer.flush()),
                Err(_) => return,
            };
            if sent.is_err() {
                return;
            }
        }
    });
}

fn send_event(writer: &mut dyn Write, event: &Event) -> std::io::Result<()> {
    let text = match event {
        Event::Reload => "event: reload\ndata: {}\n\n".to_owned(),
        Event::Failed(message) => format!(
            "event: failed\ndata: {}\n\n",
            serde_json::to_string(message).unwrap_or_default()
        ),
    };
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

fn is_loopback(bind: &str) -> bool {
    bind.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener).arg(url).spawn();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::pipeline::render_site;

    /// Every file `build` makes of the sample is the file `serve` answers at its path, byte for
    /// byte, whatever its route; and paths that are no file of the site are none.
    #[test]
    fn serve_answers_every_route_with_what_build_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = Some("https://example.org/repo/");
        let built = {
            let model = Model::load(root, base).expect("the sample loads");
            let bodies = model.bodies();
            let memory = crate::site::output::Writer::new(None, None);
            render_site(&Inputs::new(&model, &bodies, false), &memory).expect("renders");
            memory.into_memory()
        };
        let version = Version::new(Model::load(root, base).expect("loads"));
        let mut kinds = std::collections::BTreeSet::new();
        for file in &built {
            let served = version.file(&file.path).expect("renders");
            assert!(
                served.as_ref() == Some(&file.bytes),
                "{} differs",
                file.path
            );
            let route = Route::parse(&file.path).expect("a route");
            kinds.insert(format!("{route:?}").split('(').next().map(str::to_owned));
        }
        // Every kind of route the sample has (all but a custom domain and printed PDFs).
        assert_eq!(kinds.len(), 21, "{kinds:?}");
        for missing in [
            "documents/nope/index.html",
            "timeline/page/99/index.html",
            "timeline/1850/index.html",
            "people/nobody/index.html",
            "nonsense/index.html",
            "CNAME",
            "handouts/x.pdf",
        ] {
            assert_eq!(version.file(missing), Ok(None), "{missing}");
        }
    }
}
