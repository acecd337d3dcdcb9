//! What every page sees as `site`: the site's title and settings, and the
//! header's links.

use serde::Serialize;

use super::views;
use crate::kinds::Kind;
use crate::site::Site;

#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    extra: &'a serde_json::Value,
    pages: Vec<views::LinkView<'a>>,
    has_vision: bool,
    has_decisions: bool,
    has_sprints: bool,
    has_people: bool,
    /// The header's links: the sections the site has, then its free pages.
    nav: Vec<NavLink<'a>>,
}

#[derive(Serialize)]
struct NavLink<'a> {
    url: String,
    title: &'a str,
    /// The section whose pages it marks as current; none for a free page.
    section: &'a str,
}

pub fn site_view(site: &Site) -> SiteView<'_> {
    let mut pages: Vec<usize> = (0..site.items.pages.len()).collect();
    pages.sort_by_key(|&p| {
        (
            site.items.pages[p].weight.unwrap_or(0),
            site.items.pages[p].meta.title.to_lowercase(),
        )
    });
    let pages: Vec<views::LinkView<'_>> = pages
        .into_iter()
        .map(|p| views::LinkView::of(site, Kind::Page, p))
        .collect();
    let has_decisions = !site.items.decisions.is_empty();
    let has_sprints = !site.items.sprints.is_empty();
    let sections = [
        ("index.html", "Home", "home", true),
        ("roadmap.html", "Roadmap", "roadmap", true),
        ("backlog.html", "Backlog", "backlog", true),
        ("traceability.html", "Traceability", "traceability", true),
        ("roles.html", "Roles", "roles", true),
        ("sprints.html", "Sprints", "sprints", has_sprints),
        ("decisions.html", "Decisions", "decisions", has_decisions),
    ];
    let nav = sections
        .into_iter()
        .filter(|s| s.3)
        .map(|(url, title, section, _)| NavLink {
            url: url.to_owned(),
            title,
            section,
        })
        .chain(pages.iter().map(|p| NavLink {
            url: p.url.clone(),
            title: p.title,
            section: "",
        }))
        .collect();
    SiteView {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        language: &site.config.language,
        extra: &site.config.extra,
        pages,
        has_vision: site.vision.is_some(),
        has_decisions,
        has_sprints,
        has_people: site.has_people(),
        nav,
    }
}
