#!/usr/bin/env python3
"""What reading the site's git history (SPEC §5) costs `roadbook build`, `check`
and `serve`.

usage: bench/history.py [--stories N] [--commits C] [--runs R] [--reload-runs K]
                        [--dir DIR] [--reuse] [--loose]
       (defaults: N = 10000, C = 1000, R = 3, K = 7, DIR = /var/tmp/roadbook-history)

Generates the N-story site with bench/generate.py into DIR/site and makes it a git
repository of C commits: the first adds the whole site; each later one changes a
few files (2-5 stories: status, points, title, a body paragraph, now and then the
epic; every 7th commit an epic, every 11th an initiative, every 5th a key result's
`current`, every 13th a goal's status), one commit every 6 hours from 2026-01-01
(UTC), by four fixed authors, with no user or system git config. The repository
is then packed with `git gc` as a clone would be (`--loose` leaves the objects
loose). With `--reuse`, an existing DIR/site repository of C commits is kept.

Then measures, with target/release/roadbook, as the median of R runs with
/usr/bin/time -v (wall time and peak memory), history on and history off
(`[history] enabled = false` appended to the site's roadbook.toml for those runs
only, then restored; the site stays in the repository):
  - cold build to tmpfs (/dev/shm, the output folder removed before each run);
  - `roadbook check`;
  - `serve` latency from saving one story to the reload event, with
    bench/reload_latency.py (K saves; it restores the story file).
Checks that a build with history has a changes.html that lists changes and a
trace.json whose items have `updated`. Prints one Markdown table and the size of
the repository. Targets: history adds at most 1.0 s to a cold build and at most
100 ms to a one-story rebuild in `serve`. Needs `cargo build --release`.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ from importing run.py
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROADBOOK, ROOT, median_of, remove  # noqa: E402

START = 1767225600  # 2026-01-01T00:00:00Z
STEP = 6 * 3600
AUTHORS = [("Ada Lovelace", "ada@example.com"), ("Grace Hopper", "grace@example.com"),
           ("Alan Turing", "alan@example.com"), ("Katherine Johnson", "katherine@example.com")]
WORDS = "plan meal week family recipe shopping list budget pantry dinner healthy quick share cook price store".split()
STORY_STATUSES = ["ready", "in-progress", "done"]
EPIC_STATUSES = ["todo", "in-progress", "done"]
INIT_STATUSES = ["exploring", "planned", "in-progress"]
HORIZONS = ["now", "next", "later"]
GOAL_STATUSES = ["on-track", "at-risk", "off-track"]


def git_env(at, author):
    """An environment in which git reads no user or system config."""
    name, email = author
    date = f"{START + at * STEP} +0000"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_AUTHOR_DATE=date,
               GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email, GIT_COMMITTER_DATE=date)
    return env


GIT = ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "gc.auto=0",
       "-c", "core.hooksPath=/dev/null", "-c", "core.autocrlf=false"]


def git(repo, *args, env=None):
    out = subprocess.run([*GIT, "-C", repo, *args], env=env or git_env(0, AUTHORS[0]),
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: git {' '.join(args)}\n{out.stderr[-2000:]}")
    return out.stdout


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def edit(path, fn):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = fn(text)
    assert new != text, path
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def set_field(text, field, value):
    """Replaces the first `field = …` line of the front matter."""
    return re.sub(rf"(?m)^{field} = .*$", lambda _: f"{field} = {value}", text, count=1)


def field(text, name):
    return re.search(rf"(?m)^{name} = (.*)$", text).group(1)


def other(rng, choices, current):
    return rng.choice([c for c in choices if c != current])


def edit_story(rng, text, at, n_epics):
    what = rng.choices(["status", "points", "title", "body", "epic"], [30, 25, 15, 25, 5])[0]
    if what == "status":
        return set_field(text, "status", '"' + other(rng, STORY_STATUSES, field(text, "status").strip('"')) + '"')
    if what == "points":
        return set_field(text, "points", str(other(rng, [1, 2, 3, 5, 8, 13], int(field(text, "points")))))
    if what == "title":
        return set_field(text, "title", f'"{sentence(rng, 6)} ({at})"')
    if what == "epic":
        epic = int(field(text, "epic").strip('"E-'))
        return set_field(text, "epic", f'"E-{other(rng, range(1, n_epics + 1), epic)}"')
    # body: the last paragraph replaced with a new one
    head, _, body = text.rpartition("+++\n")
    paragraphs = body.rstrip("\n").split("\n\n")
    new = f"{sentence(rng, 12)}. Revised in commit {at}."
    if paragraphs[-1].startswith(("```", "See [[")):
        paragraphs.append(new)
    else:
        paragraphs[-1] = new
    return head + "+++\n" + "\n\n".join(paragraphs) + "\n"


def edit_epic(rng, text, at, n_inits):
    what = rng.choice(["status", "title", "initiative"])
    if what == "status":
        return set_field(text, "status", '"' + other(rng, EPIC_STATUSES, field(text, "status").strip('"')) + '"')
    if what == "title":
        return set_field(text, "title", f'"{sentence(rng, 4)} ({at})"')
    initiative = int(field(text, "initiative").strip('"I-'))
    return set_field(text, "initiative", f'"I-{other(rng, range(1, n_inits + 1), initiative)}"')


def edit_initiative(rng, text, at):
    what = rng.choice(["horizon", "status", "end", "title"])
    if what == "horizon":
        return set_field(text, "horizon", '"' + other(rng, HORIZONS, field(text, "horizon").strip('"')) + '"')
    if what == "status":
        return set_field(text, "status", '"' + other(rng, INIT_STATUSES, field(text, "status").strip('"')) + '"')
    if what == "end":  # a date slip within the month
        return set_field(text, "end", field(text, "end")[:8] + f"{other(rng, range(15, 29), int(field(text, 'end')[8:])):02d}")
    return set_field(text, "title", f'"{sentence(rng, 4)} ({at})"')


def edit_key_result(rng, text):
    """Moves one key result's `current` (goal files hold two)."""
    matches = list(re.finditer(r"(?m)^current = (\d+)\.0$", text))
    m = rng.choice(matches)
    value = max(0, min(100, int(m.group(1)) + rng.choice([-3, -1, 2, 4, 5, 7])))
    if value == int(m.group(1)):
        value += 1
    return text[:m.start()] + f"current = {value}.0" + text[m.end():]


def make_repo(site, stories, commits):
    started = time.perf_counter()
    rng = random.Random(2026)
    n_epics, n_inits, n_goals = max(1, stories // 10), max(1, stories // 50), max(3, stories // 200)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Add the handbook")
    for at in range(1, commits):
        author = AUTHORS[at % len(AUTHORS)]
        changed = set()
        for s in rng.sample(range(1, stories + 1), rng.randint(2, 5)):
            path = f"backlog/stories/S-{s}.md"
            edit(os.path.join(site, path), lambda t: edit_story(rng, t, at, n_epics))
            changed.add(path)
        if at % 7 == 0:
            path = f"backlog/epics/E-{rng.randint(1, n_epics)}.md"
            edit(os.path.join(site, path), lambda t: edit_epic(rng, t, at, n_inits))
            changed.add(path)
        if at % 11 == 0:
            path = f"roadmap/I-{rng.randint(1, n_inits)}.md"
            edit(os.path.join(site, path), lambda t: edit_initiative(rng, t, at))
            changed.add(path)
        if at % 5 == 0:
            path = f"goals/G-{rng.randint(1, n_goals)}.md"
            edit(os.path.join(site, path), lambda t: edit_key_result(rng, t))
            changed.add(path)
        if at % 13 == 0:
            path = f"goals/G-{rng.randint(1, n_goals)}.md"
            edit(os.path.join(site, path), lambda t: set_field(
                t, "status", '"' + other(rng, GOAL_STATUSES, field(t, "status").strip('"')) + '"'))
            changed.add(path)
        env = git_env(at, author)
        git(site, "add", "--", *sorted(changed), env=env)
        git(site, "commit", "-q", "-m", f"Update {len(changed)} items ({at + 1})", env=env)
    return time.perf_counter() - started


def commit_count(site):
    if not os.path.isdir(os.path.join(site, ".git")):
        return 0
    out = subprocess.run([*GIT, "-C", site, "rev-list", "--count", "HEAD"], capture_output=True, text=True,
                         env=git_env(0, AUTHORS[0]))
    return int(out.stdout) if out.returncode == 0 else 0


def history_off(site):
    """Appends `[history] enabled = false` to roadbook.toml; returns a function that restores it."""
    config = os.path.join(site, "roadbook.toml")
    original = open(config, encoding="utf-8").read()

    def write(text):
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)

    write(original + "\n[history]\nenabled = false\n")
    return lambda: write(original)


def reload_median(site, story, runs):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "reload_latency.py"), ROADBOOK, site, story,
                          str(runs)], capture_output=True, text=True)
    found = re.search(r"median: (\d+) ms", out.stdout)
    if out.returncode != 0 or not found:
        sys.exit(f"failed: reload_latency.py\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return float(found.group(1)), [int(t) for t in re.findall(r"run \d+: (\d+) ms", out.stdout)]


def verify(out_dir, first_day):
    """A line on whether a build with history has changes.html with changes and `updated` in trace.json."""
    changes = os.path.join(out_dir, "changes.html")
    if not os.path.exists(changes):
        return "correctness: FAILED, no changes.html"
    html = open(changes, encoding="utf-8").read()
    ids = set(re.findall(r'href="[^"#]*/([A-Z]+-[\d-]+)\.html(?:#([A-Z]+-[\d-]+))?"', html))
    items = json.load(open(os.path.join(out_dir, "trace.json"), encoding="utf-8"))["items"]
    updated = [i["updated"] for i in items if i.get("updated")]
    later = sum(1 for u in updated if u > first_day)
    krs = [i for i in items if i["kind"] == "key-result"]
    moved = sum(1 for kr in krs if len(kr.get("history", [])) > 1)
    ok = ids and len(updated) == len(items) and later > 0 and moved > 0
    return (f"correctness: {'ok' if ok else 'FAILED'}: changes.html ({os.path.getsize(changes) // 1024} KB) links "
            f"{len(ids):,} changed items; trace.json: {len(updated):,} of {len(items):,} items have `updated` "
            f"({later:,} later than the first commit), {moved} of {len(krs)} key results have a `history` "
            f"of more than one point")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reload-runs", type=int, default=7)
    parser.add_argument("--dir", default="/var/tmp/roadbook-history")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--loose", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(ROADBOOK):
        sys.exit("build first: cargo build --release")
    site = os.path.join(args.dir, "site")
    if args.reuse and commit_count(site) == args.commits:
        print(f"reusing {site} ({args.commits} commits)")
    else:
        os.makedirs(args.dir, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(args.stories), site], check=True)
        took = make_repo(site, args.stories, args.commits)
        print(f"created the repository in {site}: {args.commits:,} commits in {took:.1f} s", flush=True)
        if not args.loose:
            started = time.perf_counter()
            git(site, "gc", "-q")
            print(f"git gc: {time.perf_counter() - started:.1f} s", flush=True)
    objects = git(site, "count-objects", "-v")
    loose = int(re.search(r"count: (\d+)", objects).group(1))
    size = subprocess.run(["du", "-sh", os.path.join(site, ".git")], capture_output=True, text=True).stdout.split()[0]

    shm = tempfile.mkdtemp(prefix="roadbook-history-", dir="/dev/shm")
    out = os.path.join(shm, "out")
    story = os.path.join(site, "backlog", "stories", "S-1.md")
    rows = {}
    try:
        build = [ROADBOOK, "build", site, "-o", out]
        rows["on", "build"] = median_of(args.runs, lambda: remove(out), build)
        correctness = verify(out, time.strftime("%Y-%m-%d", time.gmtime(START)))
        remove(out)
        rows["on", "check"] = median_of(args.runs, lambda: None, [ROADBOOK, "check", site])
        rows["on", "reload"] = reload_median(site, story, args.reload_runs)
        restore = history_off(site)
        try:
            rows["off", "build"] = median_of(args.runs, lambda: remove(out), build)
            rows["off", "check"] = median_of(args.runs, lambda: None, [ROADBOOK, "check", site])
            rows["off", "reload"] = reload_median(site, story, args.reload_runs)
        finally:
            restore()
    finally:
        remove(shm)

    print()
    print(f"{args.stories:,} stories, {commit_count(site):,} commits, .git {size} "
          f"({'loose objects: ' + format(loose, ',') if loose else 'packed'}), median of {args.runs} runs "
          f"({args.reload_runs} saves for serve); history off = `[history] enabled = false` in roadbook.toml")
    print()
    print("| measurement | history on | history off | difference |")
    print("|---|---:|---:|---:|")
    for key, what in [("build", "cold build to tmpfs"), ("check", "roadbook check")]:
        (on_s, on_mb), (off_s, off_mb) = rows["on", key], rows["off", key]
        print(f"| {what}: wall time (s) | {on_s:.2f} | {off_s:.2f} | {on_s - off_s:+.2f} |")
        print(f"| {what}: peak memory (MB) | {on_mb:.0f} | {off_mb:.0f} | {on_mb - off_mb:+.0f} |")
    (on_ms, on_all), (off_ms, off_all) = rows["on", "reload"], rows["off", "reload"]
    print(f"| serve: one story saved → reload (ms) | {on_ms:.0f} | {off_ms:.0f} | {on_ms - off_ms:+.0f} |")
    print()
    print(f"serve runs (ms): history on {on_all}, history off {off_all}")
    added, reload_added = rows["on", "build"][0] - rows["off", "build"][0], on_ms - off_ms
    print(f"target: history adds ≤ 1.0 s to a cold build: {'met' if added <= 1.0 else 'MISSED'} ({added:+.2f} s); "
          f"≤ 100 ms to a serve rebuild: {'met' if reload_added <= 100 else 'MISSED'} ({reload_added:+.0f} ms)")
    print(correctness)
    print(f"data left in {args.dir}; rerun without regenerating: bench/history.py --reuse")


if __name__ == "__main__":
    main()
