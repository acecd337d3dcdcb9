//! Words for messages: "did you mean …?" (the nearest candidate by edit
//! distance), "a, b or c", and a name with a capital.

use super::nearest::Nearest;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Case costs nothing (`S-1` for `s-1`), nor does a digit typed for the letter
/// it looks like (`P0` for `po`). For many questions about the same candidates
/// (every unknown id of a site), build a [`Nearest`] once instead.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let nearest = Nearest::new(candidates.iter().copied());
    nearest.find_once(word).map(|i| candidates[i])
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
pub(super) fn fold(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().map(|c| match c.to_ascii_lowercase() {
        '0' => 'o',
        '1' => 'l',
        c => c,
    })
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
        assert_eq!(did_you_mean("stroy", ["story", "epic"]), Some("story"));
    }

    /// KEP owners write `sig-arch` for `sig-architecture`; an edit of two
    /// letters (`sig-auth`) is the worse guess. Numbers are not abbreviated.
    #[test]
    fn an_abbreviation_beats_a_far_edit() {
        let sigs = ["sig-auth", "sig-architecture", "sig-apps"];
        assert_eq!(did_you_mean("sig-arch", sigs), Some("sig-architecture"));
        assert_eq!(did_you_mean("sig-aps", sigs), Some("sig-apps"));
        assert_eq!(did_you_mean("E-1", ["E-123", "E-2"]), Some("E-2"));
    }
}
