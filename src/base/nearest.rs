//! "Did you mean" among many candidates: an index that answers in microseconds
//! at 10,000 ids, where measuring the edit distance to every id took
//! milliseconds (`cargo bench --bench did_you_mean`).
//!
//! Candidates are kept folded (lower case, `0` as `o`, `1` as `l`). Among many,
//! a question is answered from their *deletions* (the symmetric-delete method
//! of SymSpell): two words within `k` edits (insertions, deletions,
//! substitutions, swaps of neighbours) become the same word once at most `k`
//! characters are deleted from each. The index holds a hash of every way to
//! delete up to two characters from each candidate, sorted; a question looks up
//! its own deletions and measures only the candidates they lead to. Words
//! allowed more than two edits (nine characters and more), and small sets of
//! candidates, are measured one by one, skipping those whose length or set of
//! characters is too far from the word's.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use super::suggest::fold;

/// The most edits the deletion index answers for.
const INDEXED_EDITS: usize = 2;
/// Fewer candidates than this are measured one by one.
const FEW: usize = 64;

/// Candidates prepared once for many questions.
pub struct Nearest {
    lengths: Vec<u32>,
    sets: Vec<u64>,
    folded: Vec<Box<[char]>>,
    words: Vec<Box<str>>,
    /// Every candidate's deletions of at most one character and of exactly
    /// two, each packed in one number (see [`pack`]) so that making them is
    /// sorting numbers; each made on the first question that needs it (most
    /// typos are found with the first alone).
    deletions: [OnceLock<Vec<u64>>; INDEXED_EDITS],
    /// The candidates in folded order, for abbreviations.
    sorted: OnceLock<Vec<u32>>,
}

/// A deletion as the index keeps it: the top 32 bits of its hash (a collision
/// only brings a candidate to be measured), how many characters it deleted,
/// and the candidate.
fn pack(hash: u64, deleted: u8, candidate: usize) -> u64 {
    (hash >> 32) << 32 | u64::from(deleted) << 30 | candidate as u64
}

/// The most candidates the index can hold (30 bits of a packed deletion).
const MOST: usize = 1 << 30;

/// A word as the index compares it.
struct Folded {
    chars: Vec<char>,
    set: u64,
}

impl Folded {
    fn new(word: &str) -> Folded {
        let chars: Vec<char> = fold(word).collect();
        let set = char_set(&chars);
        Folded { chars, set }
    }
}

impl Nearest {
    pub fn new<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Nearest {
        let mut index = Nearest {
            lengths: Vec::new(),
            sets: Vec::new(),
            folded: Vec::new(),
            words: Vec::new(),
            deletions: Default::default(),
            sorted: OnceLock::new(),
        };
        for word in candidates {
            let f = Folded::new(word);
            index.lengths.push(f.chars.len() as u32);
            index.sets.push(f.set);
            index.folded.push(f.chars.into_boxed_slice());
            index.words.push(word.into());
        }
        index
    }

    /// The word of the candidate at `index`.
    pub fn word(&self, index: usize) -> &str {
        &self.words[index]
    }

    /// The candidate nearest to `word` (its place among the candidates), other
    /// than `word` itself and `except`: within a third of its length in edits
    /// (at least one), the nearest first, then the first in order of the text.
    /// A word that ends a letter short of a candidate (`sig-arch` of
    /// `sig-architecture`) is taken for its abbreviation when nothing is one
    /// edit away.
    pub fn find(&self, word: &str, except: Option<&str>) -> Option<usize> {
        self.find_in(word, except, self.words.len() >= FEW)
    }

    /// [`Nearest::find`] for a single question: measured one by one, which
    /// costs less than making the index it would use once.
    pub fn find_once(&self, word: &str) -> Option<usize> {
        self.find_in(word, None, false)
    }

    fn find_in(&self, word: &str, except: Option<&str>, many: bool) -> Option<usize> {
        let q = Folded::new(word);
        let limit = (q.chars.len() / 3).max(1);
        let skip = |i: usize| *self.words[i] == *word || Some(&*self.words[i]) == except;
        let indexed = many && limit <= INDEXED_EDITS && self.words.len() < MOST;
        let mut best: Option<(usize, usize)> = None;
        let consider = |i: usize, best: &mut Option<(usize, usize)>| {
            if skip(i) {
                return;
            }
            let bound = best.map_or(limit, |(d, _)| d);
            let Some(d) = distance_within(&q.chars, &self.folded[i], bound) else {
                return;
            };
            if best.is_none_or(|(bd, bi)| (d, &self.words[i]) < (bd, &self.words[bi])) {
                *best = Some((d, i));
            }
        };
        match indexed {
            // One edit first: a typo is found among a few candidates, and no
            // candidate further away can beat one found within it.
            true => {
                for edits in 1..=limit {
                    for i in self.near(&q.chars, edits) {
                        consider(i, &mut best);
                    }
                    if best.is_some_and(|(d, _)| d <= edits) {
                        break;
                    }
                }
            }
            false => {
                for i in (0..self.words.len()).filter(|&i| self.within_reach(i, &q, limit)) {
                    consider(i, &mut best);
                }
            }
        }
        match best {
            Some((d, i)) if d <= 1 => Some(i),
            best => self
                .abbreviated(&q.chars, indexed, skip)
                .or(best.map(|(_, i)| i)),
        }
    }

    /// The deletions of every candidate that deleted `edits` characters (one
    /// and none for 1, exactly two for 2), sorted.
    fn deletions(&self, edits: usize) -> &[u64] {
        self.deletions[edits - 1].get_or_init(|| {
            let mut deletions = Vec::with_capacity(self.words.len() * 8 * edits);
            for (i, word) in self.folded.iter().enumerate() {
                deletions_of(word, edits, &mut |hash, deleted| {
                    if edits == 1 || usize::from(deleted) == edits {
                        deletions.push(pack(hash, deleted, i));
                    }
                });
            }
            deletions.sort_unstable();
            deletions.dedup();
            deletions
        })
    }

    /// The candidates that share a deletion of at most `edits` characters
    /// with `word`: every candidate within `edits` edits, and some further
    /// ones; each once, in no order.
    fn near(&self, word: &[char], edits: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let levels: Vec<&[u64]> = (1..=edits).map(|e| self.deletions(e)).collect();
        deletions_of(word, edits, &mut |hash, _| {
            let key = hash >> 32;
            for level in &levels {
                let from = level.partition_point(|&d| d >> 32 < key);
                found.extend(
                    level[from..]
                        .iter()
                        .take_while(|&&d| d >> 32 == key)
                        .filter(|&&d| (d >> 30 & 3) as usize <= edits)
                        .map(|&d| (d & (MOST as u64 - 1)) as usize),
                );
            }
        });
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The candidates in folded order.
    fn sorted(&self) -> &[u32] {
        self.sorted.get_or_init(|| {
            let mut sorted: Vec<u32> = (0..self.words.len() as u32).collect();
            sorted.sort_unstable_by(|&a, &b| self.folded[a as usize].cmp(&self.folded[b as usize]));
            sorted
        })
    }

    /// Whether a candidate's length and characters allow it within `limit`
    /// edits: an edit changes the length by one and adds at most one character
    /// the other word lacks, each way.
    fn within_reach(&self, i: usize, q: &Folded, limit: usize) -> bool {
        let limit32 = limit as u32;
        let (set, missing) = (self.sets[i], q.set);
        self.lengths[i].abs_diff(q.chars.len() as u32) <= limit32
            && (missing & !set).count_ones() <= limit32
            && (set & !missing).count_ones() <= limit32
    }

    /// The shortest candidate that `folded` begins, cut inside a word of
    /// letters: `sig-arch` for `sig-architecture`, never `E-1` for `E-12`.
    fn abbreviated(
        &self,
        folded: &[char],
        indexed: bool,
        skip: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        if folded.len() < 4 || !folded.last().is_some_and(|c| c.is_alphabetic()) {
            return None;
        }
        let abbreviates = |i: usize| {
            let c = &self.folded[i];
            !skip(i)
                && c.len() > folded.len()
                && c.starts_with(folded)
                && c[folded.len()].is_alphabetic()
        };
        let shortest = |i: &usize| (self.folded[*i].len(), &self.words[*i]);
        match indexed {
            // The candidates that begin with it sit together in folded order.
            true => {
                let sorted = self.sorted();
                let from = sorted.partition_point(|&i| *self.folded[i as usize] < *folded);
                sorted[from..]
                    .iter()
                    .map(|&i| i as usize)
                    .take_while(|&i| self.folded[i].starts_with(folded))
                    .filter(|&i| abbreviates(i))
                    .min_by_key(shortest)
            }
            false => (0..self.words.len())
                .filter(|&i| abbreviates(i))
                .min_by_key(shortest),
        }
    }
}

/// Calls `each` with the hash of `word` and of every word made by deleting up
/// to `edits` of its characters (some more than once, where letters repeat),
/// and how many it deleted.
fn deletions_of(word: &[char], edits: usize, each: &mut impl FnMut(u64, u8)) {
    let hasher = foldhash::fast::FixedState::with_seed(0);
    let mut kept: Vec<char> = Vec::with_capacity(word.len());
    let mut delete = |skip: &[usize], kept: &mut Vec<char>| {
        kept.clear();
        kept.extend(
            word.iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(i))
                .map(|(_, c)| *c),
        );
        each(hasher.hash_one(&kept[..]), skip.len() as u8);
    };
    delete(&[], &mut kept);
    for a in 0..word.len() {
        if edits >= 1 {
            delete(&[a], &mut kept);
        }
        for b in a + 1..word.len() {
            if edits >= 2 {
                delete(&[a, b], &mut kept);
            }
        }
    }
}

/// The set of a word's characters as bits: letters and digits one each, the
/// rest sharing the others (a shared bit only makes the bound looser).
fn char_set(word: &[char]) -> u64 {
    word.iter().fold(0, |set, &c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            c => 36 + c as u32 % 28,
        };
        set | 1 << bit
    })
}

/// The edit distance of `a` and `b` (insertions, deletions, substitutions and
/// swaps of neighbours), if it is at most `limit`; stops as soon as every way
/// through is past it. Ids are short: their rows live on the stack.
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    const SHORT: usize = 48;
    if b.len() >= SHORT {
        let mut rows = vec![0; 3 * (b.len() + 1)];
        return distance_in(a, b, limit, &mut rows);
    }
    let mut rows = [0; 3 * SHORT];
    distance_in(a, b, limit, &mut rows[..3 * (b.len() + 1)])
}

fn distance_in(a: &[char], b: &[char], limit: usize, rows: &mut [usize]) -> Option<usize> {
    let width = b.len() + 1;
    let (mut before, rest) = rows.split_at_mut(width);
    let (mut above, mut row) = rest.split_at_mut(width);
    for (j, cell) in above.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        row[0] = i;
        let mut least = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (above[j] + 1).min(row[j - 1] + 1).min(above[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            least = least.min(d);
        }
        if least > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut above);
        std::mem::swap(&mut above, &mut row);
    }
    Some(above[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::{Nearest, distance_within, fold};

    /// The bounds that skip candidates never skip the nearest one.
    #[test]
    fn the_index_finds_what_measuring_every_candidate_finds() {
        let mut ids: Vec<String> = (1..=3000).map(|n| format!("S-{n}")).collect();
        ids.extend(["sig-auth", "sig-architecture", "KEP-1287"].map(String::from));
        // The same word but for case beats an abbreviation of a longer one.
        ids.extend(["Sig-Apps", "sig-appsxyz"].map(String::from));
        let nearest = Nearest::new(ids.iter().map(String::as_str));
        let found = |word| nearest.find(word, None).map(|i| nearest.word(i));
        assert_eq!(found("sig-apps"), Some("Sig-Apps"));
        for (word, want) in [
            ("S-12O4", "S-1204"),
            ("s-2999", "S-2999"),
            ("S-21345", "S-1345"),
        ] {
            assert_eq!(found(word), Some(want), "{word}");
        }
        for word in [
            "S-1x", "S-01", "S-3001", "E-17", "S-299a", "KEP-1278", "sig-atuh",
        ] {
            let folded: Vec<char> = fold(word).collect();
            let limit = (folded.len() / 3).max(1);
            let slow = ids
                .iter()
                .filter_map(|c| {
                    let f: Vec<char> = fold(c).collect();
                    distance_within(&folded, &f, limit).map(|d| (d, c.as_str()))
                })
                .min()
                .map(|(_, c)| c);
            assert_eq!(found(word), slow, "{word}");
            let once = nearest.find_once(word).map(|i| nearest.word(i));
            assert_eq!(once, slow, "{word}, measured one by one");
        }
    }

    #[test]
    fn distances_are_those_of_edits_and_swaps() {
        let d = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            distance_within(&a, &b, 9)
        };
        assert_eq!(d("story", "stroy"), Some(1));
        assert_eq!(d("status", "stauts"), Some(1));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(d("", "abc"), Some(3));
        let long = "x".repeat(60);
        assert_eq!(d(&long, &format!("{long}y")), Some(1));
    }
}
