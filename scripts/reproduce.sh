#!/usr/bin/env bash
# The main job: fetch MNIST, train or reuse the models, reproduce the paper's MNIST experiments.
# Extra arguments go to `lse reproduce` (see `./lse reproduce --help`).
set -euo pipefail
exec "$(cd "$(dirname "$0")/.." && pwd)/lse" reproduce "$@"
