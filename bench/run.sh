#!/usr/bin/env bash
# Reproduces docs/benchmarks.md on this machine: a private PostgreSQL 15 cluster (durable commits), Verity's
# jar talking to it, a local SMTP sink (its own process), the load generator, then pgbench running the
# reference transactions of ../shared/perf (BENCH_REFERENCE_DIR) on the same cluster.
#   bench/run.sh                 # 10 s per measurement (about 8 minutes in all)
#   BENCH_SECONDS=30 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT=${BENCH_PG_PORT:-55432}
PG_DIR=${BENCH_PG_DIR:-/tmp/verity-bench-pg}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

if [ -z "$PG_BIN" ] || ! command -v pgbench >/dev/null 2>&1; then
  echo "Installing PostgreSQL and pgbench from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=120 update -q
  apt-get -o DPkg::Lock::Timeout=120 install -y -q postgresql postgresql-contrib
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }

# a fresh cluster each run, so every run starts from the same empty database
if [ -f "$PG_DIR/postmaster.pid" ]; then as_postgres "$PG_BIN/pg_ctl -D $PG_DIR -m fast stop" || true; fi
rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
as_postgres "$PG_BIN/initdb -D $PG_DIR -U postgres --auth=trust >/dev/null"
as_postgres "$PG_BIN/pg_ctl -D $PG_DIR -l $PG_DIR/server.log -w \
  -o '-p $PG_PORT -k /tmp -c max_connections=200 -c shared_buffers=256MB' start >/dev/null"
trap 'as_postgres "$PG_BIN/pg_ctl -D $PG_DIR -m fast stop" >/dev/null 2>&1 || true' EXIT
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres verity

./mvnw -B -q -DskipTests package
# Keycloak for the side-by-side; when it cannot be fetched the report says it was skipped
bash bench/keycloak.sh
export BENCH_PG_PORT=$PG_PORT
java -Xmx2g -jar bench/target/verity-bench.jar
