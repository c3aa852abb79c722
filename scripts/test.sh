#!/usr/bin/env bash
# Builds the solution and runs every test, then the core tests again on other CPU kernels; ends with one line
# "N passed, N failed, N skipped" and exits non-zero on any failure. Arguments go to dotnet test
# (e.g. --filter Category=Fast).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/prerequisites.sh
# The service's PostgreSQL tests need a server: a local one, set up idempotently (LSE_SKIP_POSTGRES=1 skips them).
if [[ ${LSE_SKIP_POSTGRES:-} != 1 ]]; then source scripts/postgres.sh; fi
source scripts/promtool.sh
source scripts/chromium.sh
results=$root/artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
dotnet build Orleans.Lse.sln -c Release -v quiet -nologo -clp:ErrorsOnly
status=0
# One test project at a time: each runs libtorch on every core, and two at once oversubscribe a small machine so
# badly that the service's timed campaigns crawl.
for project in tests/*/*.csproj; do
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$(basename "$project" .csproj).trx" \
    --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?
done
# The core's numbers again on other kernels than this CPU's own: libtorch picks its vectorised kernels (ATen) and
# its convolutions (oneDNN) by instruction set, so a test that holds only for one set of kernels fails here rather
# than on a user's machine. "default" is ATen's generic code with oneDNN held to SSE4.1; "avx2" is what most x86-64
# CPUs run (an AVX-512 CPU runs avx512 in the pass above).
isa_runs=(default)
grep -qw avx2 /proc/cpuinfo 2>/dev/null && isa_runs+=(avx2)
for isa in "${isa_runs[@]}"; do
  onednn=$([[ $isa == default ]] && echo SSE41 || echo AVX2)
  echo "Core tests with ATEN_CPU_CAPABILITY=$isa ONEDNN_MAX_CPU_ISA=$onednn"
  ATEN_CPU_CAPABILITY=$isa ONEDNN_MAX_CPU_ISA=$onednn dotnet test tests/Core.Tests/Orleans.Lse.Core.Tests.csproj -c Release --no-build -nologo \
    --logger "trx;LogFileName=Orleans.Lse.Core.Tests-isa-$isa.trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?
done
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  # A skipped test is counted in total but not in executed.
  p=$(count passed); f=$(count failed); t=$(count total); e=$(count executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
# The failures again at the end, where a log cut to its tail still shows them: each failed test's name and the first
# lines of its message.
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  awk -v file="$(basename "$trx")" '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); print "Failed in " file ": " substr($0, RSTART + 10, RLENGTH - 11)
      failing = 1; shown = 0; next }
    failing && /<Message>/ { reading = 1; sub(/.*<Message>/, "") }
    reading { line = $0; if (sub(/<\/Message>.*/, "", line)) { reading = 0; failing = 0 }
              if (shown++ < 20) print "    " line }
  ' "$trx" | sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
done
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 && $passed -gt 0 ]]
