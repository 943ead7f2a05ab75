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
TASKS=5000
BUILD=yes
WORK=/tmp/claw-flow-cost
ORDER="off on"
while [[ $# -gt 0 ]]; do
  case $1 in
    --tasks) TASKS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-build) BUILD=no; shift ;;
    --on-first) ORDER="on off"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "flow-cost.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

SILO_DLL=$ROOT/src/Silo/bin/Release/net10.0/Claw.Orleans.Silo.dll
BENCH_DLL=$ROOT/bench/Claw.Bench/bin/Release/net10.0/Claw.Bench.dll
[[ $BUILD == yes ]] && dotnet build "$ROOT/Claw.Orleans.sln" -c Release >/dev/null
rm -rf "$WORK" && mkdir -p "$WORK"
SILO_PID=""
cleanup() { [[ -n $SILO_PID ]] && kill "$SILO_PID" 2>/dev/null && wait "$SILO_PID" 2>/dev/null; true; }
trap cleanup EXIT

run() { # name flow-keys
  local name=$1 keys=$2 dir=$WORK/$1
  mkdir -p "$dir"
  local env=(Logging__LogLevel__Default=Warning Claw__Sockets__FramesPerSecond=1000000 Claw__Sockets__FrameBurst=1000000
    Claw__RateLimits__PermitsPerSecond=1000000 Claw__RateLimits__Burst=1000000)
  (cd "$dir" && exec env "${env[@]}" dotnet "$SILO_DLL" --urls http://127.0.0.1:18210 --silo-port 22210 --gateway-port 32210 --data "$dir/data") >"$dir/silo.log" 2>&1 &
  SILO_PID=$!
  for _ in $(seq 1 240); do curl -sf http://127.0.0.1:18210/health/ready >/dev/null && break; sleep 0.5; done
  (cd "$dir" && dotnet "$BENCH_DLL" run --storage sqlite --url http://127.0.0.1:18210 --silo-pids "$SILO_PID" --scenarios throughput,submit,latency \
    --tasks "$TASKS" --warmup-tasks 1000 --latency-tasks 500 --flow-control "$keys" --out "$dir/result.json") >"$dir/bench.txt" 2>&1 || { tail -20 "$dir/bench.txt"; exit 1; }
  kill "$SILO_PID"; wait "$SILO_PID" 2>/dev/null || true; SILO_PID=""
}

for name in $ORDER; do
  if [[ $name == on ]]; then run on 8; else run off 0; fi
done

echo "| flow control | drain ws tasks/s | drain http tasks/s | submits/s (16 clients) | submit p50 / p99 ms | end-to-end p50 / p99 ms |"
echo "|---|---|---|---|---|---|"
for name in off on; do
  jq -r --arg name "$name" '
    def variant(v): (.throughput[] | select(.variant == v) | .completed_per_second | floor);
    def ms(x): (x * 100 | floor / 100);
    "| \($name) | \(variant("ws")) | \(variant("http")) | \(.submit.submits_per_second | floor) | \(ms(.submit.latency.p50_ms)) / \(ms(.submit.latency.p99_ms)) | \(ms(.latency.completed.p50_ms)) / \(ms(.latency.completed.p99_ms)) |"' \
    "$WORK/$name/result.json"
done
