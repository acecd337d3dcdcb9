//! The files a build makes after its pages: the exports (`trace.json`, the
//! CSVs, the sitemap) and the search index, rendered together, and for
//! `serve` on a thread of their own after the browser reloads ([`Later`]).

use std::sync::Arc;

use rayon::prelude::*;

use super::{OutputFile, RenderOptions, backlog_order, exports as formats, roles, search};
use crate::history::History;
use crate::kinds::Date;
use crate::site::Site;

/// The exports left for later: `serve` reloads the browser as soon as the
/// pages are ready and renders trace.json, the CSVs, the sitemap and the search
/// index on a thread of their own, which a request for one of them waits for.
/// They are the same bytes a full build writes.
#[derive(Default)]
pub struct Later {
    /// The rendered pages, with the dates they last changed, for the sitemap.
    pub(super) pages: Vec<(String, Option<Date>)>,
}

impl Later {
    /// Renders the exports of `site`, as the build that made this would have.
    pub fn render(
        self,
        site: &Site,
        history: Option<&History>,
        options: &RenderOptions,
    ) -> Vec<OutputFile> {
        let roles = roles::roles_view(site);
        let order = backlog_order(site);
        exports(
            site,
            history,
            options.base_url(site),
            &roles,
            &order,
            self.pages,
            &Some,
        )
    }
}

/// What becomes of each file made: `build` writes it to its staging folder at
/// once and keeps nothing (`None`), so that the exports, the largest files of a
/// site, are never all in memory at once; `serve` keeps it.
pub(super) type Keep<'k> = dyn Fn(OutputFile) -> Option<OutputFile> + Sync + 'k;

/// The exports; `paths` are the rendered pages with the dates they last
/// changed, for the sitemap.
pub(super) fn exports(
    site: &Site,
    history: Option<&History>,
    base_url: &str,
    roles: &roles::RolesView<'_>,
    order: &[usize],
    mut paths: Vec<(String, Option<Date>)>,
    keep: &Keep<'_>,
) -> Vec<OutputFile> {
    paths.sort();
    type Export<'e> = (&'static str, &'e (dyn Fn() -> Arc<[u8]> + Sync));
    let exports: [Export<'_>; 4] = [
        ("trace.json", &|| {
            formats::trace_json(site, history, base_url)
        }),
        ("raci.csv", &|| formats::raci_csv(roles).into()),
        ("backlog.csv", &|| formats::backlog_csv(site, order).into()),
        ("sitemap.xml", &|| formats::sitemap(base_url, &paths).into()),
    ];
    // One task each; the search index after them, not beside them: it is
    // made in parallel itself, as trace.json is, and the two together held
    // 150 MB more at 100,000 stories for no gain in time.
    let mut files: Vec<OutputFile> = exports
        .par_iter()
        .filter_map(|(path, make)| keep(OutputFile::new(*path, make())))
        .collect();
    files.extend(search::search_files(site, keep));
    files
}
