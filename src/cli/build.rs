//! `roadbook build [DIR] [-o PATH] [--base-url URL] [--deny-warnings] [--drafts]`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::exit;
use crate::base::{self, Format};
use crate::build::{BuildError, BuildOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The site folder or any folder inside it
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Where to write the site (default: [build] output_dir of roadbook.toml)
    #[arg(short = 'o', long = "output-dir")]
    output_dir: Option<PathBuf>,
    /// The URL or path prefix the site is served under, such as /handbook/
    #[arg(long)]
    base_url: Option<String>,
    /// Fail on warnings too, reporting them as errors
    #[arg(long)]
    deny_warnings: bool,
    /// Publish items marked draft = true
    #[arg(long)]
    drafts: bool,
    /// Build into a folder that holds files Roadbook did not write, keeping them
    /// and replacing only those named like the site's files
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let root = match super::site_root(&args.dir) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let options = BuildOptions {
        output_dir: args.output_dir,
        base_url: args.base_url,
        deny_warnings: args.deny_warnings,
        drafts: args.drafts,
        force: args.force,
    };
    let built = crate::build::build(&root, &options);
    // Locked after the build, not during it: a thread of the build that
    // printed would wait for it for ever.
    let mut err = std::io::stderr().lock();
    match built {
        Ok(built) => {
            for note in &built.notes {
                let _ = writeln!(err, "note: {note}");
            }
            let shown = base::render(&built.warnings, &built.sources, &root, Format::Human);
            let _ = err.write_all(shown.as_bytes());
            let s = &built.stats;
            let _ = writeln!(
                err,
                "built {} files into {} in {:.2} s: {} written, {} unchanged, {} removed{}{}",
                s.written + s.unchanged,
                built.output_dir.display(),
                started.elapsed().as_secs_f64(),
                s.written,
                s.unchanged,
                s.removed,
                match s.kept {
                    0 => String::new(),
                    1 => "; 1 file Roadbook did not write kept as it was".to_owned(),
                    n => format!("; {n} files Roadbook did not write kept as they were"),
                },
                if built.warnings.is_empty() {
                    String::new()
                } else {
                    format!("; {}", base::summary(&built.warnings))
                }
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Unusable(message)) => {
            let _ = writeln!(err, "error: {message}");
            ExitCode::from(exit::UNUSABLE)
        }
        Err(BuildError::Failed {
            diagnostics: diags,
            sources,
        }) => {
            let shown = base::render(&diags, &sources, &root, Format::Human);
            let _ = err.write_all(shown.as_bytes());
            let _ = writeln!(
                err,
                "build failed: {}; the output folder was not touched",
                base::summary(&diags)
            );
            ExitCode::from(exit::FAILED)
        }
    }
}
