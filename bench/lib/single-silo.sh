# bench/auth-cost.sh, bench/flow-cost.sh and bench/latency-path.sh: what they share. Their options (--tasks, --work,
# --no-build, --help and the script's own through extra_option), the build, one silo (embedded SQLite unless told)
# started fresh for each run on free ports, the load generator against it, the silo stopped at exit (by its pid), and
# the jq helpers that print a side's figures as a table row (the cost scripts).
source "$ROOT/bench/lib/postgres.sh" # free_port

SILO_DLL=$ROOT/src/Silo/bin/Release/net10.0/Claw.Orleans.Silo.dll
BENCH_DLL=$ROOT/bench/Claw.Bench/bin/Release/net10.0/Claw.Bench.dll
SILO_PID=""
SILO_URL=""

# Console logging of every request would measure the terminal; the control channel's flood guard and the rate limits
# would cut off the generator's workers and clients, which go faster than any agent.
SINGLE_SILO_ENV=(Logging__LogLevel__Default=Warning Claw__Sockets__FramesPerSecond=1000000 Claw__Sockets__FrameBurst=1000000
  Claw__RateLimits__PermitsPerSecond=1000000 Claw__RateLimits__Burst=1000000)

# jq definitions for one side's result.json: a drain variant's rate, and milliseconds to two decimals.
COST_JQ_DEFS='def variant(v): (.throughput[] | select(.variant == v) | .completed_per_second | floor);
  def ms(x): (x * 100 | floor / 100);'

# parse_cost_options "$@": TASKS (the script's DEFAULT_TASKS, else 5000), WORK (the script sets its default), BUILD;
# HELP_LINES is the sed range of the script's header to print for --help. A script with options of its own defines
# extra_option NAME, answering 0 when it took the (value-less) option.
parse_cost_options() {
  TASKS=${DEFAULT_TASKS:-5000}
  BUILD=yes
  while [[ $# -gt 0 ]]; do
    case $1 in
      --tasks) TASKS=$2; shift 2 ;;
      --work) WORK=$2; shift 2 ;;
      --no-build) BUILD=no; shift ;;
      -h|--help) sed -n "$HELP_LINES" "$0"; exit 0 ;;
      *)
        if declare -F extra_option >/dev/null && extra_option "$1"; then shift
        else echo "$(basename "$0"): unknown option $1" >&2; exit 2; fi ;;
    esac
  done
}

# Builds (unless --no-build), empties the work folder, and stops the silo however the script ends.
prepare_single_silo() {
  [[ $BUILD == yes ]] && dotnet build "$ROOT/Claw.Orleans.sln" -c Release >/dev/null
  rm -rf "$WORK" && mkdir -p "$WORK"
  trap stop_single_silo EXIT
}

start_single_silo() { # dir [NAME=value…]: a fresh embedded silo with its data in dir, on free ports, waited for
  local dir=$1 http silo gateway
  shift
  mkdir -p "$dir"
  http=$(free_port 18200); silo=$(free_port 22200); gateway=$(free_port 32200)
  SILO_URL=http://127.0.0.1:$http
  (cd "$dir" && exec env "${SINGLE_SILO_ENV[@]}" "$@" dotnet "$SILO_DLL" --urls "$SILO_URL" --silo-port "$silo" --gateway-port "$gateway" --data "$dir/data") >"$dir/silo.log" 2>&1 &
  SILO_PID=$!
  local _
  for _ in $(seq 1 240); do
    curl -sf "$SILO_URL/health/ready" >/dev/null && return 0
    kill -0 "$SILO_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$dir/silo.log" >&2
  echo "$(basename "$0"): the silo in $dir did not become ready" >&2
  exit 1
}

stop_single_silo() {
  if [[ -n $SILO_PID ]]; then kill "$SILO_PID" 2>/dev/null && wait "$SILO_PID" 2>/dev/null; fi
  SILO_PID=""
  true
}

run_generator() { # dir run-options…: Claw.Bench run against the silo, its JSON in dir/result.json; fails the script if it fails
  local dir=$1
  shift
  (cd "$dir" && dotnet "$BENCH_DLL" run --storage sqlite --url "$SILO_URL" --silo-pids "$SILO_PID" "$@" --out "$dir/result.json") >"$dir/bench.txt" 2>&1 \
    || { tail -20 "$dir/bench.txt"; exit 1; }
}
