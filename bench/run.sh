#!/usr/bin/env bash
# The benchmark in one command: builds the silo (Release), starts Claw.Orleans in each chosen storage mode, runs the
# load generator's scenarios against it, measures the baselines in the same run with the peers harness
# (../shared/peers: pgbench, pg-boss, graphile-worker, BullMQ with redis AOF everysec and always), and writes ONE
# report (JSON + markdown) with every Claw figure, its ratio to each baseline, and the targets met or not.
#
#   bench/run.sh                         full run: PostgreSQL and SQLite modes, every scenario, every baseline
#   bench/run.sh --quick                 small: N=2000, 1,000 latency tasks, backlog 10,000, 500 sessions, no peers
#   bench/run.sh --quick --with-peers    the same, plus the baselines at small N
#
# Options: --storage postgres,sqlite  --silos K (PostgreSQL mode)  --scenarios throughput,latency,submit,batch,backlog,sessions
#          --tasks N  --warmup-tasks N  --workers W  --clients C  --latency-tasks L  --batch-size 1000  --batch-clients 1
#          --backlog B  --sessions S
#          --skip-peers | --with-peers  --peer-tasks N  --peer-latency-tasks N  --pgbench-seconds S
#          --work DIR (default /tmp/clawbench)  --out PATH (default bench/results/<UTC time>; .json and .md)  --no-build
# Needs root (or sudo) for apt-get when PostgreSQL, redis-server or jq are missing. Re-runnable: every run starts from
# empty databases in DIR/state; the npm modules of the peers harness are kept in DIR between runs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib/options.sh"
source "$ROOT/bench/lib/processes.sh"
source "$ROOT/bench/lib/postgres.sh"
source "$ROOT/bench/lib/silos.sh"
source "$ROOT/bench/lib/peers.sh"

parse_options "$@"
OUT=$(realpath -m "$OUT") # the report step runs in the state folder; a relative --out must still land here
trap cleanup EXIT
trap 'exit 130' INT TERM

log "work folder $WORK, report $OUT.{json,md}"
ensure_packages
raise_open_files
[[ $BUILD == yes ]] && build_release
prepare_work_folder
start_cpu_monitor
RUN_START=$(date +%s.%N)
if needs_postgres; then start_postgres; fi

claw_files=()
for mode in ${STORAGE//,/ }; do
  run_claw_mode "$mode"
  claw_files+=("$STATE/claw-$mode.json")
done

if [[ $PEERS == yes ]]; then run_peers; fi

write_conditions "$RUN_START"
mkdir -p "$(dirname "$OUT")"
[[ -s $PEERS_RAW ]] && cp "$PEERS_RAW" "$OUT.peers.jsonl"
(cd "$STATE" && dotnet "$BENCH_DLL" report --claw "$(IFS=,; echo "${claw_files[*]}")" --peers "$PEERS_RAW" \
  --conditions "$STATE/conditions.json" --out "$OUT.json") >"$STATE/logs/report.txt"
log "report: $OUT.md ($OUT.json)"
sed -n '/^## Targets/,/^## Claw/p' "$OUT.md" | head -n -1
