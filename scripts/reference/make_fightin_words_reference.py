#!/usr/bin/env python3
"""Reference values for core/stats/fightin_words.cpp.

The log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn
(2008), "Fightin' Words", Political Analysis 16(4): 372-403, written here from the
paper's formulas with numpy alone, independently of the C++ code:

    a_w     = a_0 * (y_iw + y_jw) / (n_i + n_j)           informative prior: corpus share
    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))     eq. 22
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)               eq. 20
    z_w     = delta_w / sqrt(var_w)

Input: tests/fixtures/text/fightin_words_counts.csv (term, count in the group, count in
the rest: stemmed unigrams and bigrams of a small consultation corpus). Output:
tests/reference/fightin_words_reference.json, one case per prior total a_0, terms
ranked by z descending (ties by term). Floats are written with repr(), which
round-trips exactly.

Run from the repository root: /usr/bin/python3 scripts/reference/make_fightin_words_reference.py
"""
import csv
import json
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
COUNTS = os.path.join(ROOT, "tests", "fixtures", "text", "fightin_words_counts.csv")
OUTPUT = os.path.join(ROOT, "tests", "reference", "fightin_words_reference.json")
PRIOR_TOTALS = [1.0, 50.0, 1000.0]


def read_counts(path):
    terms, group, rest = [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            terms.append(row["term"])
            group.append(float(row["group"]))
            rest.append(float(row["rest"]))
    return terms, np.array(group), np.array(rest)


def fightin_words(y_i, y_j, a0):
    n_i, n_j = y_i.sum(), y_j.sum()
    alpha = a0 * (y_i + y_j) / (n_i + n_j)
    delta = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha))
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, variance, delta / np.sqrt(variance)


def main():
    terms, y_i, y_j = read_counts(COUNTS)
    cases = []
    for a0 in PRIOR_TOTALS:
        delta, variance, z = fightin_words(y_i, y_j, a0)
        order = sorted(range(len(terms)), key=lambda k: (-z[k], terms[k]))
        cases.append({
            "prior_total": a0,
            "terms": [{"term": terms[k], "count_group": float(y_i[k]), "count_rest": float(y_j[k]),
                       "delta": float(delta[k]), "variance": float(variance[k]), "z": float(z[k])} for k in order],
        })
    document = {
        "generated_by": "scripts/reference/make_fightin_words_reference.py (Python %s, numpy %s)"
                        % (sys.version.split()[0], np.__version__),
        "input": "tests/fixtures/text/fightin_words_counts.csv",
        "cases": cases,
    }
    with open(OUTPUT, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
