//! Every diagnostic code: a typed constant with its stable name, its default
//! severity, what it means and its page (`codes/NAME.md`), declared once in the
//! table below. A typo in a code
//! does not compile; `roadbook explain`, `[checks]`, waivers, SARIF rules and the
//! README's list all read this table.

use super::diagnostic::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        /// A stable diagnostic code, such as `orphan-story`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, errors first, in the order the README lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The name users write in `[checks]`, `waive` and `roadbook explain`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity the code has unless `[checks]` says otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the code means, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// Its page, `codes/NAME.md`: what it means, an example, the fix.
            /// Compiled in, so a code without a page does not build.
            pub fn docs(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("codes/", $name, ".md")),)*
                }
            }
        }
    };
}

codes! {
    ParseError = "parse-error", Error, "TOML or front matter that does not parse";
    UnreadableFile = "unreadable-file", Error, "a source file or folder that cannot be read";
    InvalidUtf8 = "invalid-utf8", Error, "a source file that is not UTF-8 text";
    MissingField = "missing-field", Error, "a required field is missing";
    UnknownField = "unknown-field", Error, "a field, table or check name that Roadbook does not know";
    WrongType = "wrong-type", Error, "a value of the wrong type";
    InvalidStatus = "invalid-status", Error, "a status that is not in the workflow";
    InvalidValue = "invalid-value", Error, "a value outside its allowed set";
    InvalidDate = "invalid-date", Error, "a date that is not a TOML date";
    InvalidId = "invalid-id", Error, "an id that is not of the form [A-Za-z][A-Za-z0-9_.-]*";
    EndBeforeStart = "end-before-start", Error, "an end date before its start, or only one of the two";
    UnknownKind = "unknown-kind", Error, "a Markdown file whose kind cannot be told";
    DuplicateId = "duplicate-id", Error, "an id used by two items";
    IdCaseCollision = "id-case-collision", Error, "ids of pages that differ only in case";
    UnknownId = "unknown-id", Error, "a link to an id that does not exist";
    WrongKind = "wrong-kind", Error, "a link to an item of the wrong kind";
    DependencyCycle = "dependency-cycle", Error, "a cycle in depends_on";
    RaciAccountable = "raci-accountable", Error, "a RACI activity without exactly one A";
    RaciResponsible = "raci-responsible", Error, "a RACI activity without an R";
    RaciLetter = "raci-letter", Error, "a RACI cell with letters other than R, A, C, I";
    UnknownRole = "unknown-role", Error, "a RACI or ceremony cell naming a role that has no charter";
    UnknownPerson = "unknown-person", Error, "a role holder that names no person, where the site has people";
    StoryWithoutAcceptance = "story-without-acceptance", Error, "a story in ready or later without acceptance criteria";
    BrokenReference = "broken-reference", Error, "a [[ID]] or [text](ID) reference to an unknown id";
    InvalidWaiver = "invalid-waiver", Error, "a waiver of an unknown code, of an error, or without a reason";
    TemplateError = "template-error", Error, "a template that does not render";
    SupersededWithoutSuccessor = "superseded-without-successor", Error, "a superseded decision that no decision supersedes";
    SupersedeMismatch = "supersede-mismatch", Error, "a decision's superseded_by and the other decision's supersedes that disagree";
    OrphanStory = "orphan-story", Warning, "a story without an epic";
    OrphanEpic = "orphan-epic", Warning, "an epic without an initiative";
    OrphanInitiative = "orphan-initiative", Warning, "an initiative without a goal";
    GoalUnserved = "goal-unserved", Warning, "a goal that no initiative serves";
    EpicWithoutStories = "epic-without-stories", Warning, "an epic without stories";
    GoalWithoutKeyResults = "goal-without-key-results", Warning, "a goal on track that has no key results to show it";
    KeyResultIncomplete = "key-result-incomplete", Warning, "a key result without baseline, target or unit";
    StoryWithoutEstimate = "story-without-estimate", Warning, "a story in ready or later without points";
    NowDependsOnLater = "now-depends-on-later", Warning, "a now initiative that depends on a later one";
    RoleWithoutDuty = "role-without-duty", Warning, "a role that is accountable or responsible for nothing";
    SuspectLink = "suspect-link", Warning, "an item whose parent changed after it was last changed or reviewed";
    StaleItem = "stale-item", Warning, "a key result not measured, or an item in progress not changed, for stale_after_days";
    UnknownLanguage = "unknown-language", Warning, "a code block in a language neither GitHub nor Roadbook knows";
    UnusedWaiver = "unused-waiver", Warning, "a waiver of a warning that the item does not have";
    WorkflowUnfinished = "workflow-unfinished", Warning, "a workflow whose last status is neither done nor dropped";
    SupersededNotDropped = "superseded-not-dropped", Warning, "a decision that another supersedes whose status is not a dropped one";
}

impl Code {
    /// The first paragraph of its page, on one line: what the code means.
    pub fn intro(self) -> String {
        let page = self.docs();
        let paragraph = page.split("\n\n").next().unwrap_or(page);
        paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The code of this name, as written in `[checks]` or a waiver.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Every name, for "did you mean" suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Code::ALL.iter().map(|c| c.name())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_again() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(*code));
        }
        let mut names: Vec<&str> = Code::names().collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn errors_come_before_warnings() {
        let first_warning = Code::ALL
            .iter()
            .position(|c| c.default_severity() == Severity::Warning)
            .unwrap();
        assert!(
            Code::ALL[first_warning..]
                .iter()
                .all(|c| c.default_severity() == Severity::Warning)
        );
    }
}
