//! One build at a time per output folder: an exclusive `flock` on a lock file
//! beside the output (or inside it, where the output's parent cannot be written).
//!
//! The lock file is removed when the build ends, so none is left lying around.
//! Removing a lock file is safe only with a check: a waiter may hold a lock on a
//! file that was removed meanwhile, so after locking it compares the file it
//! locked with the one now at the path, and starts again when they differ.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Held for the whole build; dropping it removes the lock file and unlocks.
pub struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Locks `path`, waiting for another build that holds it, and saying so once
    /// on standard error (`what` names the output folder).
    pub fn acquire(path: &Path, what: &str) -> io::Result<Lock> {
        let mut said = false;
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !said {
                        let holder = std::fs::read_to_string(path).unwrap_or_default();
                        let holder = holder.trim();
                        let by = if holder.is_empty() {
                            String::new()
                        } else {
                            format!(" (process {holder})")
                        };
                        eprintln!(
                            "waiting for another build into {what} to finish{by}; its lock is {}",
                            path.display()
                        );
                        said = true;
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
            if same_file(&file, path) {
                file.set_len(0)?;
                write!(file, "{}", std::process::id())?;
                return Ok(Lock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so a waiter that then locks the removed file
        // sees that it is stale and starts again.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}
