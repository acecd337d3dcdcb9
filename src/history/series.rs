//! What the walk derives commit by commit besides the changes themselves: each
//! key result's measurements, each epic's and initiative's burn-up, and when the
//! parts of an item that its children depend on last changed.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use serde_json::Value;

use super::change::{Change, ChangeKind, ItemState};
use crate::kinds::Kind;
use crate::site::trace::Progress;
use crate::source::workflow::{Stage, Workflow};

/// The fields whose change asks the children of an item to be reviewed again:
/// its title, its body, a story's acceptance criteria and a key result's target.
fn is_content(kind: &str, field: &str) -> bool {
    let title = Kind::ALL
        .iter()
        .find(|k| k.slug() == kind)
        .map_or("title", |k| k.decl().title);
    field == title || matches!(field, "body" | "acceptance" | "target")
}

/// The series, keyed by item id; points are (commit index, value).
#[derive(Debug, Default)]
pub struct Series {
    /// What statuses mean, as the site says today.
    workflow: Workflow,
    /// `current` of each key result: its first value and every change.
    pub measured: HashMap<String, Vec<(usize, f64)>>,
    /// Delivery of each epic and initiative after every commit that moved it.
    pub burnup: HashMap<String, Vec<(usize, Progress)>>,
    /// The last commit that changed an item's content, and the fields it changed.
    /// A goal's entry includes its key results' targets and metrics.
    pub content: HashMap<String, (usize, Vec<String>)>,
    stories: HashMap<String, (Option<String>, Progress)>,
    epic_stories: HashMap<String, BTreeSet<String>>,
    epic_initiative: HashMap<String, String>,
    initiative_epics: HashMap<String, BTreeSet<String>>,
    epic_totals: HashMap<String, Progress>,
}

fn text(item: Option<&Arc<ItemState>>, field: &str) -> Option<String> {
    item.and_then(|i| i.text(field)).map(str::to_owned)
}

/// What one story adds to its epic's delivery; dropped stories add nothing.
fn contribution(story: &ItemState, workflow: &Workflow) -> Progress {
    let points = story
        .fields
        .get("points")
        .and_then(Value::as_u64)
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let mut p = Progress::default();
    match workflow.stage(story.text("status")) {
        Stage::Dropped => {}
        stage => {
            p.stories_total = 1;
            p.points_total = points;
            if stage == Stage::Done {
                p.stories_done = 1;
                p.points_done = points;
            }
        }
    }
    p
}

impl Series {
    pub fn new(workflow: Workflow) -> Series {
        Series {
            workflow,
            ..Series::default()
        }
    }

    /// Takes in what commit `at` changed; `now` gives an item as it is after it.
    pub fn record<'a>(
        &mut self,
        at: usize,
        changes: &[Change],
        now: impl Fn(&str) -> Option<&'a Arc<ItemState>>,
    ) {
        let mut epics = BTreeSet::new();
        let mut initiatives = BTreeSet::new();
        for change in changes {
            let item = match change.change {
                ChangeKind::Removed => None,
                _ => now(&change.id),
            };
            match change.kind {
                "key-result" => self.key_result(at, change, item),
                "story" => self.story(change, item, &mut epics),
                "epic" => {
                    self.epic(change, item, &mut initiatives);
                    epics.insert(change.id.clone());
                }
                "initiative" => {
                    initiatives.insert(change.id.clone());
                }
                _ => {}
            }
            if change.change == ChangeKind::Changed {
                self.content(at, change, item);
            }
        }
        for epic in epics {
            let total = self
                .epic_stories
                .get(&epic)
                .map_or_else(Progress::default, |set| {
                    let mut sum = Progress::default();
                    for s in set {
                        if let Some((_, p)) = self.stories.get(s) {
                            sum.add(*p);
                        }
                    }
                    sum
                });
            self.epic_totals.insert(epic.clone(), total);
            push(self.burnup.entry(epic.clone()).or_default(), at, total);
            if let Some(i) = self.epic_initiative.get(&epic) {
                initiatives.insert(i.clone());
            }
        }
        for initiative in initiatives {
            let mut sum = Progress::default();
            for e in self.initiative_epics.get(&initiative).into_iter().flatten() {
                sum.add(self.epic_totals.get(e).copied().unwrap_or_default());
            }
            push(self.burnup.entry(initiative).or_default(), at, sum);
        }
    }

    /// Moves a story between epics; both epics' delivery is counted again.
    fn story(
        &mut self,
        change: &Change,
        item: Option<&Arc<ItemState>>,
        epics: &mut BTreeSet<String>,
    ) {
        if let Some((Some(old), _)) = self.stories.remove(&change.id) {
            if let Some(set) = self.epic_stories.get_mut(&old) {
                set.remove(&change.id);
            }
            epics.insert(old);
        }
        let Some(story) = item else { return };
        let epic = story.text("epic").map(str::to_owned);
        if let Some(e) = &epic {
            self.epic_stories
                .entry(e.clone())
                .or_default()
                .insert(change.id.clone());
            epics.insert(e.clone());
        }
        self.stories.insert(
            change.id.clone(),
            (epic, contribution(story, &self.workflow)),
        );
    }

    /// Moves an epic between initiatives; both are counted again.
    fn epic(
        &mut self,
        change: &Change,
        item: Option<&Arc<ItemState>>,
        initiatives: &mut BTreeSet<String>,
    ) {
        if let Some(old) = self.epic_initiative.remove(&change.id) {
            if let Some(set) = self.initiative_epics.get_mut(&old) {
                set.remove(&change.id);
            }
            initiatives.insert(old);
        }
        if let Some(i) = text(item, "initiative") {
            self.initiative_epics
                .entry(i.clone())
                .or_default()
                .insert(change.id.clone());
            self.epic_initiative.insert(change.id.clone(), i.clone());
            initiatives.insert(i);
        }
    }

    /// Notes a change of content; a key result's counts for its goal too.
    fn content(&mut self, at: usize, change: &Change, item: Option<&Arc<ItemState>>) {
        let fields: Vec<String> = change
            .fields
            .iter()
            .filter(|f| is_content(change.kind, &f.field))
            .map(|f| f.field.clone())
            .collect();
        if fields.is_empty() {
            return;
        }
        if change.kind == "key-result"
            && let Some(goal) = text(item, "goal")
        {
            let entry = self.content.entry(goal).or_insert((at, Vec::new()));
            if entry.0 != at {
                *entry = (at, Vec::new());
            }
            for f in &fields {
                let named = format!("{f} of {}", change.id);
                if !entry.1.contains(&named) {
                    entry.1.push(named);
                }
            }
        }
        self.content.insert(change.id.clone(), (at, fields));
    }

    fn key_result(&mut self, at: usize, change: &Change, item: Option<&Arc<ItemState>>) {
        let measured = match change.change {
            ChangeKind::Added => item.and_then(|i| i.fields.get("current")),
            ChangeKind::Changed => change
                .fields
                .iter()
                .find(|f| f.field == "current")
                .map(|f| &f.to),
            ChangeKind::Removed => None,
        };
        if let Some(value) = measured.and_then(Value::as_f64) {
            self.measured
                .entry(change.id.clone())
                .or_default()
                .push((at, value));
        }
    }
}

/// Adds a point unless the series already ends with the same value.
fn push(series: &mut Vec<(usize, Progress)>, at: usize, value: Progress) {
    if series.last().map(|(_, p)| *p) != Some(value) {
        series.push((at, value));
    }
}
