#!/usr/bin/env bash
# example-history.sh: replay a realistic product history of the MealMate example
# site into a fresh git repository, and build it there with history on.
#
# Usage: scripts/example-history.sh [DIR]
#
#   DIR   an empty or missing folder (default: a new `mktemp -d` folder).
#
# example-site/ lives in Roadbook's own repository, so its git history is
# Roadbook's development and its roadbook.toml has `[history] enabled = false`.
# This script copies example-site/ (without public/) into DIR, turns history on
# there, and makes fourteen dated commits by four authors, from 12 January to
# 5 February 2027, the first two sprints of backlog/sprints.toml: key results
# measured, stories refined, started and done, an initiative moving from next
# to now, dates slipping, health changing with a note saying why, a RACI cell
# and a decision changing, and the next sprint forecast at the last review.
# The dates fit the content: Sprint 1 runs from 11 to 22 January and Sprint 2
# from 25 January to 5 February (Sprint 3 starts on 8 February), each key
# result's `measured` date is on or before the commit that records it, D-1 is
# dated 12 January and D-3 3 February. The last commit is
# byte for byte example-site/ (but for `enabled = true`), which the script
# checks before it builds, with SOURCE_DATE_EPOCH at the last commit, so that
# "today" on the pages is the day of that commit and the output is the same on
# every run.
#
# How: the history below is a list of commits, each a list of forward edits
# (an exact, literal replacement of one text by another in one file), files
# added and files renamed. The script first undoes every step, newest first,
# which leaves the oldest state; then it replays the steps commit by commit.
#
# Set ROADBOOK=/path/to/roadbook to build with that binary instead of
# `cargo run --release`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITE=$ROOT/example-site

die() {
  printf 'example-history: %s\n' "$*" >&2
  exit 1
}

# Git, with none of the user's or the system's configuration.
git_() {
  GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
    git -c init.defaultBranch=main -c commit.gpgsign=false -c core.autocrlf=false "$@"
}

# ---------------------------------------------------------------------------
# The steps of the history, recorded by the functions below.

C_DATE=() C_WHO=() C_MSG=()                   # one entry per commit
S_COMMIT=() S_KIND=() S_FILE=() S_A=() S_B=()  # one entry per step

declare -A NAME=(
  [pm]="Ana Ruiz"    [po]="Jonas Berg"    [sm]="Mei Lin"    [dev]="Kofi Mensah"
)
declare -A EMAIL=(
  [pm]="ana.ruiz@mealmate.example" [po]="jonas.berg@mealmate.example"
  [sm]="mei.lin@mealmate.example"  [dev]="kofi.mensah@mealmate.example"
)

# commit DATE WHO MESSAGE: the steps that follow, up to the next `commit`.
commit() {
  [[ -n ${NAME[$2]:-} ]] || die "unknown author: $2"
  C_DATE+=("$1") C_WHO+=("$2") C_MSG+=("$3")
}

step() {
  ((${#C_DATE[@]} > 0)) || die "a step before the first commit: $*"
  S_COMMIT+=($((${#C_DATE[@]} - 1))) S_KIND+=("$1") S_FILE+=("$2") S_A+=("$3") S_B+=("$4")
}

# edit FILE OLD NEW, or edit FILE with OLD, a line `=>` and NEW on stdin:
# OLD becomes NEW in FILE, where it occurs exactly once.
edit() {
  local file=$1 old new text sep=$'\n=>\n'
  if (($# == 3)); then
    old=$2 new=$3
  else
    text=$(cat)
    [[ $text == *"$sep"* ]] || die "edit of $file: no line '=>' between old and new text"
    old=${text%%"$sep"*} new=${text#*"$sep"}
  fi
  [[ -n $old && -n $new ]] || die "edit of $file: empty old or new text"
  step edit "$file" "$old" "$new"
}

# add FILE: the file appears in this commit (with its content as of then).
add() { step add "$1" "" ""; }

# rename OLD NEW: `git mv OLD NEW`, same content.
rename() { step rename "$2" "$1" ""; }

# The file of a story, epic, initiative or goal (as it is named in the end).
item_file() {
  local found=() dir f
  for dir in backlog/stories backlog/epics roadmap goals; do
    for f in "$dir/$1"-*.md; do [[ -e $f ]] && found+=("$f"); done
  done
  ((${#found[@]} == 1)) || die "no single file for $1: ${found[*]:-none}"
  printf '%s' "${found[0]}"
}

# move ID FROM TO: a status change.
move() {
  local file
  file=$(item_file "$1")
  edit "$file" "status = \"$2\"" "status = \"$3\""
}

# refine ID: a draft story becomes ready, with the estimate it has in the end.
refine() {
  local file points
  file=$(item_file "$1")
  points=$(grep -m1 '^points = ' "$file") || die "$file has no points"
  edit "$file" 'status = "draft"' "status = \"ready\""$'\n'"$points"
}

# plan ID SPRINT: the story is taken into a sprint.
plan() {
  local file priority
  file=$(item_file "$1")
  priority=$(grep -m1 '^priority = ' "$file") || die "$file has no priority"
  edit "$file" "$priority" "$priority"$'\n'"sprint = \"$2\""
}

# measure FILE OLD WHEN NEW WHEN': a key result measured again. Its `current`
# goes from OLD (measured on WHEN) to NEW, measured on WHEN'.
measure() {
  edit "$1" "current = $2"$'\n'"measured = $3" "current = $4"$'\n'"measured = $5"
}

G1=goals/G-1-weekly-planning.md
G2=goals/G-2-less-waste.md
G3=goals/G-3-paying-households.md
DECISIONS=decisions/decisions.toml

# ---------------------------------------------------------------------------
# The history, oldest first. Read against example-site/, which is its end.

product_history() {
  commit 2027-01-12T09:30:00Z pm "Start the MealMate handbook: vision, goals, roadmap, roles and backlog"
  # (everything not added later, as it was then)

  commit 2027-01-15T15:40:00Z po "Sprint 1, first week: allergies and the onboarding summary are done"
  move S-2 in-progress done
  move S-4 in-progress done
  move S-3 ready in-progress
  move S-5 ready in-progress
  move S-6 ready in-progress
  move S-8 ready in-progress
  move E-2 todo in-progress

  commit 2027-01-19T10:15:00Z po "Refinement: estimate the generator and swap stories; add S-10"
  refine S-7
  refine S-9
  refine S-12
  refine S-13
  refine S-14
  add backlog/stories/S-10-regenerate-week.md

  commit 2027-01-20T08:50:00Z pm "Shopping list 2.0 moves to now; first list stories ready"
  edit roadmap/I-2-smart-shopping-list.md 'horizon = "next"' 'horizon = "now"'
  move I-2 planned in-progress
  refine S-17
  refine S-18
  refine S-19
  refine S-20

  commit 2027-01-21T09:05:00Z pm "Key results after the first January releases; name I-1's file after its title"
  measure $G1 38.0 2027-01-11 31.0 2027-01-20
  measure $G1 33.0 2027-01-11 39.0 2027-01-20
  measure $G2 2.4 2026-12-31 2.3 2027-01-20
  measure $G2 25.0 2027-01-11 26.0 2027-01-20
  measure $G3 19200.0 2026-12-31 20800.0 2027-01-20
  measure $G3 8.0 2026-12-31 9.2 2027-01-20
  measure $G3 4.0 2026-12-31 6.0 2027-01-20
  rename roadmap/I-1-personal-plans.md roadmap/I-1-personalised-plans.md

  commit 2027-01-25T10:20:00Z po "Sprint review and planning: diets epic done; swaps and the merged list start"
  move S-3 in-progress done
  move S-5 in-progress done
  move S-6 in-progress done
  move S-8 in-progress done
  move E-1 in-progress done
  edit backlog/sprints.toml <<'EOF'
goal = "A new household records every member's diets and allergies once, during onboarding, and gets a first week of varied dinners that respects all of them."
=>
goal = "A new household records every member's diets and allergies once, during onboarding, and gets a first week of varied dinners that respects all of them."

[[sprint]]
id = "SP-2"
title = "Sprint 2: plans that adapt"
start = 2027-01-25
end = 2027-02-05
goal = "Households can swap a meal in one tap and say why, weeknight dinners fit their time budget, and the week's list has one line per ingredient."
EOF
  for s in S-7 S-9 S-12 S-13 S-14 S-17 S-18 S-20; do plan $s SP-2; done
  for s in S-7 S-12 S-17 S-18; do move $s ready in-progress; done
  move E-3 todo in-progress
  move E-4 todo in-progress

  commit 2027-01-27T09:10:00Z pm "Key results after Sprint 1; propose opening checkout to any partner store (D-3)"
  measure $G1 31.0 2027-01-20 26.0 2027-01-26
  measure $G1 39.0 2027-01-20 44.0 2027-01-26
  measure $G2 26.0 2027-01-20 29.0 2027-01-26
  measure $G3 20800.0 2027-01-20 22100.0 2027-01-26
  measure $G3 9.2 2027-01-20 10.5 2027-01-26
  edit $DECISIONS <<'EOF'
integration work small.
"""
=>
integration work small.
"""

[[decision]]
id = "D-3"
title = "Open checkout to any store with the partner API"
status = "proposed"
date = 2027-02-03
deciders = ["pm", "po", "dev"]
affects = ["I-5", "E-7"]
body = """
Two stores covered too few households in the pilot towns. Any store that
implements the partner API can now join; [[E-7]] builds the shared checkout.
"""
EOF

  commit 2027-01-29T11:00:00Z sm "Working agreement: the Product Owner decides when an increment is released"
  edit roles/raci.toml <<'EOF'
name = "Release an increment to households"
area = "Quality"
raci = { pm = "I", po = "C", sm = "I", dev = "AR" }
=>
name = "Release an increment to households"
area = "Quality"
raci = { pm = "I", po = "A", sm = "I", dev = "R" }
EOF
  edit roles/po.md <<'EOF'
  "Whether a story meets its acceptance criteria",
=>
  "Whether a story meets its acceptance criteria",
  "Whether and when an increment is released to households",
EOF
  edit roles/dev.md <<'EOF'
  "Technical design and architecture within the team's product",
  "When a done increment is released to households",
=>
  "Technical design and architecture within the team's product",
EOF

  commit 2027-02-01T10:30:00Z pm "Quarterly roadmap review: pantry and family sharing move to next; D-3 accepted"
  edit roadmap/I-3-pantry.md 'horizon = "later"' 'horizon = "next"'
  edit roadmap/I-4-family-sharing.md 'horizon = "later"' 'horizon = "next"'
  edit $DECISIONS <<'EOF'
title = "Hand-picked partner stores only"
status = "accepted"
date = 2026-11-20
deciders = ["pm"]
affects = ["I-5"]
=>
title = "Hand-picked partner stores only"
status = "superseded"
date = 2026-11-20
deciders = ["pm"]
affects = ["I-5"]
superseded_by = ["D-3"]
EOF
  edit $DECISIONS <<'EOF'
status = "proposed"
date = 2027-02-03
deciders = ["pm", "po", "dev"]
affects = ["I-5", "E-7"]
=>
status = "accepted"
date = 2027-02-03
deciders = ["pm", "po", "dev"]
affects = ["I-5", "E-7"]
supersedes = ["D-2"]
EOF
  add backlog/stories/S-32-vote-on-dinners.md

  commit 2027-02-01T15:00:00Z pm "Key results for January; why G-3 is on track while its scores are low"
  measure $G1 26.0 2027-01-26 22.0 2027-02-01
  measure $G1 44.0 2027-01-26 48.0 2027-02-01
  measure $G2 2.3 2027-01-20 2.1 2027-01-31
  measure $G2 29.0 2027-01-26 31.0 2027-02-01
  measure $G3 22100.0 2027-01-26 23500.0 2027-01-31
  measure $G3 6.0 2027-01-20 6.0 2027-01-31
  edit $G3 'status = "on-track"' <<'EOF'
status = "on-track"
=>
status = "on-track"
health_note = "January added 4,300 paying households, well ahead of the 1,500 a month that 40,000 needs; invitations move once family sharing ships."
EOF

  commit 2027-02-02T17:45:00Z pm "Aisle data arrives in March: Shopping list 2.0 at risk and four weeks later, pantry follows"
  edit roadmap/I-2-smart-shopping-list.md 'end = 2027-04-02' 'end = 2027-04-30'
  edit roadmap/I-2-smart-shopping-list.md <<'EOF'
health = "on-track"
=>
health = "at-risk"
health_note = "Aisle data for the three largest chains arrives in March, not February as agreed; the beta holds only if it arrives by 15 March."
EOF
  edit roadmap/I-2-smart-shopping-list.md <<'EOF'
planned on purpose add nothing to the list, and swaps must update it immediately.

## Success looks like
=>
planned on purpose add nothing to the list, and swaps must update it immediately.

## Why at risk

Aisle data for the three largest chains arrives in March, not February as agreed.
The team ships aggregation, sharing and ticking off first, and the aisle order
([S-24](S-24)) after. The beta milestone holds if the data arrives by 15 March; if it
does not, the beta ships with the generic section order and aisle order follows in
May.

## Success looks like
EOF
  edit roadmap/milestones.toml 'date = 2027-03-22' 'date = 2027-04-19'
  edit roadmap/milestones.toml \
    "aisle-order part depends on the chains' data arriving in February." \
    "aisle-order part depends on the chains' data arriving by 15 March."
  edit roadmap/I-3-pantry.md $'start = 2027-04-05\nend = 2027-07-02' $'start = 2027-05-03\nend = 2027-07-30'
  edit $G2 <<'EOF'
status = "on-track"
=>
status = "at-risk"
health_note = "Aisle data arrives in March instead of February, which delays the aisle-ordered list and the pantry that carries most of the waste reduction."
EOF
  edit $G2 <<'EOF'
  ticks off at least five items in a week.
=>
  ticks off at least five items in a week.

## Why at risk

Aisle data for the three largest chains arrives in March instead of February, so the
aisle-ordered list ([S-24](S-24)) will reach households later than planned. The pantry
([I-3](I-3)), which carries most of the waste reduction, cannot start before the list is
in shape. We expect list usage to move this half and waste to move only in the second
half.
EOF

  commit 2027-02-03T10:30:00Z po "Refinement: swap reasons from the beta, S-15 added, the rest of the list refined"
  edit backlog/epics/E-3-recipe-swaps.md <<'EOF'
## Swap reasons we offer

| Reason | What the generator learns |
|---|---|
| Takes too long | the household's weeknight time budget ([S-7](S-7)) |
| Don't like it | taste: fewer recipes like this one |
| Missing an ingredient | nothing yet; the pantry will help ([I-3](I-3)) |

We will compare these with the free-text answers after the first two weeks of the
beta.
=>
## Swap reasons, first two weeks of the beta

| Reason | Share of answered swaps |
|---|---|
| Had it recently | 31% |
| Takes too long | 27% |
| Don't like it | 24% |
| Missing an ingredient | 18% |

"Had it recently" was not in our first list of reasons; households wrote it in the
free-text field so often that we added it.
EOF
  add backlog/stories/S-15-swap-alternatives.md
  refine S-21
  refine S-22
  refine S-23
  refine S-24

  commit 2027-02-04T13:20:00Z dev "Propose keeping allergy data on the device (D-4)"
  edit $DECISIONS <<'EOF'
implements the partner API can now join; [[E-7]] builds the shared checkout.
"""
=>
implements the partner API can now join; [[E-7]] builds the shared checkout.
"""

[[decision]]
id = "D-4"
title = "Keep allergy data on the device"
status = "proposed"
date = 2027-02-20
deciders = ["jonas", "priya"]
affects = ["E-1"]
body = """
Allergies are health data. We propose to store them only on the device and send
the plan generator a list of excluded ingredients instead.
"""
EOF

  commit 2027-02-05T15:50:00Z po "Sprint review: one-tap swap, weeknight effort and the merged list are done; I-1 back on track; Sprint 3 forecast"
  for s in S-7 S-12 S-17 S-18; do move $s in-progress done; done
  for s in S-9 S-13 S-14 S-20; do move $s ready in-progress; done
  edit roadmap/I-1-personalised-plans.md <<'EOF'
health = "at-risk"
health_note = "Most of the bet rests on weeknight effort and one-tap swaps, and neither has been built or tried with households yet."
=>
health = "on-track"
health_note = "Weeknight effort and one-tap swaps, the riskiest parts of the bet, shipped in Sprint 2."
EOF
  edit roadmap/I-1-personalised-plans.md 'confidence = "medium"' 'confidence = "high"'
  # The review ends with the probable stories for the next sprint; the
  # Developers confirm them at sprint planning on Monday.
  edit backlog/sprints.toml <<'EOF'
goal = "Households can swap a meal in one tap and say why, weeknight dinners fit their time budget, and the week's list has one line per ingredient."
=>
goal = "Households can swap a meal in one tap and say why, weeknight dinners fit their time budget, and the week's list has one line per ingredient."

[[sprint]]
id = "SP-3"
title = "Sprint 3: a list for the shop"
start = 2027-02-08
end = 2027-02-19
goal = "Households take the week's list into the shop: staples out of the way, items ticked off with one thumb even without signal, their usual store chosen, and a list that follows when the rest of the week is regenerated."
EOF
  for s in S-10 S-19 S-21 S-23; do plan $s SP-3; done
}

# ---------------------------------------------------------------------------
# Applying steps.

# replace FILE FROM TO: FROM, which must occur exactly once in FILE, becomes TO.
# DOING says which step this is, for the error message.
DOING=""
replace() {
  local file=$1 from=$2 to=$3 count
  [[ -f $file ]] || die "${DOING}$file: no such file"
  count=$(FROM=$from perl -0ne 'my $n = () = /\Q$ENV{FROM}\E/g; print $n' "$file")
  [[ $count == 1 ]] ||
    die "${DOING}$file: the text to replace occurs $count times, not once:"$'\n'"$from"
  FROM=$from TO=$to perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$file"
}

STASH=$(mktemp -d)
trap 'rm -rf "$STASH"' EXIT

undo_step() {
  local i=$1 file=${S_FILE[$1]}
  DOING="undoing a step of the commit of ${C_DATE[${S_COMMIT[$i]}]}: "
  case ${S_KIND[$i]} in
    edit) replace "$file" "${S_B[$i]}" "${S_A[$i]}" ;;
    add)
      [[ -f $file ]] || die "${DOING}$file: added in a later commit, but missing"
      mv "$file" "$STASH/$i"
      ;;
    rename)
      [[ -f $file && ! -e ${S_A[$i]} ]] || die "${DOING}cannot rename $file back to ${S_A[$i]}"
      mv "$file" "${S_A[$i]}"
      ;;
  esac
}

redo_step() {
  local i=$1 file=${S_FILE[$1]}
  DOING="replaying a step of the commit of ${C_DATE[${S_COMMIT[$i]}]}: "
  case ${S_KIND[$i]} in
    edit) replace "$file" "${S_A[$i]}" "${S_B[$i]}" ;;
    add)
      [[ ! -e $file ]] || die "${DOING}$file: added twice"
      mkdir -p "$(dirname "$file")"
      mv "$STASH/$i" "$file"
      ;;
    rename) git_ mv "${S_A[$i]}" "$file" ;;
  esac
}

# ---------------------------------------------------------------------------

DIR=${1:-}
if [[ -z $DIR ]]; then
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/mealmate-history.XXXXXX")
elif [[ -e $DIR ]]; then
  [[ -d $DIR && -z $(ls -A "$DIR") ]] || die "$DIR exists and is not an empty folder"
else
  mkdir -p "$DIR"
fi
DIR=$(cd "$DIR" && pwd)

cp -R "$SITE/." "$DIR/"
rm -rf "$DIR/public"
cd "$DIR"

HISTORY_OFF=$'[history]\nenabled = false'
HISTORY_ON=$'[history]\nenabled = true'
replace roadbook.toml "$HISTORY_OFF" "$HISTORY_ON"

product_history # records the steps; reads the files as they are in the end

for ((i = ${#S_KIND[@]} - 1; i >= 0; i--)); do undo_step "$i"; done

git_ init -q
s=0
for ((c = 0; c < ${#C_DATE[@]}; c++)); do
  for (( ; s < ${#S_KIND[@]} && S_COMMIT[s] == c; s++)); do redo_step "$s"; done
  git_ add -A
  who=${C_WHO[$c]}
  GIT_AUTHOR_NAME=${NAME[$who]} GIT_AUTHOR_EMAIL=${EMAIL[$who]} GIT_AUTHOR_DATE=${C_DATE[$c]} \
    GIT_COMMITTER_NAME=${NAME[$who]} GIT_COMMITTER_EMAIL=${EMAIL[$who]} GIT_COMMITTER_DATE=${C_DATE[$c]} \
    git_ commit -q -m "${C_MSG[$c]}"
done

# The last commit must be example-site/ with history on, nothing else.
[[ -z $(git_ status --porcelain) ]] || die "files left out of the last commit in $DIR"
diff -r --exclude=public --exclude=.git --exclude=roadbook.toml "$SITE" "$DIR" ||
  die "the last commit differs from example-site/ (see the diff above)"
diff "$SITE/roadbook.toml" <(FROM=$HISTORY_ON TO=$HISTORY_OFF perl -0pe 's/\Q$ENV{FROM}\E/$ENV{TO}/' roadbook.toml) ||
  die "roadbook.toml differs from example-site/ by more than 'enabled = true'"

cd "$ROOT"
if [[ -n ${ROADBOOK:-} ]]; then
  build=("$ROADBOOK")
else
  build=(cargo run --release --quiet --)
fi
# "Today" (the roadmap's today line) is the day of the newest commit, not the
# day the script runs: the pages fit the history, and two runs give the same bytes.
epoch=$(git_ -C "$DIR" log -1 --format=%ct)
SOURCE_DATE_EPOCH=$epoch "${build[@]}" build "$DIR"

echo
echo "Built: $DIR/public/changes.html"
echo
git_ -C "$DIR" log --oneline
