//! Watching a site for changes with notify, and debouncing bursts of events (an
//! editor's save often writes three) into one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::serve::is_relevant;

/// Quiet time that ends a burst.
const QUIET: Duration = Duration::from_millis(60);
/// A burst longer than this rebuilds anyway, so a steady stream cannot starve it.
const LONGEST_BURST: Duration = Duration::from_millis(1000);

/// Calls `on_change(css_only)` once per burst of relevant changes, until the
/// watcher fails. Events that arrive while `on_change` runs start the next burst,
/// so the last event of a burst is never lost.
pub fn watch(
    root: &Path,
    output_dir: &Path,
    mut on_change: impl FnMut(bool),
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let relevant = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
        match event {
            Ok(e) if !matches!(e.kind, EventKind::Access(_)) => e
                .paths
                .into_iter()
                .filter(|p| is_relevant(root, output_dir, p))
                .collect(),
            _ => Vec::new(),
        }
    };
    loop {
        let Ok(first) = rx.recv() else {
            return Err("the file watcher stopped".into());
        };
        let mut changed = relevant(first);
        let started = Instant::now();
        while started.elapsed() < LONGEST_BURST {
            match rx.recv_timeout(QUIET) {
                Ok(event) => changed.extend(relevant(event)),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("the file watcher stopped".into());
                }
            }
        }
        if changed.is_empty() {
            continue;
        }
        let css_only = changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
        on_change(css_only);
    }
}
