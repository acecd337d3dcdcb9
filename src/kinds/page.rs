//! A free Markdown page from `pages/`.

use super::Kind;
use super::Meta;
use super::decl::{Field, FieldType, KindDecl, PageDecl};

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Page,
    name: "page",
    slug: "page",
    article: "a page",
    plural: "Pages",
    table: false,
    folder: Some("pages"),
    title: "title",
    common: true,
    fields: &[Field::optional(
        "weight",
        FieldType::Integer,
        "Its place in the list of pages, lower first.",
    )],
    page: Some(PageDecl {
        folder: "pages",
        template: "page.html",
        section: "pages",
    }),
    decode: None,
    aka: &[],
    by_id: false,
    digit_ids: false,
};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Page {
    #[serde(flatten)]
    pub meta: Meta,
    /// Path below `pages/` without extension, with `/` separators.
    pub path: String,
    pub weight: Option<i64>,
}

impl super::Record for Page {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }
}
