#!/usr/bin/env python3
"""Writes a deterministic, valid Roadbook site of N stories for benchmarks.

usage: bench/generate.py N OUT_DIR

N/10 epics, N/50 initiatives, N/200 goals (at least 3) with two key results each,
the four roles with a RACI matrix and ceremonies, and N stories of 300-600 words
with 3-5 acceptance criteria, a fenced code block in every fifth story and [[ID]]
references. The same N always gives the same bytes.
"""
import os
import random
import shutil
import sys

WORDS = (
    "plan meal week family recipe shopping list budget pantry dinner lunch breakfast "
    "healthy quick vegetarian allergy portion calendar reminder share household cook "
    "ingredient season price store delivery nutrition goal habit swap favourite rating "
    "suggest learn prefer avoid schedule prepare leftover freezer batch kitchen time "
    "the a of to and in for with on by from that this when then user team value"
).split()
HORIZONS = ["now", "next", "later"]
STATUSES = ["draft", "ready", "in-progress", "done", "done", "done"]
THEMES = ["Personalisation", "Shopping", "Growth", "Platform", "Health"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, words):
    out, count = [], 0
    while count < words:
        n = rng.randint(8, 18)
        out.append(sentence(rng, n))
        count += n
    return " ".join(out), count


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    if os.path.exists(out):
        shutil.rmtree(out)
    rng = random.Random(n)
    n_epics = max(1, n // 10)
    n_inits = max(1, n // 50)
    n_goals = max(3, n // 200)

    write(f"{out}/roadbook.toml", f'title = "Benchmark handbook ({n} stories)"\n\n[build]\noutput_dir = "public"\n')
    write(f"{out}/vision.md", '+++\ntitle = "Vision"\nstatement = "Plan every meal in a minute."\n+++\n'
          + paragraph(rng, 80)[0] + "\n")
    for g in range(1, n_goals + 1):
        krs = "".join(
            f'\n[[key_results]]\nid = "KR-{g}-{k}"\nmetric = "{sentence(rng, 5)}"\nunit = "%"\n'
            f'direction = "increase"\nbaseline = 10.0\ntarget = 90.0\ncurrent = {rng.randint(10, 90)}.0\n'
            for k in (1, 2))
        write(f"{out}/goals/G-{g}.md", f'+++\nid = "G-{g}"\ntitle = "{sentence(rng, 5)[:-1]}"\nowner = "pm"\n'
              f'status = "on-track"\n{krs}+++\n{paragraph(rng, 60)[0]}\n')
    for i in range(1, n_inits + 1):
        goal = (i - 1) % n_goals + 1
        target = f"KR-{goal}-{rng.randint(1, 2)}" if i % 2 else f"G-{goal}"
        horizon = HORIZONS[(i - 1) % 3]
        month = (i - 1) % 12 + 1
        write(f"{out}/roadmap/I-{i}.md", f'+++\nid = "I-{i}"\ntitle = "{sentence(rng, 4)[:-1]}"\n'
              f'goals = ["{target}"]\nhorizon = "{horizon}"\nstart = 2027-{month:02d}-01\nend = 2027-{month:02d}-28\n'
              f'status = "planned"\ntheme = "{THEMES[i % len(THEMES)]}"\nowner = "pm"\n+++\n{paragraph(rng, 60)[0]}\n')
    write(f"{out}/roadmap/milestones.toml", '[[milestone]]\nid = "M-1"\ntitle = "Beta"\ndate = 2027-06-01\n')
    for e in range(1, n_epics + 1):
        init = (e - 1) % n_inits + 1
        write(f"{out}/backlog/epics/E-{e}.md", f'+++\nid = "E-{e}"\ntitle = "{sentence(rng, 4)[:-1]}"\n'
              f'initiative = "I-{init}"\nstatus = "in-progress"\nowner = "po"\n+++\n{paragraph(rng, 50)[0]}\n')
    write(f"{out}/backlog/sprints.toml", "".join(
        f'[[sprint]]\nid = "SP-{s}"\ntitle = "Sprint {s}"\nstart = 2027-{s:02d}-01\nend = 2027-{s:02d}-14\n'
        f'goal = "{sentence(rng, 6)}"\n\n' for s in range(1, 7)))
    for s in range(1, n + 1):
        epic = (s - 1) % n_epics + 1
        status = STATUSES[rng.randrange(len(STATUSES))]
        criteria = []
        for c in range(rng.randint(3, 5)):
            if c % 2:
                criteria.append(f'  {{ given = "{sentence(rng, 5)}", when = "{sentence(rng, 4)}", then = "{sentence(rng, 6)}" }},')
            else:
                criteria.append(f'  "{sentence(rng, 8)}",')
        target = rng.randint(300, 600)
        body, words = [], 0
        while words < target:
            text, count = paragraph(rng, min(80, target - words + 8))
            body.append(text)
            words += count
        refs = f"See [[E-{epic}]]" + (f" and [[S-{s - 1}]]." if s > 1 else ".")
        body.insert(1, refs)
        if s % 5 == 0:
            body.insert(2, "```rust\nfn plan(week: &Week) -> Plan {\n    let meals = week.days().map(suggest);\n    Plan::new(meals.collect())\n}\n```")
        sprint = f'sprint = "SP-{rng.randint(1, 6)}"\n' if status != "draft" else ""
        write(f"{out}/backlog/stories/S-{s}.md",
              f'+++\nid = "S-{s}"\ntitle = "{sentence(rng, 6)[:-1]}"\nepic = "E-{epic}"\n'
              f'as_a = "home cook"\ni_want = "{sentence(rng, 6)[:-1].lower()}"\nso_that = "{sentence(rng, 6)[:-1].lower()}"\n'
              f'status = "{status}"\npoints = {rng.choice([1, 2, 3, 5, 8])}\npriority = {s}\n{sprint}'
              f'labels = ["{rng.choice(THEMES).lower()}"]\nacceptance = [\n' + "\n".join(criteria) + "\n]\n+++\n"
              + "\n\n".join(body) + "\n")
    roles = {"pm": "Product Manager", "po": "Product Owner", "sm": "Scrum Master", "dev": "Developers"}
    for rid, title in roles.items():
        write(f"{out}/roles/{rid}.md", f'+++\nid = "{rid}"\ntitle = "{title}"\nsummary = "{sentence(rng, 8)}"\n'
              f'responsibilities = ["{sentence(rng, 5)}"]\n+++\n{paragraph(rng, 100)[0]}\n')
    rows = [("strategy", "AR", "C", "I", "I"), ("ordering", "C", "AR", "I", "C"),
            ("retro", "I", "C", "AR", "R"), ("sprint-plan", "I", "C", "C", "AR")]
    write(f"{out}/roles/raci.toml", 'roles = ["pm", "po", "sm", "dev"]\n\n' + "".join(
        f'[[activity]]\nid = "{a}"\nname = "{a.title()}"\nraci = {{ pm = "{p}", po = "{o}", sm = "{m}", dev = "{d}" }}\n\n'
        for a, p, o, m, d in rows))
    write(f"{out}/roles/ceremonies.toml", '[[ceremony]]\nid = "planning"\nname = "Sprint planning"\n'
          'attendance = { pm = "optional", po = "required", sm = "facilitates", dev = "required" }\n')
    write(f"{out}/pages/about.md", '+++\ntitle = "About"\n+++\n' + paragraph(rng, 100)[0] + "\n")


if __name__ == "__main__":
    main()
