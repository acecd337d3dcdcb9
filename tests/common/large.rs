//! A large and messy site, written by the test that needs it rather than kept
//! as thousands of files: what real corpora look like once converted (654
//! Kubernetes KEPs as initiatives, 736 Python PEPs as decisions). 500
//! initiatives over ten years in 12 themes, most of them traced to no goal; 40
//! milestones, some not yet scheduled; a workflow whose statuses are KEP's own;
//! and bodies, a role charter and a role's summary with long URLs, long inline
//! code, long code lines and tables of links, which real writers paste.

use std::fmt::Write as _;
use std::path::Path;

pub const INITIATIVES: usize = 500;
pub const THEMES: [&str; 12] = [
    "API Machinery",
    "Apps",
    "Auth",
    "CLI",
    "Cloud Provider",
    "Cluster Lifecycle",
    "Instrumentation",
    "Network",
    "Node",
    "Scheduling",
    "Storage",
    "Windows",
];
pub const MILESTONES: usize = 40;
/// Milestones from this number on have no date: planned, not scheduled.
pub const FIRST_UNDATED_MILESTONE: usize = 35;
pub const DECISIONS: usize = 40;
/// A URL whose anchor has no place to break, as GitHub's links to a heading have.
pub const LONG_URL: &str = "https://github.com/kubernetes/enhancements/blob/master/keps/sig-node/1287-in-place-update-pod-resources/README.md#implementation_history_and_graduation_criteria_for_InPlacePodVerticalScalingAllocatedStatus_and_ExclusiveCPUs";
/// An identifier written as inline code, as long as real ones get.
pub const LONG_CODE: &str = "kubelet.config.k8s.io/v1beta1.KubeletConfiguration.featureGates.InPlacePodVerticalScalingAllocatedStatus";
/// The day the site is built: today, for the Today line and lateness.
pub const TODAY_EPOCH: &str = "1717200000"; // 2024-06-01

const STATUSES: [&str; 6] = [
    "provisional",
    "implementable",
    "implemented",
    "deferred",
    "withdrawn",
    "replaced",
];
const VERBS: [&str; 8] = [
    "Add",
    "Graduate",
    "Support",
    "Deprecate",
    "Introduce",
    "Extend",
    "Rework",
    "Allow",
];
const NOUNS: [&str; 12] = [
    "in-place update of pod resources",
    "structured authentication configuration",
    "sidecar containers",
    "volume group snapshots",
    "topology-aware routing hints",
    "dynamic resource allocation for accelerators",
    "kubectl debug profiles",
    "node swap memory",
    "pod scheduling readiness",
    "external credential providers",
    "host process containers on Windows",
    "contextual logging",
];

/// Writes the site into `root`.
pub fn write(root: &Path) {
    let file = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    file("roadbook.toml", CONFIG);
    file("vision.md", VISION);
    file("goals/goals.toml", &goals());
    for i in 1..=INITIATIVES {
        file(&format!("roadmap/KEP-{}.md", kep(i)), &initiative(i));
    }
    file("roadmap/milestones.toml", &milestones());
    file("backlog/backlog.toml", &backlog());
    for d in 1..=DECISIONS {
        file(&format!("decisions/PEP-{}.md", pep(d)), &decision(d));
    }
    for (id, title) in ROLES {
        file(&format!("roles/{id}.md"), &role(id, title));
    }
    file("roles/raci.toml", RACI);
    file("pages/conventions.md", &page());
}

/// The KEP number of initiative `i` (1-based): sparse, as real numbers are.
pub fn kep(i: usize) -> usize {
    1000 + i * 7
}

/// The PEP number of decision `d` (1-based).
pub fn pep(d: usize) -> usize {
    400 + d * 9
}

const CONFIG: &str = r#"title = "Enhancements handbook"
base_url = "/"
description = "Kubernetes-style enhancement proposals and Python-style decisions, at real-world scale"

[build]
output_dir = "public"

[workflow]
initiative = ["provisional", "implementable", "implemented", "deferred", "withdrawn", "replaced"]
# What KEP's statuses mean; the defaults of the other kinds repeated (SPEC §1).
done = ["implemented", "done", "accepted"]
dropped = ["withdrawn", "replaced", "dropped", "rejected", "superseded"]

[history]
enabled = false
"#;

const VISION: &str = r#"+++
title = "Vision"
statement = "Every enhancement is proposed, decided and delivered in the open."
+++
Enhancements are tracked at
<https://github.com/kubernetes/enhancements/issues?q=is%3Aissue+is%3Aopen+label%3Atracked%2Fyes+label%3Astage%2Fbeta+sort%3Aupdated-desc>,
one issue per proposal.
"#;

const ROLES: [(&str, &str); 4] = [
    ("pm", "Release lead"),
    ("po", "Enhancements owner"),
    ("sm", "Release manager"),
    ("dev", "Contributors"),
];

const RACI: &str = r#"roles = ["pm", "po", "sm", "dev"]

[[activity]]
id = "enhancement-freeze"
name = "Declare the enhancements freeze for the release and track every exception request"
area = "Release"
raci = { pm = "AR", po = "C", sm = "I", dev = "I" }

[[activity]]
id = "kep-review"
name = "Review a proposal"
area = "Proposals"
raci = { pm = "I", po = "AR", sm = "C", dev = "R" }

[[activity]]
id = "cut-release"
name = "Cut the release"
area = "Release"
raci = { pm = "A", po = "I", sm = "R", dev = "I" }

[[activity]]
id = "write-kep"
name = "Write a proposal"
area = "Proposals"
raci = { pm = "I", po = "C", sm = "I", dev = "AR" }
"#;

fn goals() -> String {
    let mut out = String::new();
    for g in 1..=3 {
        let _ = write!(
            out,
            "[[goal]]\nid = \"G-{g}\"\ntitle = \"Goal {g}: stable APIs for every workload\"\nowner = \"pm\"\n\
             status = \"on-track\"\n\n[[goal.key_results]]\nid = \"KR-{g}\"\nmetric = \"Share of features at GA\"\n\
             unit = \"%\"\ndirection = \"increase\"\nbaseline = 10.0\ntarget = 80.0\ncurrent = {}.0\n\n",
            20 * g
        );
    }
    out
}

/// A day of the ten years 2015–2025, from a month count since January 2015.
fn month_date(months: usize, day: usize) -> String {
    format!("{}-{:02}-{:02}", 2015 + months / 12, months % 12 + 1, day)
}

fn initiative(i: usize) -> String {
    let theme = THEMES[(i * 5 + i / 13) % THEMES.len()];
    let title = format!(
        "{} {}{}",
        VERBS[i % VERBS.len()],
        NOUNS[(i * 7) % NOUNS.len()],
        if i.is_multiple_of(4) {
            " with a feature gate, a migration path for existing clusters and conformance tests"
        } else {
            ""
        }
    );
    let mut front = format!(
        "id = \"KEP-{}\"\ntitle = \"{title}\"\ntheme = \"{theme}\"\nowner = \"dev\"\nstatus = \"{}\"\n",
        kep(i),
        STATUSES[(i * 3 + i / 7) % STATUSES.len()]
    );
    if !i.is_multiple_of(20) {
        // Starts spread over ten years, lasting one month to three years.
        let start = (i * 37) % 120;
        let months = 1 + (i * 11) % 36;
        let end = (start + months).min(131);
        let _ = write!(
            front,
            "start = {}\nend = {}\n",
            month_date(start, 1 + i % 27),
            month_date(end, 1 + (i * 3) % 27)
        );
        let horizon = match start {
            s if s < 113 => "now",
            s if s < 125 => "next",
            _ => "later",
        };
        if !i.is_multiple_of(17) {
            let _ = writeln!(front, "horizon = \"{horizon}\"");
        }
        let release = (end / 3).clamp(1, FIRST_UNDATED_MILESTONE - 1);
        let _ = writeln!(front, "milestones = [\"v1.{release}\"]");
    }
    if i <= 30 {
        let _ = writeln!(front, "goals = [\"G-{}\"]", i % 3 + 1);
    }
    if i.is_multiple_of(9) {
        front.push_str(
            "health = \"at-risk\"\nhealth_note = \"Waiting on the container runtimes.\"\n",
        );
    } else if i.is_multiple_of(23) {
        front.push_str("health = \"off-track\"\n");
    }
    let deps: Vec<String> = [
        (i.is_multiple_of(7) && i > 3).then(|| i - 3),
        (i.is_multiple_of(11) && i > 40).then(|| i - 40),
    ]
    .into_iter()
    .flatten()
    .filter(|&d| d % 20 != 0)
    .map(|d| format!("\"KEP-{}\"", kep(d)))
    .collect();
    if !deps.is_empty() {
        let _ = writeln!(front, "depends_on = [{}]", deps.join(", "));
    }
    format!("+++\n{front}+++\n{}", body(i))
}

/// A body as real proposals have them: a link with no place to break, inline
/// code longer than a phone, and now and then a long code line and a table.
fn body(n: usize) -> String {
    let mut out = format!(
        "## Summary\n\nTracked at {LONG_URL}-{n} and discussed in [the design thread]({LONG_URL}).\n\n\
         Turn it on with `{LONG_CODE}` set to `true` on every node.\n"
    );
    if n.is_multiple_of(5) {
        let _ = write!(
            out,
            "\n## Design details\n\n```yaml\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n\
             featureGates: {{ InPlacePodVerticalScaling: true, InPlacePodVerticalScalingAllocatedStatus: true, InPlacePodVerticalScalingExclusiveCPUs: false }}\n```\n\n\
             | Stage | Tracking issue | Flag |\n|---|---|---|\n| alpha | {LONG_URL} | `{LONG_CODE}` |\n| beta | <{LONG_URL}> | none |\n"
        );
    }
    out
}

fn milestones() -> String {
    let mut out = String::new();
    for m in 1..=MILESTONES {
        let _ = write!(
            out,
            "[[milestone]]\nid = \"v1.{m}\"\ntitle = \"Kubernetes v1.{m}: enhancements freeze, code freeze and release\"\n"
        );
        if m < FIRST_UNDATED_MILESTONE {
            // A release a quarter, from April 2015.
            let _ = writeln!(out, "date = {}", month_date(3 * m, 8 + m % 15));
        }
        out.push('\n');
    }
    out
}

fn backlog() -> String {
    let mut out = String::new();
    for e in 1..=8 {
        let _ = write!(
            out,
            "[[epic]]\nid = \"E-{e}\"\ntitle = \"Epic {e}\"\nstatus = \"todo\"\n"
        );
        if e <= 4 {
            let _ = writeln!(out, "initiative = \"KEP-{}\"", kep(e));
        }
        out.push('\n');
    }
    for s in 1..=16 {
        let _ = write!(
            out,
            "[[story]]\nid = \"S-{s}\"\ntitle = \"Story {s}\"\nstatus = \"draft\"\n"
        );
        if s <= 10 {
            let _ = writeln!(out, "epic = \"E-{}\"", s % 8 + 1);
        }
        out.push('\n');
    }
    out
}

fn decision(d: usize) -> String {
    let status = ["accepted", "rejected", "proposed"][d % 3];
    format!(
        "+++\nid = \"PEP-{}\"\ntitle = \"Decision {d}: {}\"\nstatus = \"{status}\"\ndate = {}\ndeciders = [\"pm\"]\n\
         affects = [\"KEP-{}\"]\n+++\n{}\n```python\nresult = some_module.some_function_with_a_long_name(argument_one, argument_two, keyword_argument=another_function(value))  # noqa: E501\n```\n",
        pep(d),
        NOUNS[d % NOUNS.len()],
        month_date(d * 3, 1 + d % 27),
        kep(d),
        body(d)
    )
}

fn role(id: &str, title: &str) -> String {
    let summary = if id == "po" {
        format!("Keeps the enhancements tracking board at {LONG_URL} current.")
    } else {
        format!("The {title} of the release team.")
    };
    format!(
        "+++\nid = \"{id}\"\ntitle = \"{title}\"\nsummary = \"{summary}\"\nresponsibilities = [\"Tracks `{LONG_CODE}` across releases\"]\n+++\n{}",
        body(if id == "po" { 5 } else { 1 })
    )
}

fn page() -> String {
    format!(
        "+++\ntitle = \"Conventions\"\n+++\nNames follow {LONG_URL}.\n\n```\n{}\n```\n",
        "x".repeat(300)
    )
}
