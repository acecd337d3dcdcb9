//! "Did you mean" among many candidates: an index that answers in microseconds
//! at 10,000 ids, where measuring the edit distance to every id took
//! milliseconds (`bench/did_you_mean.py`).
//!
//! Each candidate is kept folded (lower case, `0` as `o`, `1` as `l`) with three
//! summaries, in arrays of their own so that a question runs through them in
//! one tight pass: its length, the set of its characters and a count of its
//! characters by group. An edit changes the length by at most one, adds at most
//! one character the other word lacks (each way), and moves at most two counts;
//! a candidate whose summaries are further from the word's than the limit
//! allows cannot be within it, and is skipped without measuring.

use super::suggest::fold;

/// Candidates prepared once for many questions.
pub struct Nearest {
    lengths: Vec<u32>,
    sets: Vec<u64>,
    counts: Vec<[u8; 16]>,
    folded: Vec<Box<[char]>>,
    words: Vec<Box<str>>,
}

/// A word as the index compares it.
struct Folded {
    chars: Vec<char>,
    set: u64,
    counts: [u8; 16],
}

impl Folded {
    fn new(word: &str) -> Folded {
        let chars: Vec<char> = fold(word).collect();
        let (set, counts) = summaries(&chars);
        Folded { chars, set, counts }
    }
}

impl Nearest {
    pub fn new<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Nearest {
        let mut index = Nearest {
            lengths: Vec::new(),
            sets: Vec::new(),
            counts: Vec::new(),
            folded: Vec::new(),
            words: Vec::new(),
        };
        for word in candidates {
            let f = Folded::new(word);
            index.lengths.push(f.chars.len() as u32);
            index.sets.push(f.set);
            index.counts.push(f.counts);
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
        let q = Folded::new(word);
        let limit = (q.chars.len() / 3).max(1);
        let skip = |i: usize| *self.words[i] == *word || Some(&*self.words[i]) == except;
        let mut best: Option<(usize, usize)> = None;
        for i in 0..self.words.len() {
            if !self.within_reach(i, &q, limit) || skip(i) {
                continue;
            }
            let bound = best.map_or(limit, |(d, _)| d);
            let Some(d) = distance_within(&q.chars, &self.folded[i], bound) else {
                continue;
            };
            if best.is_none_or(|(bd, bi)| (d, &self.words[i]) < (bd, &self.words[bi])) {
                best = Some((d, i));
            }
        }
        match best {
            Some((1, i)) => Some(i),
            best => self.abbreviated(&q.chars, skip).or(best.map(|(_, i)| i)),
        }
    }

    /// Whether the summaries allow candidate `i` to be within `limit` edits.
    fn within_reach(&self, i: usize, q: &Folded, limit: usize) -> bool {
        let limit32 = limit as u32;
        if self.lengths[i].abs_diff(q.chars.len() as u32) > limit32 {
            return false;
        }
        let (set, missing) = (self.sets[i], q.set);
        if (missing & !set).count_ones() > limit32 || (set & !missing).count_ones() > limit32 {
            return false;
        }
        count_difference(&self.counts[i], &q.counts) <= 2 * limit32
    }

    /// The shortest candidate that `folded` begins, cut inside a word of
    /// letters: `sig-arch` for `sig-architecture`, never `E-1` for `E-12`.
    fn abbreviated(&self, folded: &[char], skip: impl Fn(usize) -> bool) -> Option<usize> {
        if folded.len() < 4 || !folded.last().is_some_and(|c| c.is_alphabetic()) {
            return None;
        }
        (0..self.words.len())
            .filter(|&i| {
                let c = &self.folded[i];
                !skip(i)
                    && c.len() > folded.len()
                    && c.starts_with(folded)
                    && c[folded.len()].is_alphabetic()
            })
            .min_by_key(|&i| (self.folded[i].len(), &self.words[i]))
    }
}

/// The set of a word's characters as bits (letters and digits one each, the
/// rest sharing the others), and its counts in 16 groups: the digits, `-`,
/// and the letters in a few groups. Shared bits and groups only make the
/// bounds looser, never wrong.
fn summaries(word: &[char]) -> (u64, [u8; 16]) {
    let mut set = 0u64;
    let mut counts = [0u8; 16];
    for &c in word {
        let (bit, group) = match c {
            'a'..='z' => (c as u32 - 'a' as u32, 10 + (c as u32 - 'a' as u32) % 5),
            '0'..='9' => (26 + c as u32 - '0' as u32, c as u32 - '0' as u32),
            '-' => (36, 15),
            c => (37 + c as u32 % 27, 15),
        };
        set |= 1 << bit;
        let count = &mut counts[group as usize];
        *count = count.saturating_add(1);
    }
    (set, counts)
}

/// How far apart two words' group counts are, in all: an edit moves it by at
/// most two. (Sixteen bytes: one vector instruction where the target has it.)
fn count_difference(a: &[u8; 16], b: &[u8; 16]) -> u32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| u32::from(x.abs_diff(*y)))
        .sum()
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
        let nearest = Nearest::new(ids.iter().map(String::as_str));
        let found = |word| nearest.find(word, None).map(|i| nearest.word(i));
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
