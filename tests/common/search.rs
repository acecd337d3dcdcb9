//! Reads the search index a build wrote under `search/`, as `roadbook.js`
//! does: the manifest, the documents and the term shards.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

pub struct Doc {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub url: String,
    pub text: String,
}

pub struct Index {
    pub docs: Vec<Doc>,
    /// term → (document number, field: 2 id, 1 title, 0 text)
    pub terms: BTreeMap<String, Vec<(usize, u32)>>,
    pub manifest: Value,
}

/// The JSON argument of `RB_SEARCH.call(…);` in a script file.
fn argument(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let inner = text
        .trim()
        .strip_prefix("RB_SEARCH.")
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("{} is not an index script", path.display()));
    let args = &inner[inner.find('(').unwrap() + 1..];
    serde_json::from_str(&format!("[{args}]")).unwrap()
}

impl Index {
    pub fn read(out: &Path) -> Index {
        let dir = out.join("search");
        let manifest = argument(&dir.join("manifest.js")).remove(0);
        let count = manifest["count"].as_u64().unwrap() as usize;
        let files = manifest["starts"].as_array().unwrap().len();
        let mut docs = Vec::new();
        for n in 0..files {
            let args = argument(&dir.join(format!("docs-{n}.js")));
            for row in args[1].as_array().unwrap() {
                let s = |i: usize| row[i].as_str().unwrap().to_owned();
                docs.push(Doc {
                    id: s(0),
                    title: s(1),
                    kind: s(2),
                    url: s(3),
                    text: s(4),
                });
            }
        }
        assert_eq!(docs.len(), count);
        let mut terms = BTreeMap::new();
        for key in manifest["shards"].as_array().unwrap() {
            let args = argument(&dir.join(format!("t-{}.js", key.as_str().unwrap())));
            for (term, postings) in args[1].as_object().unwrap() {
                let mut at = 0u64;
                let list = postings
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        at += d.as_u64().unwrap();
                        ((at >> 2) as usize, (at & 3) as u32)
                    })
                    .collect();
                terms.insert(term.clone(), list);
            }
        }
        Index {
            docs,
            terms,
            manifest,
        }
    }

    pub fn doc(&self, id: &str) -> &Doc {
        self.docs
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{id} is not in the search index"))
    }

    /// The ids of the documents a term is found in.
    pub fn find(&self, term: &str) -> Vec<&str> {
        self.terms
            .get(term)
            .map(|l| l.iter().map(|&(n, _)| self.docs[n].id.as_str()).collect())
            .unwrap_or_default()
    }
}
