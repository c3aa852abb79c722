#!/usr/bin/env bash
# Runs one LSE silo in the foreground (Ctrl+C stops it), building it (Release) first when the build is missing or older
# than the sources. Defaults: localhost clustering, silo port 11111, gateway 30000, grain state in
# $LSE_CACHE/service/lse.db (LSE_CACHE defaults to .cache in the repository), the dashboard (pages, REST API, /metrics) on
# http://127.0.0.1:5080, which it logs. Extra arguments are configuration:
#   ./scripts/service.sh --Lse:Cluster:GatewayPort=30001 --Lse:Cluster:SiloPort=11112
# and so are environment variables (Lse__Cluster__Mode=PostgreSql ...); see deploy/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/prerequisites.sh

silo=src/Silo/bin/Release/net10.0/lse-silo.dll
stamp=src/Silo/bin/Release/net10.0/.service-sh-built
# MSBuild's own up-to-date check costs tens of seconds on a small machine: build only when a source is newer than the
# last build this script made (a stamp, since an up-to-date build leaves the dll's time as it was).
if [[ ! -f $silo || ! -f $stamp ]] || [[ -n $(find src build Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
    -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null) ]]; then
  dotnet build src/Silo -c Release -v quiet -nologo -clp:ErrorsOnly
  touch "$stamp"
fi

exec dotnet "$silo" "$@"
