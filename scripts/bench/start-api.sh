# Sourced by the benchmark scripts: builds the API and the driver in Release and starts the API on a fresh
# SQLite database in a scratch folder. Sets $scratch, $port, $secret (the operator's) and $api_pid; the API
# stops and the scratch folder goes (unless KEEP=1) when the calling script exits.
scratch=$(mktemp -d "/tmp/px-bench-${1:-run}.XXXXXX")
port=$((20000 + RANDOM % 20000))
secret="bench-$(date +%s)-secret"
api_pid=""
cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$scratch"; }
trap cleanup EXIT

dotnet build src/PartnerExchange.Api -c Release -v q -nologo >/dev/null
dotnet build scripts/bench/PartnerExchange.Bench.csproj -c Release -v q -nologo >/dev/null

env ASPNETCORE_ENVIRONMENT=Development \
  Storage__DataDirectory="$scratch/data" Demo__Seed=false Bootstrap__AdminClientSecret="$secret" \
  RateLimits__ClientBurst=1000000 RateLimits__ClientPerSecond=1000000 Auth__AllowHttp=true \
  Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning \
  dotnet src/PartnerExchange.Api/bin/Release/net10.0/PartnerExchange.Api.dll --urls "http://127.0.0.1:$port" >"$scratch/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
