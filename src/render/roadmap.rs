//! The roadmap's Now / Next / Later board by theme (the timeline is in
//! `timeline.rs`).

use serde::Serialize;

use super::views::{LinkView, ProgressView};
use crate::kinds::Kind;
use crate::kinds::initiative::HEALTHS;
use crate::site::Site;

pub const HORIZONS: [&str; 3] = ["now", "next", "later"];

/// The lane of initiatives without a theme.
pub const OTHER: &str = "Other";

#[derive(Serialize)]
pub struct RoadmapView<'a> {
    pub horizons: [&'static str; 3],
    pub lanes: Vec<Lane<'a>>,
    /// Initiatives with no horizon, listed apart.
    pub unplanned: Vec<Card<'a>>,
    /// What the filters offer: `roadmap.html?theme=…&health=…&owner=…`.
    pub healths: &'static [&'static str],
    pub owners: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
pub struct Lane<'a> {
    pub theme: &'a str,
    /// One list of cards per horizon, in [`HORIZONS`] order.
    pub cells: Vec<Vec<Card<'a>>>,
}

#[derive(Serialize)]
pub struct Card<'a> {
    pub link: LinkView<'a>,
    /// Its lane: its theme, or "Other".
    pub theme: &'a str,
    /// The role id of its owner.
    pub owner: Option<&'a str>,
    pub status: Option<&'a str>,
    pub health: Option<&'a str>,
    pub health_note: Option<&'a str>,
    pub confidence: Option<&'a str>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub progress: ProgressView,
}

pub fn board(site: &Site) -> RoadmapView<'_> {
    let mut themes: Vec<&str> = site
        .items
        .initiatives
        .iter()
        .filter_map(|i| i.theme.as_deref())
        .collect();
    themes.sort_unstable();
    themes.dedup();
    let has_unthemed = site.items.initiatives.iter().any(|i| i.theme.is_none());
    let card = |i: usize| {
        let x = &site.items.initiatives[i];
        Card {
            link: LinkView::of(site, Kind::Initiative, i),
            theme: x.theme.as_deref().unwrap_or(OTHER),
            owner: x.owner.as_ref().map(|o| o.value.as_str()),
            status: x.status.as_ref().map(|s| s.value.as_str()),
            health: x.health.as_deref(),
            health_note: x.health_note.as_deref(),
            confidence: x.confidence.as_deref(),
            start: x.start.as_ref().map(|d| d.value.to_string()),
            end: x.end.as_ref().map(|d| d.value.to_string()),
            progress: site.trace.initiative_progress[i].into(),
        }
    };
    let lane = |theme: Option<&str>| -> Vec<Vec<Card<'_>>> {
        HORIZONS
            .iter()
            .map(|h| {
                site.items
                    .initiatives
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| {
                        x.theme.as_deref() == theme
                            && x.horizon.as_ref().is_some_and(|v| v.value == *h)
                    })
                    .map(|(i, _)| card(i))
                    .collect()
            })
            .collect()
    };
    let mut lanes: Vec<Lane<'_>> = themes
        .iter()
        .map(|t| Lane {
            theme: t,
            cells: lane(Some(t)),
        })
        .collect();
    if has_unthemed {
        lanes.push(Lane {
            theme: OTHER,
            cells: lane(None),
        });
    }
    lanes.retain(|l| l.cells.iter().any(|c| !c.is_empty()));
    RoadmapView {
        horizons: HORIZONS,
        lanes,
        unplanned: site
            .items
            .initiatives
            .iter()
            .enumerate()
            .filter(|(_, x)| x.horizon.is_none())
            .map(|(i, _)| card(i))
            .collect(),
        healths: HEALTHS,
        owners: LinkView::roles_among(
            site,
            site.items
                .initiatives
                .iter()
                .filter_map(|i| i.owner.as_ref()),
        ),
    }
}
