#!/usr/bin/env bash
# End to end: `chorus simulate --fast | chorus ingest -`, with the trust layer (the default) and
# without it (--no-trust), on the same seed and post count, plus the simulator alone. Prints one
# JSON object; each figure is the median of RUNS runs.
#   usage: bench/ingest_e2e.sh [CHORUS_BINARY] [POSTS] [RUNS]
set -euo pipefail
bin=${1:-build/release/chorus}
posts=${2:-1000000}
runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rate() {  # posts/s of one ingest run; args: extra ingest flags
  rm -rf "$work/data"
  "$bin" simulate --seed 1 --posts "$posts" --fast --out - 2>/dev/null |
    "$bin" ingest --data-dir "$work/data" "$@" - 2>/dev/null |
    sed -n 's/.*"posts_per_s":\([0-9]*\).*/\1/p'
}
sim_rate() {
  local t0 t1
  t0=$(date +%s%N)
  "$bin" simulate --seed 1 --posts "$posts" --fast --out - >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $((posts * 1000000000 / (t1 - t0)))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

trust=$(for _ in $(seq "$runs"); do rate; done | median)
bulk=$(for _ in $(seq "$runs"); do rate --no-trust; done | median)
sim=$(for _ in $(seq "$runs"); do sim_rate; done | median)
printf '{"posts":%d,"runs":%d,"trust_posts_per_s":%d,"no_trust_posts_per_s":%d,' \
  "$posts" "$runs" "$trust" "$bulk"
printf '"simulate_posts_per_s":%d,"trust_share_of_bulk":%.3f,"target_posts_per_s":150000}\n' \
  "$sim" "$(awk -v a="$trust" -v b="$bulk" 'BEGIN { print (b > 0 ? a / b : 0) }')"
