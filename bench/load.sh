#!/usr/bin/env bash
# The server under load and abuse, on loopback only: wrk sends requests over 64
# connections for 10 s while a story is edited in the middle (a rebuild), then
# bench/abuse.py tries slow clients, resets, a 1 MB request line and 1,000 idle
# connections. Installs wrk from Debian's packages when absent.
# usage: bench/load.sh [SITE]   (default: a copy of example-site)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "${1:-example-site}" "$work/site"
ulimit -n 4096 2>/dev/null || true
target/release/roadbook serve "$work/site" -p 0 > "$work/out" 2> "$work/err" &
server=$!
for _ in $(seq 50); do grep -q http "$work/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" | cut -d: -f2)
story=$(find "$work/site/backlog/stories" -name '*.md' | sort | head -1)
( sleep 5; echo "Edited under load." >> "$story" ) &
echo "== wrk: 64 connections, 10 s, a rebuild at 5 s"
wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port/stories/S-1.html"
grep -c "rebuilt" "$work/err" | sed 's/^/rebuilds during the run: /'
echo "== abuse"
python3 bench/abuse.py "$port"
