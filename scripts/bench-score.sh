#!/usr/bin/env bash
# Scoring benchmark (issue 5): starts the API in Release on a fresh SQLite database, builds a program of
# 200 partnerships, 20,000 customers and 2,000,000 signals, then measures the single-partnership score
# (p50/p95 over 100 calls) and the full vendor ranking through the API, and in the same run one grouped scan
# of all signals straight through Dapper. Prints each figure and its ratio to that floor.
# Usage: scripts/bench-score.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/start-api.sh score

dotnet scripts/bench/bin/Release/net10.0/PartnerExchange.Bench.dll score "http://127.0.0.1:$port" "$api_pid" "$secret" "$scratch/data/partnerexchange.db"
