# bench/run.sh: options and their defaults.

log() { printf '\n[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[run.sh] %s\n' "$*" >&2; exit 1; }

parse_options() {
  STORAGE=postgres,sqlite; SILOS=1; SCENARIOS=throughput,latency,submit,batch,backlog,sessions
  TASKS=20000; WARMUP_TASKS=2000; WORKERS=16; CLIENTS=16; LATENCY_TASKS=1000; BACKLOG=100000; SESSIONS=10000
  BATCH_SIZE=1000; BATCH_CLIENTS=1
  PEERS=yes; PEER_TASKS=""; PEER_LATENCY_TASKS=1000; PGBENCH_SECONDS=20
  WORK=/tmp/clawbench; OUT="$ROOT/bench/results/$(date -u +%Y%m%d-%H%M%S)"; BUILD=yes
  local peers_asked=""
  if [[ " $* " == *" --quick "* ]]; then
    # Small sizes first, so explicit options win wherever they stand.
    TASKS=2000; BACKLOG=10000; SESSIONS=500; PGBENCH_SECONDS=5; PEER_LATENCY_TASKS=200; PEERS=no
  fi
  while [[ $# -gt 0 ]]; do
    case $1 in
      --quick) ;;
      --storage) STORAGE=$2; shift ;;
      --silos) SILOS=$2; shift ;;
      --scenarios) SCENARIOS=$2; shift ;;
      --tasks) TASKS=$2; shift ;;
      --warmup-tasks) WARMUP_TASKS=$2; shift ;;
      --workers) WORKERS=$2; shift ;;
      --clients) CLIENTS=$2; shift ;;
      --latency-tasks) LATENCY_TASKS=$2; shift ;;
      --batch-size) BATCH_SIZE=$2; shift ;;
      --batch-clients) BATCH_CLIENTS=$2; shift ;;
      --backlog) BACKLOG=$2; shift ;;
      --sessions) SESSIONS=$2; shift ;;
      --skip-peers) peers_asked=no ;;
      --with-peers) peers_asked=yes ;;
      --peer-tasks) PEER_TASKS=$2; shift ;;
      --peer-latency-tasks) PEER_LATENCY_TASKS=$2; shift ;;
      --pgbench-seconds) PGBENCH_SECONDS=$2; shift ;;
      --work) WORK=$2; shift ;;
      --out) OUT=${2%.json}; shift ;;
      --no-build) BUILD=no ;;
      -h|--help) sed -n '2,/^set -euo/p' "$ROOT/bench/run.sh" | sed '$d'; exit 0 ;;
      *) die "unknown option $1 (--help lists them)" ;;
    esac
    shift
  done
  [[ -n $peers_asked ]] && PEERS=$peers_asked
  PEER_TASKS=${PEER_TASKS:-$TASKS}
  [[ $STORAGE =~ ^(postgres|sqlite)(,(postgres|sqlite))*$ ]] || die "--storage takes postgres, sqlite or both (postgres,sqlite)"
  [[ $SILOS =~ ^[1-9]$ ]] || die "--silos takes 1..9"
  STATE=$WORK/state
  PEERS_SRC=${CLAW_PEERS_DIR:-$ROOT/../shared/peers}
  PEERS_RAW=$STATE/peers-raw.jsonl
  SILO_DLL=$ROOT/src/Silo/bin/Release/net10.0/Claw.Orleans.Silo.dll
  BENCH_DLL=$ROOT/bench/Claw.Bench/bin/Release/net10.0/Claw.Bench.dll
}

needs_postgres() { [[ $STORAGE == *postgres* || $PEERS == yes ]]; }
