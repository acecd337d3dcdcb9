#!/usr/bin/env python3
"""What an unknown id costs `roadbook check`: "did you mean" at 10,000 ids.

usage: bench/did_you_mean.py [--stories N] [--refs R] [--runs K] [--binary PATH]

Generates a site of N stories (bench/generate.py), then two copies with R more
references each, half in `depends_on` and half as [[ID]] in bodies: one whose
references name existing stories, one whose references name no item (typos of
existing ids and ids with nothing near). Each copy is checked K times with
ROADBOOK_TIMINGS; the checks phase's median time of the second, less the first's,
over R, is the cost of one unknown reference. The issue's target: under 50 µs at
10,000 ids.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def write_refs(site, refs, n, unknown):
    """R references in stories of their own, in one file of `backlog/`."""
    out = []
    for k in range(refs // 2):
        target = (k * 7919) % n + 1
        if unknown:
            # A typo of an existing id (a letter O for a zero, a digit swapped
            # in) or an id with nothing near, alternately.
            ids = [f"S-{target}x", f"Q-{900000 + k}"]
            a, b = ids[k % 2], ids[(k + 1) % 2]
        else:
            a, b = f"S-{target}", f"S-{(target % n) + 1}"
        out.append(
            f'[[story]]\nid = "BENCH-{k}"\ntitle = "Bench reference {k}"\n'
            f'epic = "E-1"\nstatus = "draft"\ndepends_on = ["{a}"]\n'
            f'body = "See [[{b}]]."\n'
        )
    with open(os.path.join(site, "backlog", "bench_refs.toml"), "w") as f:
        f.write("\n".join(out))


def checks_ms(binary, site):
    run = subprocess.run(
        [binary, "check", site],
        env={**os.environ, "ROADBOOK_TIMINGS": "1"},
        capture_output=True,
        text=True,
    )
    marks = dict(
        (name.strip(), int(ms))
        for ms, name in re.findall(r"timings:\s+(\d+) ms.*?peak\s+(.*)", run.stderr)
    )
    return marks["checks run"] - marks["items resolved"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stories", type=int, default=10000)
    p.add_argument("--refs", type=int, default=2000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "roadbook"))
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {}
        for unknown in (False, True):
            site = os.path.join(tmp, "unknown" if unknown else "known")
            subprocess.run(
                [sys.executable, os.path.join(HERE, "generate.py"), str(args.stories), site],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            write_refs(site, args.refs, args.stories, unknown)
            sites[unknown] = site
        times = {u: [] for u in sites}
        for _ in range(args.runs):
            for unknown, site in sites.items():
                times[unknown].append(checks_ms(args.binary, site))
        known = statistics.median(times[False])
        unknown = statistics.median(times[True])
        per_ref = (unknown - known) * 1000 / args.refs
        print(f"{args.stories} stories, {args.refs} references, median of {args.runs}")
        print(f"checks phase, references known:   {known:.0f} ms  {sorted(times[False])}")
        print(f"checks phase, references unknown: {unknown:.0f} ms  {sorted(times[True])}")
        print(f"per unknown reference: {per_ref:.1f} µs")


if __name__ == "__main__":
    main()
