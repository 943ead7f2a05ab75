# bench/run.sh: the throwaway PostgreSQL cluster shared by Claw's PostgreSQL mode and the PostgreSQL baselines.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { # first free loopback port from $1
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

psql_bench() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$PGPORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

# The peers' pg/pg_start.sh settings (initdb defaults: fsync on, synchronous_commit on; loopback; trust), plus
# pg_stat_statements preloaded to count the silos' statements (utility statements such as BEGIN, COMMIT, DISCARD ALL
# tracked too, and reported apart),
# and room for the connection pools of several silos.
start_postgres() {
  PGPORT=$(free_port 55500)
  export PGPORT
  PG_DATA=$STATE/pg/data
  mkdir -p "$STATE/pg"
  chown -R postgres:postgres "$STATE/pg" 2>/dev/null || true
  as_postgres "$(pg_bin)/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --no-instructions >"$STATE/logs/initdb.log" 2>&1 \
    || { cat "$STATE/logs/initdb.log"; die "initdb failed"; }
  as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DATA" -l "$STATE/pg/server.log" -w -t 60 start -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $STATE/pg \
    -c max_connections=400 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on" >/dev/null \
    || { cat "$STATE/pg/server.log"; die "PostgreSQL did not start"; }
  log "PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (data $PG_DATA)"
}

claw_connection_string() { echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$1"; }

fresh_database() {
  psql_bench -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}
