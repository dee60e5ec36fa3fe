#!/usr/bin/env python3
"""The partnership demo, end to end on one store (SQLite or PostgreSQL): seven councils of
the Leicestershire partnership each upload their own Citizen's Panel wave through the web
app, signed in as their own analyst; the partnership's officer, who can reach no council's
rows, reads the pooled findings and downloads the partnership's EFLG action plan.

  /usr/bin/python3 scripts/partnership_demo.py (--db STORE | --test-backend sqlite|postgresql)
        [--out DIR] [--gapfinder build/gapfinder] [--councils 7] [--rows 3000]

STORE is a new SQLite file's path or the postgresql:// URL of an empty database. For the
tests, --test-backend makes a fresh store: a file in DIR, or a new database on the
PostgreSQL server GAPFINDER_TEST_PG_URL names (scripts/pg-cluster.sh), dropped at the
end; with that variable unset the run is skipped (exit 77). Writes
into DIR (default ./partnership-demo): the councils' files, the pooled findings JSON,
the plan (partnership-plan.xlsx) and each council's count cube. Then checks what a
partnership promises:

  - the pooled findings the web app serves equal `gapfinder pool analyse --counts
    perturbed` of the councils' own cubes (exported with `gapfinder cube export
    --organisation`), figure for figure;
  - each council's analyst reads findings of its own residents only;
  - the comparison of councils confirms the one gap planted in one council (Melton's
    disabled residents on fair treatment), and no other council's on that question;
  - the partnership's officer gets 404 on every route that reads a council's rows.

Exits 1 naming the first promise broken. Python 3 standard library only.
"""
import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from generate_partnership import COUNCILS, OWN_GAP_COUNCIL, slug  # noqa: E402

PARTNERSHIP = "Leicestershire District Councils Partnership"
SURVEY, WAVE = "citizens-panel", "2025"
FINDINGS = f"/api/surveys/{SURVEY}/waves/{WAVE}/findings"


class Failure(Exception):
    pass


class Client:
    """One signed-in user of the web app: a cookie jar and the session's CSRF token."""

    def __init__(self, base, name, password):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        status, body = self.request("POST", "/api/session", json.dumps({"name": name, "password": password}).encode(),
                                    {"Content-Type": "application/json"})
        if status != 200:
            raise Failure(f"{name} could not sign in: {status} {body[:200]!r}")
        self.csrf = json.loads(body)["csrf_token"]
        self.name = name

    def request(self, method, path, data=None, headers=None):
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=dict(headers or {}))
        if method != "GET" and getattr(self, "csrf", None):
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=300) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def get(self, path):
        return self.request("GET", path)

    def upload(self, path, file_path):
        boundary = uuid.uuid4().hex
        with open(file_path, "rb") as f:
            content = f.read()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(file_path)}\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def run(gapfinder, *args, stdin=None):
    r = subprocess.run([gapfinder, *args], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure(f"gapfinder {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def start_server(gapfinder, db, log_dir):
    out = open(os.path.join(log_dir, "serve.out"), "w")
    err = open(os.path.join(log_dir, "serve.err"), "w")
    proc = subprocess.Popen([gapfinder, "serve", "--port", "0", "--bind", "127.0.0.1", "--db", db], stdout=out, stderr=err)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with open(os.path.join(log_dir, "serve.out")) as f:
            m = re.search(r"on http://127\.0\.0\.1:(\d+)/", f.read())
        if m:
            return proc, f"http://127.0.0.1:{m.group(1)}"
        if proc.poll() is not None:
            raise Failure("gapfinder serve exited: " + open(os.path.join(log_dir, "serve.err")).read())
        time.sleep(0.1)
    proc.kill()
    raise Failure("gapfinder serve printed no address within 60 s")


def figures(pooled):
    """Every published figure of a pooled findings document (schema gapfinder-pooled/1),
    by where it is, to compare two routes to the same analysis: each group's row of each
    question, and each council's row against the partnership."""
    out = {}
    for r in pooled["findings"]["results"]:
        out[("pooled", r["question"], r["characteristic"], r["group"])] = {
            k: r.get(k) for k in ("n", "positives", "rate", "rest_rate", "gap_pp", "p_adj", "flagged", "suppressed")}
    for r in pooled["councils"]:
        out[(r["organisation"], r["question"], r["characteristic"], r["group"])] = {
            k: r.get(k) for k in ("n", "positives", "rate", "partnership_rate", "gap_pp", "p_adj", "flagged", "suppressed")}
    return out


class FreshPostgresqlDatabase:
    """A new database on the server GAPFINDER_TEST_PG_URL names, dropped on exit."""

    def __init__(self, server_url):
        self.server_url = server_url
        self.name = f"gapfinder_partnership_demo_{os.getpid()}"
        parts = urllib.parse.urlsplit(server_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))

    def __enter__(self):
        subprocess.run(["psql", self.server_url, "-q", "-c", f"CREATE DATABASE {self.name}"], check=True)
        return self.url

    def __exit__(self, *exc):
        subprocess.run(["psql", self.server_url, "-q", "-c", f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"],
                       check=False)


def print_confirmed_gaps(pooled):
    """What the partnership's officer reads first: the confirmed gaps, pooled and by council."""
    questions = {q["id"]: q["text"] for q in pooled["findings"].get("questions", [])}
    pooled_gaps = [r for r in pooled["findings"]["results"] if r.get("flagged") and not r.get("suppressed")]
    print(f"  {len(pooled_gaps)} confirmed gap(s) across the partnership, for example:")
    for r in sorted(pooled_gaps, key=lambda r: -abs(r["gap_pp"]))[:3]:
        print(f"    {r['group_label']}: {100 * r['rate']:.0f}% positive against {100 * r['rest_rate']:.0f}% of other "
              f"residents ({r['gap_pp']:+.1f} points) on \"{questions.get(r['question'], r['question'])}\"")
    council_gaps = [r for r in pooled["councils"] if r.get("flagged") and not r.get("suppressed") and r.get("in_words")]
    print(f"  {len(council_gaps)} council(s)' group(s) confirmed apart from the partnership, for example:")
    for r in sorted(council_gaps, key=lambda r: -abs(r["gap_pp"]))[:3]:
        print(f"    {r['in_words']}")


def check_the_planted_council_gap(pooled, councils):
    """generate_partnership.py plants one gap in one council only: the partnership's
    comparison of councils must confirm it, and no other council's on that question."""
    if OWN_GAP_COUNCIL not in councils:
        return
    confirmed = {(r["organisation"], r["group"]) for r in pooled["councils"]
                 if r["question"] == "treated_fairly" and r["characteristic"] == "disability" and r.get("flagged")
                 and not r.get("suppressed") and r["gap_pp"] < 0}
    if confirmed != {(OWN_GAP_COUNCIL, "disabled")}:
        raise Failure(f"the councils confirmed behind the partnership on treated_fairly by disability are {sorted(confirmed)}, "
                      f"expected only {OWN_GAP_COUNCIL}'s disabled residents (the gap planted there)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    store = ap.add_mutually_exclusive_group(required=True)
    store.add_argument("--db", help="a new SQLite file, or the postgresql:// URL of an empty database")
    store.add_argument("--test-backend", choices=["sqlite", "postgresql"], help="a fresh store of this kind (for the tests)")
    ap.add_argument("--out", default="partnership-demo", help="where to write the files (default ./partnership-demo)")
    ap.add_argument("--gapfinder", default=os.path.join(ROOT, "build", "gapfinder"))
    ap.add_argument("--councils", type=int, default=len(COUNCILS))
    ap.add_argument("--rows", type=int, default=3000)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    if args.test_backend == "sqlite":
        db = os.path.join(out, "partnership.db")
        if os.path.exists(db):
            os.remove(db)
        return demo(args, db, out)
    if args.test_backend == "postgresql":
        server = os.environ.get("GAPFINDER_TEST_PG_URL", "")
        if not server:
            print("partnership demo: skipped, no PostgreSQL server (set GAPFINDER_TEST_PG_URL; scripts/pg-cluster.sh start)")
            sys.exit(77)
        with FreshPostgresqlDatabase(server) as db:
            return demo(args, db, out)
    return demo(args, args.db, out)


def demo(args, db, out):
    g = args.gapfinder
    councils = COUNCILS[:args.councils]

    print(f"== {len(councils)} councils' Citizen's Panel files ({args.rows:,} residents each)")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "generate_partnership.py"), "--out",
                    os.path.join(out, "data"), "--councils", str(len(councils)), "--rows", str(args.rows)],
                   check=True, stdout=subprocess.DEVNULL)

    print(f"== The shared store {db}: organisations, the partnership and its users")
    password = uuid.uuid4().hex
    for council in councils:
        run(g, "organisation", "add", council, "--db", db)
        run(g, "user", "add", f"analyst.{slug(council)}", "--role", "analyst", "--organisation", council,
            "--password-stdin", "--db", db, stdin=password + "\n")
    run(g, "partnership", "add", PARTNERSHIP, "--members", ",".join(councils), "--db", db)
    run(g, "user", "add", "officer.partnership", "--role", "analyst", "--organisation", PARTNERSHIP,
        "--password-stdin", "--db", db, stdin=password + "\n")

    server, base = start_server(g, db, out)
    try:
        print(f"== Separate uploads, each council signed in as its own analyst ({base})")
        analysts = {}
        for council in councils:
            c = analysts[council] = Client(base, f"analyst.{slug(council)}", password)
            file_path = os.path.join(out, "data", f"{slug(council)}-{SURVEY}-{WAVE}.csv")
            status, body = c.upload(f"/api/surveys/{SURVEY}/waves/{WAVE}/ingest?wait=1", file_path)
            if status != 201:
                raise Failure(f"{council}'s upload answered {status}: {body[:300]!r}")
            job = json.loads(body)
            print(f"  {council}: {job['result']['respondents']:,} respondents stored")

        # Each council reads its own residents only: its findings count its own file.
        for council in councils:
            status, body = analysts[council].get(FINDINGS)
            if status != 200:
                raise Failure(f"{council}'s analyst could not read its own findings: {status} {body[:200]!r}")
            if json.loads(body)["respondents"] != args.rows:
                raise Failure(f"{council}'s findings count {json.loads(body)['respondents']} respondents, "
                              f"not its own {args.rows}")

        print("== The partnership's officer: pooled findings and the partnership plan")
        officer = Client(base, "officer.partnership", password)
        status, body = officer.get(FINDINGS)
        if status != 200:
            raise Failure(f"the pooled findings answered {status}: {body[:300]!r}")
        pooled_web = json.loads(body)
        with open(os.path.join(out, "pooled-findings.json"), "wb") as f:
            f.write(body)
        status, plan = officer.get(f"/api/surveys/{SURVEY}/waves/{WAVE}/action-plan?format=xlsx&layout=eflg")
        if status != 200:
            raise Failure(f"the partnership plan answered {status}: {plan[:300]!r}")
        with open(os.path.join(out, "partnership-plan.xlsx"), "wb") as f:
            f.write(plan)
        print(f"  pooled findings: {len(body):,} bytes; partnership-plan.xlsx: {len(plan):,} bytes")
        print_confirmed_gaps(pooled_web)
        check_the_planted_council_gap(pooled_web, councils)
        for path in (f"/api/surveys/{SURVEY}/waves/{WAVE}/report", f"/api/surveys/{SURVEY}/waves/{WAVE}/charts",
                     f"/api/surveys/{SURVEY}/waves/{WAVE}/comments/search?q=library"):
            status, _ = officer.get(path)
            if status != 404:
                raise Failure(f"the partnership's officer reached {path}: {status}, expected 404")
        # Nor can it upload rows of its own: a partnership holds none.
        status, _ = officer.upload(f"/api/surveys/{SURVEY}/waves/{WAVE}/ingest?wait=1",
                                   os.path.join(out, "data", f"{slug(councils[0])}-{SURVEY}-{WAVE}.csv"))
        if status != 404:
            raise Failure(f"the partnership's officer could upload: {status}, expected 404")
    finally:
        server.send_signal(2)
        server.wait(timeout=60)

    print("== The same pooled analysis from the councils' own cubes (gapfinder cube export, pool analyse)")
    cubes = []
    for council in councils:
        cube = os.path.join(out, f"{slug(council)}.cube")
        run(g, "cube", "export", "--survey", SURVEY, "--wave", WAVE, "--organisation", council, "--db", db, "-o", cube)
        cubes.append(cube)
    # Perturbed, as the web app publishes pooled counts (docs/partnerships.md): the cubes
    # hold record keys from the same store's secret, so the figures agree one for one.
    pooled_cli = json.loads(run(g, "pool", "analyse", *cubes, "--counts", "perturbed", "--format", "json", "--db", db))
    web, cli = figures(pooled_web), figures(pooled_cli)
    if not web or web != cli:
        missing = sorted(set(web) ^ set(cli))[:5]
        differing = [k for k in web if k in cli and web[k] != cli[k]][:5]
        raise Failure(f"the web app's pooled findings differ from pool analyse of the cubes: rows only on one side "
                      f"{missing}, differing {[(k, web[k], cli[k]) for k in differing]}")
    print(f"  {len(web)} published rows, every one equal")
    print(f"partnership demo: done; files in {out}")


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"partnership demo: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
