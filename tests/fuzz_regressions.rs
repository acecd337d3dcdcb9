//! Replays the fuzz seeds and every input the fuzzers ever crashed on
//! (`fuzz/regressions/`), through the same code as the fuzz targets.

use std::path::{Path, PathBuf};

use roadbook::base::{self, Format, Sources};
use roadbook::kinds::Kind;
use roadbook::source::config::Config;

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files: Vec<PathBuf> = ["seeds", "regressions"]
        .iter()
        .filter_map(|d| std::fs::read_dir(fuzz.join(d).join(target)).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs for {target}");
    files
}

#[test]
fn front_matter_inputs_load_without_panicking() {
    let config = Config::default();
    for path in inputs("front_matter") {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let text = roadbook::source::strip_bom(text);
        for (rel, kind) in [
            ("backlog/stories/S-1.md", Some(Kind::Story)),
            ("backlog/backlog.toml", None),
        ] {
            let mut sources = Sources::default();
            let file = sources.add(rel.into(), text.to_owned());
            let (_, found) =
                roadbook::source::parse_source(Path::new(rel), kind, text, file, &config);
            let diags = found.diagnostics;
            for format in [Format::Human, Format::Json, Format::Github] {
                let _ = base::render(&diags, &sources, Path::new("."), format);
            }
        }
    }
}

#[test]
fn markdown_inputs_render_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let site = roadbook::check_site(&root).unwrap().site;
    for path in inputs("markdown") {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let html = roadbook::render::markdown::render(&site, text, "../");
        assert!(
            text.trim().is_empty() || !html.is_empty(),
            "{}",
            path.display()
        );
        let _ = roadbook::render::markdown::render_inline(&site, text, "");
    }
}
