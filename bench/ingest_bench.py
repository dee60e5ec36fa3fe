#!/usr/bin/env python3
"""Benchmarks `gapfinder ingest` against peers measured in the same run.

For each of --runs repetitions, in this order, with the page cache warm:
  cat FILE > /dev/null                                   reading the file: the floor
  sqlite3 <tmp>/peer.db ".mode csv" ".import FILE t"      SQLite's own CSV import, fresh db
  gapfinder ingest FILE --survey bench --wave 1 --surveys-dir bench --db <tmp>/bench.db
                                                         fresh store each time
Each child's wall time and peak RSS (ru_maxrss from os.wait4) are recorded. Prints a
Markdown table (medians, min, max, rows/s, peak RSS, ratios) and writes the raw figures
to bench/results/ingest.json.

Usage: /usr/bin/python3 bench/ingest_bench.py [--rows N] [--runs 5] [--gapfinder build/gapfinder]
                                              [--peers-only] [--tmpdir DIR] [--json PATH]
Commands run from the repository root, so FILE is bench/data/bench-1m.csv (or
bench-<rows>.csv). The data file is made first with generate_data.py if needed.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile

from harness import HERE, ROOT, command_output, cpu_model, filesystem_of, log, median, rss_floor, run_measured, tail

DEFAULT_ROWS = 1_000_000  # as generate_data.py
CAT, SQLITE, GAPFINDER = "cat", "sqlite3 .import", "gapfinder ingest"










def remove_store(db):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(db + suffix)
        except FileNotFoundError:
            pass


def store_bytes(db):
    return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))










def display(argv, tmp):
    """The command as a shell line, with the temporary folder shown as <tmp>."""
    text = " ".join(shlex.quote(a) for a in argv)
    return text.replace(tmp, "<tmp>")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS,
                    help=f"rows in the data file, passed to generate_data.py (default {DEFAULT_ROWS:,})")
    ap.add_argument("--seed", type=int, help="data seed, passed to generate_data.py (default: its own)")
    ap.add_argument("--runs", type=int, default=5, help="repetitions of each command (default 5)")
    ap.add_argument("--gapfinder", default=os.path.join(ROOT, "build", "gapfinder"),
                    help="the gapfinder binary (default: build/gapfinder under the repository root)")
    ap.add_argument("--peers-only", action="store_true", help="measure only cat and sqlite3 (no gapfinder needed)")
    ap.add_argument("--tmpdir", default=None, help="where the fresh databases go (default: the system temp dir)")
    ap.add_argument("--json", default=os.path.join(HERE, "results", "ingest.json"),
                    help="where to write the figures (default bench/results/ingest.json)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    gapfinder = None if args.peers_only else os.path.abspath(args.gapfinder)
    if gapfinder and not (os.path.isfile(gapfinder) and os.access(gapfinder, os.X_OK)):
        sys.exit(f"ingest_bench.py: no gapfinder binary at {gapfinder} "
                 "(build it first, pass --gapfinder PATH, or use --peers-only)")
    sqlite3_version = command_output(["sqlite3", "--version"])
    if not sqlite3_version:
        sys.exit("ingest_bench.py: the sqlite3 command-line shell is not on PATH")

    # The data, made in a separate process: generating (or even importing the generator)
    # in this one would raise this process's peak RSS, and with it every child's
    # ru_maxrss (see run_measured). The generator prints the file's path.
    gen_argv = [sys.executable, os.path.join(HERE, "generate_data.py"), "--rows", str(args.rows)]
    if args.seed is not None:
        gen_argv += ["--seed", str(args.seed)]
    gen = subprocess.run(gen_argv, stdout=subprocess.PIPE, text=True)
    if gen.returncode != 0 or not gen.stdout.strip():
        sys.exit(f"ingest_bench.py: generate_data.py failed with exit code {gen.returncode}")
    data = os.path.abspath(gen.stdout.strip().splitlines()[-1])
    data_rel = os.path.relpath(data, ROOT)
    with open(data + ".meta") as f:
        seed = json.load(f)["seed"]
    size = os.path.getsize(data)
    mib = size / 2**20

    tmp_parent = os.path.abspath(args.tmpdir) if args.tmpdir else None
    with tempfile.TemporaryDirectory(prefix="gapfinder-bench-", dir=tmp_parent) as tmp:
        peer_db = os.path.join(tmp, "peer.db")
        db = os.path.join(tmp, "bench.db")
        quoted = f'"{data_rel}"' if " " in data_rel else data_rel
        commands = {CAT: ["cat", data_rel],
                    SQLITE: ["sqlite3", peer_db, ".mode csv", f".import {quoted} t"]}
        if gapfinder:
            commands[GAPFINDER] = [gapfinder, "ingest", data_rel, "--survey", "bench", "--wave", "1",
                                   "--surveys-dir", "bench", "--db", db]
        stores = {SQLITE: peer_db, GAPFINDER: db}
        out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")

        floor_kib = rss_floor(tmp)
        log(f"warming the page cache: cat {data_rel} > /dev/null")
        run_measured(commands[CAT], os.devnull, err_path)

        runs = {name: [] for name in commands}
        notes = {}
        for run in range(1, args.runs + 1):
            for name, argv in commands.items():
                store = stores.get(name)
                if store:
                    remove_store(store)
                seconds, code, rss_kib, _ = run_measured(argv, os.devnull if name == CAT else out_path, err_path)
                if code != 0:
                    log(f"\n{name} failed with exit code {code} (run {run}):\n  {display(argv, tmp)}")
                    err, out = tail(err_path), tail(out_path) if name != CAT else ""
                    if out.strip():
                        log(f"--- stdout ---\n{out.rstrip()}")
                    log(f"--- stderr ---\n{err.rstrip() or '(empty)'}")
                    sys.exit(1)
                entry = {"seconds": seconds, "peak_rss_kib": rss_kib}
                if store:
                    entry["store_bytes"] = store_bytes(store)
                runs[name].append(entry)
                if run == 1 and name == SQLITE:
                    count = command_output(["sqlite3", peer_db, "SELECT count(*) FROM t"])
                    if count != str(args.rows):
                        sys.exit(f"ingest_bench.py: sqlite3 .import loaded {count} rows, expected {args.rows}:\n"
                                 + tail(err_path))
                if run == 1 and name == GAPFINDER:
                    out, err = tail(out_path).strip(), tail(err_path).strip()
                    notes["gapfinder_stdout"] = out
                    if err:
                        notes["gapfinder_stderr"] = err
                        log(f"note: gapfinder wrote to stderr:\n{err}")
                    m = re.search(r"Ingested ([\d,]+) respondents", out)
                    if m and int(m.group(1).replace(",", "")) != args.rows:
                        sys.exit(f"ingest_bench.py: gapfinder ingested {m.group(1)} respondents, "
                                 f"expected {args.rows:,}:\n{out}\n{err}")
                if store:
                    remove_store(store)
                log(f"run {run}/{args.runs}  {name:<17} {seconds:8.3f} s  {rss_kib / 1024:7.1f} MiB")
        floor_kib = max(floor_kib, rss_floor(tmp))
        shown = {name: display(argv, tmp).replace(gapfinder or "\0", "gapfinder") for name, argv in commands.items()}
        shown[CAT] += " > /dev/null"
        tmp_fs = filesystem_of(tmp)

    # Summary.
    summary = {}
    for name, entries in runs.items():
        secs = [e["seconds"] for e in entries]
        med = median(secs)
        peak = max(e["peak_rss_kib"] for e in entries)
        s = {"median_s": med, "min_s": min(secs), "max_s": max(secs), "rows_per_s": args.rows / med,
             "mib_per_s": mib / med, "peak_rss_mib": peak / 1024, "peak_rss_at_floor": peak <= floor_kib + 1024}
        if name in stores:
            s["store_mib"] = median(e["store_bytes"] for e in entries) / 2**20
        summary[name] = s
    ratios = {}
    if GAPFINDER in summary:
        g = summary[GAPFINDER]["median_s"]
        ratios = {"gapfinder/cat": g / summary[CAT]["median_s"], "gapfinder/sqlite3": g / summary[SQLITE]["median_s"]}

    print(f"\nIngest: {args.rows:,} rows, {mib:.1f} MiB ({data_rel}, seed {seed}); "
          f"median of {args.runs} run(s), page cache warm; databases on {tmp_fs or '?'}\n")
    head = "| command | median s | min s | max s | rows/s | MiB/s | peak RSS MiB | store MiB |"
    rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    if ratios:
        head += " gapfinder / this |"
        rule += " ---: |"
    print(head)
    print(rule)
    for name, s in summary.items():
        rss = f"{s['peak_rss_mib']:.0f}" if not s["peak_rss_at_floor"] else f"<= {floor_kib / 1024:.0f}"
        line = (f"| `{shown[name]}` | {s['median_s']:.3f} | {s['min_s']:.3f} | {s['max_s']:.3f} | "
                f"{s['rows_per_s']:,.0f} | {s['mib_per_s']:,.0f} | {rss} | "
                f"{s['store_mib']:.1f} |" if "store_mib" in s else
                f"| `{shown[name]}` | {s['median_s']:.3f} | {s['min_s']:.3f} | {s['max_s']:.3f} | "
                f"{s['rows_per_s']:,.0f} | {s['mib_per_s']:,.0f} | {rss} | |")
        if ratios:
            line += f" {summary[GAPFINDER]['median_s'] / s['median_s']:.2f} |"
        print(line)
    print()
    if ratios:
        print(f"gapfinder / cat: {ratios['gapfinder/cat']:.1f}x the time of reading the file; "
              f"gapfinder / sqlite3 .import: {ratios['gapfinder/sqlite3']:.2f}x the time of SQLite's CSV import.")
    else:
        print("(--peers-only: gapfinder not measured)")
    print(f"Peak RSS is ru_maxrss from wait4. Linux charges a child with its parent's peak at the fork, so "
          f"no child reports less than this harness's {floor_kib / 1024:.0f} MiB; \"<=\" marks figures at that floor.")

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "rows": args.rows, "seed": seed, "runs": args.runs,
        "data": {"path": data_rel, "bytes": size, "mib": mib},
        "commands": shown,
        "summary": summary, "ratios": ratios,
        "rss_floor_mib": floor_kib / 1024,
        "raw": runs,
        "environment": {
            "cpu": cpu_model(), "cpus": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version(), "sqlite3": sqlite3_version,
            "tmp_filesystem": tmp_fs,
            "git_commit": command_output(["git", "rev-parse", "HEAD"]),
            "git_dirty": bool(command_output(["git", "status", "--porcelain", "--untracked-files=no"])),
            "gapfinder": gapfinder,
        },
        **notes,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    log(f"figures written to {os.path.relpath(os.path.abspath(args.json))}")


if __name__ == "__main__":
    main()
