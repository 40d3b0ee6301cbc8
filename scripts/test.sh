#!/usr/bin/env bash
# Runs every test: domain unit tests, and the integration suite on SQLite and on a throwaway
# PostgreSQL cluster started here and removed on exit. Under CI=true a missing PostgreSQL is a
# failure, not a skip. Ends with one line: "N passed, N failed" (", N skipped" if any).
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
filter=()
pgdir=""
cleanup() { [ -n "$pgdir" ] && scripts/stop-postgres.sh "$pgdir"; }
trap cleanup EXIT

if [ -z "${PX_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/px-pg.XXXXXX)
  if conn=$(scripts/start-postgres.sh "$pgdir"); then
    export PX_TEST_POSTGRES="$conn"
    echo "PostgreSQL started for the tests on port $(cat "$pgdir/port")"
  elif [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL could not be started, and CI=true requires it." >&2
    echo "0 passed, 1 failed"
    exit 1
  else
    echo "PostgreSQL binaries not found: PostgreSQL tests are skipped (they fail under CI=true)." >&2
    filter=(--filter "Database!=Postgres")
  fi
fi

log=$(mktemp /tmp/px-test.XXXXXX.log)
dotnet test PartnerExchange.sln -c Release "${filter[@]}" --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly ends with "Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines.
read -r passed failed skipped < <(awk '
  /^ +Passed: [0-9]+$/ {p += $2} /^ +Failed: [0-9]+$/ {f += $2} /^ +Skipped: [0-9]+$/ {s += $2}
  END {print p+0, f+0, s+0}' "$log")
if [ -n "${filter[*]}" ]; then skipped=$((skipped + 1)); fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # the build or a runner failed outright
rm -f "$log"

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$status"
