//! The backlog: every story in priority order, with what its filters need.
//! The filters (SPEC §4) keep their state in the query string:
//! `backlog.html?status=ready&epic=E-2`.
//!
//! A backlog of more than `[build] page_size` stories is split into pages,
//! `backlog.html` then `backlog/2.html` and on, linked by a pager, so every page
//! opens quickly and works without JavaScript. With it, `backlog/rows.js` holds
//! every row: the filters match over all of them, and rows are drawn as the
//! reader scrolls. A backlog of one page filters its own rows' `data-` attributes.

use serde::Serialize;

use super::views::{LinkView, ProgressView, StoryRow};
use crate::kinds::Kind;
use crate::site::Site;

#[derive(Serialize)]
pub struct BacklogView<'a> {
    /// Every row; each page shows its own part (see [`BacklogPage`]).
    #[serde(skip)]
    pub rows: Vec<BacklogRow<'a>>,
    pub statuses: &'a [String],
    pub epics: Vec<LinkView<'a>>,
    pub initiatives: Vec<LinkView<'a>>,
    pub goals: Vec<LinkView<'a>>,
    pub sprints: Vec<LinkView<'a>>,
    /// The roles that own an epic or an initiative.
    pub owners: Vec<LinkView<'a>>,
    /// Every label a story carries, sorted.
    pub labels: Vec<&'a str>,
    pub progress: ProgressView,
}

/// A story and the ids its filters match against.
#[derive(Serialize)]
pub struct BacklogRow<'a> {
    #[serde(flatten)]
    pub row: StoryRow<'a>,
    pub initiative: Option<LinkView<'a>>,
    /// The ids of the goals its initiative serves, one per line: the filters
    /// read every multi-valued `data-` attribute as lines.
    pub goals: String,
    /// Its labels, one per line.
    pub labels: String,
    /// Its epic's owner, else its initiative's: a story has no owner of its own.
    pub owner: Option<&'a str>,
    /// Its epic, initiative and sprint by index: their places in the view's
    /// lists, which hold every item of each kind in order.
    #[serde(skip)]
    pub at: [Option<usize>; 3],
}

pub fn backlog<'a>(site: &'a Site, order: &[usize]) -> BacklogView<'a> {
    let trace = &site.trace;
    let rows = order
        .iter()
        .map(|&s| {
            let epic = trace.story_epic[s];
            let initiative = epic.and_then(|e| trace.epic_initiative[e]);
            let owner = epic
                .and_then(|e| site.items.epics[e].owner.as_ref())
                .or_else(|| initiative.and_then(|i| site.items.initiatives[i].owner.as_ref()));
            BacklogRow {
                row: StoryRow::new(site, s),
                initiative: initiative.map(|i| LinkView::of(site, Kind::Initiative, i)),
                goals: initiative.map_or_else(String::new, |i| {
                    let ids: Vec<&str> = trace.initiative_goals[i]
                        .iter()
                        .map(|&g| site.items.goals[g].meta.id.value.as_str())
                        .collect();
                    ids.join("\n")
                }),
                labels: site.items.stories[s].labels.join("\n"),
                owner: owner.map(|o| o.value.as_str()),
                at: [epic, initiative, trace.story_sprint[s]],
            }
        })
        .collect();
    let all = |kind: Kind, count: usize| -> Vec<LinkView<'_>> {
        (0..count).map(|i| LinkView::of(site, kind, i)).collect()
    };
    let owners = LinkView::roles_among(
        site,
        site.items
            .epics
            .iter()
            .filter_map(|e| e.owner.as_ref())
            .chain(
                site.items
                    .initiatives
                    .iter()
                    .filter_map(|i| i.owner.as_ref()),
            ),
    );
    let mut labels: Vec<&str> = site
        .items
        .stories
        .iter()
        .flat_map(|s| s.labels.iter().map(String::as_str))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    BacklogView {
        rows,
        statuses: &site.config.workflow.story,
        epics: all(Kind::Epic, site.items.epics.len()),
        initiatives: all(Kind::Initiative, site.items.initiatives.len()),
        goals: all(Kind::Goal, site.items.goals.len()),
        sprints: all(Kind::Sprint, site.items.sprints.len()),
        owners,
        labels,
        progress: site.trace.total.into(),
    }
}

/// The path of backlog page `page` (from 1), relative to the site root.
pub fn page_path(page: usize) -> String {
    if page <= 1 {
        "backlog.html".into()
    } else {
        format!("backlog/{page}.html")
    }
}

/// The script that holds every row of a backlog of several pages.
pub const ROWS_SCRIPT: &str = "backlog/rows.js";

/// How many pages the backlog has: one at least.
pub fn page_count(site: &Site) -> usize {
    pages(site.items.stories.len(), site.config.build.page_size)
}

fn pages(rows: usize, page_size: usize) -> usize {
    rows.div_ceil(page_size).max(1)
}

/// What one page of the backlog sees: the filters, its own rows, and the pager.
#[derive(Serialize)]
pub struct BacklogPage<'v, 'a> {
    #[serde(flatten)]
    pub view: &'v BacklogView<'a>,
    pub rows: &'v [BacklogRow<'a>],
    /// For a backlog of several pages.
    pub pager: Option<Pager>,
}

/// Where a page sits among the backlog's pages, and the links between them.
#[derive(Serialize)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    /// The index of this page's first row among all rows, from 0.
    pub offset: usize,
    /// Its first and last rows as the reader counts them, from 1.
    pub first: usize,
    pub last: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first page, the last, and the two on either side of this one, in
    /// order; `None` stands for the pages left out between them.
    pub links: Vec<Option<PageLink>>,
    /// The script with every row, relative to the site root.
    pub script: &'static str,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Page `page` (from 1) of the backlog.
pub fn page<'v, 'a>(
    view: &'v BacklogView<'a>,
    page: usize,
    page_size: usize,
) -> BacklogPage<'v, 'a> {
    let total = view.rows.len();
    let pages = pages(total, page_size);
    let offset = (page - 1) * page_size;
    let rows = &view.rows[offset.min(total)..(offset + page_size).min(total)];
    let pager = (pages > 1).then(|| {
        let mut links = Vec::new();
        for n in 1..=pages {
            let near = n.abs_diff(page) <= 2;
            if n == 1 || n == pages || near {
                links.push(Some(PageLink {
                    number: n,
                    url: page_path(n),
                    current: n == page,
                }));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Pager {
            page,
            pages,
            offset,
            first: offset + 1,
            last: offset + rows.len(),
            total,
            previous: (page > 1).then(|| page_path(page - 1)),
            next: (page < pages).then(|| page_path(page + 1)),
            links,
            script: ROWS_SCRIPT,
        }
    });
    BacklogPage { view, rows, pager }
}

/// Every row of the backlog for `backlog/rows.js`: a call of `RB_BACKLOG` with
/// the epics, initiatives and sprints as `[id, title, url]`, and each row as
/// `[id, title, url, status, points, priority, epic, initiative, sprint, goals,
/// owner, labels]`, where epic, initiative and sprint index those lists (or are
/// null), and goals and labels are lines as in the one-page filters' attributes.
pub fn rows_script(view: &BacklogView<'_>) -> Vec<u8> {
    type Row<'r> = (
        &'r str,
        &'r str,
        &'r str,
        &'r str,
        Option<u32>,
        Option<i64>,
        Option<usize>,
        Option<usize>,
        Option<usize>,
        &'r str,
        Option<&'r str>,
        &'r str,
    );
    #[derive(Serialize)]
    struct Script<'r> {
        epics: Vec<(&'r str, &'r str, &'r str)>,
        initiatives: Vec<(&'r str, &'r str, &'r str)>,
        sprints: Vec<(&'r str, &'r str, &'r str)>,
        rows: Vec<Row<'r>>,
    }
    fn links<'r>(list: &'r [LinkView<'_>]) -> Vec<(&'r str, &'r str, &'r str)> {
        list.iter()
            .map(|l| (l.id, l.title, l.url.as_str()))
            .collect()
    }
    let script = Script {
        epics: links(&view.epics),
        initiatives: links(&view.initiatives),
        sprints: links(&view.sprints),
        rows: view
            .rows
            .iter()
            .map(|r| {
                (
                    r.row.link.id,
                    r.row.link.title,
                    r.row.link.url.as_str(),
                    r.row.status,
                    r.row.points,
                    r.row.priority,
                    r.at[0],
                    r.at[1],
                    r.at[2],
                    r.goals.as_str(),
                    r.owner,
                    r.labels.as_str(),
                )
            })
            .collect(),
    };
    let mut out = b"RB_BACKLOG(".to_vec();
    // Serialising borrowed strings and numbers into memory cannot fail.
    let _ = serde_json::to_writer(&mut out, &script);
    out.extend_from_slice(b");\n");
    out
}
