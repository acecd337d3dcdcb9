//! Render: the checked site → every output file. Pages go to a [`PageSink`] as
//! they render (the write path of `build`), or back to `serve`.

mod backlog;
mod charts;
mod decisions;
mod exports;
mod fingerprint;
mod finishing;
mod history;
mod item_views;
pub mod markdown;
mod pages;
mod people;
mod roadmap;
mod roles;
mod search;
mod site_view;
mod sprints;
pub mod templates;
mod timeline;
mod traceview;
pub mod urls;
pub mod views;

pub use finishing::Later;
use finishing::exports;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::base::Diagnostic;
use crate::check::Report;
use crate::history::History;
use crate::kinds::Date;
use crate::site::{Site, natural_key};
use pages::PageSpec;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    /// Shared, so that `serve` keeps unchanged files across rebuilds without copies.
    pub bytes: Arc<[u8]>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Takes each page as soon as it is rendered, so a large site is never held in
/// memory whole; gives back the pages it does not keep. The write path of
/// `build` is one; it lives above render and knows of it, not the other way.
pub trait PageSink: Sync {
    fn offer(&self, file: OutputFile) -> Option<OutputFile>;
}

/// What a build may vary.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Overrides `base_url` of roadbook.toml (for the sitemap and the 404 page).
    pub base_url: Option<String>,
    /// The "today" line of the timeline.
    pub today: Date,
}

impl RenderOptions {
    /// The base URL: the option's, else roadbook.toml's.
    fn base_url<'s>(&'s self, site: &'s Site) -> &'s str {
        self.base_url.as_deref().unwrap_or(&site.config.base_url)
    }
}

/// The shared aggregate views, computed once per build.
pub struct Aggregates<'a> {
    roadmap: roadmap::RoadmapView<'a>,
    timeline: timeline::Timeline<'a>,
    pace: sprints::Pace<'a>,
    attention: Vec<sprints::Attention<'a>>,
    backlog: backlog::BacklogView<'a>,
    trace: traceview::TraceView<'a>,
    roles: roles::RolesView<'a>,
    backlog_order: Vec<usize>,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    /// The site's history from git, when it has one.
    pub history: Option<&'a History>,
    history_off: Option<&'static str>,
    tera: Tera,
    aggregates: Aggregates<'a>,
    options: RenderOptions,
    /// The previous build's pages and Markdown, when rebuilding in `serve`.
    cache: Option<&'a RenderCache>,
}

/// What `serve` keeps from one build to the next: each page's fingerprint and
/// bytes, and the rendered Markdown. A page is rendered again only when its
/// context's fingerprint changed, so after an edit only the pages that show
/// something of what changed are rendered.
#[derive(Default)]
pub struct RenderCache {
    /// Everything every page depends on beyond its own context: the options,
    /// the templates and the site-wide template values. A change empties the cache.
    global: u64,
    pages: HashMap<String, (u128, Arc<[u8]>)>,
    markdown: markdown::Cache,
    /// The pages the last build rendered rather than reused, in path order.
    rendered_again: Vec<String>,
}

impl RenderCache {
    /// The pages the last build rendered rather than took from the build before.
    pub fn rendered_again(&self) -> &[String] {
        &self.rendered_again
    }
}

impl<'a> Renderer<'a> {
    fn markdown(&self) -> markdown::Markdown<'a> {
        markdown::Markdown {
            site: self.site,
            cache: self.cache.map(|c| &c.markdown),
        }
    }

    /// When a page last changed, from the history: an item's page when the item
    /// did, every other page when the site did.
    fn lastmod(&self, spec: PageSpec) -> Option<Date> {
        let history = self.history?;
        match spec {
            PageSpec::Item(key) => history.updated(&self.site.id_ref(key).value),
            _ => history.newest(),
        }
        .map(|c| c.date())
    }

    fn base_url(&self) -> &str {
        self.options.base_url(self.site)
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

/// What a build renders: the checked site, what the checks found, and the
/// site's history when it has one.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub site: &'a Site,
    pub report: &'a Report,
    pub history: Option<&'a History>,
    /// Why there is no history, when there is none.
    pub history_off: Option<&'static str>,
}

/// Renders every file of the site, or returns every template error.
///
/// With a `sink`, each page is offered to it as soon as it is rendered, and only
/// the pages it gives back are returned (with every other file).
pub fn render_site(
    input: Input<'_>,
    options: RenderOptions,
    sink: Option<&dyn PageSink>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let site = input.site;
    let templates = templates::load(&site.root, &site.config.theme)?;
    let rendered = render_with(input, options, templates, PageTarget::Sink(sink))?;
    Ok(rendered.files.into_iter().map(|(f, _)| f).collect())
}

/// Renders the pages and assets of the site like [`render_site`], reusing from
/// `cache` every page whose context is unchanged, and updates `cache` to this
/// build; the exports are left for [`Later::render`].
pub fn render_incremental(
    input: Input<'_>,
    options: RenderOptions,
    cache: &mut RenderCache,
) -> Result<(Vec<OutputFile>, Later), Vec<Diagnostic>> {
    let site = input.site;
    let (templates, global) = templates::load_with_fingerprint(&site.root, &site.config.theme)?;
    crate::base::timings::phase("templates loaded");
    let global = {
        let mut h = std::hash::DefaultHasher::new();
        (global, format!("{options:?}"), format!("{:?}", site.config)).hash(&mut h);
        serde_json::to_string(&site_view::site_view(site))
            .unwrap_or_default()
            .hash(&mut h);
        h.finish()
    };
    if cache.global != global {
        cache.pages.clear();
        cache.global = global;
    }
    cache.markdown.begin(site);
    let Rendered { files, later } =
        render_with(input, options, templates, PageTarget::Cache(cache))?;
    let pages = files
        .iter()
        .filter_map(|(file, fp)| fp.map(|fp| (file.path.clone(), (fp, Arc::clone(&file.bytes)))))
        .collect();
    let old = std::mem::replace(&mut cache.pages, pages);
    cache.rendered_again = files
        .iter()
        .filter(|(file, fp)| fp.is_some() && old.get(&file.path).map(|(o, _)| *o) != *fp)
        .map(|(file, _)| file.path.clone())
        .collect();
    cache.markdown.finish();
    Ok((files.into_iter().map(|(f, _)| f).collect(), later))
}

/// Where rendered pages go: back to `serve`'s cache, or to `build`'s sink.
enum PageTarget<'c> {
    Cache(&'c RenderCache),
    Sink(Option<&'c dyn PageSink>),
}

/// Every file, each page with its fingerprint when there is a cache.
fn render_with(
    input: Input<'_>,
    options: RenderOptions,
    mut tera: Tera,
    target: PageTarget<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let Input {
        site,
        report,
        history,
        history_off,
    } = input;
    let (cache, sink) = match target {
        PageTarget::Cache(cache) => (Some(cache), None),
        PageTarget::Sink(sink) => (None, sink),
    };
    // `serve` renders the exports apart, after the pages (see [`Later`]).
    let with_exports = cache.is_none();
    tera.global_context()
        .insert("site", &site_view::site_view(site));
    // For the printed page's head: where it came from and when it was built.
    let base = options.base_url(site);
    let address = base
        .contains("://")
        .then(|| format!("{}/", base.trim_end_matches('/')));
    tera.global_context().insert("address", &address);
    tera.global_context()
        .insert("built", &options.today.to_string());
    let order = backlog_order(site);
    let pace = sprints::pace(site, options.today);
    let aggregates = Aggregates {
        roadmap: roadmap::board(site),
        timeline: timeline::timeline(site, options.today),
        attention: sprints::needs_attention(site, &pace, options.today),
        pace,
        backlog: backlog::backlog(site, &order),
        trace: traceview::trace_view(site, report),
        roles: roles::roles_view(site),
        backlog_order: order,
    };
    let renderer = Renderer {
        site,
        history,
        history_off,
        tera,
        aggregates,
        options,
        cache,
    };
    let specs = PageSpec::all(&renderer);
    crate::base::timings::phase("checked, aggregate views made");
    // The sink takes each file as it is made; what it gives back is kept.
    let keep = |file: OutputFile| match sink {
        Some(sink) => sink.offer(file),
        None => Some(file),
    };
    type Page = ((String, Option<Date>), Option<(OutputFile, Option<u128>)>);
    let rendered: Vec<Result<Page, Diagnostic>> = specs
        .par_iter()
        .map(|spec| {
            let path = spec.path(site);
            let lastmod = renderer.lastmod(*spec);
            let fingerprint = cache.map(|_| pages::fingerprint(&renderer, *spec, &path));
            let unchanged = cache
                .and_then(|c| c.pages.get(&path))
                .filter(|(fp, _)| Some(*fp) == fingerprint);
            if let Some((_, bytes)) = unchanged {
                let file = OutputFile::new(path.clone(), Arc::clone(bytes));
                return Ok(((path, lastmod), Some((file, fingerprint))));
            }
            let ctx = pages::context(&renderer, *spec, &path);
            let template = spec.template();
            let html = renderer
                .tera
                .render(template, &ctx)
                .map_err(|e| templates::template_error(template, &e))?;
            let file = OutputFile::new(path.clone(), html.into_bytes());
            Ok(((path, lastmod), keep(file).map(|f| (f, fingerprint))))
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + 8);
    let mut pages = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok((path, kept)) => {
                pages.push(path);
                files.extend(kept);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.dedup_by(|a, b| a.message == b.message);
        return Err(errors);
    }
    files.extend(assets(&renderer).into_iter().map(|f| (f, None)));
    if backlog::page_count(site) > 1 {
        let rows = backlog::rows_script(&renderer.aggregates.backlog);
        files.push((OutputFile::new(backlog::ROWS_SCRIPT, rows), None));
    }
    crate::base::timings::phase("pages rendered");
    let later = if with_exports {
        let r = &renderer;
        let (roles, order) = (&r.aggregates.roles, &r.aggregates.backlog_order);
        let made = exports(site, history, r.base_url(), roles, order, pages, &keep);
        files.extend(made.into_iter().map(|f| (f, None)));
        crate::base::timings::phase("exports and search index rendered");
        Later::default()
    } else {
        Later { pages }
    };
    files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Ok(Rendered { files, later })
}

/// What [`render_with`] made: every file, each page with its fingerprint when
/// there is a cache, and what the exports still need when they were left out.
struct Rendered {
    files: Vec<(OutputFile, Option<u128>)>,
    later: Later,
}

/// The stories in backlog order: by priority, those without one last, then by id.
fn backlog_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.items.stories.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.items.stories[a], &site.items.stories[b]);
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
    order
}

/// The theme's CSS and JavaScript, and the highlighting stylesheet.
fn assets(r: &Renderer<'_>) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = templates::DEFAULT_ASSETS
        .iter()
        .map(|(name, text)| OutputFile {
            path: format!("assets/{name}"),
            bytes: text.as_bytes().to_vec().into(),
        })
        .collect();
    let css =
        crate::markup::highlight::Highlighter::get().css(&r.site.config.build.highlight_theme);
    files.push(OutputFile {
        path: "assets/highlight.css".into(),
        bytes: css.into_bytes().into(),
    });
    files
}
