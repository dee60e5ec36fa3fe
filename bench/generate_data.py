#!/usr/bin/env python3
"""Writes the benchmark survey file: ROWS respondents x 40 questions x 12 groupings, all
cells as short numeric codes (as SPSS-style exports are), for bench/bench-survey.json.

Deterministic for a given --rows and --seed; skipped when the file already exists with
the same parameters. About 230 bytes a row, so 1,000,000 rows is about 230 MB.
Usage: /usr/bin/python3 bench/generate_data.py [--rows N] [--seed S] [--out PATH]
"""
import argparse, json, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_bench_survey import CHARACTERISTICS, WARDS, scale_of  # noqa: E402


def generate(rows, seed, out):
    rng = random.Random(seed)
    columns = [[f"R{i:07d}" for i in range(1, rows + 1)]]
    # Groupings first: answers depend on disability to plant a real gap.
    groupings = []
    for cid, cats in CHARACTERISTICS.items():
        codes = [str(i + 1) for i in range(len(cats))] + ["99", ""]
        weights = [10.0 / len(cats)] * len(cats) + [0.3, 0.2]
        groupings.append(rng.choices(codes, weights=weights, k=rows))
    groupings.append(rng.choices([str(w) for w in range(1, WARDS + 1)] + [""], k=rows))
    disabled = [c in ("1", "2") for c in groupings[list(CHARACTERISTICS).index("disability")]]
    for q in range(1, 41):
        kind = scale_of(q)
        if kind == "satisfaction":
            codes, base = ["1", "2", "3", "4", "5", "9", ""], [25, 35, 15, 10, 8, 5, 2]
            worse = [15, 30, 20, 15, 13, 5, 2]
        elif kind == "agreement":
            codes, base = ["1", "2", "3", "4", "5", ""], [20, 35, 20, 13, 10, 2]
            worse = [12, 30, 24, 18, 14, 2]
        else:
            codes, base, worse = ["1", "2", ""], [60, 38, 2], [48, 50, 2]
        normal = rng.choices(codes, weights=base, k=rows)
        if q <= 5:  # disabled respondents are less positive on q01..q05
            lower = rng.choices(codes, weights=worse, k=rows)
            normal = [lo if d else n for n, lo, d in zip(normal, lower, disabled)]
        columns.append(normal)
    columns.extend(groupings)
    header = ["id"] + [f"q{q:02d}" for q in range(1, 41)] + list(CHARACTERISTICS) + ["ward"]
    tmp = out + ".tmp"
    with open(tmp, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        f.writelines(",".join(row) + "\n" for row in zip(*columns))
    os.replace(tmp, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    out = args.out or os.path.join(HERE, "data", f"bench-{args.rows}.csv")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    meta = out + ".meta"
    wanted = {"rows": args.rows, "seed": args.seed}
    if os.path.exists(out) and os.path.exists(meta) and json.load(open(meta)) == wanted:
        print(out)
        return
    generate(args.rows, args.seed, out)
    json.dump(wanted, open(meta, "w"))
    print(out)


if __name__ == "__main__":
    main()
