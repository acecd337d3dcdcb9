//! Finding the site: like git and cargo, the commands look upward from the folder
//! they are given for the one that holds `roadbook.toml` (SPEC §3).

use std::path::{Component, Path, PathBuf};

use super::walk::io_reason;
use super::{CONFIG_FILE, LoadError};

/// Whether `dir` is a folder that can be read; the reason for the user if not.
pub(super) fn readable_folder(dir: &Path) -> Result<(), LoadError> {
    let cannot = |e: &std::io::Error| {
        LoadError(format!(
            "cannot read the site folder {}: {}",
            dir.display(),
            io_reason(e)
        ))
    };
    let meta = std::fs::metadata(dir).map_err(|e| cannot(&e))?;
    if !meta.is_dir() {
        return Err(LoadError(format!(
            "{} is a file, not a site folder; give the folder that holds {CONFIG_FILE}",
            dir.display()
        )));
    }
    std::fs::read_dir(dir).map(drop).map_err(|e| cannot(&e))
}

/// The site folder that holds `dir`: `dir` itself or the nearest folder above it
/// with a `roadbook.toml`. The folder is written relative the way `dir` was
/// (`..` from `mysite/backlog` given as `.`), so that the paths in diagnostics,
/// which join it, open from where the command was run.
pub fn find_root(dir: &Path) -> Result<PathBuf, LoadError> {
    readable_folder(dir)?;
    if dir.join(CONFIG_FILE).is_file() {
        return Ok(dir.to_path_buf());
    }
    let absolute = dir.canonicalize().map_err(|e| {
        LoadError(format!(
            "cannot read the site folder {}: {}",
            dir.display(),
            io_reason(&e)
        ))
    })?;
    let found = absolute
        .ancestors()
        .enumerate()
        .skip(1)
        .find(|(_, folder)| folder.join(CONFIG_FILE).is_file());
    let Some((levels, site)) = found else {
        return Err(LoadError(format!(
            "{} has no {CONFIG_FILE}, and neither has any folder above it, so it is not inside a Roadbook site; run `roadbook init {}` to start one there",
            absolute.display(),
            dir.display()
        )));
    };
    let relative = up(dir, levels);
    // Through a symbolic link, `link/..` is not the folder that holds the link.
    let same = relative.canonicalize().is_ok_and(|c| c.as_path() == site);
    Ok(if same { relative } else { site.to_path_buf() })
}

/// `dir` with `levels` folders taken off its end: named folders are dropped
/// (`mysite/backlog` → `mysite`, `backlog` → `.`), and past them `..` is added.
fn up(dir: &Path, levels: usize) -> PathBuf {
    let mut parts: Vec<Component> = dir
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let mut climbs = 0;
    for _ in 0..levels {
        match parts.last() {
            Some(Component::Normal(_)) if climbs == 0 => {
                parts.pop();
            }
            _ => climbs += 1,
        }
    }
    let mut path: PathBuf = parts.iter().collect();
    for _ in 0..climbs {
        path.push("..");
    }
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    path
}

#[cfg(test)]
mod tests {
    use super::up;
    use std::path::Path;

    #[test]
    fn climbing_drops_named_folders_then_adds_dot_dots() {
        let up = |dir: &str, n| up(Path::new(dir), n).to_string_lossy().into_owned();
        assert_eq!(up(".", 1), "..");
        assert_eq!(up(".", 2), "../..");
        assert_eq!(up("mysite/backlog", 1), "mysite");
        assert_eq!(up("mysite/backlog", 2), ".");
        assert_eq!(up("backlog/stories", 3), "..");
        assert_eq!(up("./backlog", 1), ".");
        assert_eq!(up("../x", 1), "..");
        assert_eq!(up("../x", 2), "../..");
        assert_eq!(up("/site/backlog", 1), "/site");
    }
}
