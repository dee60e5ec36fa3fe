#!/usr/bin/env python3
"""Benchmarks `gapfinder ingest` on the generated benchmark file against peers measured
in the same run: reading the file (`cat > /dev/null`) and SQLite's own CSV import
(`sqlite3 db ".import --csv file t"`). Reports medians over --runs repetitions, each on
a fresh store, with the peak resident memory of each child process.

Usage: /usr/bin/python3 bench/ingest_bench.py [--rows 1000000] [--runs 5] [--gapfinder build/gapfinder]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, **kw):
    """Runs cmd; returns (seconds, peak RSS in MiB). Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit code {code}:\n{err}")
    return seconds, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gapfinder", default=os.path.join(ROOT, "build", "gapfinder"))
    args = ap.parse_args()

    data = subprocess.run([sys.executable, os.path.join(HERE, "generate_data.py"), "--rows", str(args.rows)],
                          check=True, capture_output=True, text=True).stdout.strip()
    size_mib = os.path.getsize(data) / 2**20
    timed(["cat", data], stdin=subprocess.DEVNULL)  # warm the page cache for everyone

    results = {"cat": [], "sqlite3 .import": [], "gapfinder ingest": []}
    memory = {k: [] for k in results}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for name in results:
                db = os.path.join(tmp, f"{name.split()[0]}-{run}.db")
                if name == "cat":
                    cmd = ["cat", data]
                elif name == "sqlite3 .import":
                    cmd = ["sqlite3", db, ".import --csv " + data + " t"]
                else:
                    cmd = [args.gapfinder, "ingest", data, "--survey", "bench", "--wave", "1",
                           "--surveys-dir", HERE, "--db", db]
                s, rss = timed(cmd)
                results[name].append(s)
                memory[name].append(rss)
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.remove(db + suffix)

    med = {k: statistics.median(v) for k, v in results.items()}
    g = med["gapfinder ingest"]
    print(f"\n{args.rows:,} rows, {size_mib:.0f} MiB, median of {args.runs} runs\n")
    print("| command | median s | min s | max s | rows/s | peak RSS MiB | gapfinder / this |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for k, v in results.items():
        print(f"| {k} | {med[k]:.3f} | {min(v):.3f} | {max(v):.3f} | {args.rows / med[k]:,.0f} | "
              f"{max(memory[k]):.0f} | {g / med[k]:.2f} |")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "ingest.json"), "w") as f:
        json.dump({"rows": args.rows, "file_mib": size_mib, "runs": results, "median": med,
                   "peak_rss_mib": {k: max(v) for k, v in memory.items()}}, f, indent=1)


if __name__ == "__main__":
    main()
