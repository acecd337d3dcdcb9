//! Where the output folder may be: judged on real paths, after following every
//! symbolic link, so that no spelling of a path (`deep/../epics` through a link,
//! a link to the site itself) can aim a build at the sources.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Folders of a site that hold no kind's items but are sources all the same.
const OTHER_SOURCE_FOLDERS: &[&str] = &["static", "templates", "themes"];

/// The top-level source folders of a site: those of the kinds' table, and the
/// others. An output folder may not be, contain or lie inside any of them.
fn source_folders() -> Vec<&'static str> {
    let mut folders: Vec<&'static str> = crate::kinds::KINDS
        .iter()
        .filter_map(|d| d.folder)
        .filter_map(|f| f.split('/').next())
        .chain(OTHER_SOURCE_FOLDERS.iter().copied())
        .collect();
    let mut seen = std::collections::HashSet::new();
    folders.retain(|f| seen.insert(*f));
    folders
}

/// Refuses an output folder that is or contains the site folder, or is, contains
/// or lies inside a source folder, the theme folder or the site's git repository.
pub fn check_output_dir(site_root: &Path, out: &Path, theme: &str) -> Result<(), String> {
    let shown = out.display();
    let real_out =
        real_path(out).map_err(|e| format!("cannot use the output folder {shown}: {e}"))?;
    let root = real_path(site_root)
        .map_err(|e| format!("cannot read the site folder {}: {e}", site_root.display()))?;
    if root.starts_with(&real_out) {
        let what = if root == real_out { "is" } else { "contains" };
        return Err(format!(
            "the output folder {shown} {what} the site folder {}, so a build there would mix with the sources; choose a folder such as public/",
            root.display()
        ));
    }
    let mut protected: Vec<(PathBuf, String)> = Vec::new();
    let mut folders: Vec<String> = source_folders().iter().map(|f| format!("{f}/")).collect();
    if theme != "default" && !theme.is_empty() {
        folders.push(theme.to_owned());
    }
    for name in folders {
        if let Ok(real) = real_path(&root.join(&name)) {
            protected.push((real, format!("the source folder {name}")));
        }
    }
    for git in git_dirs(&root) {
        protected.push((git, "the site's git repository".to_owned()));
    }
    for (folder, what) in protected {
        let relation = if real_out == folder {
            "is"
        } else if real_out.starts_with(&folder) {
            "lies inside"
        } else if folder.starts_with(&real_out) {
            "contains"
        } else {
            continue;
        };
        return Err(format!(
            "the output folder {shown} {relation} {what} ({}), so a build there could overwrite it; choose a folder such as public/",
            folder.display()
        ));
    }
    Ok(())
}

/// The real path of `path`: absolute, with every symbolic link followed and `..`
/// applied to the real parent (as the kernel does), as far as the path exists;
/// components that do not exist yet are appended as written.
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut real = PathBuf::new();
    let mut exists = true;
    for component in abs.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                if !exists {
                    continue;
                }
                match std::fs::symlink_metadata(&real) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        real = std::fs::canonicalize(&real).map_err(|e| {
                            let target = std::fs::read_link(&real)
                                .map(|t| t.display().to_string())
                                .unwrap_or_default();
                            io::Error::new(
                                e.kind(),
                                format!(
                                    "{} is a symbolic link to {target}, which does not exist ({e}); create that folder or remove the link",
                                    real.display()
                                ),
                            )
                        })?;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => exists = false,
                    Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
                        let file = real.parent().unwrap_or(&real).display().to_string();
                        return Err(io::Error::new(
                            e.kind(),
                            format!("{file} is a file, not a folder; choose another path with -o"),
                        ));
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(real)
}

/// The git folders the site lives in: `.git` of the site folder or of any folder
/// above it, and where a `.git` file (a work tree) points.
fn git_dirs(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in root.ancestors() {
        let git = folder.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&git) else {
            continue;
        };
        if let Ok(real) = real_path(&git) {
            found.push(real);
        }
        if meta.is_file()
            && let Ok(text) = std::fs::read_to_string(&git)
            && let Some(dir) = text.trim().strip_prefix("gitdir:")
            && let Ok(real) = real_path(&folder.join(dir.trim()))
        {
            found.push(real);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_folder_is_protected() {
        let mut folders = source_folders();
        folders.sort_unstable();
        assert_eq!(
            folders,
            [
                "backlog",
                "decisions",
                "goals",
                "pages",
                "people",
                "roadmap",
                "roles",
                "static",
                "templates",
                "themes"
            ]
        );
    }

    #[test]
    fn output_folder_must_not_hold_the_sources() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("backlog/stories")).unwrap();
        let check = |out: &Path| check_output_dir(root, out, "default");
        assert!(check(&root.join("public")).is_ok());
        assert!(check(root).is_err());
        assert!(check(&root.join("public/..")).is_err());
        assert!(check(root.parent().unwrap()).is_err());
        assert!(check(&root.join("backlog/out")).is_err());
        assert!(check(&root.join("backlog")).is_err());
        assert!(check(&root.join("../elsewhere")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn dot_dot_after_a_link_is_applied_to_the_real_parent() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("backlog/stories")).unwrap();
        std::fs::create_dir_all(root.join("backlog/epics")).unwrap();
        std::os::unix::fs::symlink(root.join("backlog/stories"), root.join("deep")).unwrap();
        let real = real_path(&root.join("deep/../epics")).unwrap();
        assert_eq!(real, root.canonicalize().unwrap().join("backlog/epics"));
        let err = check_output_dir(root, &root.join("deep/../epics"), "default").unwrap_err();
        assert!(err.contains("source folder backlog/"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_named_with_its_target() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("out")).unwrap();
        let err = real_path(&dir.path().join("out")).unwrap_err().to_string();
        assert!(
            err.contains("nowhere") && err.contains("does not exist"),
            "{err}"
        );
    }
}
