//! `roadbook explain [CODE]`: what a check code means, an example and the fix;
//! without a code, every code with its default severity.

use std::process::ExitCode;

use super::exit;
use crate::base::{Code, did_you_mean};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A code that `roadbook check` printed, such as orphan-story
    code: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    let Some(name) = args.code else {
        for code in Code::ALL {
            println!(
                "{:<26} {:<8} {}",
                code.name(),
                code.default_severity().as_str(),
                code.summary()
            );
        }
        return ExitCode::SUCCESS;
    };
    match Code::from_name(name.trim()) {
        Some(code) => {
            println!(
                "{} ({} by default)\n\n{}",
                code.name(),
                code.default_severity().as_str(),
                code.docs().trim_end()
            );
            ExitCode::SUCCESS
        }
        None => {
            let hint = did_you_mean(&name, Code::names()).map_or_else(
                || "run `roadbook explain` to list every code".to_owned(),
                |s| format!("did you mean `{s}`?"),
            );
            eprintln!("error: `{name}` is not a check code; {hint}");
            ExitCode::from(exit::UNUSABLE)
        }
    }
}
