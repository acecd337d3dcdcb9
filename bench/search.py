#!/usr/bin/env python3
"""How fast the first search results appear, and how much of the index a query
loads, on a large site (SPEC §4, issue 14's targets: first results within 100 ms
of typing at 10,000 stories; no page loads more than about 1 MB of search data
before the reader types).

usage: bench/search.py [--stories N] [--dir DIR] [--runs R]
       (defaults: N = 10000, DIR = /dev/shm/roadbook-search, R = 3)

Generates the N-story site with bench/generate.py, builds it with
target/release/roadbook into DIR/out, then, for each query below, opens
index.html from file:// in headless Chromium (tests/browser/audit.js, which
needs `npm ci --prefix tests/browser`), types the query into the search box and
reads, in the page, the milliseconds from the input event to the results on
screen: nothing of the index is loaded before, so each figure includes loading
the manifest, the query's term shards and the documents shown. Prints the median
of R runs per query, the index files and bytes each query loaded, and the size
of the index on disk.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = ["allergy", "recipe", "pla", "shopping list", "S-5050", "vegetarian budget week"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--dir", default="/dev/shm/roadbook-search")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    site, out = os.path.join(args.dir, "site"), os.path.join(args.dir, "out")
    shutil.rmtree(args.dir, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench/generate.py"), str(args.stories), site],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([os.path.join(ROOT, "target/release/roadbook"), "build", site, "-o", out],
                   check=True, stderr=subprocess.DEVNULL)

    index = os.path.join(out, "search")
    files = os.listdir(index)
    size = sum(os.path.getsize(os.path.join(index, f)) for f in files)
    manifest = os.path.getsize(os.path.join(index, "manifest.js"))
    shards = [f for f in files if f.startswith("t-")]
    largest = max(os.path.getsize(os.path.join(index, f)) for f in shards)
    print(f"{args.stories} stories: index of {len(files)} files, {size / 1e6:.1f} MB on disk; "
          f"manifest {manifest / 1e3:.1f} kB; {len(shards)} term shards, the largest {largest / 1e3:.0f} kB")
    print("Loaded before the reader types: 0 bytes (the index loads on the first input).\n")
    print("| query | first results (ms, median) | index files loaded | bytes loaded |")
    print("|---|---:|---:|---:|")
    audit = os.path.join(ROOT, "tests/browser/audit.js")
    for q in QUERIES:
        times, loaded = [], []
        for _ in range(args.runs):
            r = json.loads(subprocess.run(["node", audit, "search", out, "index.html", q],
                                          check=True, capture_output=True, text=True).stdout)
            times.append(r["ms"])
            loaded = [s for s in r["scripts"] if s.startswith("search/")]
        nbytes = sum(os.path.getsize(os.path.join(out, s)) for s in loaded)
        print(f"| `{q}` | {statistics.median(times):.0f} | {len(loaded)} | {nbytes / 1e3:.0f} kB |")


if __name__ == "__main__":
    main()
