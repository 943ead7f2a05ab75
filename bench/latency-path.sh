#!/usr/bin/env bash
# Where a submit's time goes before its node hears of it, span by span: one silo started fresh with tracing on,
# exporting OTLP to a receiver in this script (bench/lib/otlp_spans.py, Python's standard library only), the load
# generator's latency scenario against it (one idle WebSocket node, tasks one at a time), then every span of the
# traced submits laid out from the request's start: its median start and duration. Tracing costs a little of its
# own, so read the gaps between spans, not the total. WebSocket frames are not traced: the last span is the node
# grain's hand-off, and the task_assigned frame leaves after it.
#
#   bench/latency-path.sh                          1,000 tasks on embedded SQLite
#   bench/latency-path.sh --tasks 300 --no-build
#   CLAW_BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Database=claw_path" bench/latency-path.sh
#                                                  the same on PostgreSQL (an empty database of your own)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib/single-silo.sh"
WORK=/tmp/claw-latency-path
HELP_LINES=2,12p
DEFAULT_TASKS=1000
parse_cost_options "$@"
prepare_single_silo

RECEIVER_PID=""
stop_all() { stop_single_silo; [[ -n $RECEIVER_PID ]] && kill "$RECEIVER_PID" 2>/dev/null; true; }
trap stop_all EXIT

port=$(free_port 4318)
python3 "$ROOT/bench/lib/otlp_spans.py" receive "$port" "$WORK/spans.jsonl" &
RECEIVER_PID=$!

silo_env=(Claw__Telemetry__Otlp__Endpoint="http://127.0.0.1:$port" Claw__Telemetry__Otlp__Protocol=http/protobuf)
if [[ -n ${CLAW_BENCH_POSTGRES:-} ]]; then
  silo_env+=(Claw__Storage=Postgres Claw__ConnectionString="$CLAW_BENCH_POSTGRES")
fi
start_single_silo "$WORK/silo" "${silo_env[@]}"
run_generator "$WORK/silo" --scenarios latency --latency-tasks "$TASKS"
stop_single_silo
sleep 1 # the exporter's last batch leaves at shutdown

python3 "$ROOT/bench/lib/otlp_spans.py" path "$WORK/spans.jsonl" "$WORK/silo/result.json"
