//! Front-matter splitting and TOML loading of one item, in both source forms, and
//! the diagnostics printed for whatever it finds.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use roadbook::source::config::Config;
use roadbook::base::{self, Format, Sources};
use roadbook::kinds::Kind;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = roadbook::source::strip_bom(text);
    let config = Config::default();
    for (rel, kind) in [("backlog/stories/S-1.md", Some(Kind::Story)), ("backlog/backlog.toml", None)] {
        let mut sources = Sources::default();
        let file = sources.add(rel.into(), text.to_owned());
        let (_, found) = roadbook::source::parse_source(Path::new(rel), kind, text, file, &config);
        let diags = found.diagnostics;
        for format in [Format::Human, Format::Json, Format::Github] {
            let _ = base::render(&diags, &sources, Path::new("."), format);
        }
    }
});
