//! `serve`: the site rendered in memory, served over HTTP, rebuilt when its files
//! change, and every open page told to reload by long polling.
//!
//! The served site is an immutable snapshot swapped in whole after each good
//! rebuild, so a request during a rebuild gets the old site or the new one, never a
//! mix and never a 404. A failed rebuild keeps the last good snapshot and adds an
//! overlay with the diagnostics to every page; when the first build fails, every
//! page is that overlay alone until a build succeeds (SPEC §3).
//!
//! `http` holds the connections (limits, timeouts, keep-alive), `request` parses
//! their heads, `routes` says what each request gets and `reply` writes it; `overlay`
//! lists the errors. The reload script, the overlay and the page served before
//! any build succeeded are asset files beside this one.

mod http;
mod overlay;
mod reply;
mod request;
mod routes;
pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

pub use http::{Server, bind, serve};
pub use routes::{POLL_PATH, content_type, resolve};

use crate::base;
use crate::base::Code;
use crate::build::{BuildError, BuildOptions, Incremental, LaterFiles};
use crate::source::Changes;
use overlay::overlay_html;

/// How long a poll waits for a change before answering "no change".
const POLL_WAIT: Duration = Duration::from_secs(25);
/// Polls the server for a new version and reloads the page (or only its
/// stylesheets); `__VERSION__` and `__POLL_PATH__` are filled in per snapshot.
const RELOAD_SCRIPT: &str = include_str!("reload.js");
/// What every page is while nothing has been built yet (the site had errors from
/// the start): an empty page for the overlay and the reload script.
const UNBUILT_PAGE: &str = include_str!("unbuilt.html");

/// One version of the served site.
pub struct Snapshot {
    files: HashMap<String, Arc<[u8]>>,
    /// The files still rendering when the snapshot was published (the exports):
    /// a request for one waits for them.
    later: Arc<Pending>,
    /// Whether a build ever succeeded; until then every page is [`UNBUILT_PAGE`].
    built: bool,
    /// What every served HTML page gets before `</body>`: the overlay of a failed
    /// rebuild, if any, and the reload script with this version. Made once per
    /// snapshot, not per request.
    snippet: Arc<str>,
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
    /// The first version: the site's files, or none and the overlay when the
    /// first build failed.
    pub fn new(
        files: Option<Vec<crate::render::OutputFile>>,
        later: Option<LaterFiles>,
        overlay: Option<&str>,
    ) -> State {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let version = 1;
        State {
            current: RwLock::new(Arc::new(Snapshot {
                built: files.is_some(),
                files: files.map(to_map).unwrap_or_default(),
                later: Pending::of(later),
                snippet: snippet(&version_tag(epoch, version), overlay),
                version,
                kind: "reload",
            })),
            changed: (Mutex::new(version), Condvar::new()),
            epoch,
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Publishes a new snapshot: new files (or the old ones) and an overlay.
    fn publish(
        &self,
        files: Option<(Vec<crate::render::OutputFile>, Option<LaterFiles>)>,
        overlay: Option<String>,
        kind: &'static str,
    ) {
        let old = self.snapshot();
        let built = old.built || files.is_some();
        let (files, later) = match files {
            Some((files, later)) => (to_map(files), Pending::of(later)),
            None => (old.files.clone(), Arc::clone(&old.later)),
        };
        let version = old.version + 1;
        let snippet = snippet(&self.version_tag(version), overlay.as_deref());
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot {
            files,
            later,
            built,
            snippet,
            version,
            kind,
        });
        let (lock, cvar) = &self.changed;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = version;
        cvar.notify_all();
    }

    fn version_tag(&self, version: u64) -> String {
        version_tag(self.epoch, version)
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

fn version_tag(epoch: u64, version: u64) -> String {
    format!("{epoch}-{version}")
}

/// Files that arrive after their snapshot is published.
#[derive(Default)]
pub struct Pending {
    job: Mutex<Option<LaterFiles>>,
    files: std::sync::OnceLock<HashMap<String, Arc<[u8]>>>,
}

impl Pending {
    fn of(job: Option<LaterFiles>) -> Arc<Pending> {
        Arc::new(Pending {
            job: Mutex::new(job),
            files: std::sync::OnceLock::new(),
        })
    }

    /// The files, once rendered; the first caller waits, and so do those that
    /// ask meanwhile.
    fn files(&self) -> &HashMap<String, Arc<[u8]>> {
        self.files.get_or_init(|| {
            let job = self.job.lock().unwrap_or_else(|e| e.into_inner()).take();
            job.map(|j| to_map(j.wait())).unwrap_or_default()
        })
    }
}

impl Snapshot {
    /// The file at `path`, waiting for the files still rendering if need be.
    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files
            .get(path)
            .or_else(|| self.later.files().get(path))
    }

    pub fn has(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
}

fn to_map(files: Vec<crate::render::OutputFile>) -> HashMap<String, Arc<[u8]>> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// The live-reload script, and the overlay when the last rebuild failed; only in
/// served HTML, never in `build` output.
fn snippet(version: &str, overlay: Option<&str>) -> Arc<str> {
    let script = RELOAD_SCRIPT
        .trim_end()
        .replace("__VERSION__", version)
        .replace("__POLL_PATH__", POLL_PATH);
    format!("{}<script>{script}</script>", overlay.unwrap_or("")).into()
}

/// The first build of `serve`: the state to serve and the output folder whose
/// changes the watcher ignores. A site with errors is served too, as the
/// overlay on every page, so that fixing it shows the site; only a site that
/// cannot be read at all is an error.
pub fn first_build(
    site: &mut Incremental,
    root: &Path,
    options: &BuildOptions,
) -> Result<(State, PathBuf), String> {
    match site.render(&Changes::default()) {
        Ok(rendered) => {
            base::eprint_human(&rendered.warnings, &rendered.sources, root);
            let state = State::new(Some(rendered.files), rendered.later, None);
            Ok((state, rendered.output_dir))
        }
        Err(BuildError::Unusable(message)) => Err(message),
        Err(BuildError::Failed {
            diagnostics: diags,
            sources,
        }) => {
            base::eprint_human(&diags, &sources, root);
            eprintln!(
                "the site has errors ({}); every page shows them until they are fixed",
                base::summary(&diags)
            );
            let overlay = overlay_html(&diags, &sources, root, false);
            let config = crate::source::config_at(root);
            let output_dir = crate::build::output_dir(root, options, &config);
            Ok((State::new(None, None, Some(&overlay)), output_dir))
        }
    }
}

/// Rebuilds after a burst of `changes` and publishes the result.
pub fn rebuild(site: &mut Incremental, root: &Path, state: &State, changes: &Changes) {
    let started = Instant::now();
    let css_only = !changes.paths.is_empty()
        && changes
            .paths
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
    match site.render(changes) {
        Ok(rendered) => {
            for note in &rendered.notes {
                eprintln!("note: {note}");
            }
            base::eprint_human(&rendered.warnings, &rendered.sources, root);
            let count = rendered.files.len();
            state.publish(
                Some((rendered.files, rendered.later)),
                None,
                if css_only { "css" } else { "reload" },
            );
            let again = site.rendered_again().len();
            eprintln!(
                "rebuilt {count} files in {} ms ({again} {} rendered again)",
                started.elapsed().as_millis(),
                if again == 1 { "page" } else { "pages" }
            );
        }
        Err(failed) => {
            let (diags, sources) = match failed {
                BuildError::Failed {
                    diagnostics,
                    sources,
                } => (diagnostics, sources),
                BuildError::Unusable(message) => (
                    vec![crate::base::Diagnostic::new(Code::UnreadableFile, message)],
                    crate::base::Sources::default(),
                ),
            };
            base::eprint_human(&diags, &sources, root);
            let built = state.snapshot().built;
            eprintln!(
                "rebuild failed: {}; {}",
                base::summary(&diags),
                if built {
                    "still serving the last good version"
                } else {
                    "every page shows the errors until they are fixed"
                }
            );
            let overlay = overlay_html(&diags, &sources, root, built);
            state.publish(None, Some(overlay), "reload");
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

/// The absolute form of the output folder, to ignore its changes: canonical,
/// as the watcher reports paths, also when it does not exist yet (`../public`
/// from a folder inside the site).
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn the_snippet_carries_the_version_and_the_overlay() {
        let s = snippet("7-2", Some("<div id=\"roadbook-overlay\"></div>"));
        assert!(s.starts_with("<div id=\"roadbook-overlay\"></div><script>"));
        assert!(s.contains("var v=\"7-2\"") && s.contains("\"/__roadbook/poll?v=\""));
        assert!(!s.contains("__VERSION__") && s.ends_with("</script>"));
    }
}
