#!/usr/bin/env bash
# API fuzzing: schemathesis generates requests from /v2/openapi.json against a running `slipway serve` and
# fails on any 5xx answer (`not_a_server_error`). `make fuzz-api` runs it long; `make test` runs it briefly.
#
#   MAX_TIME=300 bash Tests/Fuzz/fuzz-api.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/debug/slipway}
MAX_TIME=${MAX_TIME:-60}

if ! python3 -c 'import schemathesis' 2>/dev/null; then
    echo "installing schemathesis (pip)…" >&2
    python3 -m pip install -q --user schemathesis 2>/dev/null || python3 -m pip install -q schemathesis
fi
ST="python3 -m schemathesis.cli"
python3 -c 'import schemathesis.cli' 2>/dev/null || ST=st

source Tests/Scripts/scratch-server.sh
scratch_init fuzz
cat > "$RUN/slipway.yaml" <<CONFIG
server:
  build_wait_seconds: 1
connections:
  - id: fuzz
    provider: github
    webhook_secret: {env: FUZZ_HOOK_SECRET}
integrations:
  - name: fuzzed
    connection: fuzz
    repository_url: git://127.0.0.1:1/nowhere.git
CONFIG
scratch_serve FUZZ_HOOK_SECRET=fuzz

status=0
$ST run "http://127.0.0.1:$PORT/v2/openapi.json" -H "X-API-KEY: $KEY" --checks not_a_server_error \
    --max-time "$MAX_TIME" --workers 2 --request-timeout 30 --suppress-health-check all || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- server log (last 40 lines)" >&2
    tail -40 "$RUN/serve.log" >&2
fi
exit $status
