//! The overlay over every served page while the site has errors: each error's
//! code, message, file:line:col and help, in the pieces of `overlay.html`.

use std::path::Path;

use crate::base::{self, Diagnostic, Severity, Sources};
use crate::markup::escape;

/// The pieces of the overlay, one a line after the comment that describes them.
const TEMPLATE: &str = include_str!("overlay.html");

/// At most this many errors are listed; the terminal has them all.
const MOST: usize = 50;

/// The overlay for `diags`; `built` says whether a last good version of the
/// site is under it, or nothing yet.
pub(super) fn overlay_html(
    diags: &[Diagnostic],
    sources: &Sources,
    root: &Path,
    built: bool,
) -> String {
    let mut pieces = TEMPLATE.lines().filter(|l| !l.starts_with("<!--"));
    let mut piece = || pieces.next().expect("overlay.html has four pieces");
    let (frame, item, place, help) = (piece(), piece(), piece(), piece());
    let mut items = String::new();
    for d in diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .take(MOST)
    {
        let location = d.span.map(|s| {
            let src = sources.get(s.file);
            let (line, col) = src.line_col(s.start);
            format!("{}:{line}:{col}", base::display_path(root, &src.path))
        });
        let place =
            location.map_or_else(String::new, |l| fill(place, &[("__PLACE__", &escape(&l))]));
        let help = d.help.as_ref().map_or_else(String::new, |h| {
            fill(help, &[("__HELP__", &unbroken_quotes(h))])
        });
        items.push_str(&fill(
            item,
            &[
                ("__CODE__", d.code.name()),
                ("__MESSAGE__", &unbroken_quotes(&d.message)),
                ("__PLACE__", &place),
                ("__HELP__", &help),
            ],
        ));
    }
    let headline = if built {
        "The site has errors; this is the last good version. Fix them and save."
    } else {
        "The site has errors, so nothing is built yet. Fix them and save: this page then shows the site."
    };
    fill(frame, &[("__HEADLINE__", headline), ("__ITEMS__", &items)])
}

/// `text` escaped, with each `quoted` part (ids, field names) kept on one line:
/// a narrow screen would break `E-10` after its hyphen.
fn unbroken_quotes(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<span style=\"white-space:nowrap\">`");
            out.push_str(&escape(part));
            out.push_str("`</span>");
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

/// `template` with each placeholder replaced by its value in one pass, so a
/// value that happens to hold a placeholder's name is left as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((at, key, value)) = values
        .iter()
        .filter_map(|(key, value)| rest.find(key).map(|at| (at, *key, *value)))
        .min_by_key(|(at, _, _)| *at)
    {
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + key.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Code;

    #[test]
    fn each_error_gets_its_code_message_and_help_escaped() {
        let d = Diagnostic::new(Code::UnknownId, "names <E-9>").help("did you mean `E-1`?");
        let html = overlay_html(&[d], &Sources::default(), Path::new("."), false);
        assert!(html.starts_with("<div id=\"roadbook-overlay\""), "{html}");
        assert!(html.contains(">unknown-id</code>") && html.contains("names &lt;E-9&gt;"));
        assert!(
            html.contains(
                "help: did you mean <span style=\"white-space:nowrap\">`E-1`</span>?</em>"
            ),
            "{html}"
        );
        assert!(html.contains("nothing is built yet") && !html.contains("__"));
        assert!(!html.contains('\n'));
    }

    #[test]
    fn quoted_ids_stay_on_one_line() {
        assert_eq!(
            unbroken_quotes("names `E-10` in <x>"),
            "names <span style=\"white-space:nowrap\">`E-10`</span> in &lt;x&gt;"
        );
        assert_eq!(unbroken_quotes("one ` alone"), "one ` alone");
    }

    #[test]
    fn a_value_that_holds_a_placeholder_stays_as_it_is() {
        let filled = fill("<p>__A__ __B__</p>", &[("__A__", "__B__"), ("__B__", "b")]);
        assert_eq!(filled, "<p>__B__ b</p>");
    }
}
