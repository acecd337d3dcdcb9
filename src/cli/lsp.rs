//! `roadbook lsp`: the language server on stdin and stdout, for editors.

use std::process::ExitCode;

use super::exit;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Accepted for editors that pass it; stdin and stdout are the only transport
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: Args) -> ExitCode {
    match crate::lsp::run() {
        Ok(crate::lsp::Ended::Clean) => ExitCode::SUCCESS,
        Ok(crate::lsp::Ended::Abruptly) => ExitCode::from(exit::FAILED),
        Err(e) => {
            eprintln!("error: roadbook lsp: {e}");
            ExitCode::from(exit::UNUSABLE)
        }
    }
}
