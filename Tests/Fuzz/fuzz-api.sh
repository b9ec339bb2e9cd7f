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

RUN=$(mktemp -d "${TMPDIR:-/tmp}/slipway-fuzz.XXXXXX")
SERVER=
cleanup() {
    if [[ -n $SERVER ]]; then kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$RUN"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KEY=slw_fuzz_$(python3 -c 'import secrets; print(secrets.token_hex(16))')
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
SLIPWAY_ADMIN_KEY=$KEY FUZZ_HOOK_SECRET=fuzz SLIPWAY_MASTER_KEY=$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())') \
    "$BIN" serve --config "$RUN/slipway.yaml" --data "$RUN/data" --listen "127.0.0.1:$PORT" 2> "$RUN/serve.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.1; done

status=0
$ST run "http://127.0.0.1:$PORT/v2/openapi.json" -H "X-API-KEY: $KEY" --checks not_a_server_error \
    --max-time "$MAX_TIME" --workers 2 --request-timeout 30 --suppress-health-check all || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- server log (last 40 lines)" >&2
    tail -40 "$RUN/serve.log" >&2
fi
exit $status
