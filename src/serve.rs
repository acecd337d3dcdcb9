//! `serve`: the site rendered in memory, served with tiny_http, rebuilt when its
//! files change, and every open page told to reload by long polling.
//!
//! The served site is an immutable snapshot swapped in whole after each good
//! rebuild, so a request during a rebuild gets the old site or the new one, never a
//! mix and never a 404. A failed rebuild keeps the last good snapshot and adds an
//! overlay with the diagnostics to every page.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::build::{BuildError, Incremental};
use crate::diagnostics;
use crate::render::markdown::escape;

/// The endpoint the injected script polls for changes.
pub const POLL_PATH: &str = "/__roadbook/poll";
/// How long a poll waits for a change before answering "no change".
const POLL_WAIT: Duration = Duration::from_secs(25);
const WORKERS: usize = 8;

/// One version of the served site.
pub struct Snapshot {
    files: HashMap<String, Arc<[u8]>>,
    /// The diagnostics of a failed rebuild, as HTML, shown over every page.
    overlay: Option<String>,
    version: u64,
    /// `reload`, or `css` when only stylesheets changed.
    kind: &'static str,
}

/// What the server threads share.
pub struct State {
    current: RwLock<Arc<Snapshot>>,
    changed: (Mutex<u64>, Condvar),
    /// Differs between runs, so pages reload after the server restarts.
    epoch: u64,
}

impl State {
    pub fn new(files: Vec<crate::render::OutputFile>) -> State {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        State {
            current: RwLock::new(Arc::new(Snapshot {
                files: to_map(files),
                overlay: None,
                version: 1,
                kind: "reload",
            })),
            changed: (Mutex::new(1), Condvar::new()),
            epoch,
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Publishes a new snapshot: new files (or the old ones) and an overlay.
    fn publish(
        &self,
        files: Option<Vec<crate::render::OutputFile>>,
        overlay: Option<String>,
        kind: &'static str,
    ) {
        let old = self.snapshot();
        let files = files.map_or_else(|| old.files.clone(), to_map);
        let version = old.version + 1;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot {
            files,
            overlay,
            version,
            kind,
        });
        let (lock, cvar) = &self.changed;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = version;
        cvar.notify_all();
    }

    fn version_tag(&self, version: u64) -> String {
        format!("{}-{version}", self.epoch)
    }

    /// Waits until the version is no longer `seen`, or the wait is over.
    fn wait_for_change(&self, seen: &str) -> Arc<Snapshot> {
        let (lock, cvar) = &self.changed;
        let deadline = Instant::now() + POLL_WAIT;
        let mut version = lock.lock().unwrap_or_else(|e| e.into_inner());
        while self.version_tag(*version) == seen {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            version = cvar
                .wait_timeout(version, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        drop(version);
        self.snapshot()
    }
}

fn to_map(files: Vec<crate::render::OutputFile>) -> HashMap<String, Arc<[u8]>> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Binds the server; a clear message when the address is taken or invalid.
///
/// The socket is made here rather than by tiny_http so that it can have
/// TCP_NODELAY, which accepted connections inherit: without it, Nagle's algorithm
/// and delayed ACKs hold every keep-alive response back by 40 ms.
pub fn bind(interface: &str, port: u16) -> Result<Server, String> {
    use std::net::ToSocketAddrs;
    let shown = format!("{interface}:{port}");
    let addr = (interface, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("cannot listen on {shown}: not an address of this machine"))?;
    let listen = || -> std::io::Result<std::net::TcpListener> {
        let socket = socket2::Socket::new(
            socket2::Domain::for_address(addr),
            socket2::Type::STREAM,
            None,
        )?;
        socket.set_reuse_address(true)?;
        socket.set_tcp_nodelay(true)?;
        socket.bind(&addr.into())?;
        socket.listen(1024)?;
        Ok(socket.into())
    };
    let listener = listen().map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("port {port} on {interface} is already in use; stop the other server, or pass -p 0 to pick a free port")
        } else {
            format!("cannot listen on {shown}: {e}")
        }
    })?;
    Server::from_listener(listener, None).map_err(|e| format!("cannot listen on {shown}: {e}"))
}

/// Serves requests on `WORKERS` threads until the process ends.
pub fn serve(server: Arc<Server>, state: Arc<State>) {
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        workers.push(std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                if request.url().starts_with(POLL_PATH) {
                    // Long polls wait; they get a thread of their own.
                    let state = Arc::clone(&state);
                    std::thread::spawn(move || answer_poll(request, &state));
                } else {
                    answer(request, &state);
                }
            }
        }));
    }
    for w in workers {
        let _ = w.join();
    }
}

fn answer_poll(request: Request, state: &State) {
    let seen = request
        .url()
        .split("v=")
        .nth(1)
        .unwrap_or("")
        .split('&')
        .next()
        .unwrap_or("")
        .to_owned();
    let snapshot = state.wait_for_change(&seen);
    let body = format!(
        "{{\"version\":\"{}\",\"kind\":\"{}\"}}",
        state.version_tag(snapshot.version),
        snapshot.kind
    );
    let response = Response::from_string(body)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The file a URL path names in the site, if it stays inside it.
pub fn resolve(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains(['\\', '\0']) || p.contains(':') => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn answer(request: Request, state: &State) {
    let snapshot = state.snapshot();
    let key = resolve(request.url());
    let found = key.as_deref().and_then(|k| {
        snapshot
            .files
            .get(k)
            .map(|b| (k.to_owned(), b))
            .or_else(|| {
                let html = format!("{k}.html");
                snapshot.files.get(&html).map(|b| (html, b))
            })
    });
    let (path, bytes, status) = match found {
        Some((path, bytes)) => (path, Arc::clone(bytes), 200),
        None => match snapshot.files.get("404.html") {
            Some(b) => ("404.html".to_owned(), Arc::clone(b), 404),
            None => ("404.txt".to_owned(), Arc::from(&b"Not found"[..]), 404),
        },
    };
    let content_type = content_type(&path);
    let body: Vec<u8> = if content_type.starts_with("text/html") {
        inject(&bytes, state, &snapshot)
    } else {
        bytes.to_vec()
    };
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-cache"));
    let _ = request.respond(response);
}

/// Content types of the files a site holds.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The live-reload script, and the overlay when the last rebuild failed; only in
/// served HTML, never in `build` output.
fn inject(html: &[u8], state: &State, snapshot: &Snapshot) -> Vec<u8> {
    let version = state.version_tag(snapshot.version);
    let mut snippet = String::new();
    if let Some(overlay) = &snapshot.overlay {
        snippet.push_str(overlay);
    }
    snippet.push_str(&format!(
        "<script>(function(){{var v=\"{version}\";function poll(){{fetch(\"{POLL_PATH}?v=\"+v,{{cache:\"no-store\"}})\
.then(function(r){{return r.json()}}).then(function(d){{if(d.version===v){{poll();return}}\
if(d.kind===\"css\"&&!document.getElementById(\"roadbook-overlay\")){{v=d.version;\
document.querySelectorAll('link[rel=stylesheet]').forEach(function(l){{l.href=l.href.split(\"?\")[0]+\"?v=\"+v}});poll()}}\
else{{location.reload()}}}}).catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    ));
    let text = String::from_utf8_lossy(html);
    let out = match text.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &text[..i], &text[i..]),
        None => format!("{text}{snippet}"),
    };
    out.into_bytes()
}

/// The overlay shown over every page while the site has errors.
fn overlay_html(
    diags: &[crate::diagnostics::Diagnostic],
    sources: &crate::diagnostics::Sources,
    root: &Path,
) -> String {
    let mut items = String::new();
    for d in diags
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .take(50)
    {
        let location = d.span.map(|s| {
            let src = sources.get(s.file);
            let (line, col) = src.line_col(s.start);
            format!(
                "{}:{line}:{col}",
                diagnostics::display_path(root, &src.path)
            )
        });
        items.push_str(&format!(
            "<li><code>{}</code> <strong>{}</strong>{}{}</li>",
            escape(d.code),
            escape(&d.message),
            location.map_or_else(String::new, |l| format!("<br><code>{}</code>", escape(&l))),
            d.help
                .as_ref()
                .map_or_else(String::new, |h| format!("<br><em>help: {}</em>", escape(h)))
        ));
    }
    format!(
        "<div id=\"roadbook-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 1em 1em 1em;max-height:60vh;overflow:auto;\
z-index:1000;background:#2b0b12;color:#ffe3e8;border:2px solid #ff7b8f;border-radius:8px;padding:1em 1.2em;\
font:14px/1.5 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)\"><p style=\"margin:0 0 .5em;font-weight:700\">\
The site has errors; this is the last good version. Fix them and save.</p><ul style=\"margin:0;padding-left:1.2em\">{items}</ul></div>"
    )
}

/// Rebuilds after a burst of changes to `changed` and publishes the result.
pub fn rebuild(site: &mut Incremental, root: &Path, state: &State, changed: &HashSet<PathBuf>) {
    let started = Instant::now();
    let css_only = changed
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "css"));
    match site.render(changed) {
        Ok(rendered) => {
            diagnostics::eprint_human(&rendered.warnings, &rendered.sources, root);
            let count = rendered.files.len();
            state.publish(
                Some(rendered.files),
                None,
                if css_only { "css" } else { "reload" },
            );
            eprintln!(
                "rebuilt {count} files in {} ms",
                started.elapsed().as_millis()
            );
        }
        Err(BuildError::Failed {
            diagnostics: diags,
            sources,
        }) => {
            diagnostics::eprint_human(&diags, &sources, root);
            eprintln!(
                "rebuild failed: {}; still serving the last good version",
                diagnostics::summary(&diags)
            );
            state.publish(None, Some(overlay_html(&diags, &sources, root)), "reload");
        }
        Err(BuildError::Unusable(message)) => {
            eprintln!("rebuild failed: {message}; still serving the last good version");
            let d = crate::diagnostics::Diagnostic::new("unreadable-file", message);
            let sources = crate::diagnostics::Sources::default();
            state.publish(None, Some(overlay_html(&[d], &sources, root)), "reload");
        }
    }
}

/// Whether a changed path matters to the site: not the output folder, version
/// control, or an editor's swap and backup files.
pub fn is_relevant(root: &Path, output_dir: &Path, path: &Path) -> bool {
    if path.starts_with(output_dir) {
        return false;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let editor_file = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913";
    !(hidden || editor_file)
}

/// The absolute form of the output folder, to ignore its changes.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_never_leave_the_site() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/stories/S-1.html?x=1").as_deref(),
            Some("stories/S-1.html")
        );
        assert_eq!(resolve("/pages/").as_deref(), Some("pages/index.html"));
        assert_eq!(resolve("//etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(resolve("/../secret"), None);
        assert_eq!(resolve("/%2e%2e/secret"), None);
        assert_eq!(resolve("/a/%2E%2E/%2e%2e/x"), None);
        assert_eq!(resolve("/a%5c..%5cb"), None);
        assert_eq!(resolve("/c:/windows"), None);
    }

    #[test]
    fn editor_files_and_output_are_ignored() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert!(is_relevant(
            root,
            out,
            Path::new("/site/backlog/stories/S-1.md")
        ));
        assert!(!is_relevant(
            root,
            out,
            Path::new("/site/public/index.html")
        ));
        assert!(!is_relevant(root, out, Path::new("/site/.git/index")));
        assert!(!is_relevant(
            root,
            out,
            Path::new("/site/goals/.G-1.md.swp")
        ));
        assert!(!is_relevant(root, out, Path::new("/site/goals/G-1.md~")));
        assert!(!is_relevant(root, out, Path::new("/site/goals/4913")));
    }
}
