#!/usr/bin/env bash
# The cost of authentication on the benchmark's submit and drain, side by side in one run: the same embedded (SQLite)
# silo started fresh three times on this machine, driven by the load generator with no credentials (auth mode None),
# with an API key, and with a JWT from a test identity provider (RS256, the public key in Claw:Auth:Jwt:SigningKeys).
# Prints a markdown table (and keeps each run's JSON in the work folder).
#
#   bench/auth-cost.sh                 5,000 tasks per run
#   bench/auth-cost.sh --tasks 20000 --no-build
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TASKS=5000
BUILD=yes
WORK=/tmp/claw-auth-cost
while [[ $# -gt 0 ]]; do
  case $1 in
    --tasks) TASKS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-build) BUILD=no; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "auth-cost.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

SILO_DLL=$ROOT/src/Silo/bin/Release/net10.0/Claw.Orleans.Silo.dll
BENCH_DLL=$ROOT/bench/Claw.Bench/bin/Release/net10.0/Claw.Bench.dll
[[ $BUILD == yes ]] && dotnet build "$ROOT/Claw.Orleans.sln" -c Release >/dev/null
rm -rf "$WORK" && mkdir -p "$WORK"
SILO_PID=""
cleanup() { [[ -n $SILO_PID ]] && kill "$SILO_PID" 2>/dev/null && wait "$SILO_PID" 2>/dev/null; true; }
trap cleanup EXIT

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# The test identity provider: an RSA key pair, and one admin token for the run (an hour long).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/idp.key" 2>/dev/null
openssl pkey -in "$WORK/idp.key" -pubout -out "$WORK/idp.pub"
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT","kid":"bench"}' | b64url)
payload=$(printf '{"iss":"https://idp.bench","aud":"claw-bench","sub":"bench","role":"admin","nbf":%d,"exp":%d}' $((now - 60)) $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$WORK/idp.key" -binary | b64url)
printf '%s.%s.%s' "$header" "$payload" "$signature" >"$WORK/jwt.token"
key="claw_00000000000be7c0_$(openssl rand -hex 24)"
printf '%s' "$key" >"$WORK/key.token"
printf '%s' "$key" >"$WORK/bootstrap-key"

run() { # name mode credential-file
  local name=$1 mode=$2 credential=${3:-} dir=$WORK/$1
  mkdir -p "$dir"
  local env=(Logging__LogLevel__Default=Warning Claw__Sockets__FramesPerSecond=1000000 Claw__Sockets__FrameBurst=1000000
    Claw__Auth__Mode="$mode" Claw__RateLimits__PermitsPerSecond=1000000 Claw__RateLimits__Burst=1000000)
  if [[ $mode == Required ]]; then
    env+=(Claw__Auth__BootstrapKeyFile="$WORK/bootstrap-key" Claw__Auth__Jwt__Issuer=https://idp.bench Claw__Auth__Jwt__Audience=claw-bench
      Claw__Auth__Jwt__SigningKeyFiles__0="$WORK/idp.pub")
  fi

  (cd "$dir" && exec env "${env[@]}" dotnet "$SILO_DLL" --urls http://127.0.0.1:18200 --silo-port 22200 --gateway-port 32200 --data "$dir/data") >"$dir/silo.log" 2>&1 &
  SILO_PID=$!
  for _ in $(seq 1 240); do curl -sf http://127.0.0.1:18200/health/ready >/dev/null && break; sleep 0.5; done
  local args=(run --storage sqlite --url http://127.0.0.1:18200 --silo-pids "$SILO_PID" --scenarios throughput,submit --tasks "$TASKS"
    --warmup-tasks 1000 --out "$dir/result.json")
  [[ -n $credential ]] && args+=(--bearer-file "$credential")
  (cd "$dir" && dotnet "$BENCH_DLL" "${args[@]}") >"$dir/bench.txt" 2>&1 || { tail -20 "$dir/bench.txt"; exit 1; }
  kill "$SILO_PID"; wait "$SILO_PID" 2>/dev/null || true; SILO_PID=""
}

run none None
run api_key Required "$WORK/key.token"
run jwt Required "$WORK/jwt.token"

echo "| auth | submits/s (one at a time, 16 clients) | submit p50 / p99 ms | drain ws tasks/s | drain http tasks/s |"
echo "|---|---|---|---|---|"
for name in none api_key jwt; do
  jq -r --arg name "$name" '
    def variant(v): (.throughput[] | select(.variant == v) | .completed_per_second | floor);
    "| \($name) | \(.submit.submits_per_second | floor) | \(.submit.latency.p50_ms * 100 | floor / 100) / \(.submit.latency.p99_ms * 100 | floor / 100) | \(variant("ws")) | \(variant("http")) |"' \
    "$WORK/$name/result.json"
done
