//! People as the rest of the site names them: a role's holder that names no
//! person, where the site has people. The message and its help are here; the
//! link check finds the holder.

use crate::base::{Code, Diagnostic, did_you_mean};
use crate::kinds::{IdRef, Kind};
use crate::site::Site;

/// Item `from` of `kind` names `target` in `field`, and no person has that id.
pub(super) fn unknown_person(
    site: &Site,
    (kind, from): (Kind, &str),
    field: &str,
    target: &IdRef,
) -> Diagnostic {
    let written = target.value.as_str();
    let ids: Vec<&str> = site.ids_of(Kind::Person).collect();
    let help = match (by_name(site, written), did_you_mean(written, ids.iter().copied())) {
        _ if site.unpublished.contains(written) => site.draft_hint(written).unwrap_or_default(),
        (Some((id, name)), _) => format!(
            "name people by their id where the site has people: did you mean `{id}` ({name})?"
        ),
        (None, Some(id)) => match super::links::existing(&ids).filter(|_| ids.len() >= 3) {
            Some(list) => format!("did you mean `{id}`? The people are {list}"),
            None => format!("did you mean `{id}`?"),
        },
        (None, None) => match super::links::existing(&ids) {
            Some(list) => format!(
                "name one of the people ({list}), or add them to people/ first as a [[person]] with an id and a name"
            ),
            None => "name a person of people/ by their id, or add them there first as a [[person]] with an id and a name".to_owned(),
        },
    };
    Diagnostic::new(
        Code::UnknownPerson,
        format!(
            "{} `{from}` names `{written}` in `{field}`, but no person has that id",
            kind.name()
        ),
    )
    .at(target.span)
    .help(help)
    .about(from)
}

/// The person a display string such as `Ana Ruiz <ana@example.com>` means: the
/// one with that address, else with that name (ignoring case).
fn by_name<'s>(site: &'s Site, written: &str) -> Option<(&'s str, &'s str)> {
    let (name, email) = match written.split_once('<') {
        Some((name, rest)) => (
            name.trim(),
            Some(rest.trim_end().trim_end_matches('>').trim()),
        ),
        None => (written.trim(), None),
    };
    let people = &site.items.people;
    let found = email
        .and_then(|e| {
            people.iter().find(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|pe| pe.eq_ignore_ascii_case(e))
            })
        })
        .or_else(|| {
            people
                .iter()
                .find(|p| !name.is_empty() && p.meta.title.to_lowercase() == name.to_lowercase())
        })?;
    Some((found.meta.id.value.as_str(), found.meta.title.as_str()))
}
