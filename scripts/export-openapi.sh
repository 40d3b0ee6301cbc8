#!/usr/bin/env bash
# Regenerates openapi/v1.json from the API itself (the `openapi` verb builds the host and renders the
# document without starting the server or touching any database).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p openapi
dotnet run --project src/PartnerExchange.Api -c Release --no-launch-profile -- openapi "$(pwd)/openapi/v1.json"
