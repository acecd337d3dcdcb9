//! The bottom layer: where things were written ([`Span`]), what is wrong with
//! them ([`Diagnostic`], with its typed [`Code`]), how that is printed, and "did
//! you mean". It knows nothing of item kinds or checks.

mod code;
mod diagnostic;
mod format;
mod nearest;
mod span;
mod suggest;
mod text;
pub mod timings;

pub use code::Code;
pub use diagnostic::{Diagnostic, FieldNote, Label, Severity};
pub use format::{
    CodeCount, Format, Located, display_path, eprint_human, is_flood, render, statistics,
    statistics_table, summary,
};
pub use nearest::Nearest;
pub use span::{FileId, SourceFile, Sources, Span, Spanned};
pub use suggest::{capitalised, did_you_mean, either};
pub use text::Text;
