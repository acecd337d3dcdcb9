//! Watching a site for changes with notify, and debouncing bursts of events (an
//! editor's save often writes three) into one rebuild.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::serve::is_relevant;

/// Quiet time that ends a burst. Short, because a rebuild re-reads only what
/// changed: a burst that outlasts it costs a second, equally small, rebuild.
const QUIET: Duration = Duration::from_millis(20);
/// A burst longer than this rebuilds anyway, so a steady stream cannot starve it.
const LONGEST_BURST: Duration = Duration::from_millis(1000);

/// A watch on a site's folder, started before the server says it is ready so that
/// no change after that can be missed.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    output_dir: PathBuf,
}

impl Watch {
    pub fn start(root: &Path, output_dir: &Path) -> Result<Watch, String> {
        let (tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        Ok(Watch {
            _watcher: watcher,
            events,
            root: root.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
        })
    }

    fn relevant(&self, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
        match event {
            Ok(e) if !matches!(e.kind, EventKind::Access(_)) => e
                .paths
                .into_iter()
                .filter(|p| is_relevant(&self.root, &self.output_dir, p))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Calls `on_change(paths)` once per burst of relevant changes, with the
    /// paths that changed, until the watcher fails. Events that arrive while
    /// `on_change` runs start the next burst, so the last event of a burst is
    /// never lost.
    pub fn run(self, mut on_change: impl FnMut(&HashSet<PathBuf>)) -> Result<(), String> {
        loop {
            let Ok(first) = self.events.recv() else {
                return Err("the file watcher stopped".into());
            };
            let mut changed = self.relevant(first);
            let started = Instant::now();
            while started.elapsed() < LONGEST_BURST {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => changed.extend(self.relevant(event)),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err("the file watcher stopped".into());
                    }
                }
            }
            if changed.is_empty() {
                continue;
            }
            on_change(&changed.into_iter().collect());
        }
    }
}
