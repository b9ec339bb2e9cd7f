# Sourced by the fuzzing, benchmark and demo scripts: a scratch folder removed on exit, free loopback ports,
# `git daemon` serving a folder, and `slipway serve` ($BIN) with a scratch data directory.
#
#   scratch_init fuzz                       sets RUN (scratch folder), PORT and KEY (an admin key)
#   scratch_git_daemon "$RUN/served"        serves a folder over git://; sets GIT_PORT and DAEMON (its pid)
#   … write "$RUN/slipway.yaml" …
#   scratch_serve HOOK_SECRET=x -- --workers 1   environment for the server, then extra `serve` arguments;
#                                                 sets SERVER (its pid) once /healthz answers
# Whatever was started is stopped on exit (KEEP_RUN=1 keeps the folder).

scratch_cleanup() {
    if [[ -n ${SERVER:-} ]]; then kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    if [[ -n ${DAEMON:-} ]]; then kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null || true; fi
    if [[ -n ${KEEP_RUN:-} ]]; then echo "kept $RUN" >&2; else rm -rf "$RUN"; fi
}

# A loopback port nobody listens on now.
scratch_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# `git daemon` serving FOLDER (repositories at git://127.0.0.1:$GIT_PORT/<path>), its log in LOG (default
# $RUN/daemon.log), ready when this returns. A preset GIT_PORT is used as is; otherwise a free port, tried
# again when another process takes it first.
scratch_git_daemon() {
    local served=$1 log=${2:-$RUN/daemon.log} fixed=${GIT_PORT:-} attempt
    for attempt in 1 2 3 4 5; do
        GIT_PORT=${fixed:-$(scratch_free_port)}
        git daemon --reuseaddr --export-all --verbose --listen=127.0.0.1 --port="$GIT_PORT" \
            --base-path="$served" "$served" 2> "$log" &
        DAEMON=$!
        for _ in $(seq 100); do grep -q "Ready to rumble" "$log" 2>/dev/null && return 0; sleep 0.05; done
        kill "$DAEMON" 2>/dev/null || true
        DAEMON=
        [[ -z $fixed ]] || break
    done
    echo "git daemon did not start on 127.0.0.1; its log:" >&2
    tail -20 "$log" >&2
    return 1
}

scratch_init() {
    RUN=$(mktemp -d "${TMPDIR:-/tmp}/slipway-$1.XXXXXX")
    SERVER=
    DAEMON=
    trap scratch_cleanup EXIT
    PORT=$(scratch_free_port)
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
