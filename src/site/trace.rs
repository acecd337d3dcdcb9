//! The goal → initiative → epic → story graph: parents, children, rollups.

use serde::Serialize;

use crate::kinds::{Kind, Story};
use crate::site::{ItemKey, Site};
use crate::source::workflow::{Stage, Workflow};

/// Delivery progress of a set of stories; dropped stories count in neither total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub stories_done: u32,
    pub stories_total: u32,
    pub points_done: u32,
    pub points_total: u32,
}

impl Progress {
    fn add_story(&mut self, story: &Story, workflow: &Workflow) {
        match workflow.stage(story.status.as_deref()) {
            Stage::Dropped => {}
            state => {
                let points = story.points.unwrap_or(0);
                self.stories_total += 1;
                self.points_total += points;
                if state == Stage::Done {
                    self.stories_done += 1;
                    self.points_done += points;
                }
            }
        }
    }

    pub fn add(&mut self, other: Progress) {
        self.stories_done += other.stories_done;
        self.stories_total += other.stories_total;
        self.points_done += other.points_done;
        self.points_total += other.points_total;
    }

    /// Share of stories done, 0..1; `None` for no stories.
    pub fn ratio(&self) -> Option<f64> {
        (self.stories_total > 0)
            .then(|| f64::from(self.stories_done) / f64::from(self.stories_total))
    }
}

/// Links resolved to indices, their reverses, and progress at every level.
#[derive(Debug, Default)]
pub struct Trace {
    pub story_epic: Vec<Option<usize>>,
    pub story_sprint: Vec<Option<usize>>,
    pub epic_initiative: Vec<Option<usize>>,
    /// Goals an initiative serves, directly or through one of their key results.
    pub initiative_goals: Vec<Vec<usize>>,
    pub initiative_key_results: Vec<Vec<usize>>,
    pub goal_initiatives: Vec<Vec<usize>>,
    pub key_result_initiatives: Vec<Vec<usize>>,
    pub initiative_epics: Vec<Vec<usize>>,
    pub epic_stories: Vec<Vec<usize>>,
    pub sprint_stories: Vec<Vec<usize>>,
    pub milestone_initiatives: Vec<Vec<usize>>,
    /// Stories that name each story in their `depends_on`.
    pub story_dependents: Vec<Vec<usize>>,
    pub epic_progress: Vec<Progress>,
    pub initiative_progress: Vec<Progress>,
    pub goal_progress: Vec<Progress>,
    pub key_result_progress: Vec<Progress>,
    pub sprint_progress: Vec<Progress>,
    pub total: Progress,
    /// The decisions that supersede each decision, in either direction: those
    /// that name it in their `supersedes`, and those its `superseded_by` names.
    pub decision_superseded_by: Vec<Vec<usize>>,
    /// The decisions that affect each item, in id order.
    pub decisions_of: std::collections::HashMap<ItemKey, Vec<usize>>,
    /// The decisions each role or person took (named in `deciders`), in id order.
    pub decisions_by: std::collections::HashMap<ItemKey, Vec<usize>>,
    /// The people who hold each role, as its `holders` name them (none where
    /// the site has no people).
    pub role_holders: Vec<Vec<usize>>,
    /// The roles each person holds.
    pub person_roles: Vec<Vec<usize>>,
}

impl Trace {
    /// Resolves every child → parent link that names an item of the right kind;
    /// the others are left out here and reported by the checks.
    pub fn resolve(site: &Site) -> Trace {
        let find = |id: &str, kind| site.find(id, kind);
        let story_epic: Vec<_> = site
            .items
            .stories
            .iter()
            .map(|s| s.epic.as_ref().and_then(|e| find(e, Kind::Epic)))
            .collect();
        let story_sprint: Vec<_> = site
            .items
            .stories
            .iter()
            .map(|s| s.sprint.as_ref().and_then(|e| find(e, Kind::Sprint)))
            .collect();
        let epic_initiative: Vec<_> = site
            .items
            .epics
            .iter()
            .map(|e| {
                e.initiative
                    .as_ref()
                    .and_then(|i| find(i, Kind::Initiative))
            })
            .collect();
        let mut initiative_goals = Vec::with_capacity(site.items.initiatives.len());
        let mut initiative_key_results = Vec::with_capacity(site.items.initiatives.len());
        for initiative in &site.items.initiatives {
            let mut goals = Vec::new();
            let mut krs = Vec::new();
            for target in &initiative.goals {
                match site.lookup(target) {
                    Some(k) if k.kind == Kind::Goal => goals.push(k.index),
                    Some(k) if k.kind == Kind::KeyResult => {
                        krs.push(k.index);
                        goals.push(site.items.key_results[k.index].goal);
                    }
                    _ => {}
                }
            }
            goals.sort_unstable();
            goals.dedup();
            krs.sort_unstable();
            krs.dedup();
            initiative_goals.push(goals);
            initiative_key_results.push(krs);
        }
        let milestone_initiatives = reverse_many(
            site.items.milestones.len(),
            site.items.initiatives.iter().map(|i| {
                i.milestones
                    .iter()
                    .filter_map(|m| find(m, Kind::Milestone))
                    .collect::<Vec<_>>()
            }),
        );
        let story_dependents = reverse_many(
            site.items.stories.len(),
            site.items.stories.iter().map(|s| {
                s.depends_on
                    .iter()
                    .filter_map(|d| find(d, Kind::Story))
                    .collect::<Vec<_>>()
            }),
        );
        let goal_initiatives =
            reverse_many(site.items.goals.len(), initiative_goals.iter().cloned());
        let key_result_initiatives = reverse_many(
            site.items.key_results.len(),
            initiative_key_results.iter().cloned(),
        );
        let initiative_epics = reverse_one(site.items.initiatives.len(), &epic_initiative);
        let epic_stories = reverse_one(site.items.epics.len(), &story_epic);
        let sprint_stories = reverse_one(site.items.sprints.len(), &story_sprint);

        let progress_of = |stories: &[usize]| {
            let mut p = Progress::default();
            for &s in stories {
                p.add_story(&site.items.stories[s], &site.config.workflow);
            }
            p
        };
        let epic_progress: Vec<Progress> = epic_stories.iter().map(|s| progress_of(s)).collect();
        let sum = |children: &[usize], of: &[Progress]| {
            let mut p = Progress::default();
            for &c in children {
                p.add(of[c]);
            }
            p
        };
        let initiative_progress: Vec<Progress> = initiative_epics
            .iter()
            .map(|e| sum(e, &epic_progress))
            .collect();
        let goal_progress = goal_initiatives
            .iter()
            .map(|i| sum(i, &initiative_progress))
            .collect();
        let key_result_progress = key_result_initiatives
            .iter()
            .map(|i| sum(i, &initiative_progress))
            .collect();
        let sprint_progress = sprint_stories.iter().map(|s| progress_of(s)).collect();
        let all: Vec<usize> = (0..site.items.stories.len()).collect();
        let decisions = |ids: &[crate::kinds::IdRef]| -> Vec<usize> {
            ids.iter().filter_map(|s| find(s, Kind::Decision)).collect()
        };
        let mut decision_superseded_by = reverse_many(
            site.items.decisions.len(),
            site.items
                .decisions
                .iter()
                .map(|d| decisions(&d.supersedes)),
        );
        for (d, by) in decision_superseded_by.iter_mut().enumerate() {
            by.extend(decisions(&site.items.decisions[d].superseded_by));
            by.sort_unstable();
            by.dedup();
        }
        let mut decisions_of: std::collections::HashMap<ItemKey, Vec<usize>> =
            std::collections::HashMap::new();
        for (d, decision) in site.items.decisions.iter().enumerate() {
            for target in decision.affects.iter().filter_map(|a| site.lookup(a)) {
                decisions_of.entry(target).or_default().push(d);
            }
        }
        let mut decisions_by: std::collections::HashMap<ItemKey, Vec<usize>> =
            std::collections::HashMap::new();
        for (d, decision) in site.items.decisions.iter().enumerate() {
            for decider in decision.deciders.iter().filter_map(|a| site.lookup(a)) {
                let took = decisions_by.entry(decider).or_default();
                if took.last() != Some(&d) {
                    took.push(d);
                }
            }
        }
        let role_holders: Vec<Vec<usize>> = site
            .items
            .roles
            .iter()
            .map(|r| {
                let mut people: Vec<usize> = r
                    .holders
                    .iter()
                    .filter_map(|h| find(h, Kind::Person))
                    .collect();
                people.dedup();
                people
            })
            .collect();
        let person_roles = reverse_many(site.items.people.len(), role_holders.iter().cloned());
        Trace {
            decision_superseded_by,
            decisions_of,
            decisions_by,
            role_holders,
            person_roles,
            total: progress_of(&all),
            story_epic,
            story_sprint,
            epic_initiative,
            initiative_goals,
            initiative_key_results,
            goal_initiatives,
            key_result_initiatives,
            initiative_epics,
            epic_stories,
            sprint_stories,
            milestone_initiatives,
            story_dependents,
            epic_progress,
            initiative_progress,
            goal_progress,
            key_result_progress,
            sprint_progress,
        }
    }
}

/// Children of each parent, from each child's one optional parent.
fn reverse_one(parents: usize, links: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); parents];
    for (child, parent) in links.iter().enumerate() {
        if let Some(p) = parent {
            out[*p].push(child);
        }
    }
    out
}

/// Children of each parent, from each child's list of parents.
fn reverse_many(parents: usize, links: impl Iterator<Item = Vec<usize>>) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); parents];
    for (child, ps) in links.enumerate() {
        for p in ps {
            out[p].push(child);
        }
    }
    out
}
