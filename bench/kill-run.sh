#!/usr/bin/env bash
# The cluster history check at scale: three silo processes on one PostgreSQL database, N tasks with 3 s leases
# submitted over HTTP, six HTTP workers that abandon, answer late and answer twice, and one silo SIGKILLed every
# 20-30 s (and started again on its ports) for M minutes. It is tests/Claw.Orleans.Tests' ClusterHistoryTests, the
# same code and assertions as in the test command, sized by CLAW_KILLRUN_* variables; it prints the run's summary
# (tasks, kills, duration, completions/s, the largest overdue lease seen, every violation) and exits non-zero on any.
#
#   bench/kill-run.sh                          10,000 tasks, kills for 10 minutes (about 11-13 minutes in all)
#   bench/kill-run.sh --tasks 3000 --minutes 3
#
# Options: --tasks N  --minutes M (kill time; tasks are submitted over M minutes less 30 s)  --seed S
#          --logs DIR (each silo's whole output, with the lease and dispatch grains' information lines)
#          --out FILE (the summary; default bench/results/kill-run-<UTC time>.txt)  --no-build
# PostgreSQL: CLAW_TEST_POSTGRES if set, else a throwaway server as ./test.sh makes one (scripts/test-postgres.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

TASKS=10000
MINUTES=10
SEED=""
LOGS=""
OUT=""
BUILD=yes
while [[ $# -gt 0 ]]; do
  case $1 in
    --tasks) TASKS=$2; shift 2 ;;
    --minutes) MINUTES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --logs) LOGS=$(realpath -m "$2"); shift 2 ;;
    --out) OUT=$(realpath -m "$2"); shift 2 ;;
    --no-build) BUILD=no; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "kill-run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$ROOT/bench/results/kill-run-$(date -u +%Y-%m-%dT%H-%M-%SZ).txt}
mkdir -p "$(dirname "$OUT")"

source scripts/test-postgres.sh
[[ $BUILD == yes ]] && dotnet build tests/Claw.Orleans.Tests -c Release -nologo -v q

seconds=$((MINUTES * 60))
export CLAW_KILLRUN_TASKS=$TASKS
export CLAW_KILLRUN_SUBMIT_SECONDS=$((seconds > 60 ? seconds - 30 : seconds))
export CLAW_KILLRUN_KILL_SECONDS=$seconds
export CLAW_KILLRUN_GIVE_UP_SECONDS=$((seconds + 600))
export CLAW_KILLRUN_REPORT=$OUT
[[ -n $SEED ]] && export CLAW_KILLRUN_SEED=$SEED
[[ -n $LOGS ]] && export CLAW_KILLRUN_LOGS=$LOGS

echo "kill-run: $TASKS tasks, kills for $MINUTES min; summary in $OUT"
status=0
dotnet test tests/Claw.Orleans.Tests -c Release --no-build --filter "FullyQualifiedName~ClusterHistoryTests" \
  --logger "console;verbosity=normal" >"$OUT.log" 2>&1 || status=$?
if [[ -s $OUT ]]; then cat "$OUT"; else tail -40 "$OUT.log"; fi
[[ $status -eq 0 ]] && echo "kill-run: passed" || echo "kill-run: FAILED (the test's output: $OUT.log)"
exit $status
