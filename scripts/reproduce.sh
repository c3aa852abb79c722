#!/usr/bin/env bash
# The main job: fetch MNIST, train or reuse the models, reproduce the paper's MNIST experiments.
# Extra arguments go to `lse reproduce` (see `lse reproduce --help`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/prerequisites.sh
dotnet build src/Cli -c Release -v quiet -nologo -clp:ErrorsOnly
exec dotnet src/Cli/bin/Release/net10.0/lse.dll reproduce "$@"
