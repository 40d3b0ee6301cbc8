#!/usr/bin/env bash
# Stops and removes a cluster started by scripts/start-postgres.sh DIR.
set -uo pipefail
dir=${1:?usage: stop-postgres.sh DIR}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -f "$dir/data/postmaster.pid" ]; then
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  else
    "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  fi
fi
rm -rf "$dir"
