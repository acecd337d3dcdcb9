//! Watching a site for changes with notify, and debouncing bursts of events (an
//! editor's save often writes three) into one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::serve::is_relevant;
use crate::source::Changes;

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

    /// Adds what an event says to `changes`.
    fn add(&self, event: notify::Result<notify::Event>, changes: &mut Changes) {
        match event {
            // Events were lost (the kernel's queue overflowed): anything may
            // have changed.
            Ok(e) if e.need_rescan() => changes.contents_only = false,
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => {}
            Ok(e) => {
                let of_contents = of_contents(&e.kind);
                let relevant: Vec<PathBuf> = e
                    .paths
                    .into_iter()
                    .filter(|p| is_relevant(&self.root, &self.output_dir, p))
                    .collect();
                if !relevant.is_empty() && !of_contents {
                    changes.contents_only = false;
                }
                changes.paths.extend(relevant);
            }
            Err(_) => changes.contents_only = false,
        }
    }

    /// Calls `on_change(changes)` once per burst of relevant changes, until the
    /// watcher fails. Events that arrive while `on_change` runs start the next
    /// burst, so the last event of a burst is never lost.
    pub fn run(self, mut on_change: impl FnMut(&Changes)) -> Result<(), String> {
        loop {
            let Ok(first) = self.events.recv() else {
                return Err("the file watcher stopped".into());
            };
            let mut changes = Changes {
                paths: Default::default(),
                contents_only: true,
            };
            self.add(first, &mut changes);
            let started = Instant::now();
            while started.elapsed() < LONGEST_BURST {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => self.add(event, &mut changes),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err("the file watcher stopped".into());
                    }
                }
            }
            if changes.paths.is_empty() && changes.contents_only {
                continue;
            }
            on_change(&changes);
        }
    }
}

/// Whether an event says only that a file's contents or times changed, not
/// which files there are: a rebuild can then keep the last list of files.
fn of_contents(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
    )
}

#[cfg(test)]
mod tests {
    use notify::event::{CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};

    use super::*;

    #[test]
    fn only_writes_and_new_times_keep_the_list_of_files() {
        let contents = [
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
        ];
        assert!(contents.iter().all(of_contents));
        let listing = [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Any,
            EventKind::Other,
        ];
        assert!(!listing.iter().any(of_contents));
    }
}
