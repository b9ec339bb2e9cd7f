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

source Tests/Scripts/scratch-server.sh
scratch_init bench-pipeline
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=$RUN
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
mkdir -p "$RUN/served"

scratch_git_daemon "$RUN/served"

echo "push-to-release latency (trivial build), median of $RUNS runs:"
latency=$($BENCH latency "$RUN/served" "git://127.0.0.1:$GIT_PORT" "$RUN/latency" build-templates "$RUNS")
read -r slipway baseline ratio _ <<<"$(echo "$latency" | sed -E 's/[a-z_]+=//g')"
printf '  slipway trigger → release   %8.1f ms\n  git fetch && git archive|gzip %7.1f ms\n  ratio %.2f (goal ≤ 1.5)\n' \
    "$slipway" "$baseline" "$ratio"

echo "memory of one process tracking $((REPOSITORIES * PER_REPOSITORY)) integrations over $REPOSITORIES repositories:"
$BENCH memory "$RUN/served" "git://127.0.0.1:$GIT_PORT" "$RUN/memory" build-templates "$REPOSITORIES" "$PER_REPOSITORY" \
    | tr ' ' '\n' | sed 's/^/  /'
echo "  (goal: rss under 150 MiB)"
