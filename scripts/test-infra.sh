#!/usr/bin/env bash
# Starts a private PostgreSQL cluster and redis-server on loopback test ports for the test run, and stops them.
#   scripts/test-infra.sh start   → prints the export lines for WELLWON_TEST_PG and WELLWON_TEST_REDIS
#   scripts/test-infra.sh stop
# Data lives under /tmp (reachable by the postgres user, which initdb needs since we run as root) and is thrown away.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
key=$(printf '%s' "$here" | md5sum | cut -c1-8)
root="${WELLWON_TEST_ROOT:-/tmp/wellwon-test-$key}"
pg_port="${WELLWON_TEST_PG_PORT:-55432}"
redis_port="${WELLWON_TEST_REDIS_PORT:-56379}"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin; bin=$(pg_bin)
  stop >/dev/null 2>&1 || true
  rm -rf "$root"
  mkdir -p "$root/pg" "$root/redis"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$root/pg"; fi
  as_postgres "$bin/initdb" -D "$root/pg/data" -U wellwon --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/pg/initdb.log" 2>&1 \
    || { cat "$root/pg/initdb.log" >&2; exit 1; }
  # Throw-away test cluster: durability off for speed; enough connections for parallel test classes.
  as_postgres "$bin/pg_ctl" -D "$root/pg/data" -l "$root/pg/server.log" -w -t 60 start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$root/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=256MB" >/dev/null \
    || { cat "$root/pg/server.log" >&2; exit 1; }

  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$root/redis" --pidfile "$root/redis/redis.pid" --logfile "$root/redis/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done

  echo "export WELLWON_TEST_PG='Host=127.0.0.1;Port=$pg_port;Username=wellwon;Database=postgres;Pooling=true;Maximum Pool Size=50'"
  echo "export WELLWON_TEST_REDIS='127.0.0.1:$redis_port'"
}

stop() {
  local bin; bin=$(pg_bin)
  if [ -f "$root/pg/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$root/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$root/redis/redis.pid" ]; then
    kill "$(cat "$root/redis/redis.pid")" 2>/dev/null || true
  fi
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
