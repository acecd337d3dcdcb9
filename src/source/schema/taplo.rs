//! `.taplo.toml`: which schema each `.toml` file of a site is checked against.

use super::{CEREMONIES_FILE, RACI_FILE, file_name};
use crate::source::CONFIG_FILE;

/// `.taplo.toml` for a site: Taplo and Even Better TOML check and complete
/// roadbook.toml, the RACI matrix, the ceremonies and every other `.toml` of a
/// source folder against the schemas in `schemas/`.
pub fn taplo_config() -> String {
    let items: Vec<String> = crate::source::folders()
        .into_iter()
        .map(|(folder, _)| match folder {
            // Only files right in backlog/; its folders are walked on their own.
            "backlog" => "backlog/*.toml".to_owned(),
            _ => format!("{folder}/**/*.toml"),
        })
        .collect();
    // One path a line where there are several, so that a diff shows the one changed.
    let quoted = |paths: &[&str]| match paths {
        [one] => format!("[\"{one}\"]"),
        _ => {
            let lines: Vec<String> = paths.iter().map(|p| format!("  \"{p}\",\n")).collect();
            format!("[\n{}]", lines.concat())
        }
    };
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    let mut every = vec![CONFIG_FILE];
    every.extend(&items);
    let rule = |include: &[&str], exclude: &[&str], schema: &str| {
        let exclude = if exclude.is_empty() {
            String::new()
        } else {
            format!("exclude = {}\n", quoted(exclude))
        };
        format!(
            "\n[[rule]]\ninclude = {}\n{exclude}[rule.schema]\npath = \"schemas/{}\"\n",
            quoted(include),
            file_name(schema)
        )
    };
    let mut text = String::from(
        "# Taplo and Even Better TOML (VS Code) read this file: they check and complete\n\
         # the site's .toml files against the JSON Schemas in schemas/. After upgrading\n\
         # Roadbook or changing [workflow], run `roadbook schema` here to update them.\n",
    );
    text.push_str(&format!("include = {}\n", quoted(&every)));
    text.push_str(&rule(&[CONFIG_FILE], &[], "roadbook"));
    text.push_str(&rule(&[RACI_FILE], &[], "raci"));
    text.push_str(&rule(&[CEREMONIES_FILE], &[], "ceremonies"));
    text.push_str(&rule(&items, &[RACI_FILE, CEREMONIES_FILE], "items"));
    text
}
