#!/usr/bin/env bash
# The test command: restores, builds and runs every test project against real SQLite and PostgreSQL,
# checks deploy/prometheus with promtool and drives the operator console in headless Chromium (both installed by
# scripts/test-tools.sh when missing), then prints one line
# "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

source scripts/test-postgres.sh
source scripts/test-tools.sh
source scripts/test-python.sh
source scripts/test-openclaw.sh

results=$(mktemp -d /tmp/claw-test-results.XXXXXX)
dotnet restore Claw.Orleans.sln
dotnet build Claw.Orleans.sln --no-restore -c Release
status=0
dotnet test Claw.Orleans.sln --no-build -c Release --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

passed=0
failed=0

# The Prometheus files of deploy/: rules and configuration valid, and the alert rules' own unit tests passing.
for check in "check rules alerts.yml" "test rules alerts.test.yml" "check config prometheus.yml"; do
  if (cd deploy/prometheus && promtool $check); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED promtool $check"
  fi
done

for trx in "$results"/*.trx; do
  [[ -e "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  # Repeat each failure and the start of its message at the end, where a truncated CI log still shows it.
  awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
       want && /<Message>/ { sub(/.*<Message>/, "  "); print substr($0, 1, 600); want = 0 }' "$trx"
done
rm -rf "$results"

if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the runner failed without reporting a test (a crashed test host, a build error)
fi
echo "$passed passed, $failed failed"
[[ $status -eq 0 && $failed -eq 0 ]]
