//! `build`: load, check, render, and write what changed; `serve`'s incremental rebuilds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::base::Code;
use crate::base::{Diagnostic, Sources};
use crate::history::KnownCache;
use crate::kinds::Date;
use crate::output::{self, WriteStats};
use crate::render::{self, RenderCache, RenderOptions};
use crate::source::config::Config;
use crate::source::{Changes, LoadCache};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `[build] output_dir`; relative to the current folder.
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub deny_warnings: bool,
    pub drafts: bool,
    /// Build into a folder of others that has no manifest (SPEC §6).
    pub force: bool,
}

pub struct Built {
    pub output_dir: PathBuf,
    pub stats: WriteStats,
    /// What to tell the user once: why history is off, old files left out.
    pub notes: Vec<String>,
    /// Warnings that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    pub sources: Sources,
}

pub enum BuildError {
    /// The site or the output folder cannot be used (exit code 2).
    Unusable(String),
    /// The site has errors; nothing was written (exit code 1).
    Failed {
        diagnostics: Vec<Diagnostic>,
        sources: Sources,
    },
}

/// A site rendered in memory: every file, and the warnings that did not stop it.
pub struct Rendered {
    pub files: Vec<render::OutputFile>,
    pub output_dir: PathBuf,
    /// What to tell the user once; empty when it was said before (`serve`).
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub sources: Sources,
    /// Files still rendering on a thread of their own (`serve`'s exports);
    /// `None` when `files` holds them all.
    pub later: Option<LaterFiles>,
}

impl Rendered {
    /// Every file, waiting for those still rendering.
    pub fn all_files(self) -> Vec<render::OutputFile> {
        let mut files = self.files;
        files.extend(self.later.map(LaterFiles::wait).unwrap_or_default());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Files rendering on a thread of their own: the exports of an incremental
/// build, which `serve` publishes after the pages (see [`render::Later`]).
pub struct LaterFiles(std::thread::JoinHandle<Vec<render::OutputFile>>);

impl LaterFiles {
    /// The files, once rendered; a panic on their thread goes on here.
    pub fn wait(self) -> Vec<render::OutputFile> {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

/// Loads, checks and renders the site at `root` without writing anything.
pub fn render(root: &Path, options: &BuildOptions) -> Result<Rendered, BuildError> {
    let checked = crate::check::check_published(root, options.drafts)
        .map_err(|e| BuildError::Unusable(e.to_string()))?;
    render_checked(root, options, checked, Target::Memory).map(|(rendered, _)| rendered)
}

/// Where `render_checked` puts the pages.
enum Target<'c> {
    /// All in memory ([`render`]).
    Memory,
    /// Reused from and kept in `serve`'s cache.
    Cache(&'c mut RenderCache),
    /// Offered to an output sink as they render (`build`).
    Disk,
}

/// A site kept in memory between builds, for `serve`: a rebuild re-reads only
/// the files that changed and renders again only the pages whose content changed.
/// Its output is always the same as a full [`render`]'s.
pub struct Incremental {
    root: PathBuf,
    options: BuildOptions,
    sources: LoadCache,
    pages: RenderCache,
    /// The history, read again only when HEAD or `[history]` changes.
    history: KnownCache,
}

impl Incremental {
    pub fn new(root: &Path, options: &BuildOptions) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            options: options.clone(),
            sources: LoadCache::default(),
            pages: RenderCache::default(),
            history: KnownCache::default(),
        }
    }

    /// The pages the last render made anew rather than reused, in path order.
    pub fn rendered_again(&self) -> &[String] {
        self.pages.rendered_again()
    }

    /// Renders the site again after `changes`; unless they were of contents
    /// only, files whose size or modification time changed are read too.
    pub fn render(&mut self, changes: &Changes) -> Result<Rendered, BuildError> {
        crate::base::timings::phase("rebuild started");
        let loaded = crate::source::load_incremental(&self.root, &mut self.sources, changes)
            .map_err(|e| BuildError::Unusable(e.to_string()))?;
        crate::base::timings::phase("changed sources read");
        let (history, fresh) = self
            .history
            .get(&self.root, &loaded.config)
            .map_err(BuildError::Unusable)?;
        let mut checked =
            crate::check::check_loaded(&self.root, loaded, self.options.drafts, history);
        if !fresh {
            checked.history.notes.clear();
        }
        render_checked(
            &self.root,
            &self.options,
            checked,
            Target::Cache(&mut self.pages),
        )
        .map(|(rendered, _)| rendered)
    }
}

/// Where the site at `root` is written: `-o` (relative to the current folder),
/// else `[build] output_dir` inside the site.
pub fn output_dir(root: &Path, options: &BuildOptions, config: &Config) -> PathBuf {
    // `public`, not `./public`, in messages when the site is the current folder.
    options.output_dir.clone().unwrap_or_else(|| {
        if root == Path::new(".") {
            PathBuf::from(&config.build.output_dir)
        } else {
            root.join(&config.build.output_dir)
        }
    })
}

fn render_checked(
    root: &Path,
    options: &BuildOptions,
    checked: crate::check::Checked,
    target: Target<'_>,
) -> Result<(Rendered, Option<output::Sink>), BuildError> {
    let mut site = checked.site;
    let mut report = checked.report;
    if options.deny_warnings {
        report.deny_warnings();
    }
    let history = checked.history;
    let output_dir = output_dir(root, options, &site.config);
    output::check_output_dir(root, &output_dir, &site.config.theme)
        .map_err(BuildError::Unusable)?;
    if report.fails(options.deny_warnings) {
        let diagnostics = report.diagnostics;
        return Err(BuildError::Failed {
            diagnostics,
            sources: site.sources,
        });
    }
    let render_options = RenderOptions {
        base_url: options.base_url.clone(),
        today: today(),
    };
    let input = render::Input {
        site: &site,
        report: &report,
        history: history.history.as_deref(),
    };
    let mut sink = None;
    let mut later = None;
    let rendered = match target {
        Target::Cache(cache) => render::render_incremental(input, render_options.clone(), cache)
            .map(|(files, l)| {
                later = Some(l);
                files
            }),
        Target::Memory => render::render_site(input, render_options.clone(), None),
        Target::Disk => {
            let opened = output::Sink::open(
                &output_dir,
                output::Options {
                    force: options.force,
                },
            )
            .map_err(BuildError::Unusable)?;
            let s = sink.insert(opened);
            render::render_site(input, render_options.clone(), Some(s))
        }
    };
    let files = match rendered.and_then(|files| with_static_files(root, files)) {
        Ok(files) => files,
        Err(diagnostics) => {
            return Err(BuildError::Failed {
                diagnostics,
                sources: site.sources,
            });
        }
    };
    let sources = std::mem::take(&mut site.sources);
    let later = later.map(|later| {
        // A static file of the same path replaces an export, as in a full build.
        let taken: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let known = history.history.clone();
        LaterFiles(std::thread::spawn(move || {
            let mut made = later.render(&site, known.as_deref(), &render_options);
            made.retain(|f| !taken.contains(&f.path));
            made
        }))
    });
    let rendered = Rendered {
        files,
        output_dir,
        notes: history.notes,
        warnings: report.diagnostics,
        sources,
        later,
    };
    Ok((rendered, sink))
}

/// Builds the site at `root`. On any error the output folder is left as it was.
///
/// Pages are handed to the output as they render, so a large site is never held
/// in memory whole; nothing reaches the output folder before every page rendered.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let checked = crate::check::check_published(root, options.drafts)
        .map_err(|e| BuildError::Unusable(e.to_string()))?;
    let (rendered, sink) = render_checked(root, options, checked, Target::Disk)?;
    crate::base::timings::phase("pages and exports staged");
    let sink = sink.expect("a build to disk has a sink");
    let stats = sink.finish(&rendered.files).map_err(BuildError::Unusable)?;
    crate::base::timings::phase("output in place");
    Ok(Built {
        output_dir: rendered.output_dir,
        stats,
        notes: rendered.notes,
        warnings: rendered.warnings,
        sources: rendered.sources,
    })
}

/// Adds the site's `static/` files, as they are, to the rendered files; a static
/// file replaces a rendered one of the same path. A symbolic link is followed only
/// to a file inside the site, so a build never copies files from elsewhere.
fn with_static_files(
    root: &Path,
    mut files: Vec<render::OutputFile>,
) -> Result<Vec<render::OutputFile>, Vec<Diagnostic>> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(files);
    }
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut statics = std::collections::BTreeMap::new();
    let mut errors = Vec::new();
    let fail = |message: String| Diagnostic::new(Code::UnreadableFile, message);
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(fail(format!("cannot read static/: {e}")));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let source = if entry.file_type().is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&inside) && target.is_file() => target,
                Ok(target) if target.starts_with(&inside) => {
                    errors.push(
                        fail(format!(
                            "static/{path} is a link to a folder, which is not followed"
                        ))
                        .help("copy the folder into static/"),
                    );
                    continue;
                }
                Ok(target) => {
                    errors.push(
                        fail(format!("static/{path} is a link to {}, outside the site", target.display()))
                            .help("copy the file into static/; a build never copies files from outside the site"),
                    );
                    continue;
                }
                Err(e) => {
                    errors.push(
                        fail(format!("static/{path} is a link that leads nowhere: {e}"))
                            .help("remove the link or fix its target"),
                    );
                    continue;
                }
            }
        } else if entry.file_type().is_file() {
            entry.path().to_path_buf()
        } else {
            continue;
        };
        match std::fs::read(&source) {
            Ok(bytes) => {
                statics.insert(path, bytes);
            }
            Err(e) => errors.push(fail(format!("cannot read static/{path}: {e}"))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    files.retain(|f| !statics.contains_key(&f.path));
    files.extend(
        statics
            .into_iter()
            .map(|(path, bytes)| render::OutputFile::new(path, bytes)),
    );
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Today, from `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
pub fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    Date::of_time(seconds)
}
