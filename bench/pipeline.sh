#!/usr/bin/env bash
# Release pipeline benchmark (bench/PipelineBench):
#  1. push-to-release latency of a small repository with a trivial build, from trigger to release recorded,
#     against `git fetch && git archive | gzip` of the same change in the same run (medians);
#  2. resident memory of one process that builds and then tracks 1,000 integrations over 100 repositories.
# Repositories are served by `git daemon` on 127.0.0.1.
#
#   bash bench/pipeline.sh                 (what `make bench` runs, from the repository root)
#   RUNS=15 REPOSITORIES=100 bash bench/pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
REPOSITORIES=${REPOSITORIES:-100}
PER_REPOSITORY=${PER_REPOSITORY:-10}

swift build -c release --product PipelineBench >&2
BENCH=.build/release/PipelineBench

RUN=$(mktemp -d "${TMPDIR:-/tmp}/slipway-bench-pipeline.XXXXXX")
DAEMON_PID=
cleanup() {
    if [[ -n $DAEMON_PID ]]; then kill "$DAEMON_PID" 2>/dev/null; wait "$DAEMON_PID" 2>/dev/null || true; fi
    rm -rf "$RUN"
}
trap cleanup EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=$RUN
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
mkdir -p "$RUN/served"

for attempt in 1 2 3 4 5; do
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    git daemon --reuseaddr --export-all --listen=127.0.0.1 --port="$PORT" --base-path="$RUN/served" \
        "$RUN/served" 2>"$RUN/daemon.log" &
    DAEMON_PID=$!
    for _ in $(seq 50); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && break 2
        sleep 0.1
    done
    kill "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=
done
[[ -n $DAEMON_PID ]] || { echo "bench/pipeline.sh: git daemon did not start" >&2; exit 1; }

echo "push-to-release latency (trivial build), median of $RUNS runs:"
latency=$($BENCH latency "$RUN/served" "git://127.0.0.1:$PORT" "$RUN/latency" build-templates "$RUNS")
read -r slipway baseline ratio _ <<<"$(echo "$latency" | sed -E 's/[a-z_]+=//g')"
printf '  slipway trigger → release   %8.1f ms\n  git fetch && git archive|gzip %7.1f ms\n  ratio %.2f (goal ≤ 1.5)\n' \
    "$slipway" "$baseline" "$ratio"

echo "memory of one process tracking $((REPOSITORIES * PER_REPOSITORY)) integrations over $REPOSITORIES repositories:"
$BENCH memory "$RUN/served" "git://127.0.0.1:$PORT" "$RUN/memory" build-templates "$REPOSITORIES" "$PER_REPOSITORY" \
    | tr ' ' '\n' | sed 's/^/  /'
echo "  (goal: rss under 150 MiB)"
