#!/usr/bin/env python3
"""Writes the attack test's sample: the bundled Citizen's Panel 2025 file with a few
respondents planted in rare combinations of characteristics (the rarest categories the
sample has), and what is true about them, for tests/attack/attack.py to score itself
against. Deterministic: the same input gives byte-identical files.

Usage: plant_respondents.py SAMPLE.csv OUT.csv TRUTH.json
Python 3 standard library only.
"""
import csv
import json
import random
import sys
from collections import Counter

# Characteristic columns of surveys/citizens-panel.json, by header text prefix.
CHARACTERISTICS = {
    "age": "What is your age group?",
    "sex": "What is your sex?",
    "gender_identity": "Is the gender you identify with",
    "disability": "Do you consider yourself to be disabled?",
    "race": "What is your ethnic group?",
    "religion": "What is your religion or belief",
    "sexual_orientation": "Which of the following best describes your sexual",
    "marriage": "What is your legal marital",
    "pregnancy": "Are you currently pregnant",
    "carer": "Do you look after",
    "socio_economic": "Which of the following best describes your current",
}
PLANTED = 5


def main(sample, out_path, truth_path):
    with open(sample, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    column = {key: next(i for i, h in enumerate(header) if h.startswith(prefix)) for key, prefix in CHARACTERISTICS.items()}
    questions = [i for i, h in enumerate(header) if h.startswith("Q")]
    rng = random.Random(2025)

    # For each characteristic, its categories from rarest to most common (not blank or
    # "Prefer not to say": a planted person discloses everything).
    rare = {}
    for key, i in column.items():
        counts = Counter(r[i] for r in body if r[i] and 'prefer not' not in r[i].lower())
        rare[key] = [v for v, _ in sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))]
    answers = {i: sorted({r[i] for r in body if r[i]}) for i in questions}

    truth = []
    planted_rows = []
    for p in range(PLANTED):
        row = list(body[p])
        row[0] = f"PLANTED-{p + 1}"
        who = {}
        for key, i in column.items():
            # The p-th rarest category of each characteristic, where there are enough.
            value = rare[key][min(p, len(rare[key]) - 1)]
            row[i] = value
            who[key] = value
        said = {}
        for i in questions:
            row[i] = rng.choice(answers[i])
            said[header[i]] = row[i]
        planted_rows.append(row)
        truth.append({"id": row[0], "characteristics": who, "answers": said})

    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)
        w.writerows(planted_rows)
    with open(truth_path, "w", encoding="utf-8") as f:
        json.dump({"planted": truth}, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
