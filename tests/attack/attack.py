#!/usr/bin/env python3
"""An attacker with unlimited queries against a running gapfinder server, signed in as a
viewer (docs/method.md, "Disclosure control"). It tries the three attacks that once
worked, and scores itself against the truth (the exact counts, which it never sees):

1. Switching thresholds off: every figure endpoint asked for less than the floor.
2. Filtering down to a person: every filter a viewer may try, alone and combined.
3. Subtraction, by three routes, for every question: (a) for every category c1 of a
   grouping the survey lets readers filter on, and every other characteristic C2, the
   line "c1 by C2" is published twice, as the table filtered to c1 and as a row of the
   intersection; a cell hidden in both, with every other cell of the line shown in one
   or the other, is the line's total less the shown cells. (b) A table filtered to a
   group of categories (age 16 to 34) less the tables filtered to its other members.
   (c) A table at level=group (Asian) less its other members at the recorded level,
   unfiltered and within every filter. From each isolated hidden cell the attacker
   works out its count, and its positive answers (a respondent's answer, when the cell
   is one person). The same cell reached by two routes must show the same figures (the
   cell key method's promise).
4. The trend (with the earlier wave stored): its rows repeat this wave's figures, which
   must be the table's, for groups the table shows, with no test statistic when counts
   are perturbed.

With perturbed counts the attacker knows the published parameters (the findings'
"counts" object) and weighs each estimate by them: its posterior for the hidden value
is the noise distribution of the sum of the published counts it subtracted. It
claims a value when that posterior reaches CONFIDENT. A claim that is true is a
recovery; any recovery of a count under the threshold, or of an answer, fails the run.

Python 3 standard library only. Exit 0: nothing recovered; 1: something was.
"""
import argparse
import http.cookiejar
import itertools
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

CONFIDENT = 0.95


class Client:
    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.requests = 0

    def call(self, method, path, body=None):
        self.requests += 1
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with self.opener.open(req) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def json(self, path):
        status, body = self.call("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]}")
        return json.loads(body)


def query(params):
    return "?" + urllib.parse.urlencode(params, doseq=True, safe="=,")


class Noise:
    """The distribution of a sum of m independent perturbations."""

    def __init__(self, counts):
        self.exact = counts.get("kind") != "perturbed"
        if not self.exact:
            shares, top = counts["perturbation_shares"], counts["max_perturbation"]
            total = sum(shares)
            self.one = {j - top: s / total for j, s in enumerate(shares)}
        self.cache = {}

    def of_sum(self, m):
        if self.exact or m == 0:
            return {0: 1.0}
        if m not in self.cache:
            dist = {0: 1.0}
            for _ in range(m):
                out = {}
                for a, pa in dist.items():
                    for b, pb in self.one.items():
                        out[a + b] = out.get(a + b, 0) + pa * pb
                dist = out
            self.cache[m] = dist
        return self.cache[m]

    def posterior(self, estimate, m, candidates):
        dist = self.of_sum(m)
        weights = {c: dist.get(round(estimate - c), 0.0) for c in candidates}
        total = sum(weights.values())
        if total == 0:
            return None, 0.0
        best = max(weights, key=weights.get)
        return best, weights[best] / total


def main():
    ap = argparse.ArgumentParser()
    for name in ("url", "user", "password", "survey", "wave", "truth"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--planted", help="what plant_respondents.py planted, to report")
    a = ap.parse_args()
    c = Client(a.url)
    status, body = c.call("POST", "/api/session", {"name": a.user, "password": a.password})
    if status != 200:
        sys.exit(f"attack.py: cannot sign in: {status} {body}")
    survey = next(s for s in c.json("/api/surveys")["surveys"] if s["id"] == a.survey)
    floor = survey["disclosure"]
    threshold = floor["suppress_below"]
    groupings = [g["id"] for g in survey["groupings"]]
    categories = {g["id"]: [x["id"] for x in g["categories"]] for g in survey["groupings"]}
    base = f"/api/surveys/{a.survey}/waves/{a.wave}"
    failures = []

    # 1. Thresholds switched off, on every figure endpoint.
    for endpoint in ("findings", "charts", "report", "action-plan"):
        for params in ({"suppress_below": 0}, {"min_base": 0}, {"suppress_below": threshold - 1},
                       {"below_disclosure_floor": 1}, {"counts": "exact"}):
            status, _ = c.call("GET", f"{base}/{endpoint}{query(params)}")
            if status != 400:
                failures.append(f"{endpoint}{query(params)} answered {status}, not 400")

    # 2. Filters down to a person: every grouping alone (each category), and every pair
    # of categories of the groupings the survey allows. Anything answered must cover at
    # least the survey's minimum, and show no base under the threshold.
    seen = []  # every findings document answered
    for g in groupings:
        for cat in categories[g]:
            by = next(x for x in groupings if x != g)
            status, body = c.call("GET", f"{base}/findings{query({'filter': f'{g}={cat}', 'by': by})}")
            if status == 200:
                seen.append(json.loads(body))
            elif status != 400:
                failures.append(f"filter {g}={cat}: {status}")
            if g not in floor["filter_by"] and status == 200:
                failures.append(f"filter {g}={cat} answered, though {g} is not a filter the survey allows")
    for g1, g2 in itertools.combinations(floor["filter_by"], 2):
        for c1, c2 in itertools.product(categories[g1], categories[g2]):
            status, body = c.call("GET", f"{base}/findings{query({'filter': [f'{g1}={c1}', f'{g2}={c2}']})}")
            if status == 200:
                seen.append(json.loads(body))
    for g in floor["filter_by"]:
        # Several categories at once: the partial sums that made subtraction possible.
        two = ",".join(categories[g][:2])
        status, _ = c.call("GET", f"{base}/findings{query({'filter': f'{g}={two}'})}")
        if status != 400:
            failures.append(f"filter {g}={two} (two categories) answered {status}, not 400")

    # 3. Subtraction, line by line.
    truth = json.load(open(a.truth, encoding="utf-8"))
    exact, one_exact = {}, {}
    for r in truth["results"]:
        one_exact[(r["question"], r["characteristic"], r["group"])] = (r["n"], r["positives"])
    for r in truth["intersections"]:
        exact[(r["question"], r["characteristic"], r["group"])] = (r["n"], r["positives"])
    everything = c.json(f"{base}/findings{query({'intersections': 1})}")
    seen.append(everything)
    noise = Noise(everything.get("counts", {}))
    cells = {}  # (question, "A x B", "a x b") -> row, from the intersections
    for r in everything["intersections"]:
        cells[(r["question"], r["characteristic"], r["group"])] = r

    def cell_of(q, g1, c1, g2, c2):
        """The intersection cell of c1 and c2 as published, and its key in the truth."""
        for key in ((q, f"{g1} x {g2}", f"{c1} x {c2}"), (q, f"{g2} x {g1}", f"{c2} x {c1}")):
            if key in exact or key in cells:
                return cells.get(key), key
        return None, None

    attacked = recovered_counts = recovered_answers = inconsistent = 0
    best_posterior = 0.0

    def attack(where, estimate_n, estimate_x, terms, true_n, true_x):
        """Weighs one isolated hidden cell's estimates; records what it recovers."""
        nonlocal attacked, recovered_counts, recovered_answers, best_posterior
        attacked += 1
        value, confidence = noise.posterior(estimate_n, terms, range(0, 3 * threshold))
        best_posterior = max(best_posterior, confidence)
        if confidence >= CONFIDENT and value == true_n:
            recovered_counts += 1
            failures.append(f"{where}: a count of {true_n} recovered (posterior {confidence:.3f})")
        value, confidence = noise.posterior(estimate_x, terms, range(0, 3 * threshold))
        best_posterior = max(best_posterior, confidence)
        if confidence >= CONFIDENT and value == true_x:
            recovered_answers += 1
            what = (f"one respondent's answer ({'positive' if true_x else 'not positive'})" if true_n == 1
                    else f"{true_x} positive answers of {true_n}")
            failures.append(f"{where}: {what} recovered (posterior {confidence:.3f})")

    # The tables filtered to each category, and to each group of categories, kept for
    # the hierarchy: a group's table less its other members' gives the member's.
    by_filter = {}
    recorded = {}  # the categories the intersections are made of (not the groups of them)
    for r in everything["results"]:
        if not r["undisclosed"]:
            recorded.setdefault(r["characteristic"], []).append(r["group"]) if r["group"] not in recorded.get(r["characteristic"], []) else None
    for g1 in floor["filter_by"]:
        for c1 in recorded.get(g1, []):
            status, body = c.call("GET", f"{base}/findings{query({'filter': f'{g1}={c1}', 'compare': 'overall'})}")
            if status != 200:
                continue  # refused: the filter leaves too few respondents
            filtered = json.loads(body)
            seen.append(filtered)
            by_filter[(g1, c1)] = filtered
            lines = {}
            for r in filtered["results"]:
                if not r["undisclosed"] and r["characteristic"] != g1:
                    lines.setdefault((r["question"], r["characteristic"]), []).append(r)
            for (q, g2), rows in lines.items():
                shown = [r for r in rows if not r["suppressed"]]
                if not shown:
                    continue
                total_n, total_x = shown[0]["rest_n"], shown[0]["rest_positives"]  # compare=overall: the line's total
                known_n = known_x = 0.0
                terms = 1  # the total
                unknown = []
                for r in rows:
                    cell, key = cell_of(q, g1, c1, g2, r["group"])
                    if not r["suppressed"]:
                        figures = (r["n"], r["positives"])
                        if cell and not cell["suppressed"] and (cell["n"], cell["positives"]) != figures:
                            inconsistent += 1
                            failures.append(f"{q} {c1} x {r['group']}: the filtered table says {figures}, "
                                            f"the intersection {(cell['n'], cell['positives'])}")
                    elif cell and not cell["suppressed"]:
                        figures = (cell["n"], cell["positives"])
                    else:
                        unknown.append(key)
                        continue
                    known_n += figures[0]
                    known_x += figures[1]
                    terms += 1
                if len(unknown) != 1 or unknown[0] is None:
                    continue  # nothing isolated: two or more cells hide together
                true_n, true_x = exact[unknown[0]]
                if true_n >= threshold:
                    continue  # a secondary cell: not a count under the threshold
                attack(f"{q} {'/'.join(unknown[0][1:])} (its line's total)", total_n - known_n, total_x - known_x, terms,
                       true_n, true_x)

    # The hierarchy: filtered to a group of categories (age 16 to 34) and to each of
    # its members (16 to 24, 25 to 34), a member's hidden cell is the group's shown
    # cell less the other members' shown cells.
    members = {}
    for g in survey["groupings"]:
        for x in g["categories"]:
            if x.get("group"):
                members.setdefault((g["id"], x["group"]), []).append(x["id"])
    for (g1, group), ids in members.items():
        if g1 not in floor["filter_by"]:
            continue
        status, body = c.call("GET", f"{base}/findings{query({'filter': f'{g1}={group}'})}")
        if status != 200:
            continue
        whole = json.loads(body)
        seen.append(whole)
        def figures(doc, q, g2, c2):
            for r in doc["results"] if doc else []:
                if r["question"] == q and r["characteristic"] == g2 and r["group"] == c2 and not r["suppressed"]:
                    return r["n"], r["positives"]
            return None
        for r in whole["results"]:
            if r["undisclosed"] or r["suppressed"] or r["characteristic"] == g1:
                continue
            q, g2, c2 = r["question"], r["characteristic"], r["group"]
            for target in ids:
                others = [figures(by_filter.get((g1, m)), q, g2, c2) for m in ids if m != target]
                if any(o is None for o in others):
                    continue
                mine = figures(by_filter.get((g1, target)), q, g2, c2)
                _, key = cell_of(q, g1, target, g2, c2)
                if mine is not None or key is None or key not in exact:
                    continue
                true_n, true_x = exact[key]
                if true_n >= threshold:
                    continue
                attack(f"{q} {'/'.join(key[1:])} (the group {group} less its other members)",
                       r["n"] - sum(o[0] for o in others), r["positives"] - sum(o[1] for o in others), 1 + len(others),
                       true_n, true_x)

    # Levels: a table at level=group (Asian) less its other members at the recorded
    # level (Indian, Bangladeshi...) gives a member's hidden cell, unfiltered and in
    # every filtered table.
    one_d = {}
    for r in everything["results"]:
        one_d[(r["question"], r["characteristic"], r["group"])] = r
    tables = [(None, everything)] + list(by_filter.items())
    for where, recorded_doc in tables:
        params = {"level": "group"}
        if where:
            params["filter"] = f"{where[0]}={where[1]}"
        status, body = c.call("GET", f"{base}/findings{query(params)}")
        if status != 200:
            continue
        grouped = json.loads(body)
        seen.append(grouped)
        shown_recorded = {(r["question"], r["characteristic"], r["group"]): r for r in recorded_doc["results"]}
        for r in grouped["results"]:
            if r["undisclosed"] or r["suppressed"] or (r["characteristic"], r["group"]) not in members:
                continue
            q, g2, group = r["question"], r["characteristic"], r["group"]
            ids = members[(g2, group)]
            for target in ids:
                mine = shown_recorded.get((q, g2, target))
                if mine is None or not mine["suppressed"]:
                    continue
                # A member with no row has no respondents: it adds nothing.
                others = [o for o in (shown_recorded.get((q, g2, m)) for m in ids if m != target) if o is not None]
                if any(o["suppressed"] for o in others):
                    continue
                if where:
                    _, key = cell_of(q, where[0], where[1], g2, target)
                    truth_row = exact.get(key) if key else None
                else:
                    truth_row = one_exact.get((q, g2, target))
                if truth_row is None or truth_row[0] >= threshold:
                    continue
                attack(f"{q} {g2} {target}{' in ' + '='.join(where) if where else ''} (level group less its other members)",
                       r["n"] - sum(o["n"] for o in others), r["positives"] - sum(o["positives"] for o in others),
                       1 + len(others), truth_row[0], truth_row[1])

    # 4. The trend, on by default when an earlier wave is stored: each of its rows shows
    # this wave's figures for a group again. They must be the table's own (perturbed)
    # figures, for a group the table shows, and carry no test statistic when counts are
    # perturbed (a z or p from the exact counts would give them back).
    trend_rows = 0
    shown_rows = {(r["question"], r["characteristic"], r["group"]): r for r in everything["results"]}
    for t in everything.get("trend", []):
        if t["suppressed"]:
            continue
        trend_rows += 1
        where = f"trend {t['question']} {t['characteristic']} {t['group']} ({t['from_wave']} to {t['to_wave']})"
        r = shown_rows.get((t["question"], t["characteristic"], t["group"]))
        if r is None or r["suppressed"]:
            failures.append(f"{where}: figures shown for a group the wave's table hides")
        elif abs(t["to_rate"] - r["rate"]) > 1e-9 or abs(t["to_rest_rate"] - r["rest_rate"]) > 1e-9:
            inconsistent += 1
            failures.append(f"{where}: rates {t['to_rate']}, {t['to_rest_rate']} where the table shows {r['rate']}, {r['rest_rate']}")
        if not noise.exact and (t["z"] is not None or t["p"] is not None):
            failures.append(f"{where}: a test statistic published with perturbed counts")

    # Every document answered: no shown base under the threshold, no filter under the minimum.
    for doc in seen:
        if doc["settings"]["filters"] and doc["respondents_analysed"] < floor["min_filtered_respondents"]:
            failures.append(f"a filter {doc['settings']['filters']} answered for {doc['respondents_analysed']} respondents")
        for r in doc["results"] + doc["intersections"]:
            if not r["undisclosed"] and not r["suppressed"] and r["n"] is not None and r["n"] < threshold:
                failures.append(f"{r['question']} {r['characteristic']} {r['group']}: a base of {r['n']} is shown")

    planted = json.load(open(a.planted, encoding="utf-8"))["planted"] if a.planted else []
    print(f"attack.py: {a.survey}: {c.requests} requests; {len(planted)} planted respondents; {attacked} hidden cells under "
          f"{threshold} isolated by subtraction; counts recovered {recovered_counts}, answers recovered "
          f"{recovered_answers}, same cell shown differently {inconsistent}; {trend_rows} trend rows checked; highest posterior "
          f"{best_posterior:.3f} (claims need {CONFIDENT}); counts {'exact' if noise.exact else 'perturbed'}")
    for f in failures[:40]:
        print("  RECOVERED/FAILED: " + f)
    if len(failures) > 40:
        print(f"  ... and {len(failures) - 40} more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
