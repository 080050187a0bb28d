#!/usr/bin/env bash
# redis-server for WellWon's executables mode, started by the AppHost (DCP).
#   PORT             the port to listen on (from DCP)
#   REDIS_DATA_DIR   this checkout's Redis directory (append-only file and snapshot)
#   WELLWON_DURABLE  1 (default): append-only file, fsync every second; 0: nothing kept (tests)
# Stops a redis-server of THIS data directory that a killed run left behind, then execs the server so DCP's stop signal reaches it.
set -euo pipefail

: "${PORT:?PORT is not set (the AppHost passes it)}" "${REDIS_DATA_DIR:?}"
durable="${WELLWON_DURABLE:-1}"

log() { printf 'redis.sh: %s\n' "$*" >&2; }

command -v redis-server >/dev/null || { log "redis-server is not installed (apt-get install redis-server)"; exit 1; }
# Parents stay traversable (PostgreSQL's data shares the root and runs as the postgres user); the directory itself is private.
(umask 022 && mkdir -p "$REDIS_DATA_DIR")
chmod 700 "$REDIS_DATA_DIR"
dir=$(cd "$REDIS_DATA_DIR" && pwd -P)

# redis-server rewrites its command line, so recognise ours by its working directory, which is the data directory.
instance_pids() {
  local pid
  for pid in $(pgrep -x redis-server 2>/dev/null || true); do
    if [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$dir" ]; then echo "$pid"; fi
  done
}
orphans=$(instance_pids)
if [ -n "$orphans" ]; then
  log "stopping redis-server left running on $dir by an earlier run (pid $orphans)"
  kill -TERM $orphans 2>/dev/null || true
  for _ in $(seq 1 100); do [ -z "$(instance_pids)" ] && break; sleep 0.1; done
  orphans=$(instance_pids); [ -z "$orphans" ] || kill -KILL $orphans 2>/dev/null || true
fi

if [ "$durable" = 1 ]; then
  persistence=(--appendonly yes --appendfsync everysec)
else
  persistence=(--appendonly no --save '')
fi
exec redis-server --port "$PORT" --bind 127.0.0.1 --protected-mode yes --dir "$dir" \
  --pidfile "$dir/redis.pid" --logfile '' --daemonize no "${persistence[@]}"
