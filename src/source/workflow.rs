//! `[workflow]` of roadbook.toml: each kind's statuses in order, and which of
//! them mean finished (`done`: delivered; `dropped`: not delivered).
//!
//! Every question about a status's meaning is asked here, of [`Workflow`]:
//! progress, lateness, forecasts, velocity and "needs attention" read `done` and
//! `dropped`, so a team that calls its statuses `implemented` and `withdrawn`
//! keeps them. The default workflow's names are spelled in [`Workflow::default`]
//! and nowhere else.

use crate::base::Code;
use crate::base::did_you_mean;
use crate::base::{Diagnostic, Span, Spanned};
use crate::kinds::{Field, FieldType, Kind};
use crate::source::fields::Fields;

/// The keys of `[workflow]`, for help texts, JSON Schemas and editors.
pub const FIELDS: &[Field] = &[
    Field::optional(
        "initiative",
        FieldType::Texts,
        "The statuses of initiatives, in order.",
    ),
    Field::optional("epic", FieldType::Texts, "The statuses of epics, in order."),
    Field::optional(
        "story",
        FieldType::Texts,
        "The statuses of stories, in order.",
    ),
    Field::optional(
        "decision",
        FieldType::Texts,
        "The statuses of decision records, in order.",
    ),
    Field::optional(
        "done",
        FieldType::Texts,
        "The statuses that mean finished and delivered, of every kind; [\"shipped\", \"done\", \"accepted\"] by default.",
    ),
    Field::optional(
        "dropped",
        FieldType::Texts,
        "The statuses that mean finished and not delivered, of every kind; [\"dropped\", \"rejected\", \"superseded\"] by default.",
    ),
];

/// The kinds that have a workflow, with their key in `[workflow]`.
const KINDS: [(Kind, &str); 4] = [
    (Kind::Initiative, "initiative"),
    (Kind::Epic, "epic"),
    (Kind::Story, "story"),
    (Kind::Decision, "decision"),
];

/// What a status means, whatever it is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Not finished: still to do or under way (also an item without a status).
    Open,
    /// Finished and delivered (`[workflow] done`).
    Done,
    /// Finished and not delivered (`[workflow] dropped`): never late, never
    /// needs attention, counts in no progress.
    Dropped,
}

/// The allowed status values of each kind, in order, and their meaning.
#[derive(Clone, Debug)]
pub struct Workflow {
    pub initiative: Vec<String>,
    pub epic: Vec<String>,
    pub story: Vec<String>,
    pub decision: Vec<String>,
    /// Statuses that mean finished and delivered.
    pub done: Vec<String>,
    /// Statuses that mean finished and not delivered.
    pub dropped: Vec<String>,
}

fn owned(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

impl Default for Workflow {
    fn default() -> Workflow {
        Workflow {
            initiative: owned(&["exploring", "planned", "in-progress", "shipped", "dropped"]),
            epic: owned(&["todo", "in-progress", "done", "dropped"]),
            story: owned(&["draft", "ready", "in-progress", "done", "dropped"]),
            decision: owned(&["proposed", "accepted", "superseded", "rejected"]),
            done: owned(&["shipped", "done", "accepted"]),
            dropped: owned(&["dropped", "rejected", "superseded"]),
        }
    }
}

/// The status a decision has when a later decision replaced it: the one status
/// name the `superseded-without-successor` check reads. A decision workflow
/// without it has no such check; the default workflow spells it in its list.
pub const SUPERSEDED: &str = "superseded";

impl Workflow {
    /// The statuses of a kind that has a workflow; none for the others.
    pub fn statuses(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Initiative => &self.initiative,
            Kind::Epic => &self.epic,
            Kind::Story => &self.story,
            Kind::Decision => &self.decision,
            _ => &[],
        }
    }

    /// What a status means; an item without a status is open.
    pub fn stage(&self, status: Option<impl AsRef<str>>) -> Stage {
        match status.as_ref().map(AsRef::as_ref) {
            Some(s) if self.done.iter().any(|d| d == s) => Stage::Done,
            Some(s) if self.dropped.iter().any(|d| d == s) => Stage::Dropped,
            _ => Stage::Open,
        }
    }

    pub fn is_done(&self, status: Option<impl AsRef<str>>) -> bool {
        self.stage(status) == Stage::Done
    }

    pub fn is_dropped(&self, status: Option<impl AsRef<str>>) -> bool {
        self.stage(status) == Stage::Dropped
    }

    /// Done or dropped: nothing more will happen to it.
    pub fn is_finished(&self, status: Option<impl AsRef<str>>) -> bool {
        self.stage(status) != Stage::Open
    }

    /// The status a kind's items are in when they are being worked on: the last
    /// one before the first finished status, if that is not also the first status
    /// (`in-progress` in each default list). Stale items are read from it.
    pub fn in_progress(&self, kind: Kind) -> Option<&str> {
        let statuses = self.statuses(kind);
        let first_finished = statuses
            .iter()
            .position(|s| self.is_finished(Some(s)))
            .unwrap_or(statuses.len());
        (first_finished >= 2).then(|| statuses[first_finished - 1].as_str())
    }

    /// Whether a story in this status must have acceptance criteria and an
    /// estimate: any status after the first (the default's `ready` and later)
    /// that is not dropped.
    pub fn is_committed(&self, kind: Kind, status: Option<impl AsRef<str>>) -> bool {
        let Some(status) = status else {
            return false;
        };
        let status = status.as_ref();
        let position = self.statuses(kind).iter().position(|s| s == status);
        position.is_some_and(|p| p >= 1) && !self.is_dropped(Some(status))
    }

    /// The first status of a kind, for an item that has none.
    pub fn first(&self, kind: Kind) -> &str {
        self.statuses(kind).first().map_or("", String::as_str)
    }

    /// Reads `[workflow]`: a list that is given replaces its default. Problems are
    /// pushed to `w`.
    pub fn read(w: &mut Fields<'_, '_>) -> Workflow {
        let mut workflow = Workflow::default();
        let mut written = Vec::new();
        for (kind, key) in KINDS {
            let values = w.strings(key);
            if let Some(first) = values.first() {
                written.push((kind, first.span));
                *workflow.list_mut(kind) = values.into_iter().map(|s| s.value).collect();
            }
        }
        let done = w.strings("done");
        let dropped = w.strings("dropped");
        workflow.check_meanings(&done, &dropped, w);
        if !done.is_empty() {
            workflow.done = done.into_iter().map(|s| s.value).collect();
        }
        if !dropped.is_empty() {
            workflow.dropped = dropped.into_iter().map(|s| s.value).collect();
        }
        workflow.check_ends(&written, w);
        workflow
    }

    fn list_mut(&mut self, kind: Kind) -> &mut Vec<String> {
        match kind {
            Kind::Initiative => &mut self.initiative,
            Kind::Epic => &mut self.epic,
            Kind::Story => &mut self.story,
            _ => &mut self.decision,
        }
    }

    /// A `done` or `dropped` name that is no kind's status, or that is in both.
    fn check_meanings(
        &self,
        done: &[Spanned<String>],
        dropped: &[Spanned<String>],
        w: &mut Fields<'_, '_>,
    ) {
        let all: Vec<&str> = KINDS
            .iter()
            .flat_map(|(kind, _)| self.statuses(*kind))
            .map(String::as_str)
            .collect();
        for (list, name) in [(done, "done"), (dropped, "dropped")] {
            for status in list {
                if all.contains(&status.value.as_str()) {
                    continue;
                }
                let help = did_you_mean(&status.value, all.iter().copied()).map_or_else(
                    || "name statuses of [workflow].initiative, epic, story or decision".to_owned(),
                    |s| format!("did you mean `{s}`?"),
                );
                w.push(
                    Diagnostic::new(
                        Code::InvalidStatus,
                        format!(
                            "[workflow] {name} names `{}`, which is no kind's status",
                            status.value
                        ),
                    )
                    .at(status.span)
                    .help(help),
                );
            }
        }
        for status in dropped {
            if done.iter().any(|d| d.value == status.value) {
                w.push(
                    Diagnostic::new(
                        Code::InvalidStatus,
                        format!(
                            "`{}` is in both [workflow] done and dropped",
                            status.value
                        ),
                    )
                    .at(status.span)
                    .help("a finished item was either delivered (done) or not (dropped): keep it in one list"),
                );
            }
        }
    }

    /// A kind whose last status is neither done nor dropped: its items can never
    /// finish, so they would all read as late once their dates pass.
    fn check_ends(&self, written: &[(Kind, Span)], w: &mut Fields<'_, '_>) {
        for (kind, key) in KINDS {
            let Some(last) = self.statuses(kind).last() else {
                continue;
            };
            if self.is_finished(Some(last)) {
                continue;
            }
            let at = written.iter().find(|(k, _)| *k == kind);
            let whole = at.map_or_else(|| w.whole(), |(_, span)| *span);
            w.push(
                Diagnostic::new(
                    Code::WorkflowUnfinished,
                    format!(
                        "the last status of [workflow].{key}, `{last}`, is in neither [workflow] done nor dropped"
                    ),
                )
                .at(whole)
                .help(format!(
                    "add \"{last}\" to `done` (finished and delivered) or `dropped` (finished, not delivered); a list you set replaces its default, so repeat the default names you still use"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_workflow_means_what_the_spec_says() {
        let w = Workflow::default();
        assert!(w.is_done(Some("shipped")) && w.is_done(Some("done")));
        assert!(w.is_dropped(Some("superseded")) && !w.is_finished(Some("ready")));
        assert_eq!(w.in_progress(Kind::Initiative), Some("in-progress"));
        assert_eq!(w.in_progress(Kind::Epic), Some("in-progress"));
        assert!(w.is_committed(Kind::Story, Some("ready")));
        assert!(!w.is_committed(Kind::Story, Some("draft")));
        assert!(!w.is_committed(Kind::Story, Some("dropped")));
        assert!(w.statuses(Kind::Decision).iter().any(|s| s == SUPERSEDED));
    }
}
