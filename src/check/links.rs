//! Links between items: unknown ids, links to the wrong kind, cycles in depends_on.

use crate::base::Code;
use crate::base::Diagnostic;
use crate::base::either;
use crate::kinds::{IdRef, Kind};
use crate::site::Site;

/// One link written in an item: which item, which field, what it may name.
struct Link<'a> {
    from: &'a str,
    from_kind: Kind,
    field: &'static str,
    target: &'a IdRef,
    expected: &'static [Kind],
}

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for link in links(site) {
        check_link(site, &link, out);
    }
    let story_deps: Vec<&[IdRef]> = site
        .items
        .stories
        .iter()
        .map(|s| s.depends_on.as_slice())
        .collect();
    cycles(site, Kind::Story, &story_deps, out);
    let initiative_deps: Vec<&[IdRef]> = site
        .items
        .initiatives
        .iter()
        .map(|i| i.depends_on.as_slice())
        .collect();
    cycles(site, Kind::Initiative, &initiative_deps, out);
}

/// Every link of every item, with the kinds its field may name, read from the
/// kinds' declarations.
fn links(site: &Site) -> Vec<Link<'_>> {
    let mut links = Vec::new();
    for key in site.keys() {
        let decl = key.kind.decl();
        let from = site.id_ref(key).value.as_str();
        for (field, target) in site.links(key) {
            let expected = decl
                .links()
                .find(|(name, _)| *name == field)
                .map_or(&[][..], |(_, kinds)| kinds);
            debug_assert!(
                !expected.is_empty(),
                "{}.{field} is not declared as a link",
                decl.name
            );
            links.push(Link {
                from,
                from_kind: key.kind,
                field,
                target,
                expected,
            });
        }
    }
    links
}

fn expected_names(expected: &[Kind]) -> String {
    expected
        .iter()
        .map(|k| k.a())
        .collect::<Vec<_>>()
        .join(" or ")
}

fn check_link(site: &Site, link: &Link<'_>, out: &mut Vec<Diagnostic>) {
    let id = link.target.value.as_str();
    let subject = format!("{} `{}`", link.from_kind.name(), link.from);
    match site.lookup(id) {
        Some(key) if link.expected.contains(&key.kind) => {}
        Some(key) => {
            let example = link.expected.iter().flat_map(|&k| site.ids_of(k)).next();
            let help = match example {
                Some(e) => format!(
                    "`{}` must name {}, such as `{e}`",
                    link.field,
                    expected_names(link.expected)
                ),
                None => format!(
                    "`{}` must name {}",
                    link.field,
                    expected_names(link.expected)
                ),
            };
            out.push(
                Diagnostic::new(
                    Code::WrongKind,
                    format!(
                        "{subject} names `{id}` in `{}`, but `{id}` is {}",
                        link.field,
                        key.kind.a()
                    ),
                )
                .at(link.target.span)
                .help(help)
                .about(link.from),
            );
        }
        // Defined in a file that does not parse: its parse error says what to fix.
        None if site.broken.defined.contains_key(id) => {}
        None if link.expected == [Kind::Person] => {
            let from = (link.from_kind, link.from);
            out.push(super::people::unknown_person(
                site,
                from,
                link.field,
                link.target,
            ));
        }
        None => {
            // Listed in the help when there are few; not gathered otherwise, so
            // that an unknown id costs little on a site of 10,000.
            let few = link.expected.iter().map(|&k| site.count(k)).sum::<usize>() <= LISTED + 1;
            let candidates: Vec<&str> = match few {
                true => link
                    .expected
                    .iter()
                    .flat_map(|&k| site.ids_of(k))
                    .filter(|c| *c != link.from)
                    .collect(),
                false => Vec::new(),
            };
            let kinds = link
                .expected
                .iter()
                .map(|k| k.decl().plural.to_lowercase())
                .collect::<Vec<_>>()
                .join(" and ");
            let help = match site.nearest_id(id, link.expected, Some(link.from)) {
                _ if site.unpublished.contains(id) => site.draft_hint(id).unwrap_or_default(),
                // With the others, when there are a few to choose from.
                Some(s) => match existing(&candidates).filter(|_| candidates.len() >= 3) {
                    Some(list) => format!("did you mean `{s}`? The {kinds} are {list}"),
                    None => format!("did you mean `{s}`?"),
                },
                None => match existing(&candidates) {
                    Some(list) => format!(
                        "`{}` must name {}: {list}",
                        link.field,
                        expected_names(link.expected)
                    ),
                    None => format!(
                        "`{}` must name {} that exists",
                        link.field,
                        expected_names(link.expected)
                    ),
                },
            };
            out.push(
                Diagnostic::new(
                    Code::UnknownId,
                    format!(
                        "{subject} names `{id}` in `{}`, but no item has that id",
                        link.field
                    ),
                )
                .at(link.target.span)
                .help(help)
                .about(link.from),
            );
        }
    }
}

/// The ids a link may name, when they are few enough to list: `dev, pm, po or sm`.
/// The most ids a help lists.
const LISTED: usize = 12;

pub fn existing(ids: &[&str]) -> Option<String> {
    if ids.is_empty() || ids.len() > LISTED {
        return None;
    }
    let mut ids = ids.to_vec();
    ids.sort_by_key(|id| crate::site::natural_key(id));
    Some(either(ids.iter().map(|id| format!("`{id}`"))))
}

/// Finds cycles in `depends_on` with an iterative depth-first search, so that long
/// chains cannot overflow the stack. Each cycle is reported once.
fn cycles(site: &Site, kind: Kind, deps: &[&[IdRef]], out: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Closed,
    }
    let edges: Vec<Vec<(usize, usize)>> = deps
        .iter()
        .map(|ds| {
            ds.iter()
                .enumerate()
                .filter_map(|(n, d)| site.find(d, kind).map(|t| (t, n)))
                .collect()
        })
        .collect();
    let mut mark = vec![Mark::New; deps.len()];
    for root in 0..deps.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // Stack of (node, next edge to follow).
        let mut stack = vec![(root, 0usize)];
        mark[root] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&(target, written)) = edges[node].get(*next) else {
                mark[node] = Mark::Closed;
                stack.pop();
                continue;
            };
            *next += 1;
            match mark[target] {
                Mark::New => {
                    mark[target] = Mark::Open;
                    stack.push((target, 0));
                }
                Mark::Open => {
                    let start = stack.iter().position(|&(n, _)| n == target).unwrap_or(0);
                    let ids: Vec<&str> = stack[start..]
                        .iter()
                        .map(|&(n, _)| {
                            site.id_ref(crate::site::ItemKey { kind, index: n })
                                .value
                                .as_str()
                        })
                        .collect();
                    out.push(cycle_diagnostic(kind, &ids, &deps[node][written]));
                }
                Mark::Closed => {}
            }
        }
    }
}

fn cycle_diagnostic(kind: Kind, ids: &[&str], edge: &IdRef) -> Diagnostic {
    const SHOWN: usize = 8;
    let mut path: Vec<&str> = ids.iter().take(SHOWN).copied().collect();
    if ids.len() > SHOWN {
        path.push("…");
    }
    path.push(ids[0]);
    let from = ids.last().copied().unwrap_or_default();
    Diagnostic::new(
        Code::DependencyCycle,
        format!(
            "{} `{from}` is part of a cycle of {} in depends_on: {}",
            kind.name(),
            ids.len(),
            path.join(" → ")
        ),
    )
    .at(edge.span)
    .help(format!(
        "remove one of these dependencies, such as `{}` from `{from}`",
        edge.value
    ))
    .about(from)
}
