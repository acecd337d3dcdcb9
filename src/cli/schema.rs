//! `roadbook schema [-o DIR]`: the JSON Schemas of the source files (SPEC §7),
//! for editors that complete and check TOML, such as Taplo and Even Better TOML.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::exit;
use crate::source::config::Workflow;
use crate::source::schema::schemas;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to write the schemas into
    #[arg(short = 'o', long = "output-dir", default_value = "schemas")]
    output_dir: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    // Statuses come from the [workflow] of the site around the current folder,
    // if there is one, so that the editor accepts what `check` accepts.
    let site = crate::source::find_root(Path::new(".")).ok();
    let workflow = site.as_deref().map_or_else(Workflow::default, |root| {
        crate::source::config_at(root).workflow
    });
    match write_schemas(&args.output_dir, &workflow) {
        Ok(written) => {
            for path in written {
                println!("wrote {}", path.display());
            }
            if let Some(root) = site {
                let config = root.join(crate::source::CONFIG_FILE);
                println!("statuses from {}", config.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(exit::UNUSABLE)
        }
    }
}

/// Writes every schema into `dir` as pretty JSON; the paths written.
pub(super) fn write_schemas(dir: &Path, workflow: &Workflow) -> Result<Vec<PathBuf>, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{} is a file, not a folder; choose a folder with -o DIR",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, schema) in schemas(workflow) {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).expect("JSON values serialise");
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
