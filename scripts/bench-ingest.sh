#!/usr/bin/env bash
# Ingest and feed benchmark: starts the API in Release on a fresh SQLite database, publishes signals in
# 1,000-item batches through the real API, follows the feed, and measures the same work straight through
# Dapper in the same run. Prints both rates, their ratios and the API's peak working set.
# Usage: scripts/bench-ingest.sh [signals]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
signals=${1:-200000}
. scripts/bench/start-api.sh ingest

dotnet scripts/bench/bin/Release/net10.0/PartnerExchange.Bench.dll ingest "http://127.0.0.1:$port" "$api_pid" "$secret" "$scratch" "$signals"
