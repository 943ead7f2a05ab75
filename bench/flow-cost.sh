#!/usr/bin/env bash
# The cost of flow control's checks on the benchmark's submit and drain, side by side in one run: the same embedded
# (SQLite) silo started fresh twice on this machine, driven by the load generator with no queue settings and no keys
# (off), then with every queue given max_pending and a max_concurrent lane and every task one of 8 concurrency keys
# (on; `--flow-control 8`, all limits far above the load so they never bind). Breakers are on in both (their check
# is part of every take). Prints a markdown table (and keeps each run's JSON in the work folder).
#
#   bench/flow-cost.sh                 5,000 tasks per run
#   bench/flow-cost.sh --tasks 20000 --no-build
#   bench/flow-cost.sh --on-first       the same, "on" run before "off" (to see how much the order and the box's drift matter)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib/single-silo.sh"
WORK=/tmp/claw-flow-cost
HELP_LINES=2,10p
ORDER="off on"
extra_option() { [[ $1 == --on-first ]] && ORDER="on off"; }
parse_cost_options "$@"
prepare_single_silo

run() { # name flow-keys
  start_single_silo "$WORK/$1"
  run_generator "$WORK/$1" --scenarios throughput,submit,latency --tasks "$TASKS" --warmup-tasks 1000 --latency-tasks 500 --flow-control "$2"
  stop_single_silo
}

for name in $ORDER; do
  if [[ $name == on ]]; then run on 8; else run off 0; fi
done

echo "| flow control | drain ws tasks/s | drain http tasks/s | submits/s (16 clients) | submit p50 / p99 ms | end-to-end p50 / p99 ms |"
echo "|---|---|---|---|---|---|"
for name in off on; do
  jq -r --arg name "$name" "$COST_JQ_DEFS"'
    "| \($name) | \(variant("ws")) | \(variant("http")) | \(.submit.submits_per_second | floor) | \(ms(.submit.latency.p50_ms)) / \(ms(.submit.latency.p99_ms)) | \(ms(.latency.completed.p50_ms)) / \(ms(.latency.completed.p99_ms)) |"' \
    "$WORK/$name/result.json"
done
