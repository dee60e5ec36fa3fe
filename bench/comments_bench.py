#!/usr/bin/env python3
"""Benchmarks coding and analysing consultation comments (issue 19: 100,000 comments,
rules and classifier together, in under 5 s and 1 GiB), against a Python peer in the
same run.

Data: scripts/generate_consultation.py --comments N (seeded; respondents until N of them
wrote a "Please tell us why" comment, with the bundled sample's themes, decoys, typos and
planted personal data), into bench/data/comments-N.csv, with the planted themes of the
first --hand-coded (2,000) "why" comments as hand codes (comments-N.hand.csv). Made once;
kept while its .meta sidecar matches.

For each of --runs repetitions, in this order, each in a fresh temporary folder, with the
page cache warm:
  gapfinder ingest FILE --survey library-consultation --wave 2025 --surveys-dir surveys --db <tmp>/c.db
  gapfinder analyse --survey library-consultation --wave 2025 --surveys-dir surveys --db <tmp>/c.db
                    --format json -o <tmp>/gapfinder.json
        (every question by every characteristic, the 7 themes of the "why" comments among
         them, coded by the codebook's rules when the wave loads)
  gapfinder_comments_bench --db <tmp>/c.db --definition surveys/library-consultation.json --wave 2025
                    --comment why_support --hand-codes HAND --out <tmp>/classify.json --predictions <tmp>/pred.csv
        (rules, fastText trained on the hand codes, the rest predicted, hand > rules > model)
        (the three together: gapfinder end to end)
  /usr/bin/python3 bench/peers/pandas_comments.py FILE surveys/library-consultation.json HAND <tmp>/peer.json <tmp>/peer-pred.csv
        (pandas + snowballstemmer for the same rules and bases by group; scikit-learn's
         TF-IDF and logistic regressions for the classifier)
Each child's wall time, CPU time and peak RSS (os.wait4) are recorded.

Verification (last run): the rule-coded count of every theme from gapfinder_comments_bench
equals the peer's exactly; every published theme row of gapfinder's findings (a theme
question by a group) has the peer's base (commenters in the group) and positives exactly;
the number of "why" comments equals the generator's truth. The two classifiers' themes
are compared loosely (agreement per theme, reported, not failed on). Exit 1 on a failed
command or any disagreement of the exact checks.

Usage: /usr/bin/python3 bench/comments_bench.py [--comments 100000] [--hand-coded 2000] [--runs 5] [--seed 2025]
           [--build build] [--tmpdir DIR] [--json bench/results/comments.json]
"""
import argparse
import csv
import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile

from harness import HERE, ROOT, command_output, cpu_model, filesystem_of, log, median, rss_floor, run_measured, snapshot_gapfinder, tail

PYTHON = "/usr/bin/python3"  # Debian's pandas, snowballstemmer and scikit-learn live here
DEFINITION = os.path.join(ROOT, "surveys", "library-consultation.json")
GENERATOR = os.path.join(ROOT, "scripts", "generate_consultation.py")
SURVEY, WAVE, COMMENT = "library-consultation", "2025", "why_support"
INGEST, ANALYSE, CLASSIFY, E2E, PEER = ("gapfinder ingest", "gapfinder analyse", "gapfinder rules + classifier",
                                        "gapfinder end to end", "pandas + scikit-learn")
GOAL_SECONDS, GOAL_MIB = 5.0, 1024


def make_data(comments, hand_coded, seed):
    """Writes (or reuses) the CSV, truth and hand codes; returns their paths."""
    data_dir = os.path.join(HERE, "data")
    os.makedirs(data_dir, exist_ok=True)
    base = os.path.join(data_dir, f"comments-{comments}")
    paths = {"csv": base + ".csv", "truth": base + ".truth.json", "hand": base + f".hand-{hand_coded}.csv"}
    meta = {"comments": comments, "hand_coded": hand_coded, "seed": seed,
            "generator_mtime": os.path.getmtime(GENERATOR)}
    meta_path = base + f".hand-{hand_coded}.meta"
    try:
        with open(meta_path) as f:
            if json.load(f) == meta and all(os.path.exists(p) for p in paths.values()):
                return paths
    except (OSError, ValueError):
        pass
    log(f"generating {comments:,} comments (seed {seed}) into {os.path.relpath(paths['csv'], ROOT)}")
    argv = [PYTHON, GENERATOR, "--seed", str(seed), "--comments", str(comments), "--csv", paths["csv"],
            "--truth", paths["truth"], "--hand-codes", paths["hand"], "--hand-coded", str(hand_coded)]
    if subprocess.run(argv, cwd=ROOT).returncode != 0:
        sys.exit("comments_bench.py: generate_consultation.py failed")
    with open(meta_path, "w") as f:
        json.dump(meta, f)
    return paths


def read_predictions(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["respondent"]: frozenset(filter(None, r["themes"].split(";"))) for r in csv.DictReader(f)}


def verify(classify_json, gapfinder_json, peer_json, gf_pred, peer_pred, truth_json):
    problems = []
    with open(classify_json) as f:
        gf = json.load(f)
    with open(peer_json) as f:
        peer = json.load(f)
    with open(truth_json) as f:
        truth = json.load(f)
    v = {"comments": gf["comments"], "peer_comments": peer["comments"], "truth_comments": truth["commented"],
         "rule_counts": gf["rule_counts"], "peer_rule_counts": peer["rule_counts"]}
    if not (gf["comments"] == peer["comments"] == truth["commented"]):
        problems.append(f"comments: gapfinder {gf['comments']}, peer {peer['comments']}, truth {truth['commented']}")
    for theme, n in gf["rule_counts"].items():
        if peer["rule_counts"].get(theme) != n:
            problems.append(f"rule count of {theme}: gapfinder {n}, peer {peer['rule_counts'].get(theme)}")

    # Every published theme row of the findings against the peer's bases and positives.
    with open(gapfinder_json) as f:
        findings = json.load(f)
    compared = 0
    for r in findings["results"]:
        if not r["question"].startswith(COMMENT + "__") or r["undisclosed"] or r["suppressed"]:
            continue
        theme = r["question"][len(COMMENT) + 2:]
        mine = peer["by_group"].get(r["characteristic"], {}).get(r["group"])
        compared += 1
        if mine is None:
            problems.append(f"{r['question']} {r['characteristic']}={r['group']}: not in the peer's groups")
        elif mine["commented"] != r["n"] or mine["themes"][theme] != r["positives"]:
            problems.append(f"{r['question']} {r['characteristic']}={r['group']}: gapfinder {r['positives']}/{r['n']}, "
                            f"peer {mine['themes'][theme]}/{mine['commented']}")
    v["theme_rows_compared"] = compared
    if compared == 0:
        problems.append("no published theme row in gapfinder's findings to compare")

    # The classifiers, loosely: agreement on each theme over the comments both predicted.
    common = sorted(set(gf_pred) & set(peer_pred))
    themes = sorted(gf["rule_counts"])
    agreement = {}
    for t in themes:
        same = sum((t in gf_pred[c]) == (t in peer_pred[c]) for c in common)
        agreement[t] = same / len(common) if common else None
    exact = sum(gf_pred[c] == peer_pred[c] for c in common)
    v["classifier"] = {"comments_predicted_by_both": len(common), "agreement_by_theme": agreement,
                       "same_themes_share": exact / len(common) if common else None,
                       "gapfinder_applied_counts": gf["applied_counts"], "peer_applied_counts": peer["applied_counts"],
                       "gapfinder_coded_by": gf["coded_by"], "peer_coded_by": peer["coded_by"],
                       "gapfinder_steps_seconds": gf["seconds"], "gapfinder_steps_cpu_seconds": gf["cpu_seconds"]}
    return v, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--hand-coded", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--tmpdir", default=None)
    ap.add_argument("--json", default=os.path.join(HERE, "results", "comments.json"))
    args = ap.parse_args()

    build = os.path.abspath(args.build)
    for binary in ("gapfinder", "gapfinder_comments_bench"):
        if not os.access(os.path.join(build, binary), os.X_OK):
            sys.exit(f"comments_bench.py: {build}/{binary} is missing; build first (cmake --build build -j2)")
    paths = make_data(args.comments, args.hand_coded, args.seed)
    data_rel = os.path.relpath(paths["csv"], ROOT)
    hand_rel = os.path.relpath(paths["hand"], ROOT)
    definition_rel = os.path.relpath(DEFINITION, ROOT)
    mib = os.path.getsize(paths["csv"]) / 2**20
    with open(paths["truth"]) as f:
        truth = json.load(f)
    with open(paths["csv"], newline="", encoding="utf-8") as f:
        respondents = sum(1 for _ in csv.reader(f)) - 1
    versions = {"pandas": command_output([PYTHON, "-c", "import pandas; print(pandas.__version__)"]),
                "sklearn": command_output([PYTHON, "-c", "import sklearn; print(sklearn.__version__)"]),
                "snowballstemmer": command_output([PYTHON, "-c", "import snowballstemmer; print(snowballstemmer.__version__)"])}

    tmp_parent = os.path.abspath(args.tmpdir) if args.tmpdir else None
    with tempfile.TemporaryDirectory(prefix="gapfinder-comments-bench-", dir=tmp_parent) as tmp:
        gapfinder = snapshot_gapfinder(os.path.join(build, "gapfinder"), os.path.join(tmp, "bin"))
        classifier = os.path.join(tmp, "bin", "gapfinder_comments_bench")
        shutil.copy2(os.path.join(build, "gapfinder_comments_bench"), classifier)
        git_commit = command_output(["git", "rev-parse", "HEAD"])
        git_dirty = bool(command_output(["git", "status", "--porcelain", "--untracked-files=no"]))

        def commands_for(d):
            db = os.path.join(d, "c.db")
            return {
                INGEST: [gapfinder, "ingest", data_rel, "--survey", SURVEY, "--wave", WAVE, "--surveys-dir", "surveys",
                         "--db", db],
                ANALYSE: [gapfinder, "analyse", "--survey", SURVEY, "--wave", WAVE, "--surveys-dir", "surveys", "--db", db,
                          "--format", "json", "-o", os.path.join(d, "gapfinder.json")],
                CLASSIFY: [classifier, "--db", db, "--definition", definition_rel, "--wave", WAVE, "--comment", COMMENT,
                           "--hand-codes", hand_rel, "--out", os.path.join(d, "classify.json"),
                           "--predictions", os.path.join(d, "pred.csv")],
                PEER: [PYTHON, "bench/peers/pandas_comments.py", data_rel, definition_rel, hand_rel,
                       os.path.join(d, "peer.json"), os.path.join(d, "peer-pred.csv")],
            }
        out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")
        floor_kib = rss_floor(tmp)
        run_measured(["cat", data_rel], os.devnull, err_path)  # the page cache, warm

        runs = {name: [] for name in (INGEST, ANALYSE, CLASSIFY, PEER)}
        run_dir = None
        for run in range(1, args.runs + 1):
            if run_dir:
                shutil.rmtree(run_dir)
            run_dir = os.path.join(tmp, f"run{run}")
            dirs = {INGEST: "gapfinder", ANALYSE: "gapfinder", CLASSIFY: "gapfinder", PEER: "peer"}
            dirs = {name: os.path.join(run_dir, d) for name, d in dirs.items()}
            for d in set(dirs.values()):
                os.makedirs(d)
            for name in runs:
                argv = commands_for(dirs[name])[name]
                seconds, code, rss_kib, cpu = run_measured(argv, out_path, err_path)
                if code != 0:
                    log(f"\n{name} failed with exit code {code} (run {run}):\n  " + " ".join(shlex.quote(a) for a in argv))
                    log(f"--- stdout ---\n{tail(out_path).rstrip()}\n--- stderr ---\n{tail(err_path).rstrip() or '(empty)'}")
                    sys.exit(1)
                runs[name].append({"seconds": seconds, "cpu_seconds": cpu, "peak_rss_kib": rss_kib})
                if name in (CLASSIFY, PEER) and run == 1:
                    log(f"{name}: {tail(out_path).strip()}")
                log(f"run {run}/{args.runs}  {name:<28} {seconds:8.3f} s  cpu {cpu:7.2f} s  {rss_kib / 1024:7.1f} MiB")
        tmp_fs = filesystem_of(tmp)
        shown = {name: " ".join(shlex.quote(a) for a in argv).replace(tmp + "/bin/", "build/").replace("TMPDIR/", "<tmp>/")
                 for name, argv in commands_for("TMPDIR").items()}
        log("verifying the last run's outputs")
        g = os.path.join(run_dir, "gapfinder")
        p = os.path.join(run_dir, "peer")
        verification, problems = verify(os.path.join(g, "classify.json"), os.path.join(g, "gapfinder.json"),
                                        os.path.join(p, "peer.json"), read_predictions(os.path.join(g, "pred.csv")),
                                        read_predictions(os.path.join(p, "peer-pred.csv")), paths["truth"])
        verification["ok"] = not problems
        verification["problems"] = problems

    e2e = [{"seconds": a["seconds"] + b["seconds"] + c["seconds"],
            "cpu_seconds": a["cpu_seconds"] + b["cpu_seconds"] + c["cpu_seconds"],
            "peak_rss_kib": max(a["peak_rss_kib"], b["peak_rss_kib"], c["peak_rss_kib"])}
           for a, b, c in zip(runs[INGEST], runs[ANALYSE], runs[CLASSIFY])]
    table = {E2E: e2e, INGEST: runs[INGEST], ANALYSE: runs[ANALYSE], CLASSIFY: runs[CLASSIFY], PEER: runs[PEER]}
    summary = {}
    for name, entries in table.items():
        secs = [e["seconds"] for e in entries]
        peak = max(e["peak_rss_kib"] for e in entries)
        summary[name] = {"median_s": median(secs), "min_s": min(secs), "max_s": max(secs),
                         "median_cpu_s": median([e["cpu_seconds"] for e in entries]),
                         "peak_rss_mib": peak / 1024, "peak_rss_at_floor": peak <= floor_kib + 1024}
    goal = {"seconds": GOAL_SECONDS, "mib": GOAL_MIB,
            "met": summary[E2E]["median_s"] < GOAL_SECONDS and summary[E2E]["peak_rss_mib"] < GOAL_MIB}

    print(f"\nComments: {truth['commented']:,} \"why\" comments from {respondents:,} respondents, {mib:.1f} MiB "
          f"({data_rel}, seed {args.seed}), {args.hand_coded:,} hand-coded; median of {args.runs} run(s), page cache "
          f"warm; {os.cpu_count()} CPUs; temporary files on {tmp_fs or '?'}\n")
    print("| command | median s | min s | max s | CPU s | peak RSS MiB | gapfinder end to end / this |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    labels = {E2E: "gapfinder end to end (ingest + analyse + rules and classifier)", INGEST: "... gapfinder ingest",
              ANALYSE: "... gapfinder analyse (themes by rules, by group)",
              CLASSIFY: "... gapfinder rules + train + predict", PEER: "pandas + snowballstemmer + scikit-learn"}
    for name, s in summary.items():
        rss = f"{s['peak_rss_mib']:.0f}" if not s["peak_rss_at_floor"] else f"<= {floor_kib / 1024:.0f}"
        print(f"| {labels[name]} | {s['median_s']:.3f} | {s['min_s']:.3f} | {s['max_s']:.3f} | {s['median_cpu_s']:.2f} "
              f"| {rss} | {summary[E2E]['median_s'] / s['median_s']:.2f} |")
    print(f"\nGoal (issue 19): end to end under {GOAL_SECONDS:g} s and {GOAL_MIB} MiB: "
          f"{'met' if goal['met'] else 'NOT met'}.")
    print("\nCommands (from the repository root; <tmp> is a fresh folder for each run):")
    for name, cmd in shown.items():
        print(f"- {name}: `{cmd}`")
    v = verification
    c = v["classifier"]
    print(f"\nVerification (last run): {v['comments']:,} comments on both sides and in the truth; rule-coded theme "
          f"counts {'equal' if not any('rule count' in x for x in problems) else 'DIFFER'}: "
          + ", ".join(f"{t} {n:,}" for t, n in sorted(v["rule_counts"].items()))
          + f"; {v['theme_rows_compared']} published theme-by-group rows compared on base and positives.")
    if c["same_themes_share"] is not None:
        print(f"Classifiers (loosely): on {c['comments_predicted_by_both']:,} comments both predicted, the same themes for "
              f"{100 * c['same_themes_share']:.1f}%; agreement by theme "
              + ", ".join(f"{t} {100 * a:.1f}%" for t, a in sorted(c["agreement_by_theme"].items()) if a is not None) + ".")
    print("verification: " + ("OK" if v["ok"] else "FAILED"))
    for problem in problems[:50]:
        print("  - " + problem)

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "comments": args.comments, "hand_coded": args.hand_coded, "seed": args.seed, "runs": args.runs,
        "data": {"path": data_rel, "hand_codes": hand_rel, "mib": mib},
        "commands": shown, "summary": summary, "goal": goal, "rss_floor_mib": floor_kib / 1024,
        "raw": {**runs, E2E: e2e}, "verification": verification,
        "environment": {"cpu": cpu_model(), "cpus": os.cpu_count(), "kernel": platform.release(),
                        "python": platform.python_version(), **versions, "build": build,
                        "tmp_filesystem": tmp_fs, "git_commit": git_commit, "git_dirty": git_dirty},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    log(f"figures written to {os.path.relpath(os.path.abspath(args.json))}")
    return 0 if v["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
