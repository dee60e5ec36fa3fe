#!/usr/bin/env python3
"""The analyse benchmark's pandas peer: gapfinder's --intersections analysis, in pandas.

Usage: /usr/bin/python3 bench/peers/pandas_analysis.py [--groups-only] [--means] DATA.csv SURVEY.json OUT.csv
       /usr/bin/python3 bench/peers/pandas_analysis.py --version
(--groups-only: the plain job, every group of every grouping and no pairs. --means, with
--groups-only: the means job, which adds each group's and the rest's mean score and
Welch's t-test, as gapfinder publishes on every row.)

Reads the survey file DATA.csv and the survey definition SURVEY.json (scales with their
positive and non-substantive codes; characteristics and dimensions whose cells are codes
mapped to category ids) and writes, for every question, every grouping (characteristics,
then dimensions, in definition order) and every pair of groupings, one row per disclosed
group or cell with at least one respondent:

  kind,question,characteristic,group,n,positives,rate,ci_low,ci_high,
  rest_n,rest_positives,rest_rate,gap_pp,z

n is the valid base (answers on the scale, not non-substantive), positives the positive
answers, the Wilson 95% interval for the rate, and the comparison with the rest: every
other respondent disclosed on the grouping (for a pair: on both) with a valid answer.
gap_pp = 100 * (rate - rest_rate); z is the pooled two-proportion z statistic. With
--means four more columns follow: mean, rest_mean, t, df (the mean score of valid answers,
each point scored by its `score`, else its code; Welch's t and its Welch-Satterthwaite
degrees of freedom), computed from the counts of each scale point in the same order of
operations as gapfinder's stats/means.cpp, so that they can agree to the last bit. Empty
cells are undefined figures (a base of 0). Floats are written exactly (shortest repr).

How: two boolean matrices, respondents x questions (valid, positive), stacked as one
int64 block; each grouping becomes an integer code per respondent (-1 = undisclosed);
one groupby-sum per pair of groupings, keeping the undisclosed codes, so each single
grouping's table is a re-aggregation of one of its pair tables (66 passes over the rows,
not 78). The statistics are vectorised over the stacked long table.
"""
import json
import sys

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # two-sided 95% normal quantile, as gapfinder's wilson_interval
UNDISCLOSED = "undisclosed"
COLUMNS = ["kind", "question", "characteristic", "group", "n", "positives", "rate", "ci_low", "ci_high",
           "rest_n", "rest_positives", "rest_rate", "gap_pp", "z"]
MEAN_COLUMNS = ["mean", "rest_mean", "t", "df"]


def load_definition(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    questions = []
    for q in d["questions"]:
        scale = d["scales"][q["scale"]]
        non_substantive = set(scale.get("non_substantive", []))
        points = [p for p in scale["points"] if p["code"] not in non_substantive]
        valid = [p["code"] for p in points]
        scores = [float(p.get("score", p["code"])) for p in points]
        questions.append((q["id"], q.get("column", q["id"]), valid, list(scale["positive"]), scores))
    groupings = []  # (id, column, {code text: category id}, [category ids in order])
    for g in d.get("characteristics", []) + d.get("dimensions", []):
        gid = g.get("characteristic") or g["id"]
        mapping = {str(k): v for k, v in g["map"].items() if v != UNDISCLOSED}
        categories = list(dict.fromkeys(mapping.values()))
        groupings.append((gid, g.get("column", gid), mapping, categories))
    return questions, groupings


def grouping_codes(series, mapping, categories):
    """Category index per respondent (int16), -1 where undisclosed (blank, "99", unmapped)."""
    index = {c: i for i, c in enumerate(categories)}
    lookup = np.array([index.get(mapping.get(text), -1) for text in series.cat.categories] + [-1], dtype=np.int16)
    return lookup[series.cat.codes.to_numpy()]  # code -1 (NaN) picks the trailing -1


def moments(counts, scores):
    """n, mean and variance per row of `counts` (cells x points), in the order of
    operations of gapfinder's moments_from_counts: sums over the points in scale order,
    then the two-pass variance centred on the mean."""
    n = np.zeros(counts.shape[0])
    total = np.zeros(counts.shape[0])
    for i, s in enumerate(scores):
        n += counts[:, i]
        total += counts[:, i] * s
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        squares = np.zeros(counts.shape[0])
        for i, s in enumerate(scores):
            squares += counts[:, i] * (s - mean) * (s - mean)
        variance = np.where(n > 1, squares / (n - 1), np.nan)
    return n, mean, variance


def welch(na, ma, vara, nb, mb, varb):
    """Welch's t and its Welch-Satterthwaite df, as gapfinder's welch_t_test (NaN where
    either side has fewer than 2 answers or no variance)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        va, vb = vara / na, varb / nb
        se2 = va + vb
        t = (ma - mb) / np.sqrt(se2)
        df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    undefined = (na < 2) | (nb < 2) | ~(se2 > 0)
    return np.where(undefined, np.nan, t), np.where(undefined, np.nan, df)


def point_counts(group_codes, categories, point_index, points):
    """Respondents per (category, scale point): one bincount over a combined key; the
    undisclosed (-1) and the answers off the scale (-1) fall in row and column 0, dropped."""
    width = points + 1
    key = (group_codes.astype(np.int32) + 1) * width + (point_index.astype(np.int32) + 1)
    table = np.bincount(key, minlength=(len(categories) + 1) * width).reshape(len(categories) + 1, width)
    return table[1:, 1:].astype(np.float64)


def main():
    if sys.argv[1:] == ["--version"]:
        print(f"pandas {pd.__version__}, numpy {np.__version__}")
        return
    args = sys.argv[1:]
    groups_only = args[:1] == ["--groups-only"]  # the plain job: no pairs
    if groups_only:
        args = args[1:]
    with_means = args[:1] == ["--means"]
    if with_means:
        args = args[1:]
        if not groups_only:
            sys.exit("--means needs --groups-only: the means job has no pairs")
    if len(args) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    data, definition, out = args
    questions, groupings = load_definition(definition)
    answer_cols = [q[1] for q in questions]
    group_cols = [g[1] for g in groupings]
    frame = pd.read_csv(data, usecols=answer_cols + group_cols,
                        dtype={**{c: "float32" for c in answer_cols}, **{c: "category" for c in group_cols}})

    # valid and positive, respondents x questions, as one int64 block (n sums, then x
    # sums), filled in place: C order, so that groupby-sum reads it row by row.
    qids = [q[0] for q in questions]
    nq = len(qids)
    answers = frame[answer_cols].to_numpy(np.float32)
    counts = np.empty((len(frame), 2 * nq), dtype=np.int64)
    point_index = np.full((len(frame), nq), -1, dtype=np.int8) if with_means else None
    for j, (_, _, valid_codes, positive_codes, _) in enumerate(questions):
        valid = np.isin(answers[:, j], valid_codes)
        counts[:, j] = valid
        counts[:, nq + j] = valid & np.isin(answers[:, j], positive_codes)
        if with_means:
            for i, code in enumerate(valid_codes):
                point_index[answers[:, j] == code, j] = i
    block = pd.DataFrame(counts, copy=False)
    codes = [grouping_codes(frame[g[1]], g[2], g[3]) for g in groupings]
    del frame, answers, counts

    # One groupby per pair (undisclosed kept as -1); singles re-aggregated from a pair.
    # The plain job groups by each grouping alone instead.
    k = len(groupings)
    pair_sums = {}
    single_sums = {}
    for i in range(k):
        if groups_only:
            single_sums[i] = block.groupby(codes[i]).sum()
            continue
        for j in range(i + 1, k):
            pair_sums[i, j] = block.groupby([codes[i], codes[j]]).sum()
    del block

    tables = []  # (kind, characteristic, group labels, sums over disclosed groups/cells)
    for i, (gid, _, _, cats) in enumerate(groupings):
        if groups_only:
            single = single_sums[i]
        else:
            t = pair_sums[i, i + 1] if i + 1 < k else pair_sums[i - 1, i]
            single = t.groupby(level=0 if i + 1 < k else 1).sum()
        single = single[single.index >= 0]
        present = single.index.to_numpy()
        means = None
        if with_means:  # per question: (mean, rest_mean, t, df), each cells long
            means = []
            for j, q in enumerate(questions):
                table = point_counts(codes[i], cats, point_index[:, j], len(q[2]))[present]
                rest = table.sum(axis=0) - table
                na, ma, va = moments(table, q[4])
                nb, mb, vb = moments(rest, q[4])
                means.append((ma, mb) + welch(na, ma, va, nb, mb, vb))
        tables.append(("group", gid, np.array(cats, dtype=object)[present], single.to_numpy(), means))
    for (i, j), t in pair_sums.items():
        a, b = t.index.get_level_values(0).to_numpy(), t.index.get_level_values(1).to_numpy()
        keep = (a >= 0) & (b >= 0)
        ca, cb = np.array(groupings[i][3], dtype=object), np.array(groupings[j][3], dtype=object)
        labels = ca[a[keep]] + " x " + cb[b[keep]]
        tables.append(("intersection", f"{groupings[i][0]} x {groupings[j][0]}", labels, t.to_numpy()[keep], None))

    # Long table: one row per (group or cell) x question.
    parts = []
    for order, (kind, char, labels, sums, means) in enumerate(tables):
        n, x = sums[:, :nq], sums[:, nq:]
        rest_n, rest_x = n.sum(axis=0) - n, x.sum(axis=0) - x
        cells = len(labels)
        parts.append(pd.DataFrame({
            "kind": kind, "question": np.repeat(np.array(qids, dtype=object)[None, :], cells, 0).ravel(),
            "characteristic": char, "group": np.repeat(labels, nq),
            "n": n.ravel(), "positives": x.ravel(), "rest_n": rest_n.ravel(), "rest_positives": rest_x.ravel(),
            "_set": order, "_cell": np.repeat(np.arange(cells), nq), "_q": np.tile(np.arange(nq), cells),
            # cells x questions, raveled like the columns above
            **({name: np.stack([m[f] for m in means], axis=1).ravel() for f, name in enumerate(MEAN_COLUMNS)}
               if means is not None else {})}))
    rows = pd.concat(parts, ignore_index=True)

    # Statistics, in the same operation order as gapfinder's stats/proportions.cpp.
    n = rows["n"].to_numpy(np.float64)
    x = rows["positives"].to_numpy(np.float64)
    rn = rows["rest_n"].to_numpy(np.float64)
    rx = rows["rest_positives"].to_numpy(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        rest_p = rx / rn
        z2 = Z95 * Z95
        denominator = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denominator
        half = Z95 * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
        low = np.where(p <= 0, 0.0, np.maximum(0.0, centre - half))
        high = np.where(p >= 1, 1.0, np.minimum(1.0, centre + half))
        pooled = (x + rx) / (n + rn)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n + 1 / rn))
        z = np.where(se > 0, (x / n - rx / rn) / se, np.nan)
    undefined = ~(n > 0)
    rows["rate"] = p
    rows["ci_low"] = np.where(undefined, np.nan, low)
    rows["ci_high"] = np.where(undefined, np.nan, high)
    rows["rest_rate"] = rest_p
    rows["gap_pp"] = 100 * (p - rest_p)
    rows["z"] = np.where(undefined | ~(rn > 0), np.nan, z)

    rows["_kind"] = (rows["kind"] == "intersection").astype(np.int8)
    rows.sort_values(["_kind", "_q", "_set", "_cell"], inplace=True, kind="stable")
    rows.to_csv(out, columns=COLUMNS + (MEAN_COLUMNS if with_means else []), index=False)  # NaN -> empty; floats as repr (exact)
    print(f"wrote {len(rows):,} rows to {out}")


if __name__ == "__main__":
    main()
