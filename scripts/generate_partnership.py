#!/usr/bin/env python3
"""Writes one Citizen's Panel file per council of a partnership, for the partnership demo
(scripts/partnership-demo.sh) and the partnership load bench (bench/partnership_load.sh):

  OUT/<council-slug>-citizens-panel-2025.csv   3,000 residents each (--rows)

The seven councils are those of the Leicestershire District Councils Equality and
Diversity Partnership (../shared/seeds: the partnership's single equality scheme). Each
council's residents are drawn as the bundled 2025 panel sample is (scripts/
generate_samples.py: the Harrow profile and its planted gaps), from a seed of its own,
and one council has a gap of its own planted on top: in Melton, disabled residents are
a further 25 points less likely to say they are treated fairly, so that the partnership
has a gap that only one council shows. The files are checked cell by cell against the
survey definition, as the bundled samples are, before the script reports success.

Python 3 standard library only.
Usage: /usr/bin/python3 scripts/generate_partnership.py --out DIR [--councils 7] [--rows 3000] [--seed 2026]
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_samples as samples  # noqa: E402  (the shared people, answers and checks)

COUNCILS = ["Blaby", "Charnwood", "Harborough", "Hinckley and Bosworth", "Melton", "North West Leicestershire",
            "Oadby and Wigston"]
OWN_GAP_COUNCIL = "Melton"
OWN_GAP_POINTS = 0.25


def slug(name):
    return "-".join(name.lower().split())


PANEL_EFFECT = samples.panel_effect  # the bundled samples' own, before any council's is put in its place


def council_effect(council):
    """panel_effect, with the one council's own gap added."""
    base = PANEL_EFFECT

    def effect(q, p, wave):
        d = base(q, p, wave)
        if council == OWN_GAP_COUNCIL and q == "treated_fairly" and p["disabled"]:
            d -= OWN_GAP_POINTS
        return d
    return effect


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="folder to write the councils' files to")
    ap.add_argument("--councils", type=int, default=len(COUNCILS), help=f"how many councils, 1 to {len(COUNCILS)}")
    ap.add_argument("--rows", type=int, default=3000, help="residents per council (default 3000)")
    ap.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = ap.parse_args()
    if not 1 <= args.councils <= len(COUNCILS):
        ap.error(f"--councils: give 1 to {len(COUNCILS)}")
    if args.rows < 1:
        ap.error("--rows: give at least 1")

    catalogue_ids = samples.check_catalogue_in_sync()
    pop = samples.Population(samples.load_benchmark())
    d = samples.load_definition("citizens-panel")
    os.makedirs(args.out, exist_ok=True)
    problems = []
    try:
        for council in COUNCILS[:args.councils]:
            samples.panel_effect = council_effect(council)
            rng = random.Random(f"{args.seed}:{council}:citizens-panel:2025")
            rows = samples.make_panel_rows(rng, pop, d, "2025", args.rows)
            path = os.path.join(args.out, f"{slug(council)}-citizens-panel-2025.csv")
            samples.write_csv(path, samples.columns_of(d), rows, "\n", False)
            found = samples.check_file(path, d, args.rows, False, "\n", catalogue_ids, r"P25-\d{5}")
            problems += found
            print(f"wrote {path}: {council}, {args.rows} residents, {'ok' if not found else str(len(found)) + ' problem(s)'}")
    finally:
        samples.panel_effect = PANEL_EFFECT
    for p in problems[:30]:
        print("  " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
