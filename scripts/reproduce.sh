#!/usr/bin/env bash
# The main job: fetch MNIST, train or reuse the models, reproduce the paper's MNIST experiments.
# Extra arguments go to `lse reproduce` (see `lse reproduce --help`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/prerequisites.sh
# Builds only when a source or build file is newer than the last successful build (a no-op `dotnet build` costs ~5 s).
stamp=src/Cli/bin/Release/.built
if [[ ! -f $stamp || -n $(find src build Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
    -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]]; then
  dotnet build src/Cli -c Release -v quiet -nologo -clp:ErrorsOnly
  touch "$stamp"
fi
exec dotnet src/Cli/bin/Release/net10.0/lse.dll reproduce "$@"
