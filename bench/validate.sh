#!/usr/bin/env bash
# Benchmark: `slipway validate --recursive` over 1,000 folders of a typical 80-line manifest,
# against one Python process running yaml.safe_load over the same files, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
SLIPWAY=${SLIPWAY:-.build/release/slipway}
RUNS=${RUNS:-7}
exec python3 - "$SLIPWAY" "$RUNS" <<'PY'
import os, shutil, statistics, subprocess, sys, time

slipway, runs = sys.argv[1], int(sys.argv[2])
work = "bench/.work/validate"
template = open("bench/fixtures/typical-manifest.yaml").read()
assert len(template.splitlines()) >= 80, "the typical manifest should be about 80 lines"

shutil.rmtree(work, ignore_errors=True)
files = []
for i in range(1000):
    folder = f"{work}/integration-{i:04d}"
    os.makedirs(folder)
    path = f"{folder}/PANDIUM.yaml"
    with open(path, "w") as f:
        f.write(template.replace("ledger-relay", f"ledger-relay-{i}"))
    files.append(path)
with open(f"{work}/files.txt", "w") as f:
    f.write("\n".join(files))

try:
    import yaml  # noqa: F401
except ImportError:
    sys.exit("PyYAML is missing: pip install pyyaml (or apt-get install python3-yaml)")

def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed ({result.returncode}): {result.stderr.decode()[:500]}")
    return elapsed

python_loop = [sys.executable, "-c",
    "import yaml\nfor p in open('%s/files.txt').read().split():\n    yaml.safe_load(open(p))" % work]
cases = {
    "slipway validate --recursive": [slipway, "validate", "--recursive", work],
    "  ... --no-toolchain-check": [slipway, "validate", "--recursive", "--no-toolchain-check", work],
    "  ... --format json": [slipway, "validate", "--recursive", "--format", "json", work],
    "python yaml.safe_load loop": python_loop,
}
timings = {name: [] for name in cases}
for _ in range(runs):
    for name, command in cases.items():
        timings[name].append(timed(command))
medians = {name: statistics.median(values) for name, values in timings.items()}
baseline = medians["python yaml.safe_load loop"]
print(f"validate: 1,000 files of {len(template.splitlines())} lines, median of {runs} runs")
for name, median in medians.items():
    print(f"  {name:32s} {median * 1000:8.1f} ms  {1000 / median:9.0f} files/s  "
          f"speed-up vs PyYAML {baseline / median:5.1f}x")
PY
