//! Rendered Markdown kept between the builds of `serve`, and the renderer that
//! goes through it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::{ResolvedLink, render_tracked, resolve_link, unwrap_paragraph};
use crate::render::urls::item_url;
use crate::site::Site;

/// Rendered Markdown with a digest of its bytes, so that a page can be
/// fingerprinted without hashing its Markdown again. The digest comes from the
/// bytes, not from when they were made: the same body rendered twice, for two
/// pages or by two builds, fingerprints the same.
#[derive(Clone, Debug)]
pub struct Html {
    pub text: Arc<str>,
    pub digest: u128,
}

/// Serialised as its text, for the templates.
impl serde::Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Html {
    fn new(text: String) -> Html {
        Html {
            digest: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
            text: text.into(),
        }
    }
}

struct CacheEntry {
    root: String,
    body: String,
    inline: bool,
    sanitize: bool,
    links: Vec<ResolvedLink>,
    html: Html,
    /// The link table under which `links` were last found to resolve as
    /// recorded: while the site's table is the same, they still do.
    checked_under: AtomicU64,
    /// The last build that used the entry.
    used: AtomicU64,
}

/// Bodies rendered by earlier builds, kept by `serve`: a body is rendered again
/// only when its text changed or an item it links to changed its title or URL
/// (or came or went). Entries not used by a build are dropped after it.
///
/// A page in a rebuild looks up every body it shows, so a hit must be cheap: it
/// compares the text and marks the entry used, without a lock; the links are
/// resolved again only when some item's id, URL or title changed since.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<u64, Arc<CacheEntry>>,
    /// Entries made by this build, kept from the next one on; one per key, so
    /// that a body many pages show is held once.
    added: Mutex<HashMap<u64, Arc<CacheEntry>>>,
    build: u64,
    /// A hash of every item's id, URL and title in this build.
    link_table: u64,
    /// The highlighting theme the entries were rendered with: code's classes
    /// name its colours.
    highlight_theme: String,
}

impl Cache {
    /// Starts a build of `site`.
    pub fn begin(&mut self, site: &Site) {
        self.build += 1;
        self.link_table = link_table(site);
        let theme = &site.config.build.highlight_theme;
        if *theme != self.highlight_theme {
            self.entries.clear();
            self.highlight_theme.clone_from(theme);
        }
    }

    /// Ends a build: what it used is what the next one may reuse.
    pub fn finish(&mut self) {
        let build = self.build;
        self.entries
            .retain(|_, e| e.used.load(Ordering::Relaxed) == build);
        let added = std::mem::take(self.added.get_mut().unwrap_or_else(|e| e.into_inner()));
        self.entries.extend(added);
    }

    fn get(&self, key: u64, site: &Site, body: &str, root: &str, inline: bool) -> Option<&Html> {
        let entry = self.entries.get(&key)?;
        let same = entry.body == body
            && entry.root == root
            && entry.inline == inline
            && entry.sanitize == site.config.build.sanitize_html;
        if !same {
            return None;
        }
        if entry.checked_under.load(Ordering::Relaxed) != self.link_table {
            let resolved = entry
                .links
                .iter()
                .all(|l| resolve_link(site, l.link_type, &l.dest) == l.target);
            if !resolved {
                return None;
            }
            entry
                .checked_under
                .store(self.link_table, Ordering::Relaxed);
        }
        // Bodies shared by many pages are looked up from both threads at once:
        // write the mark only once per build.
        if entry.used.load(Ordering::Relaxed) != self.build {
            entry.used.store(self.build, Ordering::Relaxed);
        }
        Some(&entry.html)
    }

    fn add(&self, key: u64, entry: CacheEntry) {
        self.added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::new(entry));
    }
}

/// A hash of what every link to an item resolves to: each item's id, URL and
/// title, independent of their order.
fn link_table(site: &Site) -> u64 {
    site.keys()
        .map(|key| {
            let url = item_url(site, key);
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for part in [site.id_ref(key).value.as_str(), &url, site.title(key)] {
                h.update(&(part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
            h.digest()
        })
        .fold(0u64, u64::wrapping_add)
}

/// Renders the Markdown of one site, through a [`Cache`] when there is one.
#[derive(Clone, Copy)]
pub struct Markdown<'a> {
    pub site: &'a Site,
    pub cache: Option<&'a Cache>,
}

impl<'a> Markdown<'a> {
    /// Renders one Markdown body for a page whose links start with `root`.
    /// What the cache holds is lent, not copied: a body that thousands of
    /// pages show is not counted by thousands of references from both threads.
    pub fn render(&self, body: &str, root: &str) -> Cow<'a, Html> {
        self.render_cached(body, root, false)
    }

    /// Renders a one-line Markdown fragment (an acceptance criterion) without the
    /// paragraph around it.
    pub fn render_inline(&self, text: &str, root: &str) -> Cow<'a, Html> {
        self.render_cached(text, root, true)
    }

    fn render_cached(&self, body: &str, root: &str, inline: bool) -> Cow<'a, Html> {
        let made = |links: &mut Vec<ResolvedLink>| {
            let html = render_tracked(self.site, body, root, links);
            Html::new(if inline { unwrap_paragraph(html) } else { html })
        };
        let Some(cache) = self.cache else {
            return Cow::Owned(made(&mut Vec::new()));
        };
        // Entries are compared in full before use, so the key only has to spread
        // bodies, not to tell them apart: a cheap key, not a hash of the whole text.
        let bytes = body.as_bytes();
        let (head, tail) = (
            &bytes[..bytes.len().min(64)],
            &bytes[bytes.len().saturating_sub(64)..],
        );
        let key = foldhash::fast::FixedState::with_seed(0).hash_one((root, head, tail, inline));
        if let Some(html) = cache.get(key, self.site, body, root, inline) {
            return Cow::Borrowed(html);
        }
        let mut links = Vec::new();
        let html = made(&mut links);
        cache.add(
            key,
            CacheEntry {
                root: root.to_owned(),
                body: body.to_owned(),
                inline,
                sanitize: self.site.config.build.sanitize_html,
                links,
                html: html.clone(),
                checked_under: AtomicU64::new(cache.link_table),
                used: AtomicU64::new(cache.build),
            },
        );
        Cow::Owned(html)
    }
}
