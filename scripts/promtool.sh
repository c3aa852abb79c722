#!/usr/bin/env bash
# Installs Prometheus' promtool (Debian's prometheus package) for the /metrics lint test, idempotently, without
# starting the server the package brings. Sourced by test.sh.
if ! command -v promtool >/dev/null 2>&1; then
  echo "Installing promtool (Debian's prometheus package) for the /metrics test..."
  (
    sudo_=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
    # policy-rc.d 101: the package's service is not started (where a service manager would start it); removed again
    # on the way out, even if interrupted, unless it was there before.
    blocker=/usr/sbin/policy-rc.d
    if [[ ! -e $blocker ]]; then
      trap '$sudo_ rm -f "$blocker"' EXIT
      printf '#!/bin/sh\nexit 101\n' | $sudo_ tee "$blocker" >/dev/null && $sudo_ chmod +x "$blocker"
    fi
    $sudo_ apt-get update -qq && $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  ) || true
  command -v promtool >/dev/null 2>&1 || echo "warning: promtool could not be installed; the /metrics lint test fails under CI=true." >&2
fi
