//! A free Markdown page from `pages/`.

use super::Meta;

#[derive(Clone, Debug)]
pub struct Page {
    pub meta: Meta,
    /// Path below `pages/` without extension, with `/` separators.
    pub path: String,
    pub weight: Option<i64>,
}
