#!/usr/bin/env python3
"""Writes the benchmark survey file for bench/bench-survey.json.

ROWS respondents x (id, q01..q40, 11 characteristics, ward), every cell a short numeric
code as SPSS-style exports carry them, comma-separated with "\\n" line ends and a header
row. Deterministic for a given --rows and --seed (and this script and the definition);
skipped when the file already exists with the same parameters (see the .meta sidecar).

What the data holds:
- answers: about 2% blank on every question, about 7% "Don't know" (9) on the
  satisfaction questions; per-question distributions vary a little;
- groupings: census-like shares per category, about 3% undisclosed ("99") and 1% blank
  per characteristic, 20 wards of uneven size (0.5% blank);
- planted gaps (see GAPS), so that analysis has something to find.

Usage: /usr/bin/python3 bench/generate_data.py [--rows N] [--seed S] [--out PATH] [--check] [--force]
       /usr/bin/python3 bench/generate_data.py --check-file PATH
Prints the data file's path on stdout; everything else goes to stderr.
"""
import argparse
import collections
import json
import os
import random
import re
import sys
import time

from harness import sha256_of

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFINITION = os.path.join(HERE, "bench-survey.json")
CATALOGUE_SOURCE = os.path.join(ROOT, "core", "domain", "catalogue.cpp")

DEFAULT_ROWS = 1_000_000
DEFAULT_SEED = 2026
CHUNK_ROWS = 100_000      # rows generated (and held in memory) at a time
TABLE_SIZE = 10_000       # resolution of the sampling tables (0.01%)

BLANK_ANSWER = 2.0        # percent of every question left blank
UNDISCLOSED = 3.0         # percent "99" in every characteristic
BLANK_GROUPING = 1.0      # percent blank in every characteristic (also undisclosed)
BLANK_WARD = 0.5          # percent blank ward (not recorded)
UNDISCLOSED_CODE = "99"

# Answer shares per scale (code -> weight, before the blank share): typical, and the
# less positive pattern the planted groups follow.
ANSWERS = {
    "satisfaction5": ({1: 24, 2: 36, 3: 14, 4: 10, 5: 7, 9: 7},
                      {1: 12, 2: 28, 3: 18, 4: 18, 5: 15, 9: 7}),
    "agree5": ({1: 20, 2: 36, 3: 20, 4: 13, 5: 11},
               {1: 10, 2: 26, 3: 24, 4: 21, 5: 19}),
    "yes_no": ({1: 64, 2: 36},
               {1: 48, 2: 52}),
    "recommend11": ({0: 2, 1: 1, 2: 2, 3: 3, 4: 4, 5: 9, 6: 9, 7: 18, 8: 22, 9: 15, 10: 15},
                    {0: 4, 1: 3, 2: 4, 3: 6, 4: 7, 5: 13, 6: 12, 7: 18, 8: 16, 9: 9, 10: 8}),
}

# Category shares, roughly England and Wales, Census 2021.
GROUP_SHARES = {
    "age": {"age_16_24": 13, "age_25_34": 17, "age_35_44": 16, "age_45_54": 17, "age_55_64": 15,
            "age_65_74": 12, "age_75_plus": 10},
    "disability": {"disabled_limited_a_lot": 8, "disabled_limited_a_little": 11,
                   "not_disabled_with_condition": 7, "not_disabled_no_condition": 74},
    "gender_reassignment": {"gender_identity_same": 99.4, "gender_identity_different_unspecified": 0.2,
                            "trans_woman": 0.1, "trans_man": 0.1, "non_binary": 0.1, "other_gender_identity": 0.05},
    "marriage_civil_partnership": {"never_married": 38, "married": 45, "civil_partnership": 0.3, "separated": 2,
                                   "divorced": 9, "civil_partnership_dissolved": 0.1, "widowed": 6,
                                   "surviving_civil_partner": 0.05},
    "pregnancy_maternity": {"pregnant_or_recent_birth": 2, "not_pregnant_or_recent_birth": 98},
    "race": {"bangladeshi": 1.1, "chinese": 0.7, "indian": 3.1, "pakistani": 2.7, "other_asian": 1.6,
             "african": 2.5, "caribbean": 1.0, "other_black": 0.5, "white_and_asian": 0.8,
             "white_and_black_african": 0.4, "white_and_black_caribbean": 0.9, "other_mixed": 0.7,
             "white_british": 74.4, "white_irish": 0.9, "gypsy_or_irish_traveller": 0.1, "roma": 0.2,
             "other_white": 6.2, "arab": 0.6, "any_other_ethnic_group": 1.6},
    "religion_belief": {"no_religion": 37, "christian": 46, "buddhist": 0.5, "hindu": 1.7, "jewish": 0.5,
                        "muslim": 6.5, "sikh": 0.9, "other_religion": 0.6},
    "sex": {"female": 51, "male": 49},
    "sexual_orientation": {"heterosexual": 96, "gay_or_lesbian": 1.5, "bisexual": 1.3,
                           "other_sexual_orientation": 0.3},
    "socio_economic": {"nssec_higher_managerial": 13, "nssec_lower_managerial": 20,
                       "nssec_intermediate_occupations": 11, "nssec_small_employers": 10,
                       "nssec_lower_supervisory": 5, "nssec_semi_routine": 11, "nssec_routine": 10,
                       "nssec_never_worked": 7, "nssec_student": 7},
    "caring": {"not_carer": 91, "care_19_hours_or_less": 5, "care_20_to_49_hours": 1.5,
               "care_50_hours_or_more": 2.5},
}

# Planted gaps: respondents in these categories answer these questions with the less
# positive pattern. (characteristic, categories, first question, last question)
GAPS = [
    ("disability", {"disabled_limited_a_lot", "disabled_limited_a_little"}, 1, 5),
    ("race", {"african", "caribbean", "other_black"}, 13, 16),
    ("sexual_orientation", {"gay_or_lesbian", "bisexual", "other_sexual_orientation"}, 25, 27),
    ("age", {"age_16_24"}, 37, 40),
]


def data_path(rows):
    """bench/data/bench-1m.csv for 1,000,000 rows (2m, ...), else bench/data/bench-<rows>.csv."""
    name = f"{rows // 1_000_000}m" if rows >= 1_000_000 and rows % 1_000_000 == 0 else str(rows)
    return os.path.join(HERE, "data", f"bench-{name}.csv")


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


class Layout:
    """The file layout the definition describes: columns in order, allowed codes."""

    def __init__(self, path=DEFINITION):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        self.definition = d
        scales = d.get("scales", {})
        self.id_column = d["respondent_id_column"]
        self.questions = []   # (column, scale name, [codes], {non-substantive codes})
        for q in d["questions"]:
            scale = q["scale"] if isinstance(q["scale"], dict) else scales[q["scale"]]
            name = q["scale"] if isinstance(q["scale"], str) else q["id"]
            self.questions.append((q["column"], name, [str(p["code"]) for p in scale["points"]],
                                   {str(c) for c in scale.get("non_substantive", [])},
                                   {str(c) for c in scale["positive"]}))
        self.groupings = []   # (column, id, {code: category id or "undisclosed"})
        for c in d.get("characteristics", []):
            self.groupings.append((c["column"], c["characteristic"], dict(c["map"])))
        for dim in d.get("dimensions", []):
            self.groupings.append((dim["column"], dim["id"], dict(dim["map"])))
        self.header = [self.id_column] + [q[0] for q in self.questions] + [g[0] for g in self.groupings]


def sampling_table(weights):
    """A list in which each code appears in proportion to its weight (all > 0 at least once);
    rng.choices(table, k=n) then draws without the cost of weighted sampling."""
    total = sum(weights.values())
    table = []
    for code, w in weights.items():
        if w > 0:
            table.extend([code] * max(1, round(w / total * TABLE_SIZE)))
    return table


def with_blank(shares, blank_percent):
    total = sum(shares.values())
    out = {code: w / total * (100.0 - blank_percent) for code, w in shares.items()}
    out[""] = blank_percent
    return out


def generate(rows, seed, out, layout):
    rng = random.Random(seed)
    q_index = {col: i for i, (col, *_) in enumerate(layout.questions)}

    # Sampling tables per question (shares jittered a little per question) and per grouping.
    q_tables = []
    for col, scale, codes, _, _ in layout.questions:
        if scale not in ANSWERS:
            raise SystemExit(f"generate_data.py: no answer shares for scale {scale!r} ({col})")
        base, worse = ANSWERS[scale]
        if {str(c) for c in base} != set(codes):
            raise SystemExit(f"generate_data.py: answer shares for {scale!r} do not match its codes {codes}")
        jitter = {c: rng.uniform(0.85, 1.15) for c in base}
        q_tables.append((sampling_table(with_blank({str(c): w * jitter[c] for c, w in base.items()}, BLANK_ANSWER)),
                         sampling_table(with_blank({str(c): w * jitter[c] for c, w in worse.items()}, BLANK_ANSWER))))
    g_tables = []
    g_column = {}
    for col, gid, mapping in layout.groupings:
        code_of = {cat: code for code, cat in mapping.items()}
        if gid == "ward":
            shares = {code: rng.uniform(0.6, 1.4) for code in mapping}
            g_tables.append(sampling_table(with_blank(shares, BLANK_WARD)))
        else:
            if set(GROUP_SHARES[gid]) != set(code_of) - {"undisclosed"}:
                raise SystemExit(f"generate_data.py: category shares for {gid} do not match the definition's map")
            shares = {code_of[cat]: w for cat, w in GROUP_SHARES[gid].items()}
            total = sum(shares.values())
            shares = {c: w / total * (100.0 - UNDISCLOSED - BLANK_GROUPING) for c, w in shares.items()}
            shares[code_of["undisclosed"]] = UNDISCLOSED
            shares[""] = BLANK_GROUPING
            g_tables.append(sampling_table(shares))
        g_column[gid] = len(g_tables) - 1
    gaps = []   # (grouping index, codes in the group, question indexes)
    for gid, cats, first, last in GAPS:
        mapping = layout.groupings[g_column[gid]][2]
        codes = {code for code, cat in mapping.items() if cat in cats}
        gaps.append((g_column[gid], codes, [q_index[f"q{q:02d}"] for q in range(first, last + 1)]))

    width = max(7, len(str(rows)))
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="", buffering=1 << 22) as f:
        f.write(",".join(layout.header) + "\n")
        for start in range(0, rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, rows - start)
            ids = [f"R{i:0{width}d}" for i in range(start + 1, start + n + 1)]
            groups = [rng.choices(t, k=n) for t in g_tables]
            answers = [rng.choices(t[0], k=n) for t in q_tables]
            for g, codes, qs in gaps:
                members = [i for i, c in enumerate(groups[g]) if c in codes]
                for qi in qs:
                    col = answers[qi]
                    for i, v in zip(members, rng.choices(q_tables[qi][1], k=len(members))):
                        col[i] = v
            f.write("\n".join(map(",".join, zip(ids, *answers, *groups))))
            f.write("\n")
    os.replace(tmp, out)


def check_definition(layout):
    """Best effort, without the gapfinder binary: every map value is a category id of its
    characteristic in core/domain/catalogue.cpp, and a detailed one (no category rolls up
    into it). Returns a list of problems."""
    try:
        with open(CATALOGUE_SOURCE, encoding="utf-8") as f:
            src = f.read()
    except OSError:
        log(f"note: {CATALOGUE_SOURCE} not found; map values not checked against the catalogue")
        return []
    catalogue = {}
    for block in src.split('c.push_back({"')[1:]:
        cid = block.split('"', 1)[0]
        catalogue[cid] = dict(re.findall(r'\{"([a-z0-9_]+)", "[^"]*", "([a-z0-9_]*)"', block))
    problems = []
    for col, gid, mapping in layout.groupings:
        if gid not in catalogue:
            continue  # a dimension
        cats = catalogue[gid]
        groups = set(cats.values())
        for code, cat in mapping.items():
            if cat == "undisclosed":
                continue
            if cat not in cats:
                problems.append(f"{gid}: map[{code!r}] = {cat!r} is not a category of {gid}")
            elif cat in groups:
                problems.append(f"{gid}: map[{code!r}] = {cat!r} is a group; use its detailed categories")
        unused = set(cats) - groups - set(mapping.values())
        if unused:
            problems.append(f"{gid}: detailed categories without a code: {sorted(unused)}")
    return problems


def pct(part, whole):
    return 100.0 * part / whole if whole else float("nan")


def check(path, layout, rows_expected=None):
    """Checks every cell of the file against the definition; prints what the data holds.
    Returns the number of problems found."""
    problems = check_definition(layout)
    for p in problems:
        log("definition:", p)
    ncols = len(layout.header)
    allowed = ([None] + [set(codes) | {""} for _, _, codes, _, _ in layout.questions]
               + [set(mapping) | {""} for _, _, mapping in layout.groupings])
    counts = [collections.Counter() for _ in range(ncols)]
    q_index = {col: i for i, (col, *_) in enumerate(layout.questions)}
    g_column = {gid: i for i, (_, gid, _) in enumerate(layout.groupings)}
    joint = {}   # (gap number, question index) -> Counter((group code, answer))
    ids = set()
    errors = 0

    def fail(msg):
        nonlocal errors
        errors += 1
        if errors <= 20:
            log("error:", msg)

    row = 0
    with open(path, encoding="ascii", newline="") as f:
        header = f.readline()
        if header.rstrip("\n").split(",") != layout.header:
            fail(f"header is not {','.join(layout.header)}")
        while True:
            lines = f.readlines(1 << 24)
            if not lines:
                break
            if not lines[-1].endswith("\n"):
                fail(f"row {row + len(lines)}: last line has no \\n")
            cells = [line.rstrip("\n").split(",") for line in lines]
            for i, r in enumerate(cells):
                if len(r) != ncols:
                    fail(f"row {row + i + 1}: {len(r)} fields, expected {ncols}")
            cells = [r for r in cells if len(r) == ncols]
            cols = list(zip(*cells)) if cells else [()] * ncols
            id_set = set(cols[0])
            if "" in id_set:
                fail(f"row {row + cols[0].index('') + 1}: blank respondent id")
            if len(id_set) != len(cols[0]) or not ids.isdisjoint(id_set):
                fail(f"rows {row + 1}..{row + len(cells)}: duplicate respondent ids")
            ids |= id_set
            for j in range(1, ncols):
                seen = collections.Counter(cols[j])
                counts[j].update(seen)
                for bad in set(seen) - allowed[j]:
                    fail(f"row {row + cols[j].index(bad) + 1}, column {layout.header[j]}: {bad!r} is not allowed")
            for k, (gid, cats, first, last) in enumerate(GAPS):
                gcol = cols[1 + len(layout.questions) + g_column[gid]]
                for q in range(first, last + 1):
                    qi = q_index[f"q{q:02d}"]
                    joint.setdefault((k, qi), collections.Counter()).update(zip(gcol, cols[1 + qi]))
            row += len(lines)
    if rows_expected is not None and row != rows_expected:
        fail(f"{row} data rows, expected {rows_expected}")

    # What the data holds.
    size = os.path.getsize(path)
    log(f"{path}: {row:,} rows, {size:,} bytes ({size / 2**20:.1f} MiB, {size / max(row, 1):.1f} bytes a row)")
    by_scale = collections.defaultdict(lambda: [0, 0, 0])   # cells, blank, non-substantive
    for qi, (col, scale, _, nonsub, _) in enumerate(layout.questions):
        c = counts[1 + qi]
        s = by_scale[scale]
        s[0] += sum(c.values())
        s[1] += c[""]
        s[2] += sum(c[x] for x in nonsub)
    for scale, (cells_, blank, nonsub) in by_scale.items():
        log(f"  {scale:<14} blank {pct(blank, cells_):4.1f}%  non-substantive {pct(nonsub, cells_):4.1f}%")
    for gi, (col, gid, mapping) in enumerate(layout.groupings):
        c = counts[1 + len(layout.questions) + gi]
        undisclosed = sum(c[code] for code, cat in mapping.items() if cat == "undisclosed")
        smallest = min((c[code], mapping[code]) for code in mapping if mapping[code] != "undisclosed")
        log(f"  {gid:<27} undisclosed {pct(undisclosed, row):4.1f}%  blank {pct(c[''], row):4.1f}%  "
            f"smallest {smallest[1]} ({smallest[0]:,})")
    for k, (gid, cats, first, last) in enumerate(GAPS):
        mapping = layout.groupings[g_column[gid]][2]
        inside = {code for code, cat in mapping.items() if cat in cats}
        outside = {code for code, cat in mapping.items() if cat not in cats and cat != "undisclosed"}
        gaps = []
        for q in range(first, last + 1):
            qi = q_index[f"q{q:02d}"]
            _, _, _, nonsub, positive = layout.questions[qi]
            rates = []
            for members in (inside, outside):
                base = pos = 0
                for (g, a), n in joint[(k, qi)].items():
                    if g in members and a != "" and a not in nonsub:
                        base += n
                        pos += n if a in positive else 0
                rates.append(pct(pos, base))
            gaps.append(f"q{q:02d} {rates[0]:.0f}% vs {rates[1]:.0f}%")
        log(f"  planted gap {gid} ({', '.join(sorted(cats))}), positive: " + "; ".join(gaps))
    problems_total = len(problems) + errors
    log("check: " + ("every cell is valid" if problems_total == 0 else f"{problems_total} problem(s)"))
    return problems_total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS, help=f"data rows (default {DEFAULT_ROWS:,})")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--out", help="output file (default bench/data/bench-1m.csv, or bench-<rows>.csv)")
    ap.add_argument("--check", action="store_true", help="validate every cell against the definition")
    ap.add_argument("--check-file", metavar="PATH", help="only validate PATH (any file in this layout) and exit")
    ap.add_argument("--force", action="store_true", help="regenerate even if the file is up to date")
    args = ap.parse_args()
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    if args.check_file:
        sys.exit(1 if check(args.check_file, Layout()) else 0)

    out = os.path.abspath(args.out) if args.out else data_path(args.rows)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    layout = Layout()
    meta_path = out + ".meta"
    wanted = {"rows": args.rows, "seed": args.seed,
              "generator_sha256": sha256_of(os.path.abspath(__file__)),
              "definition_sha256": sha256_of(DEFINITION)}
    meta = None
    try:
        with open(meta_path) as f:
            meta = json.load(f)
    except (OSError, ValueError):
        pass
    up_to_date = (not args.force and os.path.exists(out) and isinstance(meta, dict)
                  and {k: meta.get(k) for k in wanted} == wanted and meta.get("bytes") == os.path.getsize(out))
    if up_to_date:
        log(f"{out} is up to date ({args.rows:,} rows, seed {args.seed})")
    else:
        if os.path.exists(meta_path):
            os.remove(meta_path)
        log(f"generating {out}: {args.rows:,} rows, seed {args.seed}")
        t0 = time.perf_counter()
        generate(args.rows, args.seed, out, layout)
        seconds = time.perf_counter() - t0
        size = os.path.getsize(out)
        with open(meta_path, "w") as f:
            json.dump({**wanted, "bytes": size, "seconds": round(seconds, 2)}, f, indent=1)
            f.write("\n")
        log(f"wrote {size:,} bytes ({size / 2**20:.1f} MiB, {size / args.rows:.1f} bytes a row) in {seconds:.1f} s")
    if args.check and check(out, layout, args.rows):
        sys.exit(1)
    print(out)


if __name__ == "__main__":
    main()
