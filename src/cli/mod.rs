//! The command line: one module per command, each parsing its own options.

mod build;
mod check;
mod diff;
mod explain;
mod init;
mod lsp;
mod schema;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Roadbook: product documentation — vision, goals, roadmap, roles and backlog —
/// as a static site with traceability from every goal to its stories.
#[derive(Parser, Debug)]
#[command(name = "roadbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site
    Build(build::Args),
    /// Run every check and write nothing
    Check(check::Args),
    /// Start a new site from a complete, working template
    Init(init::Args),
    /// Build, serve on 127.0.0.1:4000, rebuild on change, reload the browser
    Serve(serve::Args),
    /// What changed in the site's items between two revisions
    Diff(diff::Args),
    /// What a check code means, an example and how to fix it
    Explain(explain::Args),
    /// Serve the Language Server Protocol on stdin and stdout, for editors
    Lsp(lsp::Args),
    /// Write JSON Schemas of the source files for editors
    Schema(schema::Args),
}

/// Exit codes of SPEC §3.
pub mod exit {
    /// The site has errors, or warnings under `--deny-warnings`.
    pub const FAILED: u8 = 1;
    /// The command line is wrong or the site cannot be read.
    pub const UNUSABLE: u8 = 2;
}

/// The site folder that holds `dir` (SPEC §3: it or a folder above it), or the
/// exit code after saying why there is none.
fn site_root(dir: &Path) -> Result<PathBuf, ExitCode> {
    crate::source::find_root(dir).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(exit::UNUSABLE)
    })
}

/// Runs the command line and returns the process exit code. `long_running` is
/// called before `serve` and `lsp` start: the binary tunes its allocator there
/// for a process that rebuilds the site again and again.
pub fn run(long_running: fn()) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { exit::UNUSABLE } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::Serve(args) => {
            long_running();
            serve::run(args)
        }
        Command::Diff(args) => diff::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Lsp(args) => {
            long_running();
            lsp::run(args)
        }
        Command::Schema(args) => schema::run(args),
    }
}
