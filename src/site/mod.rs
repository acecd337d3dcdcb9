//! The one owner of every item, keyed by id, with the derived links of [`Trace`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::base::Code;
use crate::base::{Diagnostic, Sources};
use crate::kinds::*;
use crate::source::config::Config;
use crate::source::{Broken, Item, Loaded};
mod suggest;
pub mod trace;

use trace::Trace;

/// Where an item lives in the [`Site`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemKey {
    pub kind: Kind,
    pub index: usize,
}

/// Everything a site holds, loaded once; pages and checks borrow from it.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub sources: Sources,
    pub vision: Option<Vision>,
    /// Every item, kind by kind.
    pub items: Items,
    /// `roles = [...]` of the RACI file: the matrix's column order, as written.
    pub raci_columns: Vec<IdRef>,
    pub trace: Trace,
    /// Ids of `draft = true` items left out of this build.
    pub unpublished: std::collections::HashSet<String>,
    /// What files that do not parse would have defined: checks hold back what
    /// follows only from their absence.
    pub broken: Broken,
    ids: HashMap<String, ItemKey>,
    /// Items whose id an item written before them holds (`duplicate-id`, when a
    /// site lowers it to a warning): their copy number, 2 for the second.
    shadowed: HashMap<ItemKey, u32>,
    /// "Did you mean" indexes of the ids, made when first asked.
    suggestions: suggest::IdSuggestions,
}

impl Site {
    /// Takes ownership of what was loaded, indexes ids and derives the trace.
    /// Returns the site and one diagnostic per duplicate id.
    pub fn new(root: PathBuf, loaded: Loaded) -> (Site, Vec<Diagnostic>) {
        let mut site = Site {
            root,
            config: loaded.config,
            sources: loaded.sources,
            vision: loaded.vision,
            items: Items::default(),
            raci_columns: Vec::new(),
            trace: Trace::default(),
            unpublished: Default::default(),
            broken: loaded.broken,
            ids: HashMap::new(),
            shadowed: HashMap::new(),
            suggestions: Default::default(),
        };
        let mut items = loaded.items;
        // Kinds declared `by_id` read best in id order (S-2 before S-10); RACI rows,
        // ceremonies and roles keep the order they were written in, and key results
        // follow their goals in the order written.
        items.sort_by_cached_key(|item| match item {
            Item::KeyResult(kr) => natural_key(&kr.goal_id),
            item => match (item.kind(), item.record()) {
                (Some(kind), Some(record)) if kind.decl().by_id => natural_key(&record.id().value),
                _ => NaturalKey::default(),
            },
        });
        for item in items {
            if let Some(columns) = site.items.push(item)
                && site.raci_columns.is_empty()
            {
                site.raci_columns = columns;
            }
        }
        site.join_key_results();
        let duplicates = site.index_ids();
        site.trace = Trace::resolve(&site);
        (site, duplicates)
    }

    /// Each key result to the goal it was written in, in the order written.
    fn join_key_results(&mut self) {
        let mut goals: HashMap<&str, usize> = HashMap::new();
        for (g, goal) in self.items.goals.iter().enumerate() {
            goals.entry(goal.meta.id.value.as_str()).or_insert(g);
        }
        let mut joined = vec![Vec::new(); self.items.goals.len()];
        for (k, kr) in self.items.key_results.iter_mut().enumerate() {
            if let Some(&g) = goals.get(kr.goal_id.as_str()) {
                // Items are shared with `serve`'s cache: written only when
                // different, which copies the one written.
                if kr.goal != g {
                    Arc::make_mut(kr).goal = g;
                }
                joined[g].push(k);
            }
        }
        for (goal, krs) in self.items.goals.iter_mut().zip(joined) {
            if goal.key_results != krs {
                Arc::make_mut(goal).key_results = krs;
            }
        }
    }

    /// The copy number of an item whose id an earlier item holds: 2 for the
    /// second. Its page gets a name of its own (`I-1~2.html`).
    pub fn copy_number(&self, key: ItemKey) -> Option<u32> {
        self.shadowed.get(&key).copied()
    }

    fn index_ids(&mut self) -> Vec<Diagnostic> {
        let mut duplicates = Vec::new();
        let mut ids = HashMap::with_capacity(self.item_count());
        let mut copies: HashMap<String, u32> = HashMap::new();
        let mut shadowed = HashMap::new();
        for key in self.keys() {
            let id = self.id_ref(key);
            if let Some(other) = ids.insert(id.value.clone(), key) {
                // The one written first (by file, then place) keeps the id; the
                // other is reported, pointing back at the first.
                let (first, second) = if self.id_ref(other).span <= id.span {
                    (other, key)
                } else {
                    (key, other)
                };
                let first_ref = self.id_ref(first);
                let second_ref = self.id_ref(second);
                duplicates.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!(
                            "the id `{}` is already used by {}",
                            id.value,
                            first.kind.a()
                        ),
                    )
                    .at(second_ref.span)
                    .label(first_ref.span, "first defined here")
                    .help(
                        "ids are unique across the whole site; give one of the two items a new id",
                    ),
                );
                ids.insert(id.value.clone(), first);
                let copy = copies.entry(id.value.clone()).or_insert(1);
                *copy += 1;
                shadowed.insert(second, *copy);
            }
        }
        self.ids = ids;
        self.shadowed = shadowed;
        duplicates.extend(self.case_collisions());
        duplicates
    }

    /// Ids of items with pages that differ only in case: on case-insensitive file
    /// systems (macOS, Windows) both would be written to the same file.
    fn case_collisions(&self) -> Vec<Diagnostic> {
        let mut seen: HashMap<(Kind, String), ItemKey> = HashMap::new();
        let mut out = Vec::new();
        for key in self
            .keys()
            .filter(|k| !matches!(k.kind, Kind::KeyResult | Kind::Activity | Kind::Ceremony))
        {
            let id = self.id_ref(key);
            let folded = match key.kind {
                Kind::Page => self.items.pages[key.index].path.to_lowercase(),
                _ => id.value.to_lowercase(),
            };
            match seen.get(&(key.kind, folded.clone())) {
                Some(&first) if self.id_ref(first).value != id.value => {
                    let other = self.id_ref(first);
                    out.push(
                        Diagnostic::new(
                            Code::IdCaseCollision,
                            format!(
                                "`{}` differs from `{}` only in case; on case-insensitive file systems both pages would be the same file",
                                id.value, other.value
                            ),
                        )
                        .at(id.span)
                        .help("rename one of the two"),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert((key.kind, folded), key);
                }
            }
        }
        out
    }

    pub fn item_count(&self) -> usize {
        Kind::ALL.iter().map(|&k| self.count(k)).sum()
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.items.count(kind)
    }

    /// Every item, kind by kind, in the order loaded.
    pub fn keys(&self) -> impl Iterator<Item = ItemKey> + '_ {
        Kind::ALL
            .iter()
            .copied()
            .flat_map(move |kind| (0..self.count(kind)).map(move |index| ItemKey { kind, index }))
    }

    /// The item an id names, if any.
    pub fn lookup(&self, id: &str) -> Option<ItemKey> {
        self.ids.get(id).copied()
    }

    /// The index of the item of `kind` named `id`.
    pub fn find(&self, id: &str, kind: Kind) -> Option<usize> {
        self.lookup(id).filter(|k| k.kind == kind).map(|k| k.index)
    }

    /// The help for a link to an id that names no item: a hint when the id is a
    /// draft left out of the build.
    pub fn draft_hint(&self, id: &str) -> Option<String> {
        self.unpublished.contains(id).then(|| {
            format!("`{id}` is a draft (draft = true), left out of the site; publish it, or build with --drafts")
        })
    }

    /// Every id of one kind, for "did you mean" suggestions.
    pub fn ids_of(&self, kind: Kind) -> impl Iterator<Item = &str> + '_ {
        (0..self.count(kind)).map(move |index| self.id_ref(ItemKey { kind, index }).value.as_str())
    }

    /// The common fields of an item; key results have none.
    pub fn meta(&self, key: ItemKey) -> Option<&Meta> {
        self.items.get(key.kind, key.index).meta()
    }

    /// Every id an item names, with the declared field that names it. A field
    /// that names items only where the site has some (a role's `holders`, before
    /// it has people) names nothing until then.
    pub fn links(&self, key: ItemKey) -> Vec<(&'static str, &IdRef)> {
        let mut links = self.items.get(key.kind, key.index).links();
        let decl = key.kind.decl();
        let names = |field: &str| match decl.field(field).map(|f| &f.ty) {
            Some(FieldType::IdsOrNames(kinds)) => kinds.iter().any(|&k| self.count(k) > 0),
            _ => true,
        };
        if decl.links().any(|(field, _)| !names(field)) {
            links.retain(|(field, _)| names(field));
        }
        links
    }

    /// Whether the site has people: then role holders and deciders may name them.
    pub fn has_people(&self) -> bool {
        !self.items.people.is_empty()
    }

    pub fn id_ref(&self, key: ItemKey) -> &IdRef {
        self.items.get(key.kind, key.index).id()
    }

    pub fn title(&self, key: ItemKey) -> &str {
        self.items.get(key.kind, key.index).title()
    }
}

/// A sort key that puts `S-2` before `S-10`.
pub type NaturalKey = (String, u64, String);

pub fn natural_key(id: &str) -> NaturalKey {
    let digits_at = id.find(|c: char| c.is_ascii_digit()).unwrap_or(id.len());
    let (prefix, rest) = id.split_at(digits_at);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (
        prefix.to_owned(),
        rest[..end].parse().unwrap_or(0),
        rest[end..].to_owned(),
    )
}
