#!/usr/bin/env bash
# Builds the solution and runs every test; ends with one line "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/prerequisites.sh
# The service's PostgreSQL tests need a server: a local one, set up idempotently (LSE_SKIP_POSTGRES=1 skips them).
if [[ ${LSE_SKIP_POSTGRES:-} != 1 ]]; then source scripts/postgres.sh; fi
results=$root/artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
dotnet build Orleans.Lse.sln -c Release -v quiet -nologo -clp:ErrorsOnly
status=0
# One test project at a time: each runs libtorch on every core, and two at once oversubscribe a small machine so
# badly that the service's timed campaigns crawl.
for project in tests/*/*.csproj; do
  dotnet test "$project" -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=$?
done
passed=0; failed=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
