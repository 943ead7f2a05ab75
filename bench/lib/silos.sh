# bench/run.sh: Claw.Orleans silos in one storage mode, and the generator's scenarios against them.

# Console logging of every request would measure the terminal; the flood guard of the control channel (200 frames/s
# per session by default) would cut off a worker that completes more tasks than that, which the benchmark's do.
# BENCH_SILO_ENV adds NAME=value pairs for the silos only (an A/B of a runtime or Claw setting; the generator keeps its own).
silo_environment() {
  echo Logging__LogLevel__Default=Warning Claw__Sockets__FramesPerSecond=1000000 Claw__Sockets__FrameBurst=1000000 ${BENCH_SILO_ENV:-}
}

SILO_URLS=(); SILO_PIDS=()

start_silo() { # mode index [connection string]
  local mode=$1 k=$2 dir=$STATE/$1-silo-$2 url=http://127.0.0.1:$((18100 + $2))
  mkdir -p "$dir"
  local args=(--urls "$url" --silo-port $((22111 + k)) --gateway-port $((32000 + k)) --cluster-id "bench-$mode")
  if [[ $mode == postgres ]]; then args+=(--storage Postgres --connection-string "$3"); else args+=(--storage Sqlite --data "$dir/data"); fi
  (cd "$dir" && exec env $(silo_environment) dotnet "$SILO_DLL" "${args[@]}") >"$STATE/logs/$mode-silo-$k.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid"); SILO_PIDS+=("$pid"); SILO_URLS+=("$url")
  echo "$pid" >"$STATE/silo-$k.pid"
}

wait_ready() { # url pid
  local i
  for ((i = 0; i < 240; i++)); do
    curl -sf "$1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$STATE"/logs/*-silo-*.log
  die "the silo at $1 did not become ready"
}

stop_silos() {
  local pid
  for pid in "${SILO_PIDS[@]}"; do stop_pid "$pid"; done
  SILO_URLS=(); SILO_PIDS=()
}

# Starts the mode's silos (the first alone, so it applies the schema; the rest together), runs the scenarios, stops them.
run_claw_mode() {
  local mode=$1 silos=$SILOS connection=""
  if [[ $mode == sqlite && $SILOS -gt 1 ]]; then log "SQLite is embedded: one silo"; silos=1; fi
  if [[ $mode == postgres ]]; then
    fresh_database claw_bench
    connection=$(claw_connection_string claw_bench)
  fi
  log "Claw.Orleans on $mode, $silos silo(s)"
  start_silo "$mode" 0 "$connection"
  wait_ready "${SILO_URLS[0]}" "${SILO_PIDS[0]}"
  local k
  for ((k = 1; k < silos; k++)); do start_silo "$mode" "$k" "$connection"; done
  for ((k = 1; k < silos; k++)); do wait_ready "${SILO_URLS[$k]}" "${SILO_PIDS[$k]}"; done

  local args=(run --storage "$mode" --url "$(IFS=,; echo "${SILO_URLS[*]}")" --silo-pids "$(IFS=,; echo "${SILO_PIDS[*]}")"
    --scenarios "$SCENARIOS" --tasks "$TASKS" --warmup-tasks "$WARMUP_TASKS" --workers "$WORKERS" --clients "$CLIENTS" --latency-tasks "$LATENCY_TASKS"
    --batch-size "$BATCH_SIZE" --batch-clients "$BATCH_CLIENTS" --backlog "$BACKLOG" --sessions "$SESSIONS" --cpu-log "$STATE/cpumon.log" --out "$STATE/claw-$mode.json")
  [[ -n $connection ]] && args+=(--postgres "$connection")
  (cd "$STATE" && dotnet "$BENCH_DLL" "${args[@]}") 2>&1 | tee "$STATE/logs/claw-$mode.txt" \
    || log "some $mode scenarios failed (see the report and $STATE/logs)"
  stop_silos
}
