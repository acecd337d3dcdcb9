//! Where every page goes. Pages are single files (`stories/S-12.html`), never
//! folders with an index, so links work from `file://` as well as from a server.

use crate::kinds::Kind;
use crate::site::{ItemKey, Site};

/// The folder of each kind's pages, from its declaration; key results are on
/// their goal's page, RACI rows and ceremonies on the roles page.
pub fn folder(kind: Kind) -> &'static str {
    match kind {
        Kind::KeyResult => Kind::Goal.decl().page.as_ref().map_or("", |p| p.folder),
        kind => kind.decl().page.as_ref().map_or("", |p| p.folder),
    }
}

/// The URL of an item, relative to the site root.
pub fn item_url(site: &Site, key: ItemKey) -> String {
    let id = &site.id_ref(key).value;
    match key.kind {
        Kind::KeyResult => {
            let goal = site.items.key_results[key.index].goal;
            format!("goals/{}.html#{id}", site.items.goals[goal].meta.id.value)
        }
        Kind::Activity => format!("roles.html#activity-{id}"),
        Kind::Ceremony => format!("roles.html#ceremony-{id}"),
        Kind::Page => format!(
            "{}/{}.html",
            folder(Kind::Page),
            site.items.pages[key.index].path
        ),
        // A second item of an id (duplicate-id lowered to a warning) keeps a page
        // of its own; `~` is never part of an id, so the name is free.
        kind => match site.copy_number(key) {
            Some(n) => format!("{}/{id}~{n}.html", folder(kind)),
            None => format!("{}/{id}.html", folder(kind)),
        },
    }
}

/// The prefix that leads from a page at `path` back to the site root: `""`,
/// `"../"`, `"../../"`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}
