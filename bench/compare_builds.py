#!/usr/bin/env python3
"""Two builds of gapfinder on the same stored wave: what a change in the engine buys.

A change to how gapfinder counts or allocates is best judged against the build before
it, in the same run on the same machine, interleaved so that both see the same load.
For each build (binary and plugins snapshotted into a temporary folder first):
  gapfinder ingest FILE --survey bench --wave 1 --surveys-dir bench --db <tmp>/<build>.db
  then --runs times, builds alternating:
  gapfinder analyse ... --format json -o <tmp>/<build>-plain.json            (every group)
  gapfinder analyse ... --intersections --format json -o <tmp>/<build>-pairs.json
Each child's wall time, user and system CPU, minor page faults and peak RSS come from
os.wait4; the tables give medians. Each build ingests into its own store, so builds with
different store schemas compare too. The findings of the two builds must be identical
byte for byte (exit 1 otherwise): a speed-up that changes a figure is not one.

Usage: /usr/bin/python3 bench/compare_builds.py --baseline OLD/gapfinder [--candidate build/gapfinder]
                                               [--rows N] [--runs 5] [--tmpdir DIR]
Make the baseline with a worktree of the earlier commit, e.g.
  git worktree add /tmp/base <commit> && cmake -S /tmp/base -B /tmp/base/build && cmake --build /tmp/base/build
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time

from harness import HERE, ROOT, cpu_model, log, median, snapshot_gapfinder

JOBS = ("ingest", "analyse", "analyse --intersections")


def run(argv, out_dir, name):
    with open(os.path.join(out_dir, name + ".out"), "wb") as out, open(os.path.join(out_dir, name + ".err"), "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        with open(os.path.join(out_dir, name + ".err"), errors="replace") as f:
            sys.exit(f"compare_builds.py: {' '.join(argv)} failed:\n{f.read()[-4000:]}")
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "faults": usage.ru_minflt,
            "rss_mib": usage.ru_maxrss / 1024}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", required=True, help="the earlier build's gapfinder binary")
    ap.add_argument("--candidate", default=os.path.join(ROOT, "build", "gapfinder"), help="default build/gapfinder")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tmpdir", default=None)
    args = ap.parse_args()

    gen = subprocess.run([sys.executable, os.path.join(HERE, "generate_data.py"), "--rows", str(args.rows)],
                         stdout=subprocess.PIPE, text=True)
    if gen.returncode != 0:
        sys.exit("compare_builds.py: generate_data.py failed")
    data = os.path.abspath(gen.stdout.strip().splitlines()[-1])

    with tempfile.TemporaryDirectory(prefix="gapfinder-compare-", dir=args.tmpdir) as tmp:
        builds = {}
        for name, binary in (("baseline", args.baseline), ("candidate", args.candidate)):
            builds[name] = snapshot_gapfinder(os.path.abspath(binary), os.path.join(tmp, name))
        figures = {(b, job): [] for b in builds for job in JOBS}

        def common(build):
            return ["--survey", "bench", "--wave", "1", "--surveys-dir", "bench", "--db", os.path.join(tmp, build + ".db")]

        for build, binary in builds.items():
            log(f"{build}: ingesting {os.path.relpath(data, ROOT)}")
            figures[(build, "ingest")].append(run([binary, "ingest", data] + common(build), tmp, build + "-ingest"))
        for i in range(args.runs):
            for build, binary in builds.items():
                log(f"run {i + 1}/{args.runs}: {build}")
                figures[(build, "analyse")].append(run(
                    [binary, "analyse"] + common(build) + ["--format", "json", "-o", os.path.join(tmp, build + "-plain.json")],
                    tmp, build + "-plain"))
                figures[(build, "analyse --intersections")].append(run(
                    [binary, "analyse"] + common(build) +
                    ["--intersections", "--format", "json", "-o", os.path.join(tmp, build + "-pairs.json")], tmp, build + "-pairs"))

        same = all(filecmp.cmp(os.path.join(tmp, "baseline-" + k + ".json"), os.path.join(tmp, "candidate-" + k + ".json"),
                               shallow=False) for k in ("plain", "pairs"))

    print(f"{args.rows:,} rows, {cpu_model()}, {os.cpu_count()} cores; medians of {args.runs} interleaved runs "
          f"(ingest: one run each)\n")
    print("| job | build | wall s | user s | sys s | minor faults | peak RSS MiB | candidate / baseline (wall) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for job in JOBS:
        medians = {b: {k: median([f[k] for f in figures[(b, job)]]) for k in ("wall", "user", "sys", "faults", "rss_mib")}
                   for b in builds}
        for b in builds:
            m = medians[b]
            ratio = f"**{medians['candidate']['wall'] / medians['baseline']['wall']:.2f}**" if b == "candidate" else ""
            print(f"| `{job}` | {b} | {m['wall']:.3f} | {m['user']:.3f} | {m['sys']:.3f} | {m['faults']:,.0f} | "
                  f"{m['rss_mib']:.0f} | {ratio} |")
    print(f"\nfindings identical between the builds: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
