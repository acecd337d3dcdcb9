//! `roadbook check [DIR] [--deny-warnings] [--format human|json|github|sarif|markdown]`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::exit;
use crate::base::{self, Format};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The site folder or any folder inside it
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Fail on warnings too, reporting them as errors
    #[arg(long)]
    deny_warnings: bool,
    /// How to print the diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print how often each code occurred instead of each diagnostic (human: a
    /// table; json: an array of {code, severity, count})
    #[arg(long)]
    statistics: bool,
}

pub fn run(args: Args) -> ExitCode {
    let root = match super::site_root(&args.dir) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut checked = match crate::check::check_site(&root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::UNUSABLE);
        }
    };
    // Templates are compiled, not rendered: a broken override of the site's
    // fails the check as it would fail the build.
    crate::render::templates::check(&root, &mut checked);
    if args.deny_warnings {
        checked.report.deny_warnings();
    }
    let report = &checked.report;
    let site = &checked.site;
    let diags = &report.diagnostics;
    let printed = match (args.statistics, args.format) {
        (false, format) => base::render(diags, &site.sources, &root, format),
        (true, Format::Human) => base::statistics_table(diags),
        (true, Format::Json) => {
            let mut json = serde_json::to_string_pretty(&base::statistics(diags))
                .expect("statistics serialise");
            json.push('\n');
            json
        }
        (true, format) => {
            eprintln!(
                "error: --statistics prints a table (--format human) or JSON (--format json), not {}",
                format.name()
            );
            return ExitCode::from(exit::UNUSABLE);
        }
    };
    let failed = report.fails(args.deny_warnings);
    match args.format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for note in &checked.history.notes {
                let _ = writeln!(err, "note: {note}");
            }
            let _ = err.write_all(printed.as_bytes());
            // A flood of one code ends with the counts, so the rest stay seen.
            if !args.statistics && base::is_flood(diags) {
                let _ = writeln!(err, "\ndiagnostics by code:");
                let _ = err.write_all(base::statistics_table(diags).as_bytes());
            }
            let verdict = if failed { "failed" } else { "passed" };
            let _ = writeln!(
                err,
                "check {verdict}: {} items in {} files, {}{}",
                site.item_count(),
                site.sources.len(),
                base::summary(&report.diagnostics),
                if report.waived.is_empty() {
                    String::new()
                } else {
                    format!(", {} waived", report.waived.len())
                }
            );
        }
        Format::Json | Format::Github | Format::Sarif | Format::Markdown => {
            let _ = std::io::stdout().lock().write_all(printed.as_bytes());
        }
    }
    // The site is freed by the OS at exit; dropping 10,000 items one by one costs time.
    std::mem::forget(checked);
    if failed {
        ExitCode::from(exit::FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
