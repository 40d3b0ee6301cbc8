#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in DIR on a free loopback port and prints its
# connection string. Stop it with scripts/stop-postgres.sh DIR.
# PostgreSQL refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail

dir=${1:?usage: start-postgres.sh DIR}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/initdb" ] || { echo "start-postgres: no PostgreSQL binaries found (set PG_BIN)" >&2; exit 3; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "start-postgres: no free port found" >&2; exit 3
}

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(free_port)
as_owner "$bin/initdb" -D "$dir/data" -A trust -E UTF8 -U postgres --no-sync >"$dir/initdb.log" 2>&1
as_owner "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "$port" >"$dir/port"
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Include Error Detail=true"
