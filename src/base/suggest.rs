//! Words for messages: "did you mean …?" (the nearest candidate by edit
//! distance), "a, b or c", and a name with a capital.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Case costs nothing (`S-1` for `s-1`), nor does a digit typed for the letter
/// it looks like (`P0` for `po`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let folded = fold(word);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(&folded, &fold(c)), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Names as a help line lists them: `a`, `a or b`, `a, b or c`.
pub fn either(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| n.as_ref().to_owned()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// Lower case, with `0` as `o` and `1` as `l`.
fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c.to_ascii_lowercase() {
            '0' => 'o',
            '1' => 'l',
            c => c,
        })
        .collect()
}

/// `story` → `Story`, for the start of a sentence or a heading.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
        assert_eq!(did_you_mean("P0", ["pm", "po", "sm"]), Some("po"));
    }
}
