#!/usr/bin/env bash
# PostgreSQL for WellWon's executables mode, started by the AppHost (DCP).
#   PORT         the port to listen on (from DCP)
#   PG_DATA_DIR  this checkout's PostgreSQL directory; the cluster lives in $PG_DATA_DIR/data
#   PG_USER, PG_DATABASE, PG_PASSWORD   the role and database the services use
#   WELLWON_DURABLE  1 (default): fsync on; 0: throw-away data (tests)
# First start: initdb as the postgres user (initdb refuses root), then the role and database.
# Every start: clears what a killed run left behind (only this cluster's processes), sets the role's password
# (so a changed secret is applied), then execs the server so DCP's stop signal reaches the postmaster.
set -euo pipefail

: "${PORT:?PORT is not set (the AppHost passes it)}" "${PG_DATA_DIR:?}" "${PG_USER:?}" "${PG_DATABASE:?}" "${PG_PASSWORD:?}"
durable="${WELLWON_DURABLE:-1}"
data="$PG_DATA_DIR/data"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

bin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
  version=$(basename "$(dirname "$dir")")
  if [ "${version%%.*}" -ge 15 ] && [ -x "$dir/postgres" ]; then bin="$dir"; fi
done
[ -n "$bin" ] || { log "no PostgreSQL 15 or newer under /usr/lib/postgresql (apt-get install postgresql)"; exit 1; }

if [ "$(id -u)" = 0 ]; then
  run_as_owner() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
  owner=postgres
else
  run_as_owner() { "$@"; }
  owner=$(id -un)
fi

(umask 022 && mkdir -p "$PG_DATA_DIR")
chmod 700 "$PG_DATA_DIR"
[ "$owner" = "$(id -un)" ] || chown "$owner:" "$PG_DATA_DIR"
run_as_owner test -x "$PG_DATA_DIR" || { log "user $owner cannot reach $PG_DATA_DIR; set Infra:DataRoot to a directory it can reach"; exit 1; }

# A postmaster of THIS cluster still running after a killed AppHost: stop it (fast, then hard). Others are left alone.
cluster_pids() {
  local pid
  for pid in $(pgrep -x postgres 2>/dev/null || true); do
    if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "-D $data "; then echo "$pid"; fi
  done
}
orphans=$(cluster_pids)
if [ -n "$orphans" ]; then
  log "stopping PostgreSQL left running on $data by an earlier run (pid $orphans)"
  kill -INT $orphans 2>/dev/null || true
  for _ in $(seq 1 100); do [ -z "$(cluster_pids)" ] && break; sleep 0.1; done
  orphans=$(cluster_pids); [ -z "$orphans" ] || kill -KILL $orphans 2>/dev/null || true
  sleep 0.2
fi
# A lock file whose process is gone (or is not this cluster's postmaster) only blocks the start.
if [ -f "$data/postmaster.pid" ] && [ -z "$(cluster_pids)" ]; then
  log "removing stale $data/postmaster.pid"
  rm -f "$data/postmaster.pid"
fi

# One statement per line in single-user mode (no port, no connections); any ERROR fails the start.
single_user() {
  local out
  out=$(run_as_owner "$bin/postgres" --single -D "$data" postgres 2>&1 >/dev/null) || { printf '%s\n' "$out" >&2; return 1; }
  if grep -q 'ERROR' <<<"$out"; then printf '%s\n' "$out" >&2; return 1; fi
}
sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

# The marker is written last, so a first start that was interrupted starts over instead of leaving half a cluster.
if [ ! -f "$PG_DATA_DIR/initialised" ]; then
  log "initialising a new cluster in $data"
  rm -rf "$data"
  sync_flag=()
  [ "$durable" = 1 ] || sync_flag=(--no-sync)
  pwfile="$PG_DATA_DIR/initdb.pw"
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pwfile")
  [ "$owner" = "$(id -un)" ] || chown "$owner:" "$pwfile"
  run_as_owner "$bin/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 "${sync_flag[@]}" >"$PG_DATA_DIR/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; cat "$PG_DATA_DIR/initdb.log" >&2; exit 1; }
  rm -f "$pwfile"
  printf 'CREATE DATABASE "%s" OWNER "%s"\n' "$PG_DATABASE" "$PG_USER" | single_user
  touch "$PG_DATA_DIR/initialised"
fi

# Every start: the role's password is the current secret, so a rotated or regenerated one simply applies.
printf 'ALTER ROLE "%s" WITH LOGIN PASSWORD %s\n' "$PG_USER" "$(sql_literal "$PG_PASSWORD")" | single_user

# TCP on loopback only; no Unix socket (nothing uses it, and a long checkout path would overflow its name).
settings=(-c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200)
[ "$durable" = 1 ] || settings+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
if [ "$(id -u)" = 0 ]; then
  exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/postgres" -D "$data" -p "$PORT" "${settings[@]}"
fi
exec "$bin/postgres" -D "$data" -p "$PORT" "${settings[@]}"
