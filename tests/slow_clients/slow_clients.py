#!/usr/bin/env python3
"""Slow and idle clients must not make the web server keep everyone else waiting
(ctest: SlowClientsDoNotStarveOthers; docs/api.md, "Request limits").

    tests/slow_clients/slow_clients.py GAPFINDER_BINARY

Makes a temporary store with one viewer account, starts `gapfinder serve --port 0
--bind 127.0.0.1` with its default limits, then, from other loopback addresses (Linux
routes all of 127.0.0.0/8 to loopback, and the server counts connections per client
address):
  - 8 connections from 127.0.0.2 that send the headers of `POST /api/session` with
    `Content-Length: 100` and never send the body (slowloris on the work slots);
  - 150 connections from 127.0.0.3 that connect and send nothing (idle connections
    holding the server's connection threads).
While all of them are held open, a normal client on 127.0.0.1 asks for the sign-in page
(`GET /sign-in`) and signs in (`POST /api/session`), each on a fresh connection; each must
be answered within 1 s. That is the only timing condition: the failure it guards
against is a wait of about a minute (the old socket timeout).

Exits 0 when both are answered in time, 1 otherwise, 2 when it cannot run.
Python 3 standard library only.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ANSWER_WITHIN = 1.0  # seconds, for each normal request
SLOW_BODY_CLIENTS = 8
IDLE_CLIENTS = 150
SLOW_BODY_FROM = "127.0.0.2"
IDLE_FROM = "127.0.0.3"
NORMAL_FROM = "127.0.0.1"
USER = "slow-clients-test"


def start_server(gapfinder, work, db):
    out = open(os.path.join(work, "serve.out"), "w")
    err = open(os.path.join(work, "serve.err"), "w")
    server = subprocess.Popen([gapfinder, "serve", "--port", "0", "--bind", "127.0.0.1", "--db", db],
                              cwd=work, stdout=out, stderr=err)
    prefix = "gapfinder serving "
    for _ in range(300):  # up to 30 s to start
        with open(os.path.join(work, "serve.out")) as f:
            for line in f:
                if line.startswith(prefix) and "http://127.0.0.1:" in line:
                    port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
                    return server, port, "open it in a browser" in line
        if server.poll() is not None:
            break
        time.sleep(0.1)
    with open(os.path.join(work, "serve.err")) as f:
        sys.stderr.write("slow_clients.py: gapfinder serve did not start:\n" + f.read())
    server.kill()
    sys.exit(2)


def stop_server(server):
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def connect_from(source, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    return s


def still_open(s):
    """Whether the server has not (yet) closed or reset this connection."""
    s.setblocking(False)
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


def normal_request(port, method, path, body=None, content_type=None):
    """One request on a fresh connection from 127.0.0.1. Returns (status or None, seconds,
    detail): None when no whole answer came within ANSWER_WITHIN."""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
    data = b""
    if body is not None:
        data = body.encode()
        head += f"Content-Type: {content_type}\r\nContent-Length: {len(data)}\r\n"
    start = time.monotonic()
    deadline = start + ANSWER_WITHIN
    answer = b""
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((NORMAL_FROM, 0))
        s.settimeout(ANSWER_WITHIN)
        s.connect(("127.0.0.1", port))
        s.sendall(head.encode() + b"\r\n" + data)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout()
            s.settimeout(left)
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
        s.close()
    except (socket.timeout, TimeoutError):
        return None, time.monotonic() - start, f"no whole answer within {ANSWER_WITHIN:g} s ({len(answer)} bytes came)"
    except OSError as e:
        return None, time.monotonic() - start, f"connection failed: {e}"
    took = time.monotonic() - start
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ")
    if len(parts) < 2 or not parts[1].isdigit():
        return None, took, f"not an HTTP answer: {status_line!r}"
    return int(parts[1]), took, status_line


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    gapfinder = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="gapfinder-slow-clients.")
    server = None
    held = []
    try:
        db = os.path.join(work, "store.db")
        password = secrets.token_urlsafe(18)
        subprocess.run([gapfinder, "user", "add", USER, "--role", "viewer", "--password-stdin", "--db", db],
                       input=password + "\n", text=True, check=True, stdout=subprocess.DEVNULL, cwd=work)
        server, port, has_pages = start_server(gapfinder, work, db)
        print(f"gapfinder serve on 127.0.0.1:{port}")

        # The slow bodies first, so that (on a server that takes a work slot before
        # reading the body) they hold the slots; then the idle connections.
        slow_head = (f"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n").encode()
        slow, idle = [], []
        for _ in range(SLOW_BODY_CLIENTS):
            s = connect_from(SLOW_BODY_FROM, port)
            s.sendall(slow_head)
            slow.append(s)
        held += slow
        time.sleep(0.5)  # let the server read those headers
        for _ in range(IDLE_CLIENTS):
            s = connect_from(IDLE_FROM, port)
            idle.append(s)
        held += idle
        time.sleep(0.5)  # let the server accept (or refuse) them
        print(f"holding {SLOW_BODY_CLIENTS} slow-body connections from {SLOW_BODY_FROM} "
              f"({sum(map(still_open, slow))} still open) and {IDLE_CLIENTS} idle connections from {IDLE_FROM} "
              f"({sum(map(still_open, idle))} still open)")

        failed = False
        status, took, detail = normal_request(port, "GET", "/sign-in")
        want = 200 if has_pages else 404  # 404 (JSON) from a server built without its pages
        ok = status == want and took <= ANSWER_WITHIN
        print(f"GET /sign-in from {NORMAL_FROM}: {detail} in {took:.3f} s -> {'ok' if ok else 'FAILED'}")
        failed |= not ok

        body = json.dumps({"name": USER, "password": password})
        status, took, detail = normal_request(port, "POST", "/api/session", body, "application/json")
        ok = status == 200 and took <= ANSWER_WITHIN
        print(f"POST /api/session (sign-in) from {NORMAL_FROM}: {detail} in {took:.3f} s -> {'ok' if ok else 'FAILED'}")
        failed |= not ok

        if failed:
            print(f"FAILED: a normal client waited more than {ANSWER_WITHIN:g} s behind slow and idle clients")
            return 1
        print("ok: slow and idle clients did not hold up a normal client")
        return 0
    finally:
        for s in held:
            s.close()
        if server is not None:
            stop_server(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
