#!/usr/bin/env bash
# Webhook intake benchmark: signed GitHub push deliveries, each verified (HMAC-SHA256 over the raw body) and
# persisted (trigger, decision, coalesced fetch job) before the 202, driven by wrk at 1, 16 and 64 concurrent
# connections; the same server answering GET /healthz at the same concurrency is the baseline. Medians of
# RUNS runs of DURATION seconds each. The repository is real, served by `git daemon` on 127.0.0.1, so the
# server's worker fetches it and settles the deliveries' decisions meanwhile, as it would in service.
#
#   bash bench/webhooks.sh               (what `make bench` runs, from the repository root)
#   RUNS=3 DURATION=10 bash bench/webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SLIPWAY:-.build/release/slipway}
RUNS=${RUNS:-3}
DURATION=${DURATION:-8}
command -v wrk >/dev/null || { echo "bench/webhooks.sh: wrk is required (apt-get install wrk)" >&2; exit 2; }
[[ -x $BIN ]] || swift build -c release --product slipway >&2

source Tests/Scripts/scratch-server.sh
scratch_init bench-hooks

# The repository: one commit with a PANDIUM.yaml, served over git://.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
mkdir -p "$RUN/served/bench" "$RUN/work"
git init -q --bare -b main "$RUN/served/bench/repo.git"
printf 'version: 1.0\nbase: shell\nbuild: echo ok > out.txt\nrun: cat out.txt\nconfigs: {}\n' > "$RUN/work/PANDIUM.yaml"
git -C "$RUN/work" init -q -b main && git -C "$RUN/work" add -A && git -C "$RUN/work" commit -qm initial
git -C "$RUN/work" push -q "$RUN/served/bench/repo.git" main
scratch_git_daemon "$RUN/served"
REPO_URL=git://127.0.0.1:$GIT_PORT/bench/repo.git

cat > "$RUN/slipway.yaml" <<CONFIG
connections:
  - id: bench
    provider: github
    webhook_secret: {env: BENCH_HOOK_SECRET}
integrations:
  - name: bench
    connection: bench
    repository_url: $REPO_URL
CONFIG
# Distinct deliveries for every run: a resent delivery is answered without being persisted, so each run
# sends a slice of its own (more than it can send in DURATION), and the end compares sent with persisted.
SLICE=$(( DURATION * 12000 ))
DELIVERIES=$(( 3 * RUNS * SLICE ))
python3 - "$RUN/deliveries.txt" "$DELIVERIES" "$REPO_URL" <<'PY'
import hmac, hashlib, json, sys
path, count, url = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as out:
    for i in range(count):
        body = json.dumps({"ref": "refs/heads/main", "before": "0" * 40, "after": "%040x" % (i + 1),
                           "repository": {"full_name": "bench/repo", "clone_url": url}},
                          separators=(",", ":"))
        signature = hmac.new(b"bench-secret", body.encode(), hashlib.sha256).hexdigest()
        out.write("d-%d\tsha256=%s\t%s\n" % (i, signature, body))
PY
cat > "$RUN/hooks.lua" <<'LUA'
local deliveries = {}
local next_index = 1
local thread_count = 0
function setup(thread)
    thread:set("thread_index", thread_count)
    thread_count = thread_count + 1
end
function init(args)
    local offset, count, line_number = tonumber(args[3]), tonumber(args[4]), 0
    for line in io.lines(args[1]) do
        line_number = line_number + 1
        if line_number > offset + count then break end
        if line_number > offset then
            local delivery, signature, body = line:match("([^\t]+)\t([^\t]+)\t(.+)")
            deliveries[#deliveries + 1] = {delivery, signature, body}
        end
    end
    -- Threads take interleaved deliveries, so no two send the same one.
    next_index = 1 + (thread_index or 0)
    step = tonumber(args[2])
end
function request()
    local d = deliveries[next_index]
    next_index = next_index + step
    if next_index > #deliveries then next_index = 1 + (thread_index or 0) end
    return wrk.format("POST", "/hooks/bench", {
        ["X-GitHub-Event"] = "push", ["X-GitHub-Delivery"] = d[1], ["X-Hub-Signature-256"] = d[2],
        ["Content-Type"] = "application/json"}, d[3])
end
LUA

scratch_serve BENCH_HOOK_SECRET=bench-secret -- --workers 1

# Prints "requests_per_second p50_ms p99_ms non2xx requests" for one wrk run.
OFFSET=0
measure() {
    local connections=$1 script=$2 path=$3 threads=2
    (( connections < 2 )) && threads=1
    local out
    if [[ -n $script ]]; then
        out=$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s "$script" "http://127.0.0.1:$PORT$path" -- "$RUN/deliveries.txt" "$threads" "$OFFSET" "$SLICE")
    else
        out=$(wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$path")
    fi
    python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(label):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, out, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(rps, ms("50"), ms("99"), bad.group(1) if bad else 0, re.search(r"(\d+) requests in", out).group(1))
PY
}

median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

echo "webhook intake (verify + persist + 202) vs GET /healthz, same server, medians of $RUNS runs of ${DURATION}s:"
printf '  %-12s %12s %9s %9s   %12s %9s %9s   %s\n' connections "hooks req/s" "p50 ms" "p99 ms" "healthz req/s" "p50 ms" "p99 ms" "throughput ratio"
for connections in 1 16 64; do
    hooks_rps=(); hooks_p50=(); hooks_p99=(); health_rps=(); health_p50=(); health_p99=()
    for _ in $(seq "$RUNS"); do
        read -r rps p50 p99 bad requests <<<"$(measure "$connections" "$RUN/hooks.lua" /hooks/bench)"
        [[ $bad == 0 ]] || echo "  warning: $bad webhook answers were not 2xx" >&2
        (( requests <= SLICE )) || echo "  warning: a run sent more than $SLICE deliveries; some were resent" >&2
        (( OFFSET += SLICE ))
        sent=$(( ${sent:-0} + requests ))
        hooks_rps+=("$rps"); hooks_p50+=("$p50"); hooks_p99+=("$p99")
        read -r rps p50 p99 bad _ <<<"$(measure "$connections" "" /healthz)"
        health_rps+=("$rps"); health_p50+=("$p50"); health_p99+=("$p99")
    done
    h=$(median "${hooks_rps[@]}"); b=$(median "${health_rps[@]}")
    printf '  %-12s %12.0f %9.2f %9.2f   %12.0f %9.2f %9.2f   %.2f\n' "$connections" "$h" "$(median "${hooks_p50[@]}")" \
        "$(median "${hooks_p99[@]}")" "$b" "$(median "${health_p50[@]}")" "$(median "${health_p99[@]}")" \
        "$(python3 -c "print($h / $b)")"
done
persisted=$(curl -s -D - -o /dev/null -H "X-API-KEY: $KEY" "http://127.0.0.1:$PORT/v2/decisions?limit=1" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-total-count" {print $2}')
echo "  deliveries sent: $sent, persisted (decision records): $persisted  (goals: p99 < 20 ms at 64 connections, ≥ 1,000 persisted/s)"
