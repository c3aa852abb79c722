#!/usr/bin/env bash
# Installs Debian's Chromium (and a font for its screenshots) for the dashboard's browser test, idempotently. Sourced
# by test.sh. The test drives it headless through Playwright, whose driver comes with the NuGet package.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "Installing Chromium (Debian's chromium package) for the dashboard's browser test..."
  (
    sudo_=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
    $sudo_ apt-get update -qq && $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  ) || true
  [[ -x /usr/bin/chromium ]] || echo "warning: Chromium could not be installed; the browser test fails under CI=true." >&2
fi
