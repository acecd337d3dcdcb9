//! Diagnostics as GitHub workflow commands, which annotate a pull request.
//! An annotation shows one place, so the others are named in its message.

use std::fmt::Write as _;

use super::Located;
use crate::base::diagnostic::Severity;

pub(super) fn render_github(l: &Located) -> String {
    let level = match l.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(file) = &l.file {
        props.push(format!("file={}", escape_property(file)));
    }
    if let Some(line) = l.line {
        props.push(format!("line={line}"));
    }
    if let Some(col) = l.column {
        props.push(format!("col={col}"));
    }
    props.push(format!("title={}", escape_property(l.code)));
    let mut message = format!("[{}] {}", l.code, l.message);
    for related in &l.related {
        let _ = write!(message, "; {}: {}", related.message, related.place());
    }
    if let Some(help) = l.help {
        message.push_str(" (help: ");
        message.push_str(help);
        message.push(')');
    }
    format!("::{level} {}::{}\n", props.join(","), escape_data(&message))
}

/// GitHub workflow command escaping for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub workflow command escaping for property values.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::format::Related;

    #[test]
    fn github_format_escapes_message_and_properties() {
        let l = Located {
            severity: Severity::Error,
            code: "unknown-id",
            message: "50% done\nnext",
            file: Some("a,b.md".into()),
            line: Some(3),
            column: Some(2),
            help: None,
            related: Vec::new(),
        };
        assert_eq!(
            render_github(&l),
            "::error file=a%2Cb.md,line=3,col=2,title=unknown-id::[unknown-id] 50%25 done%0Anext\n"
        );
    }

    #[test]
    fn github_format_names_the_other_places_in_the_message() {
        let l = Located {
            severity: Severity::Error,
            code: "duplicate-id",
            message: "the id `S-1` is already used by a story",
            file: Some("b.toml".into()),
            line: Some(2),
            column: Some(6),
            help: Some("give one a new id"),
            related: vec![Related {
                file: "a.md".into(),
                line: 2,
                column: 6,
                message: "first defined here",
            }],
        };
        assert_eq!(
            render_github(&l),
            "::error file=b.toml,line=2,col=6,title=duplicate-id::[duplicate-id] the id `S-1` is \
             already used by a story; first defined here: a.md:2:6 (help: give one a new id)\n"
        );
    }
}
