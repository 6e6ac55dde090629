#!/usr/bin/env python3
"""The list page through one instance with each state store engine, side by side (issue 26:
PostgreSQL within 10 % of SQLite; printed only, never asserted).

    bench/state-store/run.sh [--reps N] [--messages N]

Two `zioinfo-mail serve` run at once on free ports against the same mail account: one with
ZM_DATABASE_URL=sqlite: (a temporary ZM_STATE_DIR), one with the private PostgreSQL of
scripts/pgstack (a database of its own, dropped afterwards). Each is logged in once; then the
timed requests alternate between the two, one keep-alive connection each, so that the host's
drift hits both alike:
  GET /mail/messages?folder=INBOX&page=1&size=50   the list page
  GET /auth/me                                     the auth floor (token + revocation check)
→ median and p95 per engine and the ratio PostgreSQL / SQLite of the medians (target ≤ 1.10).
With --control the second server is SQLite too: the ratio of two identical servers is this
host's noise floor (two shared cores, other builds), against which the engines' ratio is read.
"""
import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
USER = "benchstate@" + os.environ.get("MAILSTACK_DOMAIN", "zioinfo.co.kr")
TARGET = 1.10
PSQL = "/usr/lib/postgresql/15/bin/psql"
PATHS = {"list page": "/mail/messages?folder=INBOX&page=1&size=50", "auth/me": "/auth/me"}


def run(*args, **kwargs):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def inbox_size():
    out = run("doveadm", "-c", os.path.join(os.environ["MAILSTACK_DIR"], "etc", "dovecot", "dovecot.conf"),
              "mailbox", "status", "-u", USER, "messages", "INBOX").stdout
    return int(out.split("=")[1])


def prepare_account(messages, password):
    run(os.path.join(REPO, "scripts", "mailstack"), "adduser", USER, "-", input=password + "\n")
    try:
        have = inbox_size()
    except (subprocess.CalledProcessError, IndexError, ValueError):
        have = 0
    if have < messages:
        run(os.path.join(REPO, "bench", "make-mailbox"), USER, str(messages - have))


class Server:
    def __init__(self, binary, name, database_url, scratch):
        self.name, self.port = name, free_port()
        state = os.path.join(scratch, name)
        os.makedirs(state)
        env = dict(os.environ, ZM_HTTP_HOST="127.0.0.1", ZM_HTTP_PORT=str(self.port), ZM_STATE_DIR=state,
                   ZM_DATABASE_URL=database_url, ZM_LOG_LEVEL="warning")
        self.log = open(os.path.join(scratch, name + ".log"), "wb")
        self.proc = subprocess.Popen([binary, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:  # readiness: /health answers (startup only, outside the timed loop)
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"state bench: the {name} server did not start (log {self.log.name})")
            time.sleep(0.05)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response.status, response.read()

    def login(self, password):
        status, body = self.request("POST", "/auth/login", json.dumps({"username": USER, "password": password}),
                                    {"Content-Type": "application/json"})
        if status != 200:
            sys.exit(f"state bench: login on {self.name} answered {status}")
        self.auth = {"Authorization": "Bearer " + json.loads(body)["access_token"]}

    def timed_get(self, path):
        start = time.perf_counter()
        status, _ = self.request("GET", path, headers=self.auth)
        elapsed = time.perf_counter() - start
        if status != 200:
            sys.exit(f"state bench: GET {path} on {self.name} answered {status}")
        return elapsed

    def stop(self):
        self.connection.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--reps", type=int, default=400)
    parser.add_argument("--messages", type=int, default=5000, help="INBOX size of the bench account")
    parser.add_argument("--control", action="store_true", help="SQLite against SQLite (the noise floor)")
    args = parser.parse_args()

    password = secrets.token_urlsafe(18)
    prepare_account(args.messages, password)
    base = run(os.path.join(REPO, "scripts", "pgstack"), "url").stdout.strip()
    database = f"zm_state_bench_{os.getpid()}"
    run(PSQL, "-X", "-q", "-d", base, "-c", f"CREATE DATABASE {database}")
    scratch = tempfile.mkdtemp(prefix="zm-state-bench-")
    servers = []
    try:
        second = "sqlite:" if args.control else base.replace("/zm?", f"/{database}?")
        servers = [Server(args.binary, "sqlite", "sqlite:", scratch), Server(args.binary, "postgres", second, scratch)]
        if args.control:
            print("CONTROL RUN: the 'PostgreSQL' column is a second SQLite server")
        for server in servers:
            server.login(password)
            for _ in range(30):  # warm-up: Dovecot's caches, the pools, the JIT-less first paths
                server.timed_get(PATHS["list page"])
        times = {(s.name, label): [] for s in servers for label in PATHS}
        for n in range(args.reps):
            for label, path in PATHS.items():
                # Alternate which engine goes first, so neither always follows the other's request.
                for server in (servers if n % 2 == 0 else servers[::-1]):
                    times[(server.name, label)].append(server.timed_get(path))
        print(f"account {USER}: {inbox_size()} messages in INBOX; {args.reps} requests per row, alternating")
        print(f"{'request':<10} {'SQLite median':>14} {'p95':>8} {'PostgreSQL median':>18} {'p95':>8} {'ratio':>7}")
        for label in PATHS:
            sqlite, postgres = times[("sqlite", label)], times[("postgres", label)]
            ms = lambda xs, q: 1000 * (statistics.median(xs) if q == 50 else statistics.quantiles(xs, n=20)[-1])
            ratio = statistics.median(postgres) / statistics.median(sqlite)
            print(f"{label:<10} {ms(sqlite, 50):>11.2f} ms {ms(sqlite, 95):>5.2f} ms "
                  f"{ms(postgres, 50):>15.2f} ms {ms(postgres, 95):>5.2f} ms {ratio:>6.3f}x")
        list_ratio = statistics.median(times[("postgres", "list page")]) / statistics.median(times[("sqlite", "list page")])
        verdict = "within" if list_ratio <= TARGET else "OVER"
        print(f"list page: PostgreSQL / SQLite = {list_ratio:.3f} ({verdict} the {TARGET:.2f} target)")
    finally:
        for server in servers:
            server.stop()
        run(PSQL, "-X", "-q", "-d", base, "-c", f"DROP DATABASE IF EXISTS {database}")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
