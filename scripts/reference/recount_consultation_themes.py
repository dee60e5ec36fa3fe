#!/usr/bin/env python3
"""An independent recount of the themes in the bundled consultation sample (issue 19):
theme rates by group among respondents who wrote a "Please tell us why" comment, from
the CSV, the survey definition and the codebook only, written to
scripts/reference/library-consultation-themes.json so that gapfinder's theme gaps can be
checked against it.

Independent of gapfinder: its own tokeniser, negation and matching, written from the
rules as documented (docs/comments.md, core/text/tokenise.hpp, core/text/rule_coder.hpp),
not from the C++; stems from Snowball's English stemmer in Python (Debian's
python3-snowballstemmer, the same algorithm as libstemmer). It also knows nothing of the
generator: groups come from the definition's maps, and it compares its counts with the
generator's truth file only at the end, printing every difference (exit 1 if any).

Rules implemented: words are runs of letters and digits (ASCII and Latin-1 letters),
lower-cased, an apostrophe inside a word kept; a clause ends at . , ; : ! ? or a line
break; a keyword or phrase occurrence does not count when one of the 3 words before it
in the same clause is a negator. (The codebook has no "exclude" entries.)

Usage: /usr/bin/python3 scripts/reference/recount_consultation_themes.py
"""
import csv
import json
import os
import re
import sys
from collections import defaultdict

import snowballstemmer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CSV = os.path.join(ROOT, "surveys", "samples", "library-consultation-2025.csv")
TRUTH = os.path.join(ROOT, "surveys", "samples", "truth", "library-consultation-2025.truth.json")
DEFINITION = os.path.join(ROOT, "surveys", "library-consultation.json")
CODEBOOK = os.path.join(ROOT, "surveys", "codebooks", "library-consultation-why.json")
OUT = os.path.join(ROOT, "scripts", "reference", "library-consultation-themes.json")

NEGATORS = {"not", "no", "never", "without", "hardly", "cannot", "dont", "cant", "isnt", "wont", "didnt",
            "doesnt", "wasnt", "arent", "couldnt", "wouldnt", "shouldnt", "havent", "hasnt"}
LETTER = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
WORD = re.compile(f"[{LETTER}]+(?:['\u2019][{LETTER}]+)*")
CLAUSE_END = re.compile(r"[.,;:!?\n\r]")
STEMMER = snowballstemmer.stemmer("english")


def clauses(text):
    """Each clause as a list of (lower-cased word, stem)."""
    out = []
    for part in CLAUSE_END.split(text):
        words = [w.lower().replace("\u2019", "'") for w in WORD.findall(part)]
        out.append(list(zip(words, STEMMER.stemWords(words))))
    return out


def negated(clause, i):
    return any(w in NEGATORS or w.endswith("n't") for w, _ in clause[max(0, i - 3):i])


def themes_of(text, patterns):
    found = set()
    for clause in clauses(text):
        stems = [s for _, s in clause]
        for theme, seqs in patterns.items():
            if theme in found:
                continue
            for seq in seqs:
                n = len(seq)
                if any(stems[i:i + n] == seq and not negated(clause, i) for i in range(len(stems) - n + 1)):
                    found.add(theme)
                    break
    return found


def main():
    codebook = json.load(open(CODEBOOK, encoding="utf-8"))
    patterns = {t["id"]: [STEMMER.stemWords([w.lower() for w in WORD.findall(p)])
                          for p in t.get("keywords", []) + t.get("phrases", [])] for t in codebook["themes"]}
    definition = json.load(open(DEFINITION, encoding="utf-8"))
    why = next(c["column"] for c in definition["comments"] if c["id"] == codebook["question"])
    chars = [(c["characteristic"], c["column"], c["map"]) for c in definition["characteristics"]]

    counts = defaultdict(lambda: [0, defaultdict(int)])
    commented = 0
    with open(CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = row[why]
            if not text.strip():  # blank and whitespace-only are "no comment"
                continue
            commented += 1
            found = themes_of(text, patterns)
            for ch, col, m in chars:
                cat = m.get(row[col])
                if cat is None:  # blank or "Prefer not to say"
                    continue
                c = counts[(ch, cat)]
                c[0] += 1
                for t in found:
                    c[1][t] += 1

    ids = list(patterns)
    by_group = {}
    for (ch, cat), (n, hits) in sorted(counts.items()):
        by_group.setdefault(ch, {})[cat] = {"commented": n, "themes": {t: hits[t] for t in ids},
                                            "rates": {t: round(hits[t] / n, 4) for t in ids}}
    result = {"csv": os.path.relpath(CSV, ROOT), "codebook": os.path.relpath(CODEBOOK, ROOT),
              "method": "scripts/reference/recount_consultation_themes.py (Snowball via python3-snowballstemmer)",
              "commented": commented, "by_group": by_group}
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(result, f, indent=1)
        f.write("\n")

    truth = json.load(open(TRUTH, encoding="utf-8"))
    diffs = 0 if truth["commented"] == commented else 1
    for ch, cats in truth["by_group"].items():
        for cat, t in cats.items():
            mine = by_group.get(ch, {}).get(cat)
            if mine is None or mine["commented"] != t["commented"] or mine["themes"] != t["themes"]:
                diffs += 1
                print(f"differs from the planted truth: {ch}/{cat}: {mine and mine['themes']} vs {t['themes']}")
    print(f"wrote {OUT}: {commented} comments; {diffs} difference(s) from the planted truth")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
