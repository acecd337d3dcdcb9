//! Render: the checked site → every output file, in memory. Nothing is written
//! here; [`crate::output`] writes once everything has rendered.

mod exports;
pub mod highlight;
pub mod markdown;
mod pages;
mod roadmap;
mod roles;
pub mod templates;
mod traceview;
pub mod urls;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::check::Report;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Kind};
use crate::site::{Site, natural_key};
use pages::PageSpec;
use views::{ProgressView, StoryRow};

pub use roadmap::date_of as date_of_days;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a build may vary.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Overrides `base_url` of roadbook.toml (for the sitemap and the 404 page).
    pub base_url: Option<String>,
    /// The "today" line of the timeline.
    pub today: Date,
}

/// The shared aggregate views, computed once per build.
pub struct Aggregates<'a> {
    roadmap: roadmap::RoadmapView<'a>,
    timeline_svg: Option<String>,
    backlog: BacklogView<'a>,
    trace: traceview::TraceView<'a>,
    roles: roles::RolesView<'a>,
    backlog_order: Vec<usize>,
}

#[derive(Serialize)]
struct BacklogView<'a> {
    rows: Vec<StoryRow<'a>>,
    statuses: &'a [String],
    epics: Vec<views::LinkView<'a>>,
    progress: ProgressView,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: Tera,
    aggregates: Aggregates<'a>,
    options: RenderOptions,
}

impl<'a> Renderer<'a> {
    fn base_url(&self) -> &str {
        self.options
            .base_url
            .as_deref()
            .unwrap_or(&self.site.config.base_url)
    }

    /// The root for pages served at any depth (the 404 page): the base URL's path.
    fn absolute_root(&self) -> String {
        let base = self.base_url();
        let path = match base.find("://") {
            Some(scheme) => base[scheme + 3..]
                .find('/')
                .map_or("/", |p| &base[scheme + 3 + p..]),
            None => base,
        };
        let path = path.trim_end_matches('/');
        format!("{path}/")
    }
}

/// Renders every file of the site, or returns every template error.
pub fn render_site(
    site: &Site,
    report: &Report,
    options: RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut tera = templates::load(&site.root, &site.config.theme)?;
    tera.global_context().insert("site", &site_view(site));
    let mut order: Vec<usize> = (0..site.stories.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.stories[a], &site.stories[b]);
        (
            x.priority.is_none(),
            x.priority,
            natural_key(&x.meta.id.value),
        )
            .cmp(&(
                y.priority.is_none(),
                y.priority,
                natural_key(&y.meta.id.value),
            ))
    });
    let aggregates = Aggregates {
        roadmap: roadmap::board(site),
        timeline_svg: roadmap::timeline(site, options.today),
        backlog: BacklogView {
            rows: order.iter().map(|&s| StoryRow::new(site, s)).collect(),
            statuses: &site.config.workflow.story,
            epics: (0..site.epics.len())
                .map(|e| views::LinkView::of(site, Kind::Epic, e))
                .collect(),
            progress: site.trace.total.into(),
        },
        trace: traceview::trace_view(site, report),
        roles: roles::roles_view(site),
        backlog_order: order,
    };
    let renderer = Renderer {
        site,
        tera,
        aggregates,
        options,
    };
    let specs = PageSpec::all(&renderer);
    let rendered: Vec<Result<OutputFile, Diagnostic>> = specs
        .par_iter()
        .map(|spec| {
            let path = spec.path(site);
            let ctx = pages::context(&renderer, *spec, &path);
            let template = spec.template();
            renderer
                .tera
                .render(template, &ctx)
                .map(|html| OutputFile {
                    path,
                    bytes: html.into_bytes(),
                })
                .map_err(|e| templates::template_error(template, &e))
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + 8);
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.dedup_by(|a, b| a.message == b.message);
        return Err(errors);
    }
    let pages: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    files.extend(assets(&renderer));
    files.extend(exports(&renderer, pages));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The theme's CSS and JavaScript, and the highlighting stylesheet.
fn assets(r: &Renderer<'_>) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = templates::DEFAULT_ASSETS
        .iter()
        .map(|(name, text)| OutputFile {
            path: format!("assets/{name}"),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let css = highlight::Highlighter::get().css(&r.site.config.build.highlight_theme);
    files.push(OutputFile {
        path: "assets/highlight.css".into(),
        bytes: css.into_bytes(),
    });
    files
}

/// The exports; `paths` are the rendered pages, for the sitemap.
fn exports(r: &Renderer<'_>, mut paths: Vec<String>) -> Vec<OutputFile> {
    let site = r.site;
    paths.sort();
    vec![
        OutputFile {
            path: "trace.json".into(),
            bytes: exports::trace_json(site, r.base_url()),
        },
        OutputFile {
            path: "raci.csv".into(),
            bytes: exports::raci_csv(&r.aggregates.roles),
        },
        OutputFile {
            path: "backlog.csv".into(),
            bytes: exports::backlog_csv(site, &r.aggregates.backlog_order),
        },
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: exports::sitemap(r.base_url(), &paths),
        },
        OutputFile {
            path: "search-index.js".into(),
            bytes: exports::search_index(site),
        },
    ]
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    extra: &'a serde_json::Value,
    pages: Vec<views::LinkView<'a>>,
    has_vision: bool,
}

fn site_view(site: &Site) -> SiteView<'_> {
    let mut pages: Vec<usize> = (0..site.pages.len()).collect();
    pages.sort_by_key(|&p| {
        (
            site.pages[p].weight.unwrap_or(0),
            site.pages[p].meta.title.to_lowercase(),
        )
    });
    SiteView {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        language: &site.config.language,
        extra: &site.config.extra,
        pages: pages
            .into_iter()
            .map(|p| views::LinkView::of(site, Kind::Page, p))
            .collect(),
        has_vision: site.vision.is_some(),
    }
}
