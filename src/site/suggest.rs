//! "Did you mean" over the site's ids: one [`Nearest`] index per set of kinds a
//! link may name, built the first time an unknown id asks, then shared by every
//! later question (checks run side by side, so the indexes sit behind a lock).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::base::Nearest;
use crate::kinds::Kind;
use crate::site::Site;

#[derive(Default)]
pub struct IdSuggestions {
    by_kinds: Mutex<HashMap<Vec<Kind>, Arc<Nearest>>>,
}

impl Site {
    /// The id of one of `kinds` nearest to `word`, other than `except`.
    pub fn nearest_id(&self, word: &str, kinds: &[Kind], except: Option<&str>) -> Option<&str> {
        let index = {
            let mut by_kinds = self
                .suggestions
                .by_kinds
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let made = by_kinds.entry(kinds.to_vec()).or_insert_with(|| {
                Arc::new(Nearest::new(kinds.iter().flat_map(|&k| self.ids_of(k))))
            });
            Arc::clone(made)
        };
        let found = index.find(word, except)?;
        // The site's own copy of the id, which outlives the index's.
        let key = self.lookup(index.word(found))?;
        Some(self.id_ref(key).value.as_str())
    }
}
