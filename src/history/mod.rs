//! History (SPEC §5): what changed between revisions of a site. This layer sits
//! above the site and below the checks; it knows nothing of git yet: reading
//! revisions from git is to come, and feeds [`change::changes`] two snapshots.

pub mod change;
pub mod git;
pub mod report;
pub mod revision;

pub use change::{Change, ChangeKind, FieldChange, Snapshot};
