#!/usr/bin/env python3
"""Benchmark `roadbook build` on generated sites, and Hugo on the same content.

usage: bench/run.py [N ...] [--runs R] [--disk DIR] [--no-hugo] [--zola PATH]
                    [--no-serve] [--no-browser]
       (defaults: N = 1000 10000 100000, R = 3, DIR = a folder under /var/tmp)

For each N it generates a site with bench/generate.py and measures, as the median
of R runs with /usr/bin/time -v (wall time and peak memory):
  - cold build to tmpfs (/dev/shm), so the disk plays no part;
  - cold build to disk;
  - `cp -r` of that output tree on the same disk (the disk's floor);
  - warm rebuild to disk after one story changed;
  - `roadbook check` alone;
  - Hugo building the same Markdown (Debian's `hugo`, installed with apt-get when
    missing and running as root), to tmpfs, and the ratio of its time to ours;
  - Zola building the same Markdown, to tmpfs, without its search index, and the
    ratio: `--zola PATH`, else `zola` on the PATH; Zola is not packaged by Debian
    nor published on crates.io, so build it from its source once (`cargo build
    --release` in a checkout of getzola/zola) or the row is skipped with a note;
  - `serve`: from saving one story to the reload event, median of 7 saves, with
    bench/reload_latency.py (not with --no-serve);
  - the browser: bench/browser_timing.js on the cold build's output, every page
    of its top folder and the largest of each folder below, from file:// in
    headless Chromium (not with --no-browser, nor without node, Chromium and
    tests/browser/node_modules: `npm ci --prefix tests/browser`).
Prints one Markdown table, the cost per 1,000 stories at each N (the growth
curve), then each size's browser table. Needs a release build: `cargo build
--release`.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROADBOOK = os.path.join(ROOT, "target", "release", "roadbook")


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak MB)."""
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    return seconds, peak_kb / 1024


def median_of(runs, prepare, cmd, cwd=None):
    results = []
    for _ in range(runs):
        prepare()
        results.append(timed(cmd, cwd))
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def remove(path):
    shutil.rmtree(path, ignore_errors=True)


def sync():
    subprocess.run(["sync"], check=False)


def hugo_site(site, dest):
    """The same Markdown as a Hugo site: front matter is TOML between +++ in both."""
    remove(dest)
    os.makedirs(os.path.join(dest, "layouts", "_default"))
    with open(os.path.join(dest, "hugo.toml"), "w") as f:
        f.write('baseURL = "/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\n')
    with open(os.path.join(dest, "layouts", "_default", "single.html"), "w") as f:
        f.write("<!doctype html><title>{{ .Title }}</title><main><h1>{{ .Title }}</h1>{{ .Content }}</main>\n")
    with open(os.path.join(dest, "layouts", "_default", "list.html"), "w") as f:
        f.write("<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>\n")
    for folder, section in [("goals", "goals"), ("roadmap", "initiatives"), ("backlog/epics", "epics"), ("backlog/stories", "stories")]:
        src = os.path.join(site, folder)
        out = os.path.join(dest, "content", section)
        os.makedirs(out)
        for name in os.listdir(src):
            if name.endswith(".md"):
                shutil.copy(os.path.join(src, name), out)


def zola_site(site, dest):
    """The same Markdown as a Zola site. Zola accepts only its own keys at the top
    of the front matter, so the item's fields go under [extra]."""
    remove(dest)
    os.makedirs(os.path.join(dest, "templates"))
    with open(os.path.join(dest, "config.toml"), "w") as f:
        f.write('base_url = "/"\ntitle = "bench"\nbuild_search_index = false\ncompile_sass = false\n')
    page = "<!doctype html><title>{{ page.title }}</title><main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main>\n"
    listing = ("<!doctype html><title>{{ section.title }}</title><ul>{% for p in section.pages %}"
               "<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>\n")
    for name, text in [("page.html", page), ("section.html", listing), ("index.html", listing)]:
        with open(os.path.join(dest, "templates", name), "w") as f:
            f.write(text)
    for folder, section in [("goals", "goals"), ("roadmap", "initiatives"), ("backlog/epics", "epics"), ("backlog/stories", "stories")]:
        src = os.path.join(site, folder)
        out = os.path.join(dest, "content", section)
        os.makedirs(out)
        with open(os.path.join(out, "_index.md"), "w") as f:
            f.write(f'+++\ntitle = "{section}"\n+++\n')
        for name in os.listdir(src):
            if not name.endswith(".md"):
                continue
            text = open(os.path.join(src, name), encoding="utf-8").read()
            _, front, body = text.split("+++\n", 2)
            lines = front.splitlines()
            title = next(l for l in lines if l.startswith("title = "))
            extra = [l.replace("[[key_results]]", "[[extra.key_results]]") for l in lines if l is not title]
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write("+++\n" + title + "\n[extra]\n" + "\n".join(extra) + "\n+++\n" + body)


def find_hugo():
    """Debian's hugo, installed when missing and this runs as root."""
    if not shutil.which("hugo") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, capture_output=True)
    return shutil.which("hugo")


def reload_ms(site, story):
    """The median time from saving `story` to `serve`'s reload event."""
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "reload_latency.py"), ROADBOOK, site, story, "7"],
                         capture_output=True, text=True, check=True)
    return float(re.search(r"median: (\d+) ms", out.stdout).group(1))


def browser_ready():
    """Whether bench/browser_timing.js can run here."""
    chromium = os.environ.get("ROADBOOK_CHROMIUM", "/usr/bin/chromium")
    modules = os.path.join(ROOT, "tests", "browser", "node_modules", "playwright-core")
    return shutil.which("node") and os.path.exists(chromium) and os.path.isdir(modules)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--disk", default=None)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--zola", default=shutil.which("zola"))
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(ROADBOOK):
        sys.exit("build first: cargo build --release")
    hugo = None if args.no_hugo else find_hugo()
    zola = args.zola if args.zola and os.path.exists(args.zola) else None
    if not zola:
        print("note: no zola (give --zola PATH): the Zola rows are left out", file=sys.stderr)
    disk = args.disk or tempfile.mkdtemp(prefix="roadbook-bench-", dir="/var/tmp")
    shm = tempfile.mkdtemp(prefix="roadbook-bench-", dir="/dev/shm")
    browser = None if args.no_browser else browser_ready()
    rows = []
    browser_tables = []
    try:
        for n in args.sizes:
            site = os.path.join(disk, f"site-{n}")
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(n), site], check=True)
            tmpfs_out, disk_out, copy = os.path.join(shm, "out"), os.path.join(disk, "out"), os.path.join(disk, "copy")
            files = None
            cold_tmpfs = median_of(args.runs, lambda: remove(tmpfs_out), [ROADBOOK, "build", site, "-o", tmpfs_out])
            files = sum(len(f) for _, _, f in os.walk(tmpfs_out))
            if browser:
                timing = subprocess.run(["node", os.path.join(ROOT, "bench", "browser_timing.js"), tmpfs_out, "3"],
                                        capture_output=True, text=True)
                browser_tables.append((n, timing.stdout if timing.returncode == 0 else "failed:\n" + timing.stderr[-2000:]))
            remove(tmpfs_out)
            cold_disk = median_of(args.runs, lambda: (remove(disk_out), sync()), [ROADBOOK, "build", site, "-o", disk_out])
            cp = median_of(args.runs, lambda: (remove(copy), sync()), ["cp", "-r", disk_out, copy])
            remove(copy)
            story = os.path.join(site, "backlog", "stories", "S-1.md")
            original = open(story).read()
            edits = iter(range(10**6))

            def change_one_story():
                with open(story, "w") as f:
                    f.write(original + f"\nEdit {next(edits)}.\n")
                sync()

            warm = median_of(args.runs, change_one_story, [ROADBOOK, "build", site, "-o", disk_out])
            with open(story, "w") as f:
                f.write(original)
            rows.append((n, files, "roadbook: cold build to tmpfs", *cold_tmpfs))
            rows.append((n, files, "roadbook: cold build to disk", *cold_disk))
            rows.append((n, files, "cp -r of that output (disk floor)", *cp))
            rows.append((n, files, "roadbook: warm rebuild, one story changed", *warm))
            rows.append((n, files, "ratio cold build to disk / cp -r", cold_disk[0] / cp[0], None))
            check = median_of(args.runs, lambda: None, [ROADBOOK, "check", site])
            rows.append((n, files, "roadbook check", *check))
            if not args.no_serve:
                reload = reload_ms(site, story)
                rows.append((n, files, "serve: one story saved → reload event (ms, median of 7)", reload, None))
            if hugo:
                hsite = os.path.join(disk, f"hugo-{n}")
                hugo_site(site, hsite)
                hout = os.path.join(shm, "hugo-out")
                h = median_of(args.runs, lambda: remove(hout), [hugo, "--quiet", "-s", hsite, "-d", hout])
                remove(hout)
                rows.append((n, files, "Hugo: cold build to tmpfs", *h))
                rows.append((n, files, "ratio Hugo / roadbook (tmpfs)", h[0] / cold_tmpfs[0], None))
            if zola:
                zsite = os.path.join(disk, f"zola-{n}")
                zola_site(site, zsite)
                zout = os.path.join(shm, "zola-out")
                z = median_of(args.runs, lambda: remove(zout), [zola, "--root", zsite, "build", "--output-dir", zout])
                remove(zout)
                rows.append((n, files, "Zola: cold build to tmpfs (no search index)", *z))
                rows.append((n, files, "ratio Zola / roadbook (tmpfs)", z[0] / cold_tmpfs[0], None))
            remove(disk_out)
    finally:
        remove(shm)
        if not args.disk:
            remove(disk)
    print("| stories | roadbook files | measurement | wall time (s) | peak memory (MB) |")
    curve = [(n, secs, mb) for n, _, what, secs, mb in rows if what == "roadbook: cold build to tmpfs"]
    print("|---:|---:|---|---:|---:|")
    for n, files, what, secs, mb in rows:
        mb_text = f"{mb:.0f}" if mb is not None else ""
        secs_text = f"{secs:.0f}" if "(ms" in what else f"{secs:.2f}" if "ratio" not in what else f"{secs:.1f}×"
        print(f"| {n:,} | {files:,} | {what} | {secs_text} | {mb_text} |")
    print()
    print("Growth, cold build to tmpfs: " + "; ".join(
        f"{n:,} stories {secs:.2f} s ({secs / n * 1000:.3f} s per 1,000), {mb:.0f} MB" for n, secs, mb in curve))
    for n, table in browser_tables:
        print(f"\nBrowser, {n:,} stories (bench/browser_timing.js, median of 3, from file://):\n")
        print(table.rstrip())
    if not browser and not args.no_browser:
        print("\nnote: no browser figures: needs node, Chromium and `npm ci --prefix tests/browser`")


if __name__ == "__main__":
    main()
