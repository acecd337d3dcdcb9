//! Markdown rendering with cross references, highlighting and sanitising, against
//! the items of the minimal fixture site.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadbook::Site;

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        roadbook::check_site(&root).expect("fixture loads").site
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let html = roadbook::render::markdown::render(site(), text, "../");
    let _ = roadbook::render::markdown::render_inline(site(), text, "");
    assert!(!html.contains("<script>alert") || text.contains("<script>alert"));
});
