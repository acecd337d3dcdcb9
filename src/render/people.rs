//! People: the directory (`people.html`) and each person's page, with the roles
//! they hold, what those roles answer for, and the decisions they took.

use serde::Serialize;

use super::decisions::{DecisionRow, taken_by};
use super::roles::duties;
use super::views::LinkView;
use crate::kinds::Kind;
use crate::site::Site;

/// A person as a row of the directory.
#[derive(Serialize)]
pub struct PersonRow<'a> {
    link: LinkView<'a>,
    job_title: Option<&'a str>,
    roles: Vec<LinkView<'a>>,
    /// How many decisions they took.
    decisions: usize,
}

/// Everyone, by name (then id), as a directory lists them.
pub fn directory(site: &Site) -> Vec<PersonRow<'_>> {
    let mut order: Vec<usize> = (0..site.items.people.len()).collect();
    order.sort_by_cached_key(|&p| {
        let meta = &site.items.people[p].meta;
        (meta.title.to_lowercase(), meta.id.value.clone())
    });
    order
        .into_iter()
        .map(|p| PersonRow {
            link: LinkView::of(site, Kind::Person, p),
            job_title: site.items.people[p].job_title.as_deref(),
            roles: LinkView::all_of(site, Kind::Role, &site.trace.person_roles[p]),
            decisions: site
                .trace
                .decisions_by
                .get(&crate::site::ItemKey {
                    kind: Kind::Person,
                    index: p,
                })
                .map_or(0, Vec::len),
        })
        .collect()
}

/// A role someone holds, with what it is accountable for in the RACI matrix.
#[derive(Serialize)]
pub struct HeldRole<'a> {
    link: LinkView<'a>,
    summary: Option<&'a str>,
    accountable: Vec<LinkView<'a>>,
}

/// A person's own page.
#[derive(Serialize)]
pub struct PersonView<'a> {
    email: Option<&'a str>,
    job_title: Option<&'a str>,
    teams: Vec<&'a str>,
    roles: Vec<HeldRole<'a>>,
    decisions: Vec<DecisionRow<'a>>,
}

pub fn person_view(site: &Site, p: usize) -> PersonView<'_> {
    let person = &site.items.people[p];
    let roles = site.trace.person_roles[p]
        .iter()
        .map(|&r| {
            let role = &site.items.roles[r];
            HeldRole {
                link: LinkView::of(site, Kind::Role, r),
                summary: role.summary.as_deref(),
                accountable: duties(site, &role.meta.id.value, 'A'),
            }
        })
        .collect();
    PersonView {
        email: person.email.as_deref(),
        job_title: person.job_title.as_deref(),
        teams: person.teams.iter().map(|t| t.value.as_str()).collect(),
        roles,
        decisions: taken_by(site, Kind::Person, p),
    }
}
