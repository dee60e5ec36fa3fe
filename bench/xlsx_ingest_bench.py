#!/usr/bin/env python3
"""Benchmarks `gapfinder ingest` of a large Excel workbook against Python's readers in the same run.

The workbook is the bench panel (generate_data.py's CSV) written by openpyxl, the writer
most council scripts use, in its write-only mode: one sheet, the heading row, then one
row per respondent, answer codes as numbers and labels as text, as Excel keeps them. It
is made once and kept beside the CSV (bench/data/bench-<rows>.xlsx, with a .meta file
naming the CSV it came from).

For each run, in this order, with the page cache warm:
  gapfinder ingest FILE.xlsx --survey bench --wave 1 --surveys-dir bench --db <tmp>/bench.db
  /usr/bin/python3 -c <openpyxl read-only: every row's values, as a loader would>
  /usr/bin/python3 -c <pandas.read_excel(FILE, dtype=str)>
Each child's wall time, CPU time and peak RSS (os.wait4) are recorded. The peers take
minutes at 1M rows, so they run --peer-runs times (default 1) and gapfinder --runs times
(default 3); the table says how many. Afterwards each reader's row count is checked.

Usage: /usr/bin/python3 bench/xlsx_ingest_bench.py [--rows N] [--runs 3] [--peer-runs 1]
                                                   [--gapfinder build/gapfinder] [--json PATH]
Needs Debian's python3-openpyxl and python3-pandas (scripts/install-deps.sh does not
install them: they are only for benchmarks).
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import zipfile

from harness import HERE, ROOT, cpu_model, generate_data, sha256_of, log, median, rss_floor, run_measured, snapshot_gapfinder, tail

PYTHON = "/usr/bin/python3"  # Debian's, where python3-openpyxl and python3-pandas live
DEFAULT_ROWS = 1_000_000
GAPFINDER, OPENPYXL, PANDAS = "gapfinder ingest", "openpyxl (read-only, values)", "pandas.read_excel"

OPENPYXL_READ = """
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in book.active.iter_rows(values_only=True))
print(rows - 1)
"""
PANDAS_READ = """
import sys, pandas
frame = pandas.read_excel(sys.argv[1], dtype=str, engine="openpyxl")
print(len(frame))
"""


def make_workbook(csv_path, xlsx_path):
    """Writes the CSV as a workbook with openpyxl, unless an up-to-date one is there."""
    meta_path = xlsx_path + ".meta"
    source = sha256_of(csv_path)
    if os.path.exists(xlsx_path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            if json.load(f).get("csv_sha256") == source:
                return
    log(f"writing {os.path.relpath(xlsx_path, ROOT)} with openpyxl (once; a few minutes at 1M rows)")
    script = """
import csv, sys, openpyxl
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("Responses")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    sheet.append(next(reader))
    for record in reader:
        sheet.append([int(c) if c.isdigit() and len(c) < 3 else c for c in record])
book.save(sys.argv[2])
"""
    tmp = xlsx_path + ".part"
    subprocess.run([PYTHON, "-c", script, csv_path, tmp], check=True)
    os.replace(tmp, xlsx_path)
    with open(meta_path, "w") as f:
        json.dump({"csv": os.path.basename(csv_path), "csv_sha256": source, "writer": "openpyxl write_only"}, f)


def unpacking_option(xlsx_path):
    """The xlsx plugin refuses a workbook that unpacks past 512 MiB (a zip bomb guard); this
    one the bench made itself, so it is trusted: past 512 MiB (about 300,000 rows), the
    option that raises the limit for it, to its unpacked size."""
    with zipfile.ZipFile(xlsx_path) as z:
        unpacked_mib = sum(i.file_size for i in z.infolist()) // 2**20 + 1
    return ["--option", f"max_unpacked_mib={unpacked_mib}"] if unpacked_mib > 512 else []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    ap.add_argument("--runs", type=int, default=3, help="gapfinder runs (default 3)")
    ap.add_argument("--peer-runs", type=int, default=1, help="runs of each Python reader (default 1)")
    ap.add_argument("--gapfinder", default=os.path.join(ROOT, "build", "gapfinder"))
    ap.add_argument("--json", default=os.path.join(HERE, "results", "xlsx_ingest.json"))
    args = ap.parse_args()

    csv_path = generate_data(args.rows)
    xlsx_path = re.sub(r"\.csv$", ".xlsx", csv_path)
    make_workbook(csv_path, xlsx_path)
    mib = os.path.getsize(xlsx_path) / 2**20

    with tempfile.TemporaryDirectory(prefix="gapfinder-xlsx-bench-") as tmp:
        binary = snapshot_gapfinder(os.path.abspath(args.gapfinder), os.path.join(tmp, "bin"))
        db = os.path.join(tmp, "bench.db")
        commands = {
            GAPFINDER: ([binary, "ingest", xlsx_path, "--survey", "bench", "--wave", "1", "--surveys-dir", "bench",
                         "--db", db] + unpacking_option(xlsx_path), args.runs),
            OPENPYXL: ([PYTHON, "-c", OPENPYXL_READ, xlsx_path], args.peer_runs),
            PANDAS: ([PYTHON, "-c", PANDAS_READ, xlsx_path], args.peer_runs),
        }
        out_path, err_path = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        floor_kib = rss_floor(tmp)
        with open(xlsx_path, "rb") as f:  # warm the page cache
            while f.read(1 << 24):
                pass
        results = {name: [] for name in commands}
        for run in range(max(args.runs, args.peer_runs)):
            for name, (argv, runs) in commands.items():
                if run >= runs:
                    continue
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.remove(db + suffix)
                seconds, code, rss_kib, cpu = run_measured(argv, out_path, err_path)
                out = tail(out_path)
                if code != 0:
                    sys.exit(f"{name} failed ({code}):\n{tail(err_path)}")
                rows = int(re.search(r"Ingested ([\d,]+)", out).group(1).replace(",", "")) if name == GAPFINDER else int(out.split()[-1])
                if rows != args.rows:
                    sys.exit(f"{name} read {rows:,} rows, expected {args.rows:,}")
                results[name].append({"seconds": seconds, "cpu_s": cpu, "peak_rss_kib": rss_kib})
                log(f"run {run + 1}  {name:<30} {seconds:8.2f} s  cpu {cpu:7.2f} s  {rss_kib / 1024:7.0f} MiB")

    g = median(r["seconds"] for r in results[GAPFINDER])
    print(f"\nXLSX ingest: {args.rows:,} rows x 53 columns, {mib:.0f} MiB workbook written by openpyxl; "
          f"{cpu_model()}, {os.cpu_count()} cores; rss floor {floor_kib / 1024:.0f} MiB\n")
    print("| reader | runs | median s | CPU s | peak RSS MiB | rows/s | this / gapfinder |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    summary = {}
    for name, entries in results.items():
        med = median(e["seconds"] for e in entries)
        cpu = median(e["cpu_s"] for e in entries)
        rss = max(e["peak_rss_kib"] for e in entries) / 1024
        summary[name] = {"runs": len(entries), "median_s": med, "cpu_s": cpu, "peak_rss_mib": rss}
        print(f"| {name} | {len(entries)} | {med:.2f} | {cpu:.2f} | {rss:.0f} | {args.rows / med:,.0f} | {med / g:.1f}x |")
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "rows": args.rows,
                   "workbook_mib": mib, "machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                                                    "python": platform.python_version()},
                   "summary": summary, "runs": results}, f, indent=2)


if __name__ == "__main__":
    main()
