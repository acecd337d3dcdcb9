#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) with cargo-fuzz (libFuzzer).
# Crashes land in fuzz/artifacts/TARGET/; copy them to fuzz/regressions/TARGET/,
# where `cargo test --test fuzz_regressions` replays them on every CI run.
# usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter markdown)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo-fuzz passes -Z flags; the stable toolchain accepts them this way.
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048
done
