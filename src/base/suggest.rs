//! "Did you mean …?": the nearest candidate by edit distance.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= limit || c.eq_ignore_ascii_case(word))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let known = ["title", "status", "points"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("stauts", known), Some("status"));
        assert_eq!(did_you_mean("acceptance", known), None);
        assert_eq!(did_you_mean("E-9", ["E-1", "E-19", "G-9"]), Some("E-1"));
        assert_eq!(did_you_mean("s-1", ["S-1"]), Some("S-1"));
    }
}
