//! Hover: what an id names (its kind, title, status, progress and the chain up
//! to its goals), and what a field means.

use std::path::Path;

use lsp_types::Range;

use super::position::LineIndex;
use crate::kinds::{Kind, KindDecl};
use crate::site::trace::Progress;
use crate::site::{ItemKey, Site};

/// Markdown about the item `id` names; `None` when no item has it.
pub fn item(site: &Site, id: &str) -> Option<String> {
    let key = site.lookup(id)?;
    let decl = key.kind.decl();
    let mut text = format!(
        "**{} {id}** · {}",
        crate::base::capitalised(decl.name),
        site.title(key)
    );
    let facts: Vec<String> = status(site, key)
        .map(|s| format!("status `{s}`"))
        .into_iter()
        .chain(progress(site, key).map(|p| describe(&p)))
        .chain(points(site, key))
        .chain(scheduled(site, key))
        .chain(job_title(site, key))
        .collect();
    if !facts.is_empty() {
        text.push_str("\n\n");
        text.push_str(&facts.join(" · "));
    }
    let chain = crate::render::views::chain(site, key);
    if !chain.is_empty() {
        let levels: Vec<String> = chain
            .iter()
            .map(|level| {
                level
                    .iter()
                    .map(|l| format!("{} `{}` {}", l.kind, l.id, l.title))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        text.push_str("\n\nServes: ");
        text.push_str(&levels.join(" → "));
    }
    if key.kind == Kind::KeyResult {
        let goal = &site.items.goals[site.items.key_results[key.index].goal];
        text.push_str(&format!(
            "\n\nOf goal `{}` {}",
            goal.meta.id.value, goal.meta.title
        ));
    }
    Some(text)
}

/// Markdown about the field whose key the cursor at `offset` stands on, and
/// the key's range.
pub fn key(rel: &Path, text: &str, offset: usize) -> Option<(String, Option<Range>)> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let (key, _) = line.split_once('=')?;
    let start = line_start + (key.len() - key.trim_start().len());
    let key = key.trim();
    if !(start..=start + key.len()).contains(&offset) {
        return None;
    }
    let markdown = rel.extension().is_some_and(|e| e == "md");
    if markdown && !super::complete::front_matter(text).is_some_and(|r| r.contains(&offset)) {
        return None;
    }
    let decl = super::complete::decl_at(rel, text, offset, markdown)?;
    let range = LineIndex::new(text).range(start..start + key.len());
    Some((field(decl, key)?, Some(range)))
}

/// Markdown about the field `name` of a kind.
fn field(decl: &KindDecl, name: &str) -> Option<String> {
    let field = decl.field(name)?;
    let required = if field.required {
        "required"
    } else {
        "optional"
    };
    Some(format!(
        "**{}** ({required} field of {})\n\n{}",
        field.name,
        decl.plural.to_lowercase(),
        field.help
    ))
}

fn status(site: &Site, key: ItemKey) -> Option<&str> {
    let i = key.index;
    let items = &site.items;
    match key.kind {
        Kind::Story => items.stories[i].status.as_ref().map(|s| s.value.as_str()),
        Kind::Epic => items.epics[i].status.as_ref().map(|s| s.value.as_str()),
        Kind::Initiative => items.initiatives[i]
            .status
            .as_ref()
            .map(|s| s.value.as_str()),
        Kind::Decision => items.decisions[i].status.as_ref().map(|s| s.value.as_str()),
        Kind::Goal => items.goals[i].status.as_deref(),
        _ => None,
    }
}

fn progress(site: &Site, key: ItemKey) -> Option<Progress> {
    let t = &site.trace;
    let i = key.index;
    match key.kind {
        Kind::Epic => Some(t.epic_progress[i]),
        Kind::Initiative => Some(t.initiative_progress[i]),
        Kind::Goal => Some(t.goal_progress[i]),
        Kind::KeyResult => Some(t.key_result_progress[i]),
        Kind::Sprint => Some(t.sprint_progress[i]),
        _ => None,
    }
}

fn points(site: &Site, key: ItemKey) -> Option<String> {
    let points = match key.kind {
        Kind::Story => site.items.stories[key.index].points?,
        _ => return None,
    };
    Some(format!("{points} points"))
}

/// A milestone's date, or that it has none yet.
fn scheduled(site: &Site, key: ItemKey) -> Option<String> {
    if key.kind != Kind::Milestone {
        return None;
    }
    Some(match &site.items.milestones[key.index].date {
        Some(d) => format!("on {}", d.value),
        None => "not scheduled yet".to_owned(),
    })
}

/// A person's job title and the roles they hold.
fn job_title(site: &Site, key: ItemKey) -> Option<String> {
    if key.kind != Kind::Person {
        return None;
    }
    let person = &site.items.people[key.index];
    let roles: Vec<String> = site.trace.person_roles[key.index]
        .iter()
        .map(|&r| format!("`{}`", site.items.roles[r].meta.id.value))
        .collect();
    let holds = (!roles.is_empty()).then(|| format!("holds {}", crate::base::either(&roles)));
    let facts: Vec<String> = person.job_title.clone().into_iter().chain(holds).collect();
    (!facts.is_empty()).then(|| facts.join(" · "))
}

/// "3 of 8 stories done (38%), 5 of 21 points".
fn describe(p: &Progress) -> String {
    let mut text = format!("{} of {} stories done", p.stories_done, p.stories_total);
    if let Some(ratio) = p.ratio() {
        text.push_str(&format!(" ({:.0}%)", ratio * 100.0));
    }
    if p.points_total > 0 {
        text.push_str(&format!(", {} of {} points", p.points_done, p.points_total));
    }
    text
}
