//! Roadbook: a static site generator for product documentation.
//!
//! Data flows one way, and modules import only the layers below them:
//! [`base`] (spans, diagnostics, codes) ← [`markup`] ← [`kinds`] ←
//! [`source`] (files → items) ← [`site`] (the one owner, ids, trace) ←
//! [`history`] (changes between revisions) ← [`check`]
//! ← [`render`] ← [`output`] (the write path) ← [`build`] ← [`serve`] and
//! [`lsp`] (the language server) ← [`cli`].

pub mod base;
pub mod build;
pub mod check;
pub mod cli;
pub mod history;
pub mod kinds;
pub mod lsp;
pub mod markup;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod source;

pub use check::{Checked, Report, check_loaded, check_published, check_site};
pub use site::Site;
pub use source::LoadError;
