# Sourced by the fuzzing and benchmark scripts: runs `slipway serve` ($BIN) on a free loopback port with a
# scratch data directory, and stops it and removes the scratch folder on exit.
#
#   scratch_init fuzz                       sets RUN (scratch folder), PORT and KEY (an admin key)
#   … write "$RUN/slipway.yaml" …
#   scratch_serve HOOK_SECRET=x -- --workers 1   environment for the server, then extra `serve` arguments;
#                                                 sets SERVER (its pid) once /healthz answers

scratch_cleanup() {
    if [[ -n ${SERVER:-} ]]; then kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    if [[ -n ${KEEP_RUN:-} ]]; then echo "kept $RUN" >&2; else rm -rf "$RUN"; fi
}

scratch_init() {
    RUN=$(mktemp -d "${TMPDIR:-/tmp}/slipway-$1.XXXXXX")
    SERVER=
    trap scratch_cleanup EXIT
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    KEY=slw_$1_$(python3 -c 'import secrets; print(secrets.token_hex(16))')
}

scratch_serve() {
    local environment=()
    while [[ $# -gt 0 && $1 != -- ]]; do environment+=("$1"); shift; done
    [[ ${1:-} == -- ]] && shift
    env SLIPWAY_ADMIN_KEY="$KEY" "${environment[@]}" \
        SLIPWAY_MASTER_KEY="$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')" \
        "$BIN" serve --config "$RUN/slipway.yaml" --data "$RUN/data" --listen "127.0.0.1:$PORT" "$@" \
        2> "$RUN/serve.log" &
    SERVER=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && return 0
        sleep 0.1
    done
    echo "slipway serve did not answer /healthz within 10 s; its log:" >&2
    tail -40 "$RUN/serve.log" >&2
    return 1
}
