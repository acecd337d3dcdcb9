//! `serve` rebuilds incrementally: after any sequence of edits, what it renders
//! must be byte for byte what a full build of the same sources renders.

mod common;

use std::path::{Path, PathBuf};

use roadbook::build::{self, BuildError, BuildOptions, Incremental, Rendered};
use roadbook::source::Changes;

/// The outcome of a render, comparable: every file, or every error message.
#[derive(Debug, PartialEq)]
enum Outcome {
    Files(Vec<(String, Vec<u8>)>),
    Errors(Vec<String>),
}

fn outcome(result: Result<Rendered, BuildError>) -> Outcome {
    match result {
        // The exports an incremental render leaves for later are waited for.
        Ok(r) => Outcome::Files(
            r.all_files()
                .into_iter()
                .map(|f| (f.path, f.bytes.to_vec()))
                .collect(),
        ),
        Err(BuildError::Failed { diagnostics, .. }) => {
            Outcome::Errors(diagnostics.into_iter().map(|d| d.message).collect())
        }
        Err(BuildError::Unusable(message)) => Outcome::Errors(vec![message]),
    }
}

/// Applies one edit, as the watcher would report it, and compares the
/// incremental render with a full one.
struct Session {
    root: PathBuf,
    incremental: Incremental,
    options: BuildOptions,
    rebuilds: usize,
}

impl Session {
    fn new(root: &Path) -> Session {
        let options = BuildOptions::default();
        let mut incremental = Incremental::new(root, &options);
        let first = outcome(incremental.render(&Changes::default()));
        assert!(matches!(first, Outcome::Files(_)), "{first:?}");
        Session {
            root: root.to_path_buf(),
            incremental,
            options,
            rebuilds: 0,
        }
    }

    /// Renders again after `changed` (relative paths) and compares; with
    /// `contents_only`, as the watcher reports writes to files that were there.
    fn rebuild_and_compare(
        &mut self,
        what: &str,
        changed: &[&str],
        contents_only: bool,
    ) -> Outcome {
        let root = self.root.canonicalize().unwrap();
        let changes = Changes {
            paths: changed.iter().map(|f| root.join(f)).collect(),
            contents_only,
        };
        let incremental = outcome(self.incremental.render(&changes));
        let full = outcome(build::render(&self.root, &self.options));
        self.rebuilds += 1;
        if incremental != full {
            let diff = match (&incremental, &full) {
                (Outcome::Files(a), Outcome::Files(b)) => {
                    let differing: Vec<&str> = a
                        .iter()
                        .zip(b)
                        .filter(|(x, y)| x != y)
                        .map(|(x, _)| x.0.as_str())
                        .take(10)
                        .collect();
                    format!(
                        "{} files against {}; first differing: {differing:?}",
                        a.len(),
                        b.len()
                    )
                }
                _ => format!("incremental {incremental:?}\nfull {full:?}"),
            };
            panic!("after {what}: the incremental render differs from a full build: {diff}");
        }
        incremental
    }

    fn edit(&mut self, file: &str, from: &str, to: &str) -> Outcome {
        common::edit(&self.root, file, from, to);
        self.rebuild_and_compare(&format!("{file}: {from:?} → {to:?}"), &[file], true)
    }

    fn write(&mut self, file: &str, content: &str) -> Outcome {
        let existed = self.root.join(file).exists();
        common::write(&self.root, file, content);
        self.rebuild_and_compare(&format!("writing {file}"), &[file], existed)
    }

    fn remove(&mut self, file: &str) -> Outcome {
        std::fs::remove_file(self.root.join(file)).unwrap();
        self.rebuild_and_compare(&format!("removing {file}"), &[file], false)
    }
}

const STORY: &str = "backlog/stories/S-1-set-dietary-preferences.md";

fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    common::copy_dir(&example, dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("public"));
    dir
}

#[test]
fn incremental_rebuilds_equal_full_builds_after_every_edit() {
    let dir = example_site();
    let mut s = Session::new(dir.path());

    // A story's body, then its title: pages that link to it with [[S-1]], its
    // epic's page, the backlog and the search index all change.
    s.edit(
        STORY,
        "Diets are **hard constraints**",
        "Diets are **strict rules**",
    );
    s.edit(
        STORY,
        "title = \"Set dietary preferences for each member\"",
        "title = \"Record each member's diet\"",
    );
    // Status and points roll up to the epic, the initiative, the goal and home.
    s.edit(STORY, "status = \"done\"", "status = \"in-progress\"");
    s.edit(STORY, "points = 3", "points = 8");
    // The story moves to another epic.
    s.edit(STORY, "epic = \"E-1\"", "epic = \"E-2\"");
    // A story in the TOML backlog, and an acceptance criterion.
    s.edit(
        "backlog/backlog.toml",
        "id = \"S-33\"",
        "id = \"S-33\"\npriority = 0",
    );
    s.edit(
        STORY,
        "\"Supported diets:",
        "\"Diets follow [[E-2]]; supported:",
    );
    // A new story, linked from an existing body, then removed again.
    s.write(
        "backlog/stories/S-900-new.md",
        "+++\nid = \"S-900\"\ntitle = \"A brand new story\"\nepic = \"E-1\"\nas_a = \"cook\"\n\
         i_want = \"x\"\nso_that = \"y\"\nstatus = \"draft\"\n+++\nNew.\n",
    );
    s.edit(
        STORY,
        "Diets are **strict rules**",
        "Diets are **strict rules** ([[S-900]])",
    );
    // The link now points nowhere: an error, then fixed.
    let broken = s.remove("backlog/stories/S-900-new.md");
    assert!(matches!(broken, Outcome::Errors(_)), "{broken:?}");
    s.edit(STORY, " ([[S-900]])", "");
    // The RACI matrix, the vision, a goal, the configuration.
    s.edit(
        "roles/raci.toml",
        "name = \"Set the product vision and strategy\"",
        "name = \"Set the vision and the strategy\"",
    );
    s.edit(
        "vision.md",
        "without having to think about it.",
        "without thinking about it.",
    );
    s.edit(
        "roadbook.toml",
        "title = \"MealMate product handbook\"",
        "title = \"MealMate handbook\"",
    );
    // A template override, and a static file.
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<article class=\"custom\">{{ body_html | safe }}</article>{% endblock %}",
    );
    s.write("static/robots.txt", "User-agent: *\n");
    s.remove("templates/page.html");
    assert!(s.rebuilds >= 15);
}

#[test]
fn random_edits_render_like_full_builds() {
    let dir = example_site();
    let mut s = Session::new(dir.path());
    let stories: Vec<String> = std::fs::read_dir(dir.path().join("backlog/stories"))
        .unwrap()
        .map(|e| {
            format!(
                "backlog/stories/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    let statuses = ["draft", "ready", "in-progress", "done", "dropped"];
    // A small linear congruential generator: the same edits on every run.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for round in 0..30 {
        let file = &stories[next(stories.len())];
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let edited = match next(4) {
            0 => {
                text.replacen("+++\n", &format!("+++\n# edit {round}\n"), 1)
                    + &format!("\nEdit {round}.\n")
            }
            1 => {
                let status = statuses[next(statuses.len())];
                let start = text.find("status = \"").unwrap() + 10;
                let end = start + text[start..].find('"').unwrap();
                format!("{}{status}{}", &text[..start], &text[end..])
            }
            2 => {
                let start = text.find("title = \"").unwrap() + 9;
                format!("{}Round {round}: {}", &text[..start], &text[start..])
            }
            _ => text + &format!("\nSee [[S-{}]].\n", 1 + next(30)),
        };
        // Write and rebuild through the helper, which compares with a full build.
        s.write(file, &edited);
    }
}

/// A story whose body and criteria are word for word another's, as in a
/// generated or templated backlog.
fn twin_story(id: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"Twin {id}\"\nepic = \"E-2\"\nstatus = \"ready\"\npoints = 2\n\
         acceptance = [\n  \"The same criterion, with a [[S-10]] reference\",\n  \
         {{ given = \"a twin\", when = \"it is read\", then = \"it reads like the other\" }},\n]\n+++\n\
         The same body for both, linking to [[S-10]].\n"
    )
}

/// After one story's body changes, `serve` renders that story's page again and
/// reuses every other page, from the first rebuild on. Rendered Markdown is
/// fingerprinted by its bytes: when it was fingerprinted by when it was made,
/// the first build (which renders a body for the fingerprint and again for the
/// page) left every item page to be rendered again by the first edit, and
/// bodies that several pages share would do the same.
#[test]
fn a_body_edit_renders_only_the_page_that_shows_it() {
    let dir = example_site();
    common::write(dir.path(), "backlog/stories/S-90.md", twin_story("S-90"));
    common::write(dir.path(), "backlog/stories/S-91.md", twin_story("S-91"));
    let mut s = Session::new(dir.path());
    s.edit(
        STORY,
        "Diets are **hard constraints**",
        "Diets are **strict rules**",
    );
    assert_eq!(s.incremental.rendered_again(), ["stories/S-1.html"]);
    // A title shows on every page that lists or links to the story; the
    // twins link to S-10, so a new title of S-10 renders them again.
    s.edit(
        "backlog/stories/S-10-regenerate-week.md",
        "title = \"Regenerate the rest of the week\"",
        "title = \"Regenerate the week\"",
    );
    let again = s.incremental.rendered_again();
    for page in [
        "stories/S-10.html",
        "stories/S-90.html",
        "stories/S-91.html",
        "backlog.html",
    ] {
        assert!(again.iter().any(|p| p == page), "{page} not in {again:?}");
    }
    assert!(!again.iter().any(|p| p == "stories/S-1.html"), "{again:?}");
}

/// Highlighted code names its colours by the classes of the highlighting
/// theme, so a new `highlight_theme` renders every body with code again.
#[test]
fn a_new_highlighting_theme_renders_code_again() {
    let dir = example_site();
    let mut s = Session::new(dir.path());
    s.edit(
        "roadbook.toml",
        "highlight_theme = \"InspiredGitHub\"",
        "highlight_theme = \"Solarized (light)\"",
    );
}

fn has_page(outcome: &Outcome, page: &str) -> bool {
    matches!(outcome, Outcome::Files(files) if files.iter().any(|(path, _)| path == page))
}

/// A write to a file that was there keeps the last list of files (as the
/// watcher reports it, nothing was created or removed); any other change, or
/// lost events, lists the folders again.
#[test]
fn writes_keep_the_list_of_files_and_other_changes_list_it_again() {
    let dir = example_site();
    let mut s = Session::new(dir.path());
    let root = dir.path().canonicalize().unwrap();
    // A story the watcher did not report, beside a write it did.
    common::write(dir.path(), "backlog/stories/S-901.md", twin_story("S-901"));
    common::edit(
        dir.path(),
        STORY,
        "Diets are **hard constraints**",
        "Diets are **rules**",
    );
    let written = Changes {
        paths: [root.join(STORY)].into(),
        contents_only: true,
    };
    let kept = outcome(s.incremental.render(&written));
    assert!(has_page(&kept, "stories/S-1.html"));
    assert!(
        !has_page(&kept, "stories/S-901.html"),
        "the folders were listed again"
    );
    // Events were lost: the folders are listed again and the story is found.
    let listed = s.rebuild_and_compare("lost events", &[], false);
    assert!(has_page(&listed, "stories/S-901.html"));
}

/// A watcher of the site's folder does not see changes in a folder that a
/// symbolic link points to outside it: such files are always looked at.
#[cfg(unix)]
#[test]
fn files_through_a_symbolic_link_are_looked_at_on_every_rebuild() {
    let dir = example_site();
    let outside = tempfile::tempdir().unwrap();
    let stories = outside.path().join("stories");
    std::fs::rename(dir.path().join("backlog/stories"), &stories).unwrap();
    std::os::unix::fs::symlink(&stories, dir.path().join("backlog/stories")).unwrap();
    let mut s = Session::new(dir.path());
    common::edit(
        outside.path(),
        "stories/S-1-set-dietary-preferences.md",
        "Diets are **hard constraints**",
        "Diets are **rules**",
    );
    // Only the vision was reported written; S-1 changed too.
    let changed = s.edit(
        "vision.md",
        "without having to think about it.",
        "without thinking about it.",
    );
    let Outcome::Files(files) = changed else {
        panic!("{changed:?}")
    };
    let page = files.iter().find(|(p, _)| p == "stories/S-1.html").unwrap();
    assert!(common::text(&page.1).contains("Diets are <strong>rules</strong>"));
}
