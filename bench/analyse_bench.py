#!/usr/bin/env python3
"""Benchmarks gapfinder's analysis end to end against pandas and DuckDB in the same run.

For each of --runs repetitions, in this order, with the page cache warm, each in a fresh
temporary folder:
  gapfinder ingest FILE --survey bench --wave 1 --surveys-dir bench --db <tmp>/bench.db
  gapfinder analyse --survey bench --wave 1 --surveys-dir bench --db <tmp>/bench.db
                    [--intersections] --format json -o <tmp>/gapfinder.json
                                            (the two together: gapfinder end to end)
  /usr/bin/python3 bench/peers/pandas_analysis.py [--groups-only [--means]] FILE bench/bench-survey.json <tmp>/pandas.csv
  node bench/peers/duckdb_analysis.mjs [--groups-only [--means]] FILE bench/bench-survey.json <tmp>/duckdb.csv
The jobs: plain (every group of every grouping), intersections (also every pair) and means
(the plain job, with the peers also computing each row's mean score, the rest's, and
Welch's t-test, which gapfinder publishes on every row in every job).
Each child's wall time, CPU time and peak RSS (from os.wait4) are recorded. After the
timed runs, the last run's outputs are checked against each other: every figure gapfinder
publishes must be matched by both peers (see verify()). Prints Markdown tables and writes
the raw figures to bench/results/analyse.json. Exit 1 on a failed command or any
disagreement.

Usage: /usr/bin/python3 bench/analyse_bench.py [--job plain|intersections|means] [--rows N] [--runs 5] [--gapfinder build/gapfinder]
                                               [--tmpdir DIR] [--json PATH]
The gapfinder binary and its plugins are copied into the temporary folder first, so that a
rebuild of build/ during the benchmark cannot mix two builds. The DuckDB peer needs
`npm ci --prefix bench/peers`, which is run if bench/peers/node_modules is missing.
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from harness import HERE, ROOT, command_output, generate_data, sha256_of, cpu_model, filesystem_of, log, median, rss_floor, run_measured, snapshot_gapfinder, tail

PEERS = os.path.join(HERE, "peers")
DEFINITION = os.path.join(HERE, "bench-survey.json")
DEFAULT_ROWS = 1_000_000  # as generate_data.py
PANDAS_PYTHON = "/usr/bin/python3"  # Debian's python3-pandas lives here
INGEST, ANALYSE, E2E = "gapfinder ingest", "gapfinder analyse", "gapfinder end to end"
PANDAS, DUCKDB = "pandas", "DuckDB"
REL_TOL = 1e-12      # rate, ci_low, ci_high, rest_rate, gap_pp
ABS_TOL = 1e-12      # ... near 0
P_REL_TOL = 1e-9     # p from the peer's z against gapfinder's p
COUNT_FIELDS = ("n", "positives", "rest_n", "rest_positives")
FLOAT_FIELDS = ("rate", "ci_low", "ci_high", "rest_rate", "gap_pp")
MEAN_FIELDS = ("mean", "rest_mean")  # the means job's, to REL_TOL; welch_p from the peer's t and df


def ensure_node_modules():
    if os.path.isdir(os.path.join(PEERS, "node_modules", "@duckdb", "node-api")):
        return
    log("bench/peers/node_modules is missing: npm ci --prefix bench/peers")
    if subprocess.run(["npm", "ci", "--prefix", PEERS], cwd=ROOT).returncode != 0:
        sys.exit("analyse_bench.py: npm ci --prefix bench/peers failed")


# --- verification -----------------------------------------------------------------

def parse_number(text):
    return float(text) if text != "" else None


def relative_difference(a, b):
    if a == b:
        return 0.0
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale > 0 else abs(a - b)


def close(a, b):
    return abs(a - b) <= max(REL_TOL * max(abs(a), abs(b)), ABS_TOL)


def read_peer(path):
    """{(kind, question, characteristic, group): row dict} from a peer's CSV."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = {}
        for row in csv.DictReader(f):
            rows[(row["kind"], row["question"], row["characteristic"], row["group"])] = row
    return rows


def welch_p_from(t, df):
    """Two-sided p of Student's t with df degrees of freedom, by scipy (not gapfinder's
    Boost), as R's t.test gives it."""
    from scipy.stats import t as students_t  # only the means job needs scipy
    return min(1.0, 2 * students_t.sf(abs(t), df))


def verify(gapfinder_json, peer_csvs, expected_respondents, intersections=True, means=False):
    """Compares every figure gapfinder publishes with each peer's.

    For each gapfinder row (results and intersections) that is neither suppressed nor
    undisclosed, the peer must have the row; n, positives, rest_n and rest_positives must
    be equal; rate, ci_low, ci_high, rest_rate and gap_pp equal to REL_TOL relative
    (ABS_TOL near 0); and where gapfinder's test is "z", its p must equal
    erfc(|z| / sqrt(2)) from the peer's z to P_REL_TOL relative. With means, mean and
    rest_mean must also equal to REL_TOL, and welch_p the p of the peer's t and df (scipy)
    to P_REL_TOL, both undefined together (except on a mirror row, which points to its
    pair's test instead; p under 1e-300 counts as 0). Every peer row with
    n >= suppress_below must be a gapfinder row that is shown or suppressed only
    secondarily (a primary "small base" suppression there would mean a different n).
    Returns (report dict, list of problems)."""
    with open(gapfinder_json, encoding="utf-8") as f:
        doc = json.load(f)
    settings = doc["settings"]
    problems = []
    expected_settings = {"level": "recorded", "compare": "rest", "intersections": intersections, "weighted": False,
                         "round_counts_to": 0}
    for key, value in expected_settings.items():
        if settings.get(key) != value:
            problems.append(f"gapfinder settings.{key} is {settings.get(key)!r}, expected {value!r}")
    if doc.get("respondents") != expected_respondents:
        problems.append(f"gapfinder analysed {doc.get('respondents')} respondents, expected {expected_respondents}")
    threshold = settings.get("suppress_below", 10)
    gf = {}
    for kind, array in (("group", "results"), ("intersection", "intersections")):
        for row in doc[array]:
            gf[(kind, row["question"], row["characteristic"], row["group"])] = row
    del doc
    published = {k: r for k, r in gf.items() if not r["suppressed"] and not r["undisclosed"]}
    suppression = {}
    for r in gf.values():
        if r["suppressed"]:
            suppression[r.get("suppression") or "?"] = suppression.get(r.get("suppression") or "?", 0) + 1
    report = {
        "gapfinder_rows": len(gf),
        "gapfinder_published_rows": len(published),
        "gapfinder_published_by_kind": {k: sum(1 for key in published if key[0] == k)
                                        for k in ("group", "intersection")},
        "gapfinder_suppressed_rows": suppression,
        "gapfinder_undisclosed_rows": sum(1 for r in gf.values() if r["undisclosed"]),
        "suppress_below": threshold,
        "tolerances": {"counts": "exact", "floats_relative": REL_TOL, "floats_absolute_near_0": ABS_TOL,
                       "p_relative": P_REL_TOL},
        "peers": {},
    }
    peer_rows = {}
    for name, path in peer_csvs.items():
        rows = read_peer(path)
        peer_rows[name] = rows
        label = f"{name}:"
        float_fields = FLOAT_FIELDS + (MEAN_FIELDS if means else ())
        max_diff = {f: 0.0 for f in float_fields + ("p",) + (("welch_p",) if means else ())}
        welch_compared = 0
        worst = {}
        missing, count_mismatch, float_mismatch, p_mismatch = [], [], [], []
        p_compared = fisher = 0
        for key, g in published.items():
            row = rows.get(key)
            if row is None:
                missing.append(key)
                continue
            for field in COUNT_FIELDS:
                mine = parse_number(row[field])
                if g[field] is None or mine is None:
                    if not (g[field] is None and mine is None):
                        count_mismatch.append((key, field, g[field], row[field]))
                elif mine != g[field]:
                    count_mismatch.append((key, field, g[field], row[field]))
            for field in float_fields:
                mine = parse_number(row[field])
                if g[field] is None or mine is None:
                    if not (g[field] is None and mine is None):
                        float_mismatch.append((key, field, g[field], row[field]))
                    continue
                d = relative_difference(mine, g[field])
                if d > max_diff[field]:
                    max_diff[field], worst[field] = d, (key, g[field], mine)
                if not close(mine, g[field]):
                    float_mismatch.append((key, field, g[field], row[field]))
            if means and not g.get("mirror_of"):  # a mirror row points to its pair's test
                t, df = parse_number(row["t"]), parse_number(row["df"])
                if t is None or df is None or g["welch_p"] is None:
                    if not (t is None and g["welch_p"] is None):
                        p_mismatch.append((key, "welch_p", g["welch_p"], f"t={row['t']!r} df={row['df']!r}"))
                else:
                    p = welch_p_from(t, df)
                    welch_compared += 1
                    # Below 1e-300 one side is denormal and scipy's is 0: both are "0".
                    d = 0.0 if max(p, g["welch_p"]) < 1e-300 else relative_difference(p, g["welch_p"])
                    if d > max_diff["welch_p"]:
                        max_diff["welch_p"], worst["welch_p"] = d, (key, g["welch_p"], p)
                    if d > P_REL_TOL:
                        p_mismatch.append((key, "welch_p", g["welch_p"], p))
            if g["test"] == "z":
                z = parse_number(row["z"])
                if z is None or g["p"] is None:
                    p_mismatch.append((key, "p", g["p"], f"z={row['z']!r}"))
                    continue
                p = math.erfc(abs(z) / math.sqrt(2))
                p_compared += 1
                d = relative_difference(p, g["p"])
                if d > max_diff["p"]:
                    max_diff["p"], worst["p"] = d, (key, g["p"], p)
                if d > P_REL_TOL:
                    p_mismatch.append((key, "p", g["p"], p))
            elif g["test"] == "fisher":
                fisher += 1
        # Rows a peer has with a base gapfinder would publish, but gapfinder does not.
        lacking, secondary = [], 0
        for key, row in rows.items():
            n = parse_number(row["n"])
            if n is None or n < threshold or key in published:
                continue
            g = gf.get(key)
            if g is not None and g["suppressed"] and g.get("suppression") == "secondary":
                secondary += 1
            else:
                lacking.append((key, row["n"], None if g is None else g.get("suppression")))
        peer_report = {
            "path": os.path.basename(path),
            "rows": len(rows),
            "rows_by_kind": {k: sum(1 for key in rows if key[0] == k) for k in ("group", "intersection")},
            "published_rows_compared": len(published) - len(missing),
            "p_compared": p_compared,
            **({"welch_p_compared": welch_compared} if means else {}),
            "fisher_rows_p_not_compared": fisher,
            "max_relative_difference": max_diff,
            "worst": {f: {"row": list(w[0]), "gapfinder": w[1], "peer": w[2]} for f, w in worst.items()},
            "missing_rows": len(missing),
            "count_mismatches": len(count_mismatch),
            "float_mismatches": len(float_mismatch),
            "p_mismatches": len(p_mismatch),
            "rows_n_at_least_threshold_gapfinder_lacks": len(lacking),
            "rows_n_at_least_threshold_gapfinder_suppresses_secondarily": secondary,
        }
        report["peers"][name] = peer_report
        for what, items in (("missing rows", missing), ("count mismatches", count_mismatch),
                            ("float mismatches", float_mismatch), ("p mismatches", p_mismatch),
                            (f"rows with n >= {threshold} that gapfinder lacks", lacking)):
            if items:
                problems.append(f"{label} {len(items)} {what}, e.g. " + "; ".join(str(i) for i in items[:5]))
    # The peers against each other, on every row (including those gapfinder suppresses).
    names = list(peer_csvs)
    if len(names) == 2:
        a, b = (peer_rows[n] for n in names)
        identical = open(peer_csvs[names[0]], "rb").read() == open(peer_csvs[names[1]], "rb").read()
        differing = []
        if not identical:
            for key in set(a) | set(b):
                ra, rb = a.get(key), b.get(key)
                if ra is None or rb is None:
                    differing.append((key, "row missing in " + (names[0] if ra is None else names[1])))
                    continue
                for field in COUNT_FIELDS + FLOAT_FIELDS + ("z",) + ((MEAN_FIELDS + ("t", "df")) if means else ()):
                    x, y = parse_number(ra[field]), parse_number(rb[field])
                    if (x is None) != (y is None) or (x is not None and not close(x, y)):
                        differing.append((key, field, ra[field], rb[field]))
        report["peers_files_identical"] = identical
        report["peers_rows_differing"] = len(differing)
        if differing:
            problems.append(f"{names[0]} and {names[1]} differ on {len(differing)} figures, e.g. "
                            + "; ".join(str(d) for d in differing[:5]))
    return report, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS,
                    help=f"rows in the data file, passed to generate_data.py (default {DEFAULT_ROWS:,})")
    ap.add_argument("--seed", type=int, help="data seed, passed to generate_data.py (default: its own)")
    ap.add_argument("--runs", type=int, default=5, help="repetitions of each command (default 5)")
    ap.add_argument("--job", choices=("plain", "intersections", "means"), default="intersections",
                    help="plain: every group of every grouping; intersections (default): also every pair; "
                         "means: the plain job with the peers also computing mean scores and Welch's test")
    ap.add_argument("--gapfinder", default=os.path.join(ROOT, "build", "gapfinder"),
                    help="the gapfinder binary (default: build/gapfinder under the repository root)")
    ap.add_argument("--tmpdir", default=None, help="where the fresh folders go (default: the system temp dir)")
    ap.add_argument("--json", default=os.path.join(HERE, "results", "analyse.json"),
                    help="where to write the figures (default bench/results/analyse.json)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    gapfinder_built = os.path.abspath(args.gapfinder)
    if not (os.path.isfile(gapfinder_built) and os.access(gapfinder_built, os.X_OK)):
        sys.exit(f"analyse_bench.py: no gapfinder binary at {gapfinder_built} (build it first: scripts/build.sh)")
    if not shutil.which("node"):
        sys.exit("analyse_bench.py: node is not on PATH (the DuckDB peer runs on Node.js)")
    ensure_node_modules()
    versions = {
        "pandas": command_output([PANDAS_PYTHON, os.path.join(PEERS, "pandas_analysis.py"), "--version"]),
        "duckdb": command_output(["node", os.path.join(PEERS, "duckdb_analysis.mjs"), "--version"]),
        "node": command_output(["node", "--version"]),
        "pandas_python": command_output([PANDAS_PYTHON, "--version"]),
    }
    try:
        with open(os.path.join(PEERS, "node_modules", "@duckdb", "node-api", "package.json")) as f:
            versions["duckdb_node_api"] = json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        versions["duckdb_node_api"] = None
    if not versions["pandas"] or not versions["duckdb"]:
        sys.exit(f"analyse_bench.py: a peer does not start: {versions}")

    data = generate_data(args.rows, args.seed)
    data_rel = os.path.relpath(data, ROOT)
    definition_rel = os.path.relpath(DEFINITION, ROOT)
    with open(DEFINITION, encoding="utf-8") as f:
        definition = json.load(f)
    questions = len(definition["questions"])
    groupings = len(definition.get("characteristics", [])) + len(definition.get("dimensions", []))
    del definition
    with open(data + ".meta") as f:
        seed = json.load(f)["seed"]
    size = os.path.getsize(data)
    mib = size / 2**20

    tmp_parent = os.path.abspath(args.tmpdir) if args.tmpdir else None
    with tempfile.TemporaryDirectory(prefix="gapfinder-analyse-bench-", dir=tmp_parent) as tmp:
        built_sha = sha256_of(gapfinder_built)
        built_mtime = os.path.getmtime(gapfinder_built)
        gapfinder = snapshot_gapfinder(gapfinder_built, os.path.join(tmp, "bin"))
        gapfinder_sha = sha256_of(gapfinder)
        if gapfinder_sha != built_sha:
            sys.exit("analyse_bench.py: build/gapfinder changed while it was being copied; try again")
        gapfinder_version = command_output([gapfinder, "--version"])
        git_commit = command_output(["git", "rev-parse", "HEAD"])
        git_dirty = bool(command_output(["git", "status", "--porcelain", "--untracked-files=no"]))

        pairs = args.job == "intersections"
        means = args.job == "means"
        peer_job = [] if pairs else ["--groups-only"] + (["--means"] if means else [])

        def commands_for(gapfinder, d):
            db = os.path.join(d, "bench.db")
            return {
                INGEST: [gapfinder, "ingest", data_rel, "--survey", "bench", "--wave", "1",
                         "--surveys-dir", "bench", "--db", db],
                ANALYSE: [gapfinder, "analyse", "--survey", "bench", "--wave", "1", "--surveys-dir", "bench",
                          "--db", db] + (["--intersections"] if pairs else []) +
                         ["--format", "json", "-o", os.path.join(d, "gapfinder.json")],
                PANDAS: [PANDAS_PYTHON, "bench/peers/pandas_analysis.py"] + peer_job + [data_rel, definition_rel,
                         os.path.join(d, "pandas.csv")],
                DUCKDB: ["node", "bench/peers/duckdb_analysis.mjs"] + peer_job + [data_rel, definition_rel,
                         os.path.join(d, "duckdb.csv")],
            }
        outputs = {ANALYSE: "gapfinder.json", PANDAS: "pandas.csv", DUCKDB: "duckdb.csv"}
        out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")

        floor_kib = rss_floor(tmp)
        log(f"warming the page cache: cat {data_rel} > /dev/null")
        run_measured(["cat", data_rel], os.devnull, err_path)

        runs = {name: [] for name in (INGEST, ANALYSE, PANDAS, DUCKDB)}
        notes = {}
        run_dir = None
        for run in range(1, args.runs + 1):
            if run_dir:
                shutil.rmtree(run_dir)  # the last run's folder stays, for the verification
            run_dir = os.path.join(tmp, f"run{run}")
            # One fresh folder per command, so no command finds another's files.
            dirs = {name: os.path.join(run_dir, key) for name, key in
                    ((INGEST, "gapfinder"), (ANALYSE, "gapfinder"), (PANDAS, "pandas"), (DUCKDB, "duckdb"))}
            for d in set(dirs.values()):
                os.makedirs(d)
            for name in runs:
                argv = commands_for(gapfinder, dirs[name])[name]
                seconds, code, rss_kib, cpu = run_measured(argv, out_path, err_path)
                if code != 0:
                    log(f"\n{name} failed with exit code {code} (run {run}):\n  "
                        + " ".join(shlex.quote(a) for a in argv))
                    out = tail(out_path)
                    if out.strip():
                        log(f"--- stdout ---\n{out.rstrip()}")
                    log(f"--- stderr ---\n{tail(err_path).rstrip() or '(empty)'}")
                    sys.exit(1)
                entry = {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_kib": rss_kib}
                if name in outputs:
                    entry["output_bytes"] = os.path.getsize(os.path.join(dirs[name], outputs[name]))
                if name == INGEST:
                    entry["store_bytes"] = os.path.getsize(os.path.join(dirs[name], "bench.db"))
                runs[name].append(entry)
                out, err = tail(out_path).strip(), tail(err_path).strip()
                # gapfinder analyse reports "Wrote N rows to FILE" on stderr; other stderr
                # output is worth a note.
                unexpected = "\n".join(line for line in err.splitlines() if not re.match(r"Wrote [\d,]+ rows", line))
                if run == 1:
                    notes.setdefault("stdout", {})[name] = out
                    if err:
                        notes.setdefault("stderr", {})[name] = err
                    if unexpected:
                        log(f"note: {name} wrote to stderr:\n{unexpected}")
                expect = {INGEST: (r"Ingested ([\d,]+) respondents", args.rows)}.get(name)
                if expect:
                    m = re.search(expect[0], out)
                    if not m or int(m.group(1).replace(",", "")) != expect[1]:
                        sys.exit(f"analyse_bench.py: {name} did not report {expect[1]:,} respondents:\n{out}\n{err}")
                m = re.search(r"[Ww]rote ([\d,]+) rows", out + "\n" + err)
                if name in outputs:
                    if not m:
                        sys.exit(f"analyse_bench.py: {name} did not report the rows it wrote:\n{out}\n{err}")
                    entry["rows_written"] = int(m.group(1).replace(",", ""))
                log(f"run {run}/{args.runs}  {name:<18} {seconds:8.3f} s  cpu {cpu:7.2f} s  {rss_kib / 1024:7.1f} MiB")
        floor_kib = max(floor_kib, rss_floor(tmp))
        tmp_fs = filesystem_of(tmp)
        built_changed = (not os.path.exists(gapfinder_built) or os.path.getmtime(gapfinder_built) != built_mtime
                         or sha256_of(gapfinder_built) != built_sha)
        if built_changed:
            log("note: build/gapfinder was rebuilt during the benchmark; every run used the copy taken at the "
                "start (sha256 recorded in the results)")
        shown = {name: " ".join(shlex.quote(a) for a in argv).replace("TMPDIR/", "<tmp>/")
                 for name, argv in commands_for("gapfinder", "TMPDIR").items()}

        # Verification, from the last run's outputs (after all timing: loading the JSON
        # makes this process large).
        log("verifying the last run's outputs")
        verification, problems = verify(
            os.path.join(run_dir, "gapfinder", "gapfinder.json"),
            {PANDAS: os.path.join(run_dir, "pandas", "pandas.csv"),
             DUCKDB: os.path.join(run_dir, "duckdb", "duckdb.csv")},
            args.rows, intersections=pairs, means=means)
        verification["ok"] = not problems
        verification["problems"] = problems

    # Summary.
    e2e = [{"seconds": i["seconds"] + a["seconds"], "cpu_seconds": i["cpu_seconds"] + a["cpu_seconds"],
            "peak_rss_kib": max(i["peak_rss_kib"], a["peak_rss_kib"])}
           for i, a in zip(runs[INGEST], runs[ANALYSE])]
    table = {E2E: e2e, **runs}
    summary = {}
    for name, entries in table.items():
        secs = [e["seconds"] for e in entries]
        peak = max(e["peak_rss_kib"] for e in entries)
        summary[name] = {"median_s": median(secs), "min_s": min(secs), "max_s": max(secs),
                         "median_cpu_s": median(e["cpu_seconds"] for e in entries),
                         "peak_rss_mib": peak / 1024, "peak_rss_at_floor": peak <= floor_kib + 1024}
    ratios = {}
    for part in (E2E, INGEST, ANALYSE):
        for peer in (PANDAS, DUCKDB):
            ratios[f"{part} / {peer}"] = summary[part]["median_s"] / summary[peer]["median_s"]

    job = (f"{groupings} groupings and their {groupings * (groupings - 1) // 2} pairs" if pairs
           else f"{groupings} groupings, no pairs, peers computing means and Welch's test (the means job)" if means
           else f"{groupings} groupings, no pairs (the plain job)")
    print(f"\nAnalyse: {args.rows:,} rows, {mib:.1f} MiB ({data_rel}, seed {seed}); {questions} questions x "
          f"{job}; median of {args.runs} run(s), "
          f"page cache warm; {os.cpu_count()} CPUs; temporary files on {tmp_fs or '?'}\n")
    print("| command | median s | min s | max s | CPU s | peak RSS MiB | gapfinder end to end / this |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    labels = {E2E: "gapfinder end to end (ingest + analyse)", INGEST: "... gapfinder ingest",
              ANALYSE: "... gapfinder analyse", PANDAS: "pandas", DUCKDB: "DuckDB"}
    for name, s in summary.items():
        rss = f"{s['peak_rss_mib']:.0f}" if not s["peak_rss_at_floor"] else f"<= {floor_kib / 1024:.0f}"
        print(f"| {labels[name]} | {s['median_s']:.3f} | {s['min_s']:.3f} | {s['max_s']:.3f} | "
              f"{s['median_cpu_s']:.2f} | {rss} | {summary[E2E]['median_s'] / s['median_s']:.2f} |")
    print("\n| gapfinder / peer (median times) | pandas | DuckDB |")
    print("| --- | ---: | ---: |")
    for part in (E2E, INGEST, ANALYSE):
        print(f"| {part} | {ratios[f'{part} / {PANDAS}']:.3f} | {ratios[f'{part} / {DUCKDB}']:.3f} |")
    print("\nCommands (from the repository root; <tmp> is a fresh folder for each command and run):")
    for name in (INGEST, ANALYSE, PANDAS, DUCKDB):
        print(f"- {name}: `{shown[name]}`")
    print(f"\nCPU s is user + system time (median), so above the wall time where a command uses several "
          f"threads. Peak RSS is ru_maxrss from wait4 (end to end: the larger of the two steps).")

    v = verification
    print(f"\nVerification (last run): gapfinder published {v['gapfinder_published_rows']:,} rows "
          f"({v['gapfinder_published_by_kind']['group']:,} group, "
          f"{v['gapfinder_published_by_kind']['intersection']:,} intersection) of {v['gapfinder_rows']:,}; "
          f"suppressed {v['gapfinder_suppressed_rows']}, undisclosed {v['gapfinder_undisclosed_rows']:,}.")
    shown_fields = FLOAT_FIELDS + ("p",) + ((MEAN_FIELDS + ("welch_p",)) if means else ())
    print("\n| peer | rows | compared | p compared (z test) | " + " | ".join(f"max rel diff {f}" for f in shown_fields)
          + " | mismatches | n >= {0} missing in gapfinder | n >= {0} secondary-suppressed |"
          .format(v["suppress_below"]))
    print("| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in shown_fields) + " | ---: | ---: | ---: |")
    for name, p in v["peers"].items():
        mism = p["missing_rows"] + p["count_mismatches"] + p["float_mismatches"] + p["p_mismatches"]
        print(f"| {name} | {p['rows']:,} | {p['published_rows_compared']:,} | {p['p_compared']:,} | "
              + " | ".join(f"{p['max_relative_difference'][f]:.2g}" for f in shown_fields)
              + f" | {mism} | "
              f"{p['rows_n_at_least_threshold_gapfinder_lacks']} | "
              f"{p['rows_n_at_least_threshold_gapfinder_suppresses_secondarily']:,} |")
    if "peers_files_identical" in v:
        print(f"\npandas and DuckDB outputs: {'byte-identical' if v['peers_files_identical'] else 'not identical'}"
              f"; figures differing beyond tolerance: {v['peers_rows_differing']}.")
    print("Counts compared exactly; rate, ci_low, ci_high, rest_rate, gap_pp to "
          f"{REL_TOL:g} relative ({ABS_TOL:g} absolute near 0); p = erfc(|z|/sqrt 2) from the peer's z "
          f"against gapfinder's p to {P_REL_TOL:g} relative, where gapfinder's test is z."
          + (f" Means job: mean and rest_mean to {REL_TOL:g} relative; welch_p against scipy's two-sided p "
             f"of the peer's Welch t and df to {P_REL_TOL:g} relative." if means else ""))
    print("verification: " + ("OK" if v["ok"] else "FAILED"))
    for problem in v["problems"]:
        print("  - " + problem)

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "rows": args.rows, "seed": seed, "runs": args.runs, "job": args.job,
        "data": {"path": data_rel, "bytes": size, "mib": mib},
        "commands": shown,
        "summary": summary, "ratios": ratios,
        "rss_floor_mib": floor_kib / 1024,
        "raw": {**runs, E2E: e2e},
        "verification": verification,
        "environment": {
            "cpu": cpu_model(), "cpus": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version(), **versions,
            "gapfinder": gapfinder_built, "gapfinder_version": gapfinder_version,
            "gapfinder_sha256": gapfinder_sha, "gapfinder_rebuilt_during_run": built_changed,
            "tmp_filesystem": tmp_fs, "git_commit": git_commit, "git_dirty": git_dirty,
        },
        **notes,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    log(f"figures written to {os.path.relpath(os.path.abspath(args.json))}")
    if not v["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
