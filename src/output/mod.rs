//! The single write path: how a built site reaches the output folder without
//! harming anything else in it.
//!
//! A build stages the new site in a folder of its own, then puts it in place in
//! one step. On Linux, where the output folder can be renamed:
//!
//! 1. The output path is resolved to its real path (`guard`), so a symbolic link
//!    to a folder is followed and the folder it names is the output.
//! 2. A lock beside the output (`lock`) makes a second build wait.
//! 3. Whatever a killed build left is finished or removed (`commit::recover`).
//! 4. Pages go, as they render, into `.NAME.roadbook-staging/tree` beside the
//!    output: a page whose bytes equal the file in the output is hard-linked from
//!    it (same inode: bytes, mode and modification time kept, one `link` each); a
//!    changed page is written as a new file (mode 0666 less the umask).
//! 5. The output folder is compared with the manifest of the last build
//!    (`plan`): every entry the manifest does not list belongs to someone else and
//!    is hard-linked into the staged tree (its folders made again with their
//!    modes); Roadbook's files that no longer belong are simply not staged. An
//!    entry of someone else where a page goes is refused, unless `--force`.
//! 6. The new manifest is written into the staged tree, and `renameat2` with
//!    `RENAME_EXCHANGE` swaps the staged tree and the output folder in one step.
//!    The old tree, now in the staging folder, is removed.
//!
//! Why each rule of SPEC §6 holds:
//! - *Only Roadbook's files change.* Others' files are carried over as hard
//!   links, the same files; nothing is ever written through a path of the output
//!   folder, only into the staging folder, and the guard refuses outputs that are,
//!   contain or lie inside the sources or the git repository, on real paths.
//! - *Whole old site or whole new site, at every instant.* Before the exchange
//!   the output folder is untouched; the exchange is one system call; after it
//!   the output folder is the complete new tree. A build killed at any point
//!   leaves at most the staging folder, which the next build removes (step 3). No
//!   file is ever partly written under its final name, because files are written
//!   only in the staging folder. A failed build (full disk, permission denied, a
//!   template error) removes the staging folder and leaves no trace.
//! - *One build at a time.* Step 2.
//! - *Modes.* New files and folders are created with the default modes less the
//!   umask, as a copy would; unchanged files are the same inodes.
//!
//! Where the output cannot be exchanged (a mount point, a parent folder that
//! cannot be written, a system without `RENAME_EXCHANGE`), the staging folder is
//! `.roadbook-staging` inside the output, holding only the changed files. Once
//! every file is staged and every target folder is known to be writable, a
//! journal of renames is written whole, then carried out. Each rename replaces
//! one complete file, so no file is ever partly written under its final name;
//! a build killed during the renames leaves the journal, which the next build
//! finishes before anything else. In this mode, and only here, readers can see
//! a mix of old and new pages for the duration of the renames.

mod commit;
mod guard;
mod lock;
mod manifest;
mod open;
mod plan;
mod sink;

pub use guard::check_output_dir;
pub use sink::{Options, Sink};

use std::io;
use std::path::Path;

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// New files and files whose bytes changed.
    pub written: usize,
    pub unchanged: usize,
    /// Roadbook's files that no longer belong.
    pub removed: usize,
    /// Files of others left as they were.
    pub kept: usize,
}

/// A sentence naming the path and the cause, with a fix where one is likely.
fn failure(action: &str, path: &Path, e: &io::Error) -> String {
    let fix = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "; free some space on that disk, then build again"
        }
        io::ErrorKind::PermissionDenied => {
            "; give your user write access there, or build into another folder with -o"
        }
        io::ErrorKind::ReadOnlyFilesystem => {
            "; that disk is read-only: choose another folder with -o"
        }
        _ => "",
    };
    format!("{action} {}: {e}{fix}", path.display())
}

fn cannot_write(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}
