# bench/run.sh: packages, limits, the build, the work folder, and cleaning up every process this run started.

STARTED_PIDS=()   # silos and the CPU monitor: stopped by PID at exit
PG_DATA=""        # the throwaway PostgreSQL cluster, stopped with pg_ctl at exit
REDIS_DIR=""      # the throwaway redis-server (its pid file), stopped at exit

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* (apt-get)"
  if [[ -z ${APT_UPDATED:-} ]]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_packages() {
  command -v dotnet >/dev/null || die "dotnet is missing (the .NET SDK of global.json)"
  command -v jq >/dev/null || apt_install jq
  command -v python3 >/dev/null || apt_install python3
  if needs_postgres && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
  if [[ $PEERS == yes ]]; then
    command -v redis-server >/dev/null || apt_install redis-server
    command -v npm >/dev/null || apt_install npm
  fi
}

# Every idle session is a socket in the generator and one in the silo; the hard limit is the ceiling without privileges.
raise_open_files() {
  ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  log "open files limit $(ulimit -n)"
  if [[ $SCENARIOS == *sessions* ]] && (( SESSIONS + 2000 > $(ulimit -n) )); then
    log "note: $SESSIONS sessions may not fit under $(ulimit -n) open files; the scenario reports how many opened"
  fi
}

build_release() {
  log "building the silo and the generator (Release)"
  (cd "$ROOT" && dotnet build src/Silo/Silo.csproj -c Release -nologo -v q && dotnet build bench/Claw.Bench/Claw.Bench.csproj -c Release -nologo -v q) \
    >"$WORK.build.log" 2>&1 || { tail -30 "$WORK.build.log"; die "build failed"; }
}

# The peers harness is read-only where it is shared, and its node scripts need node_modules beside them, so it runs
# from a copy here. Its CPU monitor counts processes whose working folder is under the copy as "mine": the silos, the
# generator, PostgreSQL and redis all run in $WORK/state, so every figure says how busy the rest of the box was.
prepare_work_folder() {
  [[ -d $PEERS_SRC/tools ]] || die "the peers harness is not at $PEERS_SRC (set CLAW_PEERS_DIR)"
  stop_leftovers
  mkdir -p "$WORK"
  chmod 755 "$WORK"
  tar -C "$PEERS_SRC" --exclude=./results --exclude=./node/node_modules -cf - . | tar -C "$WORK" -xf -
  chmod -R u+w "$WORK/tools" "$WORK/pg" "$WORK/node" "$WORK/redis"
  rm -rf "$STATE"
  mkdir -p "$STATE/logs"
  : >"$PEERS_RAW"
}

# A run killed with SIGKILL cannot clean up; the next one stops what it left behind (recorded pids only).
stop_leftovers() {
  local pidfile
  for pidfile in "$STATE"/silo-*.pid "$STATE/cpumon.log.pid" "$STATE"/redis-*/redis.pid; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [[ -f $STATE/pg/data/postmaster.pid ]]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$STATE/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

start_cpu_monitor() {
  (cd "$STATE" && exec python3 "$WORK/tools/cpumon.py" run "$STATE/cpumon.log" 0.5) &
  STARTED_PIDS+=($!)
}

# Seconds since the epoch, for the CPU monitor's windows.
now() { date +%s.%N; }

cpu_window() { python3 "$WORK/tools/cpumon.py" window "$STATE/cpumon.log" "$1" "$2"; }

wait_exit() { # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

stop_pid() {
  kill -TERM "$1" 2>/dev/null || return 0
  wait_exit "$1" 30 || kill -KILL "$1" 2>/dev/null || true
}

cleanup() {
  local status=$?
  set +e
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
  [[ -n $REDIS_DIR && -f $REDIS_DIR/redis.pid ]] && stop_pid "$(cat "$REDIS_DIR/redis.pid")"
  [[ -n $PG_DATA ]] && as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
  [[ $status -ne 0 ]] && echo "[run.sh] failed (exit $status); logs in $STATE/logs" >&2
  exit $status
}
