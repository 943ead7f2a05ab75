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
source "$ROOT/bench/lib/single-silo.sh"
WORK=/tmp/claw-auth-cost
HELP_LINES=2,9p
parse_cost_options "$@"
prepare_single_silo

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
  local env=(Claw__Auth__Mode="$mode")
  if [[ $mode == Required ]]; then
    env+=(Claw__Auth__BootstrapKeyFile="$WORK/bootstrap-key" Claw__Auth__Jwt__Issuer=https://idp.bench Claw__Auth__Jwt__Audience=claw-bench
      Claw__Auth__Jwt__SigningKeyFiles__0="$WORK/idp.pub")
  fi

  start_single_silo "$dir" "${env[@]}"
  local args=(--scenarios throughput,submit --tasks "$TASKS" --warmup-tasks 1000)
  [[ -n $credential ]] && args+=(--bearer-file "$credential")
  run_generator "$dir" "${args[@]}"
  stop_single_silo
}

run none None
run api_key Required "$WORK/key.token"
run jwt Required "$WORK/jwt.token"

echo "| auth | submits/s (one at a time, 16 clients) | submit p50 / p99 ms | drain ws tasks/s | drain http tasks/s |"
echo "|---|---|---|---|---|"
for name in none api_key jwt; do
  jq -r --arg name "$name" "$COST_JQ_DEFS"'
    "| \($name) | \(.submit.submits_per_second | floor) | \(.submit.latency.p50_ms * 100 | floor / 100) / \(.submit.latency.p99_ms * 100 | floor / 100) | \(variant("ws")) | \(variant("http")) |"' \
    "$WORK/$name/result.json"
done
