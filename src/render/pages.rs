//! Every page of the site: which template renders it and what it sees.

use serde::Serialize;
use tera::Context;

use super::Renderer;
use super::history;
use super::item_views;
use super::markdown::Html;
use super::urls::{item_url, root_prefix};
use super::views::*;
use crate::kinds::Kind;
use crate::site::{ItemKey, Site};

/// One page to render.
#[derive(Clone, Copy, Debug)]
pub enum PageSpec {
    Home,
    Roadmap,
    /// A page of the backlog, from 1.
    Backlog(usize),
    Traceability,
    Roles,
    Search,
    Decisions,
    People,
    Sprints,
    Changes,
    NotFound,
    Item(ItemKey),
}

impl PageSpec {
    /// Every page of the site, in a stable order.
    pub fn all(r: &Renderer<'_>) -> Vec<PageSpec> {
        let mut pages = vec![
            PageSpec::Home,
            PageSpec::Roadmap,
            PageSpec::Traceability,
            PageSpec::Roles,
            PageSpec::Search,
            PageSpec::Changes,
            PageSpec::NotFound,
        ];
        pages.extend((1..=super::backlog::page_count(r.site)).map(PageSpec::Backlog));
        if !r.site.items.decisions.is_empty() {
            pages.push(PageSpec::Decisions);
        }
        if r.site.has_people() {
            pages.push(PageSpec::People);
        }
        if !r.site.items.sprints.is_empty() {
            pages.push(PageSpec::Sprints);
        }
        pages.extend(
            r.site
                .keys()
                .filter(|k| has_page(k.kind))
                .map(PageSpec::Item),
        );
        pages
    }

    pub fn path(&self, site: &Site) -> String {
        match self {
            PageSpec::Home => "index.html".into(),
            PageSpec::Roadmap => "roadmap.html".into(),
            PageSpec::Backlog(page) => super::backlog::page_path(*page),
            PageSpec::Traceability => "traceability.html".into(),
            PageSpec::Roles => "roles.html".into(),
            PageSpec::Search => "search.html".into(),
            PageSpec::Decisions => "decisions.html".into(),
            PageSpec::People => "people.html".into(),
            PageSpec::Sprints => "sprints.html".into(),
            PageSpec::Changes => "changes.html".into(),
            PageSpec::NotFound => "404.html".into(),
            PageSpec::Item(key) => item_url(site, *key),
        }
    }

    pub fn template(&self) -> &'static str {
        match self {
            PageSpec::Home => "index.html",
            PageSpec::Roadmap => "roadmap.html",
            PageSpec::Backlog(_) => "backlog.html",
            PageSpec::Traceability => "traceability.html",
            PageSpec::Roles => "roles.html",
            PageSpec::Search => "search.html",
            PageSpec::Decisions => "decisions.html",
            PageSpec::People => "people.html",
            PageSpec::Sprints => "sprints.html",
            PageSpec::Changes => "changes.html",
            PageSpec::NotFound => "404.html",
            PageSpec::Item(key) => key
                .kind
                .decl()
                .page
                .as_ref()
                .map_or("page.html", |p| p.template),
        }
    }

    /// The section of the top navigation the page belongs to.
    fn section(&self) -> &'static str {
        match self {
            PageSpec::Home => "home",
            PageSpec::Roadmap => "roadmap",
            PageSpec::Backlog(_) => "backlog",
            PageSpec::Traceability => "traceability",
            PageSpec::Roles => "roles",
            PageSpec::Decisions => "decisions",
            // People are reached from the roles: the header has no room for
            // one more section at 1280 px.
            PageSpec::People => "roles",
            PageSpec::Sprints => "sprints",
            PageSpec::Changes => "changes",
            PageSpec::Search | PageSpec::NotFound => "",
            PageSpec::Item(key) => key.kind.decl().page.as_ref().map_or("", |p| p.section),
        }
    }
}

fn has_page(kind: Kind) -> bool {
    kind.decl().page.is_some()
}

/// Where a page's values go: into Tera's context, or into a fingerprint of
/// everything that would be in it. A page whose template and fingerprint are
/// unchanged renders to the same bytes, so `serve` builds the context of a page
/// only when its fingerprint changed.
trait PageValues {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Rendered Markdown; fingerprinted by its digest rather than its bytes.
    fn insert_html(&mut self, key: &'static str, html: &Html);
}

impl PageValues for Context {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        Context::insert(self, key, value);
    }

    fn insert_html(&mut self, key: &'static str, html: &Html) {
        Context::insert(self, key, &*html.text);
    }
}

impl PageValues for Fingerprint {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.extend_from_slice(key.as_bytes());
        // Hashing cannot fail.
        let _ = value.serialize(&mut super::fingerprint::Hashing(&mut self.0));
    }

    fn insert_html(&mut self, key: &'static str, html: &Html) {
        self.0.extend_from_slice(key.as_bytes());
        self.0.extend_from_slice(&html.digest.to_le_bytes());
    }
}

/// A page's template name and context as bytes, for a 128-bit hash.
struct Fingerprint(Vec<u8>);

/// The context of one page, for Tera.
pub fn context(r: &Renderer<'_>, spec: PageSpec, path: &str) -> Context {
    let mut ctx = Context::new();
    build(r, spec, path, &mut ctx);
    ctx
}

/// The fingerprint of one page's template and context.
pub fn fingerprint(r: &Renderer<'_>, spec: PageSpec, path: &str) -> u128 {
    let mut f = Fingerprint(Vec::with_capacity(4096));
    f.0.extend_from_slice(spec.template().as_bytes());
    build(r, spec, path, &mut f);
    xxhash_rust::xxh3::xxh3_128(&f.0)
}

fn build(r: &Renderer<'_>, spec: PageSpec, path: &str, ctx: &mut impl PageValues) {
    let root = if matches!(spec, PageSpec::NotFound) {
        // The 404 page is served for any missing path, so it links from the root.
        r.absolute_root()
    } else {
        root_prefix(path)
    };
    ctx.insert("root", &root);
    ctx.insert("section", spec.section());
    ctx.insert("path", path);
    let agg = &r.aggregates;
    match spec {
        PageSpec::Home => {
            ctx.insert("title", "Home");
            ctx.insert("home", &home(r, &root));
            ctx.insert("roadmap", &agg.roadmap);
            ctx.insert("current_sprint", &agg.pace.current);
            ctx.insert("velocity", &agg.pace.velocity.map(super::charts::number));
            ctx.insert("attention", &agg.attention);
        }
        PageSpec::Roadmap => {
            ctx.insert("title", "Roadmap");
            ctx.insert("roadmap", &agg.roadmap);
            ctx.insert("timeline", &agg.timeline);
        }
        PageSpec::Backlog(page) => {
            let view = super::backlog::page(&agg.backlog, page, r.site.config.build.page_size);
            let title = match &view.pager {
                Some(p) if p.page > 1 => format!("Backlog, page {} of {}", p.page, p.pages),
                _ => "Backlog".into(),
            };
            ctx.insert("title", &title);
            ctx.insert("backlog", &view);
        }
        PageSpec::Traceability => {
            ctx.insert("title", "Traceability");
            ctx.insert("trace", &agg.trace);
        }
        PageSpec::Roles => {
            ctx.insert("title", "Roles and responsibilities");
            ctx.insert("roles", &agg.roles);
        }
        PageSpec::Search => ctx.insert("title", "Search"),
        PageSpec::Decisions => {
            ctx.insert("title", "Decisions");
            ctx.insert("decisions", &super::decisions::index(r.site));
        }
        PageSpec::People => {
            ctx.insert("title", "People");
            ctx.insert("people", &super::people::directory(r.site));
        }
        PageSpec::Sprints => {
            ctx.insert("title", "Sprints");
            ctx.insert("pace", &agg.pace);
        }
        PageSpec::Changes => {
            ctx.insert("title", "What changed");
            ctx.insert(
                "changes",
                &history::changes_view(r.site, r.history, r.history_off),
            );
        }
        PageSpec::NotFound => ctx.insert("title", "Page not found"),
        PageSpec::Item(key) => item_context(r, key, &root, ctx),
    }
}

#[derive(Serialize)]
struct Home<'a> {
    statement: Option<&'a str>,
    positioning: Vec<(&'static str, &'a str)>,
    board: Vec<(&'static str, &'a [String])>,
    vision_html: String,
    goals: Vec<GoalSummary<'a>>,
    progress: ProgressView,
    counts: Vec<(&'static str, usize, &'static str)>,
}

fn home<'a>(r: &Renderer<'a>, root: &str) -> Home<'a> {
    let site = r.site;
    let vision = site.vision.as_ref();
    let positioning = vision.map_or_else(Vec::new, |v| {
        let p = &v.positioning;
        [
            ("For", &p.for_whom),
            ("Who", &p.who),
            ("The product is a", &p.category),
            ("That", &p.benefit),
            ("Unlike", &p.unlike),
            ("Our product", &p.differentiator),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.as_deref().map(|v| (label, v)))
        .collect()
    });
    let board = vision.map_or_else(Vec::new, |v| {
        let b = &v.board;
        [
            ("Target group", b.target_group.as_slice()),
            ("Needs", b.needs.as_slice()),
            ("Product", b.product.as_slice()),
            ("Business goals", b.business_goals.as_slice()),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect()
    });
    Home {
        statement: vision.and_then(|v| v.statement.as_deref()),
        positioning,
        board,
        vision_html: vision.map_or_else(String::new, |v| {
            r.markdown().render(&v.body, root).text.to_string()
        }),
        goals: (0..site.items.goals.len())
            .map(|g| goal_summary(site, g))
            .collect(),
        progress: site.trace.total.into(),
        counts: vec![
            ("goals", site.items.goals.len(), "traceability.html"),
            ("initiatives", site.items.initiatives.len(), "roadmap.html"),
            ("epics", site.items.epics.len(), "traceability.html"),
            ("stories", site.items.stories.len(), "backlog.html"),
        ],
    }
}

/// What every item page has, plus its kind's own view under `item`.
fn item_context(r: &Renderer<'_>, key: ItemKey, root: &str, ctx: &mut impl PageValues) {
    let site = r.site;
    let meta = site.meta(key).expect("items with pages have meta");
    ctx.insert("title", &meta.title);
    ctx.insert("id", &meta.id.value);
    ctx.insert("kind", key.kind.name());
    ctx.insert("crumbs", &chain(site, key));
    ctx.insert_html("body_html", &r.markdown().render(&meta.body, root));
    let waivers: Vec<(&str, &str)> = meta
        .waivers
        .iter()
        .map(|w| (w.code.value.as_str(), w.reason.as_str()))
        .collect();
    ctx.insert("waivers", &waivers);
    ctx.insert("decisions", &super::decisions::affecting(site, key));
    ctx.insert("history", &history::item_history(r.history, &meta.id.value));
    let agg = &r.aggregates;
    let t = &site.trace;
    let i = key.index;
    match key.kind {
        Kind::Goal => {
            ctx.insert("item", &goal_summary(site, i));
            let trends: Vec<(&str, &str, String)> = site.items.goals[i]
                .key_results
                .iter()
                .filter_map(|&k| {
                    let kr = &site.items.key_results[k];
                    let svg = history::trend(site, r.history, k)?;
                    Some((kr.id.value.as_str(), kr.metric.as_str(), svg))
                })
                .collect();
            ctx.insert("trends", &trends);
            let branches: Vec<_> = t.goal_initiatives[i]
                .iter()
                .map(|&n| initiative_branch(site, n))
                .collect();
            ctx.insert("initiatives", &branches);
        }
        Kind::Initiative => {
            ctx.insert("item", &item_views::initiative(site, i));
            ctx.insert("late", &super::timeline::is_late(site, i, r.options.today));
            ctx.insert("forecast", &agg.pace.forecast(site, i, r.options.today));
            ctx.insert("burnup", &history::burnup(r.history, &meta.id.value));
            ctx.insert("branch", &initiative_branch(site, i));
        }
        Kind::Epic => {
            ctx.insert("item", &item_views::epic(site, i));
            ctx.insert("burnup", &history::burnup(r.history, &meta.id.value));
            ctx.insert("branch", &epic_branch(site, i));
        }
        Kind::Story => {
            let criteria: Vec<CriterionView> = site.items.stories[i]
                .acceptance
                .iter()
                .map(|a| CriterionView::new(&r.markdown(), a, root))
                .collect();
            ctx.insert("item", &item_views::story(site, i, criteria));
        }
        Kind::Milestone => ctx.insert("item", &item_views::milestone(site, i)),
        Kind::Sprint => {
            ctx.insert("item", &item_views::sprint(site, i));
            let row = agg.pace.sprints.iter().find(|s| s.link.id == meta.id.value);
            ctx.insert("when", &row.map(|s| s.when));
            ctx.insert("velocity", &row.and_then(|s| s.velocity));
        }
        Kind::Role => ctx.insert("item", &super::roles::role_view(site, i)),
        Kind::Decision => ctx.insert("item", &super::decisions::decision_view(site, i)),
        Kind::Person => ctx.insert("item", &super::people::person_view(site, i)),
        _ => {}
    }
}
