//! Role views: each charter, the RACI matrix, the ceremony matrix, and on a role's
//! page what the matrix makes it accountable, responsible, consulted and informed for.

use serde::Serialize;

use super::views::LinkView;
use crate::kinds::{Activity, Kind};
use crate::site::Site;

#[derive(Serialize)]
pub struct RolesView<'a> {
    pub columns: Vec<LinkView<'a>>,
    pub roles: Vec<RoleCard<'a>>,
    pub activities: Vec<ActivityRow<'a>>,
    pub ceremonies: Vec<CeremonyRow<'a>>,
}

#[derive(Serialize)]
pub struct RoleCard<'a> {
    pub link: LinkView<'a>,
    pub summary: Option<&'a str>,
    pub holders: Vec<Holder<'a>>,
}

/// Someone who holds a role: a person with a link to their page where the site
/// has people, else a name as written, `Ana Ruiz <ana@example.com>` as a name
/// and an address to link.
#[derive(Serialize)]
pub struct Holder<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The holders of role `r`.
fn holders(site: &Site, r: usize) -> Vec<Holder<'_>> {
    if site.has_people() {
        return site.trace.role_holders[r]
            .iter()
            .map(|&p| {
                let link = LinkView::of(site, Kind::Person, p);
                Holder {
                    name: link.title,
                    email: None,
                    url: Some(link.url),
                }
            })
            .collect();
    }
    site.items.roles[r]
        .holders
        .iter()
        .map(|h| match h.value.split_once('<') {
            Some((name, rest)) if rest.trim_end().ends_with('>') => Holder {
                name: name.trim(),
                email: Some(rest.trim_end().trim_end_matches('>').trim()),
                url: None,
            },
            _ => Holder {
                name: h.value.trim(),
                email: None,
                url: None,
            },
        })
        .collect()
}

#[derive(Serialize)]
pub struct ActivityRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub area: Option<&'a str>,
    /// The cells in column order; empty where the role has no part.
    pub cells: Vec<CellView<'a>>,
}

/// A RACI cell and the class that colours it: `A` if the role is accountable,
/// else its first letter.
#[derive(Serialize)]
pub struct CellView<'a> {
    pub text: &'a str,
    pub class: &'static str,
}

impl<'a> CellView<'a> {
    fn new(text: &'a str) -> CellView<'a> {
        let class = ["A", "R", "C", "I"]
            .into_iter()
            .find(|l| text.contains(l))
            .unwrap_or("");
        CellView { text, class }
    }
}

#[derive(Serialize)]
pub struct CeremonyRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub cadence: Option<&'a str>,
    pub timebox: Option<&'a str>,
    pub cells: Vec<&'a str>,
    pub body: &'a str,
}

/// The matrix columns: `roles = [...]` of the RACI file, else every role in order.
fn columns(site: &Site) -> Vec<&str> {
    let mut cols: Vec<&str> = site.raci_columns.iter().map(|c| c.value.as_str()).collect();
    if cols.is_empty() {
        cols = site.ids_of(Kind::Role).collect();
    }
    cols
}

pub fn roles_view(site: &Site) -> RolesView<'_> {
    let cols = columns(site);
    let mut activities: Vec<ActivityRow<'_>> = site
        .items
        .activities
        .iter()
        .map(|a| ActivityRow {
            id: &a.meta.id.value,
            name: &a.meta.title,
            area: a.area.as_deref(),
            cells: cols.iter().map(|c| CellView::new(cell(a, c))).collect(),
        })
        .collect();
    // Group by area, keeping the written order within an area.
    let mut areas: Vec<Option<&str>> = Vec::new();
    for a in &activities {
        if !areas.contains(&a.area) {
            areas.push(a.area);
        }
    }
    activities.sort_by_key(|a| areas.iter().position(|x| *x == a.area));
    RolesView {
        columns: cols
            .iter()
            .filter_map(|c| LinkView::by_id(site, c))
            .collect(),
        roles: role_order(site, &cols)
            .into_iter()
            .map(|i| RoleCard {
                link: LinkView::of(site, Kind::Role, i),
                summary: site.items.roles[i].summary.as_deref(),
                holders: holders(site, i),
            })
            .collect(),
        activities,
        ceremonies: site
            .items
            .ceremonies
            .iter()
            .map(|c| CeremonyRow {
                id: &c.meta.id.value,
                name: &c.meta.title,
                cadence: c.cadence.as_deref(),
                timebox: c.timebox.as_deref(),
                cells: cols
                    .iter()
                    .map(|col| {
                        c.attendance
                            .iter()
                            .find(|(r, _)| r.value == *col)
                            .map_or("", |(_, how)| how.as_str())
                    })
                    .collect(),
                body: c.description.as_deref().unwrap_or(&c.meta.body),
            })
            .collect(),
    }
}

/// Roles in the matrix's column order, then the others.
fn role_order(site: &Site, cols: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.items.roles.len()).collect();
    order.sort_by_key(|&i| {
        cols.iter()
            .position(|c| *c == site.items.roles[i].meta.id.value)
            .unwrap_or(usize::MAX)
    });
    order
}

/// The RACI activities in whose row the role `id` has `letter`.
pub fn duties<'a>(site: &'a Site, id: &str, letter: char) -> Vec<LinkView<'a>> {
    site.items
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| a.raci.iter().any(|c| c.role.value == id && c.has(letter)))
        .map(|(i, _)| LinkView::of(site, Kind::Activity, i))
        .collect()
}

fn cell<'a>(a: &'a Activity, role: &str) -> &'a str {
    a.raci
        .iter()
        .find(|c| c.role.value == role)
        .map_or("", |c| c.letters.value.as_str())
}

#[derive(Serialize)]
pub struct RoleView<'a> {
    pub summary: Option<&'a str>,
    pub holders: Vec<Holder<'a>>,
    pub responsibilities: &'a [String],
    pub decision_rights: &'a [String],
    pub skills: &'a [String],
    pub accountable: Vec<LinkView<'a>>,
    pub responsible: Vec<LinkView<'a>>,
    pub consulted: Vec<LinkView<'a>>,
    pub informed: Vec<LinkView<'a>>,
    pub ceremonies: Vec<(LinkView<'a>, &'a str)>,
    pub owns: Vec<LinkView<'a>>,
    /// The decisions the role took, newest first.
    pub decisions: Vec<super::decisions::DecisionRow<'a>>,
}

/// A role's page: its charter and what the RACI matrix says of it.
pub fn role_view(site: &Site, index: usize) -> RoleView<'_> {
    let role = &site.items.roles[index];
    let id = role.meta.id.value.as_str();
    let with = |letter: char| duties(site, id, letter);
    let ceremonies = site
        .items
        .ceremonies
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let how = c.attendance.iter().find(|(r, _)| r.value == id)?;
            Some((LinkView::of(site, Kind::Ceremony, i), how.1.as_str()))
        })
        .collect();
    let owners = [
        (
            Kind::Goal,
            site.items
                .goals
                .iter()
                .map(|x| &x.owner)
                .collect::<Vec<_>>(),
        ),
        (
            Kind::Initiative,
            site.items.initiatives.iter().map(|x| &x.owner).collect(),
        ),
        (
            Kind::Epic,
            site.items.epics.iter().map(|x| &x.owner).collect(),
        ),
    ];
    let owns = owners
        .iter()
        .flat_map(|(kind, owners)| {
            owners
                .iter()
                .enumerate()
                .filter(|(_, o)| o.as_ref().is_some_and(|o| o.value == id))
                .map(move |(i, _)| LinkView::of(site, *kind, i))
        })
        .collect();
    RoleView {
        summary: role.summary.as_deref(),
        holders: holders(site, index),
        responsibilities: &role.responsibilities,
        decision_rights: &role.decision_rights,
        skills: &role.skills,
        accountable: with('A'),
        responsible: with('R'),
        consulted: with('C'),
        informed: with('I'),
        ceremonies,
        owns,
        decisions: super::decisions::taken_by(site, Kind::Role, index),
    }
}
