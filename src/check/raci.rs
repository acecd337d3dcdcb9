//! The RACI matrix and the ceremony matrix: one A, at least one R, known roles,
//! known letters; every role accountable or responsible for something.

use crate::base::Code;
use crate::base::did_you_mean;
use crate::base::{Diagnostic, Span};
use crate::kinds::activity::LETTERS;
use crate::kinds::{Activity, IdRef, Kind};
use crate::site::Site;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for column in &site.raci_columns {
        known_role(site, column, "the RACI columns", None, out);
    }
    for activity in &site.items.activities {
        check_activity(site, activity, out);
    }
    for ceremony in &site.items.ceremonies {
        for (role, _) in &ceremony.attendance {
            let subject = format!("ceremony `{}`", ceremony.meta.id.value);
            known_role(site, role, &subject, Some(&ceremony.meta.id.value), out);
        }
    }
    if !site.items.activities.is_empty() {
        roles_without_duty(site, out);
    }
}

fn check_activity(site: &Site, activity: &Activity, out: &mut Vec<Diagnostic>) {
    let id = activity.meta.id.value.as_str();
    let subject = format!("activity `{id}`");
    for cell in &activity.raci {
        known_role(site, &cell.role, &subject, Some(id), out);
        let letters = &cell.letters.value;
        let bad: String = letters.chars().filter(|c| !LETTERS.contains(*c)).collect();
        let repeated = LETTERS.chars().any(|l| letters.matches(l).count() > 1);
        if letters.is_empty() || !bad.is_empty() || repeated {
            let what = if letters.is_empty() {
                "is empty".to_owned()
            } else if !bad.is_empty() {
                format!("has \"{bad}\", which is not one of R, A, C, I")
            } else {
                "repeats a letter".to_owned()
            };
            let help = if bad.chars().all(|c| "raci".contains(c)) && !bad.is_empty() {
                format!(
                    "write the letters in capitals: \"{}\"",
                    letters.to_uppercase()
                )
            } else {
                "a cell holds R, A, C or I, or a combination such as \"AR\"; leave a role out to give it no part".to_owned()
            };
            out.push(
                Diagnostic::new(
                    Code::RaciLetter,
                    format!("the cell of `{}` in {subject} {what}", cell.role.value),
                )
                .at(cell.letters.span)
                .help(help)
                .about(id),
            );
        }
    }
    let accountable: Vec<&str> = activity
        .raci
        .iter()
        .filter(|c| c.has('A'))
        .map(|c| c.role.value.as_str())
        .collect();
    if accountable.len() != 1 {
        let message = if accountable.is_empty() {
            format!("{subject} has no accountable role (A)")
        } else {
            format!(
                "{subject} has {} accountable roles ({}); exactly one is accountable",
                accountable.len(),
                accountable.join(", ")
            )
        };
        out.push(
            Diagnostic::new(Code::RaciAccountable, message)
                .at(activity.raci_span)
                .help("give exactly one role an A: the one who answers for the outcome")
                .about(id)
                .lacking("raci"),
        );
    }
    if !activity.raci.iter().any(|c| c.has('R')) {
        out.push(
            Diagnostic::new(Code::RaciResponsible, format!("{subject} has no responsible role (R)"))
                .at(activity.raci_span)
                .help("give at least one role an R: the ones who do the work (\"AR\" if the accountable role does it)")
                .about(id)
                .lacking("raci"),
        );
    }
}

fn known_role(
    site: &Site,
    role: &IdRef,
    subject: &str,
    about: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    if site.find(&role.value, Kind::Role).is_some() || site.broken.defined.contains_key(&role.value)
    {
        return;
    }
    let roles: Vec<&str> = site.ids_of(Kind::Role).collect();
    let listed = super::links::existing(&roles).unwrap_or_else(|| roles.join(", "));
    let help = match did_you_mean(&role.value, roles.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? The roles with a charter are {listed}"),
        None => format!(
            "use a role with a charter ({listed}), or add a charter roles/{}.md with id = \"{}\"",
            role.value, role.value,
        ),
    };
    let mut d = Diagnostic::new(
        Code::UnknownRole,
        format!(
            "{subject} names the role `{}`, which has no charter",
            role.value
        ),
    )
    .at(role.span)
    .help(help);
    let columns = &site.raci_columns;
    if let (Some(first), Some(last)) = (columns.first(), columns.last())
        && first.span.file == last.span.file
        && !columns.iter().any(|c| c.span == role.span)
    {
        let span = Span {
            end: last.span.end,
            ..first.span
        };
        d = d.label(span, "the RACI's columns");
    }
    if let Some(id) = about {
        d = d.about(id);
    }
    out.push(d);
}

fn roles_without_duty(site: &Site, out: &mut Vec<Diagnostic>) {
    for role in &site.items.roles {
        let id = role.meta.id.value.as_str();
        let has_duty = site
            .items
            .activities
            .iter()
            .flat_map(|a| &a.raci)
            .any(|c| c.role.value == id && (c.has('A') || c.has('R')));
        if !has_duty {
            out.push(
                Diagnostic::new(
                    Code::RoleWithoutDuty,
                    format!("role `{id}` is accountable or responsible for no activity of the RACI matrix"),
                )
                .at(role.meta.id.span)
                .help(format!("give `{id}` an A or R in roles/raci.toml, or waive this with the reason"))
                .about(id)
                .unreferenced(),
            );
        }
    }
}
