#!/usr/bin/env bash
# Git layer benchmark: Slipway's Git module (through bench/GitBench) against the git command line, on the same
# deterministic repository served by `git daemon` on 127.0.0.1, in the same run. Prints medians and ratios.
#
#   SLIPWAY=.build/release/slipway bash bench/git.sh      (what `make bench` runs, from the repository root)
#   RUNS=7 bash bench/git.sh                             (more runs per measurement; default 5)
#
# The `slipway` CLI does not drive mirrors yet, so the Slipway side runs the GitBench executable (built here
# with `swift build -c release --product GitBench`); SLIPWAY is accepted and unused.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WORK=bench/.work
REPO_VERSION=1
FOLDER=integrations/big

need() { command -v "$1" >/dev/null || { echo "bench/git.sh: '$1' is required" >&2; exit 2; }; }
need git; need python3; need swift
[[ -x /usr/bin/time ]] || { echo "bench/git.sh: /usr/bin/time (GNU time) is required" >&2; exit 2; }

swift build -c release --product GitBench >&2
BENCH=.build/release/GitBench

mkdir -p "$WORK"
if [[ ! -d $WORK/origin-v$REPO_VERSION.git ]]; then
    echo "generating the benchmark repository (once; cached in $WORK)…" >&2
    rm -rf "$WORK/origin-v$REPO_VERSION.git.tmp"
    python3 bench/make_repo.py "$WORK/origin-v$REPO_VERSION.git.tmp"
    mv "$WORK/origin-v$REPO_VERSION.git.tmp" "$WORK/origin-v$REPO_VERSION.git"
fi

source Tests/Scripts/scratch-server.sh
scratch_init bench-git

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME=$RUN
mkdir -p "$RUN/served"
cp -r "$WORK/origin-v$REPO_VERSION.git" "$RUN/served/bench.git"

scratch_git_daemon "$RUN/served"
URL=git://127.0.0.1:$GIT_PORT/bench.git
commits=$(git --git-dir="$RUN/served/bench.git" rev-list --count main)
files=$(git --git-dir="$RUN/served/bench.git" ls-tree -r --name-only "main:$FOLDER" | wc -l)
pack=$(du -sh "$RUN/served/bench.git/objects/pack" | cut -f1)

now() { date +%s%N; }
# seconds <command…>: runs the command (output discarded) and prints its wall time in seconds.
seconds() {
    local start end
    start=$(now)
    "$@" >/dev/null
    end=$(now)
    python3 -c "print(($end - $start) / 1e9)"
}
# peak_mib <command…>: peak resident memory of the command, in MiB.
peak_mib() {
    /usr/bin/time -f %M -o "$RUN/time.out" "$@" >/dev/null
    python3 -c "print(round(int(open('$RUN/time.out').read().split()[-1]) / 1024, 1))"
}
median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
new_commit() {
    local n=$1
    local stamp=$((1800000000 + n))
    printf 'commit refs/heads/main\ncommitter Bench <bench@slipway.invalid> %s +0000\ndata 8\nbench %02d\nfrom refs/heads/main^0\nM 100644 inline src/bench/run-%02d.txt\ndata 3\n%02d\n\n' \
        "$stamp" "$n" "$n" "$n" | git --git-dir="$RUN/served/bench.git" fast-import --quiet
}

declare -a clone_ours clone_git fetch_ours fetch_git ls_ours ls_git archive_ours archive_git
for run in $(seq "$RUNS"); do
    rm -rf "$RUN/ours" "$RUN/git.git"
    clone_ours+=("$(seconds "$BENCH" clone "$URL" "$RUN/ours" main)")
    clone_git+=("$(seconds git clone --quiet --bare --single-branch --branch main "$URL" "$RUN/git.git")")
done

for run in $(seq "$RUNS"); do
    new_commit "$run"
    fetch_ours+=("$(seconds "$BENCH" fetch "$URL" "$RUN/ours" main)")
    fetch_git+=("$(seconds git --git-dir="$RUN/git.git" fetch --quiet "$URL" +refs/heads/main:refs/heads/main)")
done

for run in $(seq "$RUNS"); do
    ls_ours+=("$(seconds "$BENCH" ls-remote "$URL")")
    ls_git+=("$(seconds git ls-remote "$URL")")
done

mkdir -p "$RUN/archives"
for run in $(seq "$RUNS"); do
    archive_ours+=("$(seconds "$BENCH" archive "$URL" "$RUN/ours" main "$FOLDER" "$RUN/archives")")
    archive_git+=("$(seconds git --git-dir="$RUN/git.git" archive --format=tar.gz -o "$RUN/archives/git.tar.gz" \
        "HEAD:$FOLDER")")
    rm -f "$RUN/archives"/*
done

# Peak memory: a full clone, and an incremental fetch of one commit.
rm -rf "$RUN/ours" "$RUN/git.git"
mem_clone_ours=$(peak_mib "$BENCH" clone "$URL" "$RUN/ours" main)
mem_clone_git=$(peak_mib git clone --quiet --bare --single-branch --branch main "$URL" "$RUN/git.git")
new_commit 99
mem_fetch_ours=$(peak_mib "$BENCH" fetch "$URL" "$RUN/ours" main)
mem_fetch_git=$(peak_mib git --git-dir="$RUN/git.git" fetch --quiet "$URL" +refs/heads/main:refs/heads/main)


report() { # name ours[] git[] goal
    local name=$1 goal=$2; shift 2
    local ours=$1 theirs=$2
    python3 - "$name" "$ours" "$theirs" "$goal" <<'PY'
import sys
name, ours, theirs, goal = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
ratio = ours / theirs
verdict = "ok" if ratio <= goal else "over goal"
print(f"{name:<30} slipway {ours * 1000:8.1f} ms   git {theirs * 1000:8.1f} ms   ratio {ratio:5.2f}   (goal <= {goal:g}: {verdict})")
PY
}

echo "Git layer benchmark: $commits commits, $files files in $FOLDER, pack $pack, git daemon on 127.0.0.1, medians of $RUNS runs"
report "first mirror clone (main)" 1.5 "$(median "${clone_ours[@]}")" "$(median "${clone_git[@]}")"
report "incremental fetch (1 commit)" 1.0 "$(median "${fetch_ours[@]}")" "$(median "${fetch_git[@]}")"
report "no-change check (ls-remote)" 1.0 "$(median "${ls_ours[@]}")" "$(median "${ls_git[@]}")"
report "archive of $FOLDER (tar.gz)" 1.0 "$(median "${archive_ours[@]}")" "$(median "${archive_git[@]}")"
echo "peak memory, clone:  slipway $mem_clone_ours MiB   git $mem_clone_git MiB (git clone, index-pack in a child: largest process)"
echo "peak memory, fetch:  slipway $mem_fetch_ours MiB   git $mem_fetch_git MiB"
