# Sourced by test.sh: makes sure the tests have a PostgreSQL server and exports CLAW_TEST_POSTGRES.
# A connection string already in CLAW_TEST_POSTGRES wins. Otherwise this installs the Debian package `postgresql`
# when it is missing, starts a throwaway cluster in a temporary folder on a free loopback port, and stops it
# again when the calling shell exits. It fails loudly: PostgreSQL tests are never skipped.

if [[ -n "${CLAW_TEST_POSTGRES:-}" ]]; then
  echo "test-postgres: using the server in CLAW_TEST_POSTGRES"
  return 0
fi

claw_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

claw_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin=$(claw_pg_bin)
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  echo "test-postgres: installing PostgreSQL from the OS packages (apt-get install postgresql)"
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(claw_pg_bin)
  [[ -x "$pg_bin/initdb" ]] || { echo "test-postgres: PostgreSQL could not be installed" >&2; exit 1; }
fi

claw_pg_dir=$(mktemp -d /tmp/claw-pg.XXXXXX)
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$claw_pg_dir"
claw_pg_port=""
for candidate in $(seq 54329 54429); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then claw_pg_port=$candidate; break; fi
done
[[ -n "$claw_pg_port" ]] || { echo "test-postgres: no free port in 54329-54429" >&2; exit 1; }

claw_pg_as_owner "$pg_bin/initdb" -D "$claw_pg_dir/data" -U postgres --auth=trust -E UTF8 >"$claw_pg_dir/initdb.log" 2>&1 \
  || { cat "$claw_pg_dir/initdb.log" >&2; echo "test-postgres: initdb failed" >&2; exit 1; }
claw_pg_as_owner "$pg_bin/pg_ctl" -D "$claw_pg_dir/data" -l "$claw_pg_dir/server.log" -w -t 60 \
  -o "-p $claw_pg_port -k $claw_pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null \
  || { cat "$claw_pg_dir/server.log" >&2; echo "test-postgres: the server did not start" >&2; exit 1; }

claw_pg_stop() {
  claw_pg_as_owner "$pg_bin/pg_ctl" -D "$claw_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$claw_pg_dir"
}
trap claw_pg_stop EXIT

export CLAW_TEST_POSTGRES="Host=127.0.0.1;Port=$claw_pg_port;Username=postgres;Database=postgres"
echo "test-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$claw_pg_port"
