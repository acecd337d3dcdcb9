//! What the traceability page lists as not traced to a goal: initiatives that
//! serve no goal, grouped by theme as the roadmap groups them, then epics that
//! serve no initiative and stories that belong to no epic. Real corpora have
//! hundreds (654 KEPs, none traced), and one list of them is unusable: each
//! group folds, with its count in its summary.

use serde::Serialize;

use super::super::roadmap::OTHER;
use super::super::views::LinkView;
use crate::kinds::Kind;
use crate::site::Site;

/// Up to this many untraced items, the groups show open.
const OPEN_MAX: usize = 20;

#[derive(Serialize)]
pub struct Untraced<'a> {
    pub groups: Vec<UntracedGroup<'a>>,
    pub total: usize,
    /// Short lists show open; longer ones folded, one line per group.
    pub open: bool,
}

#[derive(Serialize)]
pub struct UntracedGroup<'a> {
    /// The initiatives' theme, or the kind: "Node", "Epics", "Stories".
    pub name: &'a str,
    /// What is wrong with them, counted: "42 initiatives serve no goal".
    pub what: String,
    pub items: Vec<UntracedItem<'a>>,
    /// Those beyond `[build] page_size`, not listed.
    pub more: usize,
}

#[derive(Serialize)]
pub struct UntracedItem<'a> {
    pub link: LinkView<'a>,
    pub status: Option<&'a str>,
}

pub fn untraced(site: &Site) -> Untraced<'_> {
    let items = &site.items;
    let t = &site.trace;
    let initiatives: Vec<usize> = (0..items.initiatives.len())
        .filter(|&i| t.initiative_goals[i].is_empty())
        .collect();
    let theme = |i: usize| items.initiatives[i].theme.as_deref();
    let mut themes: Vec<Option<&str>> = initiatives.iter().map(|&i| theme(i)).collect();
    themes.sort_unstable_by_key(|t| (t.is_none(), *t));
    themes.dedup();
    let unthemed = if themes.len() == 1 {
        "Initiatives"
    } else {
        OTHER
    };
    let mut groups: Vec<UntracedGroup<'_>> = themes
        .into_iter()
        .map(|name| {
            let of: Vec<usize> = initiatives
                .iter()
                .copied()
                .filter(|&i| theme(i) == name)
                .collect();
            let what = counted(
                of.len(),
                "initiative serves",
                "initiatives serve",
                "no goal",
            );
            group(
                site,
                (name.unwrap_or(unthemed), what),
                Kind::Initiative,
                &of,
            )
        })
        .collect();
    let epics: Vec<usize> = (0..items.epics.len())
        .filter(|&e| t.epic_initiative[e].is_none())
        .collect();
    if !epics.is_empty() {
        let what = counted(epics.len(), "epic serves", "epics serve", "no initiative");
        groups.push(group(site, ("Epics", what), Kind::Epic, &epics));
    }
    let stories: Vec<usize> = (0..items.stories.len())
        .filter(|&s| t.story_epic[s].is_none())
        .collect();
    if !stories.is_empty() {
        let what = counted(
            stories.len(),
            "story belongs",
            "stories belong",
            "to no epic",
        );
        groups.push(group(site, ("Stories", what), Kind::Story, &stories));
    }
    let total = groups.iter().map(|g| g.items.len() + g.more).sum();
    Untraced {
        groups,
        total,
        open: total <= OPEN_MAX,
    }
}

/// A group of the items `of` of `kind`, named and described.
fn group<'a>(
    site: &'a Site,
    (name, what): (&'a str, String),
    kind: Kind,
    of: &[usize],
) -> UntracedGroup<'a> {
    let page_size = site.config.build.page_size;
    let items = &site.items;
    let status = |i: usize| {
        match kind {
            Kind::Initiative => items.initiatives[i].status.as_ref(),
            Kind::Epic => items.epics[i].status.as_ref(),
            _ => items.stories[i].status.as_ref(),
        }
        .map(|s| s.value.as_str())
    };
    UntracedGroup {
        name,
        what,
        items: of
            .iter()
            .take(page_size)
            .map(|&i| UntracedItem {
                link: LinkView::of(site, kind, i),
                status: status(i),
            })
            .collect(),
        more: of.len().saturating_sub(page_size),
    }
}

/// "1 epic serves no initiative", "4 epics serve no initiative".
fn counted(n: usize, one: &str, many: &str, rest: &str) -> String {
    format!("{n} {} {rest}", if n == 1 { one } else { many })
}
