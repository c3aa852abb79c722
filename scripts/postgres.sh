#!/usr/bin/env bash
# Provides a local PostgreSQL for the service's PostgreSQL tests, idempotently, on Debian 12 / Ubuntu 22.04+:
# installs the server if missing, starts its cluster, creates role "lse" (password "lse", CREATEDB) and database
# "lse_test", then exports LSE_TEST_POSTGRES, and LSE_TEST_POSTGRES_CLUSTER ("VERSION main", for pg_ctlcluster: the
# outage test stops and starts that server). Source it (test.sh does) or run it and eval the printed export line.
# An LSE_TEST_POSTGRES that is already set is kept: point it at any server to skip all of this.
set -euo pipefail

lse_pg_main() {
  if [[ -n ${LSE_TEST_POSTGRES:-} ]]; then
    echo "export LSE_TEST_POSTGRES='$LSE_TEST_POSTGRES'"
    return 0
  fi

  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)

  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "Installing PostgreSQL (service tests)..." >&2
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi

  # The newest installed server version; a package install normally creates its "main" cluster, a bare image may not.
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if [[ -z $version ]]; then
    echo "error: no PostgreSQL server found under /usr/lib/postgresql after installing it." >&2
    return 1
  fi
  local cluster
  cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3, $4}')
  if [[ -z $cluster ]]; then
    "${sudo[@]}" pg_createcluster "$version" main >/dev/null
    cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3, $4}')
  fi
  local port=${cluster%% *} status=${cluster#* }
  if [[ $status != online* ]]; then
    "${sudo[@]}" pg_ctlcluster "$version" main start
  fi
  local i
  for i in $(seq 1 30); do
    pg_isready -q -h localhost -p "$port" && break
    sleep 1
  done
  pg_isready -q -h localhost -p "$port" || { echo "error: PostgreSQL $version/main did not accept connections on port $port." >&2; return 1; }

  # As the postgres superuser over the local socket (peer authentication); both steps are no-ops the second time.
  local psql=("${sudo[@]}" runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres)
  "${psql[@]}" -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lse') THEN
        CREATE ROLE lse LOGIN CREATEDB PASSWORD 'lse';
      END IF;
    END \$\$;"
  if [[ -z $("${psql[@]}" -tA -c "SELECT 1 FROM pg_database WHERE datname = 'lse_test'") ]]; then
    # The owner gets CREATE on the public schema (PostgreSQL 15 no longer grants it to everyone).
    "${psql[@]}" -c "CREATE DATABASE lse_test OWNER lse"
  fi

  export LSE_TEST_POSTGRES="Host=localhost;Port=$port;Username=lse;Password=lse;Database=lse_test"
  export LSE_TEST_POSTGRES_CLUSTER="$version main"
  echo "export LSE_TEST_POSTGRES='$LSE_TEST_POSTGRES' LSE_TEST_POSTGRES_CLUSTER='$LSE_TEST_POSTGRES_CLUSTER'"
}

lse_pg_main
