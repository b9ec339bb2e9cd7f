#!/usr/bin/env python3
"""Writes the benchmark repository: a bare repository with 4,000 commits on `main` and a 5,000-file folder
(`integrations/big`, 50 folders of 100 files), built with `git fast-import` from a fixed seed, so that every
machine gets the same objects. Usage: make_repo.py <path-to-new-bare-repo>"""

import os
import subprocess
import sys

COMMITS = 4000
BIG_FILES = 5000
WORDS = (
    "const let var function return if else for while import export from class extends new this await async "
    "config tenant release build manifest value result error status request response handler schema version"
).split()


class Random:
    """A small LCG: the stream must not depend on Python's random module version."""

    def __init__(self, seed):
        self.state = seed

    def next(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.state >> 33) % bound


def text(random, lines):
    out = []
    for _ in range(lines):
        out.append(" ".join(WORDS[random.next(len(WORDS))] for _ in range(3 + random.next(9))))
    return ("\n".join(out) + "\n").encode()


def main():
    target = sys.argv[1]
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", target], check=True)
    environment = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    importer = subprocess.Popen(
        ["git", "--git-dir=" + target, "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE, env=environment
    )
    stream = importer.stdin
    random = Random(20231114)
    files = {}
    for index in range(BIG_FILES):
        files[f"integrations/big/d{index // 100:02d}/f{index:04d}.txt"] = text(random, 4 + random.next(60))
    for app in range(20):
        for index in range(20):
            files[f"integrations/app{app:02d}/src/f{index:02d}.js"] = text(random, 10 + random.next(40))
    for index in range(200):
        files[f"shared/lib/m{index:03d}.js"] = text(random, 10 + random.next(80))

    def commit(number, changed):
        stamp = 1_700_000_000 + number * 60
        message = f"commit {number}\n".encode()
        stream.write(b"commit refs/heads/main\n")
        stream.write(f"committer Bench <bench@slipway.invalid> {stamp} +0000\n".encode())
        stream.write(b"data %d\n%s\n" % (len(message), message))
        for path in changed:
            data = files[path]
            stream.write(f"M 100644 inline {path}\n".encode())
            stream.write(b"data %d\n%s\n" % (len(data), data))

    commit(1, sorted(files))
    paths = sorted(files)
    for number in range(2, COMMITS + 1):
        changed = []
        for _ in range(1 + random.next(3)):
            path = paths[random.next(len(paths))]
            files[path] = files[path] + text(random, 1 + random.next(3))
            changed.append(path)
        commit(number, sorted(set(changed)))
    stream.write(b"done\n")
    stream.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "--git-dir=" + target, "repack", "-a", "-d", "-q"], check=True, env=environment)
    subprocess.run(["git", "--git-dir=" + target, "gc", "--quiet", "--prune=now"], check=True, env=environment)


if __name__ == "__main__":
    main()
