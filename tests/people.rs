//! People (SPEC §8, in a single site): `[[person]]` tables or one Markdown file
//! per person in `people/`, a page for each and a directory, role holders as
//! person ids with `unknown-person`, and a site without people as it was.

mod common;

use std::path::Path;

use common::*;

/// The minimal fixture with three people, in both source forms (one of them
/// with an id that starts with a digit), holding the roles `po` and `sm`.
fn with_people() -> tempfile::TempDir {
    let site = fixture("minimal");
    write(
        site.path(),
        "people/team.toml",
        r#"[[person]]
id = "ana"
name = "Ana Ruiz"
email = "ana@example.com"
title = "Head of product"
teams = "core"

[[person]]
id = "1bo"
name = "Bo Lind"
teams = ["core", "web"]
"#,
    );
    write(
        site.path(),
        "people/cy.md",
        "+++\nid = \"cy\"\nname = \"Cy Okafor\"\ntitle = \"Engineer\"\n+++\nCy looks after the **retrospectives**.\n",
    );
    edit(
        site.path(),
        "roles/po.md",
        "title = \"Product Owner\"\n",
        "title = \"Product Owner\"\nholders = [\"ana\", \"1bo\"]\n",
    );
    edit(
        site.path(),
        "roles/sm.md",
        "title = \"Scrum Master\"\n",
        "title = \"Scrum Master\"\nholders = [\"cy\"]\n",
    );
    site
}

fn built(site: &Path) -> impl Fn(&str) -> String {
    let out = roadbook_build(site, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let public = site.join("public");
    move |p: &str| std::fs::read_to_string(public.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn people_have_pages_a_directory_in_the_roles_section_search_sitemap_and_trace() {
    let site = with_people();
    let page = built(site.path());

    let ana = page("people/ana.html");
    assert!(ana.contains("<h1>Ana Ruiz</h1>"), "{ana}");
    assert!(ana.contains("Head of product"), "the job title");
    assert!(ana.contains("mailto:ana@example.com"), "the address");
    assert!(ana.contains("Team: core"), "a team given as one string");
    assert!(
        ana.contains("href=\"../roles/po.html\"") && ana.contains("Product Owner"),
        "the role held"
    );
    assert!(
        ana.contains("Accountable for") && ana.contains("Order the product backlog"),
        "what the role answers for, from the RACI matrix"
    );
    let bo = page("people/1bo.html");
    assert!(bo.contains("Teams: core, web"), "{bo}");
    let cy = page("people/cy.html");
    assert!(
        cy.contains("<strong>retrospectives</strong>"),
        "the body: {cy}"
    );
    assert!(cy.contains("../roles/sm.html"));

    // The directory, by name, with each one's roles.
    let people = page("people.html");
    let at = |who: &str| people.find(who).unwrap_or_else(|| panic!("{who}"));
    assert!(at("Ana Ruiz") < at("Bo Lind") && at("Bo Lind") < at("Cy Okafor"));
    assert!(people.contains("href=\"people/1bo.html\""));
    // People are a part of the Roles section: the header's link to the roles
    // marks their pages, and the roles page links to the directory.
    assert!(
        ana.contains("<a href=\"../roles.html\" class=\"in-section\">Roles</a>"),
        "{ana}"
    );
    assert!(people.contains("<a href=\"roles.html\" class=\"in-section\">Roles</a>"));
    assert!(page("roles.html").contains("<a href=\"people.html\">People</a> lists everyone"));

    // Role pages and the roles page link their holders.
    let po = page("roles/po.html");
    assert!(
        po.contains("Held by <a href=\"../people/ana.html\">Ana Ruiz</a>, <a href=\"../people/1bo.html\">Bo Lind</a>"),
        "{po}"
    );
    let roles = page("roles.html");
    assert!(
        roles.contains("<a href=\"people/cy.html\">Cy Okafor</a>"),
        "{roles}"
    );

    let out = site.path().join("public");
    let search = common::search::Index::read(&out);
    assert_eq!(search.doc("1bo").kind, "person");
    assert!(search.doc("ana").text.contains("Head of product"));
    assert_eq!(search.manifest["kinds"]["person"], "People");
    let sitemap = page("sitemap.xml");
    assert!(sitemap.contains("/people.html<") && sitemap.contains("/people/cy.html<"));

    let trace: serde_json::Value = serde_json::from_str(&page("trace.json")).unwrap();
    let po = trace_item(&trace, "po");
    assert_eq!(po["fields"]["holders"], serde_json::json!(["ana", "1bo"]));
    let bo = trace_item(&trace, "1bo");
    assert_eq!(bo["kind"], "person");
    assert_eq!(bo["url"], "people/1bo.html");
    assert_eq!(bo["fields"]["teams"], serde_json::json!(["core", "web"]));
    assert_eq!(
        trace_item(&trace, "ana")["fields"]["title"],
        "Head of product"
    );
}

#[test]
fn a_site_without_people_keeps_holders_as_names() {
    let site = fixture("minimal");
    edit(
        site.path(),
        "roles/po.md",
        "title = \"Product Owner\"\n",
        "title = \"Product Owner\"\nholders = [\"Ana Ruiz <ana@example.com>\", \"Bo Lind\"]\n",
    );
    let page = built(site.path());
    let out = site.path().join("public");
    assert!(!out.join("people.html").exists() && !out.join("people").exists());
    assert!(!page("index.html").contains("people.html"));
    assert!(!page("roles.html").contains("people.html"));
    let po = page("roles/po.html");
    assert!(
        po.contains("Held by <a href=\"mailto:ana@example.com\">Ana Ruiz</a>, Bo Lind"),
        "{po}"
    );
    assert!(page("roles.html").contains("<a class=\"card role-card\" href=\"roles/po.html\">"));
    // trace.json lists them as written (they were left out before).
    let trace: serde_json::Value = serde_json::from_str(&page("trace.json")).unwrap();
    assert_eq!(
        trace_item(&trace, "po")["fields"]["holders"],
        serde_json::json!(["Ana Ruiz <ana@example.com>", "Bo Lind"])
    );
    assert_eq!(
        trace_item(&trace, "pm")["fields"]["holders"],
        serde_json::json!([])
    );
}

#[test]
fn a_holder_who_is_no_person_is_an_error_with_did_you_mean() {
    let site = with_people();
    edit(
        site.path(),
        "roles/po.md",
        "holders = [\"ana\", \"1bo\"]",
        "holders = [\"ANA\", \"Bo Lind <bo@example.com>\", \"zed\"]",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1, "{diags:#?}");
    assert_eq!(diags.len(), 3, "{diags:#?}");
    let all: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-person")
        .collect();
    assert_eq!(all.len(), 3, "{diags:#?}");
    for (d, column) in all.iter().zip([12, 19, 47]) {
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], "roles/po.md");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(4), Some(column)),
            "{d:#?}"
        );
    }
    let help = |n: usize| all[n]["help"].as_str().unwrap().to_owned();
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .contains("role `po` names `ANA` in `holders`, but no person has that id")
    );
    assert!(help(0).starts_with("did you mean `ana`?"), "{}", help(0));
    assert!(
        help(1).contains("did you mean `1bo` (Bo Lind)?"),
        "{}",
        help(1)
    );
    assert!(help(2).contains("`1bo`, `ana` or `cy`"), "{}", help(2));
}

#[test]
fn people_ids_may_start_with_a_digit_and_other_ids_may_not() {
    let site = with_people();
    write(
        site.path(),
        "people/more.toml",
        "[[person]]\nid = \"-x\"\nname = \"Not an id\"\n",
    );
    edit(
        site.path(),
        "backlog/stories/S-1-link-story.md",
        "id = \"S-1\"",
        "id = \"1S\"",
    );
    let (_, diags) = check_json(site.path(), &[]);
    let invalid: Vec<(&str, &str)> = diags
        .iter()
        .filter(|d| d["code"] == "invalid-id")
        .map(|d| (d["file"].as_str().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(invalid.len(), 2, "{diags:#?}");
    assert!(
        invalid
            .iter()
            .any(|(f, h)| *f == "people/more.toml" && h.contains("\"1ana\""))
    );
    assert!(
        invalid
            .iter()
            .any(|(f, h)| f.starts_with("backlog/") && h.contains("starts with a letter"))
    );
}

#[test]
fn a_holder_who_is_a_draft_and_teams_of_the_wrong_type_say_what_to_do() {
    let site = with_people();
    edit(
        site.path(),
        "people/cy.md",
        "name = \"Cy Okafor\"\n",
        "name = \"Cy Okafor\"\ndraft = true\n",
    );
    edit(
        site.path(),
        "people/team.toml",
        "teams = [\"core\", \"web\"]",
        "teams = 3",
    );
    let (_, diags) = check_json(site.path(), &[]);
    let d = expect_one(&diags, "wrong-type", "error", "people/team.toml", 11, 9);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("must be a string or a list of strings"),
        "{d:#?}"
    );
    edit(site.path(), "people/team.toml", "teams = 3", "teams = []");
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(1));
    let stderr = text(&built.stderr);
    assert!(
        stderr.contains("error[unknown-person]: role `sm` names `cy` in `holders`")
            && stderr.contains("`cy` is a draft (draft = true)"),
        "{stderr}"
    );
}
