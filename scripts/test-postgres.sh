#!/usr/bin/env bash
# Runs a command (the unit and integration tests) with a throwaway PostgreSQL: a fresh cluster in a
# temp dir, listening on 127.0.0.1 on a free port only, with a test role and database, whose URL is
# exported as PHSWEB_TEST_DATABASE_URL. The cluster is stopped and deleted when the command ends.
#
#   bash scripts/test-postgres.sh npx vitest run src/store/pg
#
# Uses Debian's postgresql package (installed when missing and this machine can: root with apt-get).
# An already set PHSWEB_TEST_DATABASE_URL is used as it is. Without PostgreSQL the command still
# runs and the PostgreSQL tests skip, saying why; under CI (CI=true) this script fails instead.
set -euo pipefail

if [ -n "${PHSWEB_TEST_DATABASE_URL:-}" ]; then exec "$@"; fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="${PG_BIN:-$(find_bin)}"
if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "PostgreSQL not found: installing Debian's postgresql package for the store's tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # The package may have started its own cluster (port 5432); the tests use their own, so stop it.
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h | while read -r ver name _ status _; do
      [ "$status" = online ] && pg_ctlcluster "$ver" "$name" stop || true
    done
  fi
  bin="$(find_bin)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
  msg="The PostgreSQL tests need PostgreSQL's server binaries (Debian/Ubuntu: apt-get install postgresql, or set PG_BIN)."
  if [ "${CI:-}" = true ]; then echo "$msg" >&2; exit 1; fi
  echo "$msg Running without them: those tests skip." >&2
  exec "$@"
fi

# postgres refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir="$(mktemp -d "${TMPDIR:-/tmp}/phsweb-pg.XXXXXX")"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
cleanup() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
password="test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
# Trust over the socket in the private temp dir (for setting up); a password over TCP, as in production.
as_owner "$bin/initdb" -D "$dir/data" -U postgres --no-sync --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# A test server: durability is not wanted, speed is. Socket in the temp dir, TCP on loopback only.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE phsweb_test LOGIN PASSWORD '$password'" -c "CREATE DATABASE phsweb_test OWNER phsweb_test" >/dev/null

export PHSWEB_TEST_DATABASE_URL="postgres://phsweb_test:$password@127.0.0.1:$port/phsweb_test"
echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port (removed afterwards)" >&2
# Not exec: the trap must stop the cluster when the command ends. In the background with `wait`, so
# an interrupt stops the command and the cluster at once (bash runs no trap during a foreground
# command). A background command ignores SIGINT, so it is passed on as SIGTERM; stdin is kept
# for watch mode.
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 130' INT
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
wait "$child"
