//! Free pages from `pages/`: the id defaults to the file name, the title to the
//! first heading, and front matter is optional.

use super::fields::Fields;
use super::items::{Body, MarkdownFile, waivers};
use crate::base::{Span, Spanned};
use crate::kinds::reader::FieldReader;
use crate::kinds::{Item, Meta, Page};

pub(super) fn page(f: &mut Fields<'_, '_>, body: Body<'_>, md: &MarkdownFile<'_>) -> Option<Item> {
    let default_id = md
        .page_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let id = match f.string("id") {
        Some(id) => id,
        None => Spanned::new(default_id, Span::new(md.file, 0..3)),
    };
    f.set_what(format!("page `{}`", id.value), Some(&id.value));
    f.check_id(&id, false);
    let title = f
        .plain_string("title")
        .unwrap_or_else(|| first_heading(body.text).unwrap_or_else(|| id.value.clone()));
    let waivers = waivers(f);
    let draft = f.boolean("draft").unwrap_or(false);
    let reviewed = f.date("reviewed");
    f.allow("kind");
    Some(Item::Page(std::sync::Arc::new(Page {
        weight: f.integer("weight").map(|w| w.value),
        path: md.page_path.clone(),
        meta: Meta {
            id,
            title,
            body: body.shared,
            body_span: body.span,
            waivers,
            draft,
            reviewed,
        },
    })))
}

pub(super) fn page_without_front_matter(md: &MarkdownFile<'_>, body: Body<'_>) -> Page {
    let id = md
        .page_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    Page {
        weight: None,
        path: md.page_path.clone(),
        meta: Meta {
            title: first_heading(body.text).unwrap_or_else(|| id.clone()),
            id: Spanned::new(id, Span::new(md.file, 0..0)),
            body: body.shared,
            body_span: body.span,
            waivers: Vec::new(),
            draft: false,
            reviewed: None,
        },
    }
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|h| h.trim().to_owned())
}
