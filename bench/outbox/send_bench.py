#!/usr/bin/env python3
"""An immediate send (issue 29: delay 0 goes straight to SMTP, as before the outbox) through this
build and through a baseline build, side by side; and the outbox scanner's CPU with nothing queued.

    bench/outbox/run.sh [--reps N] [--idle SECONDS]

Two `zioinfo-mail serve` run at once on free ports (SQLite state each), logged in as the same
demo account. The timed requests alternate between them, one keep-alive connection each, so the
host's drift hits both alike: POST /mail/send to the account itself, small text, `delay_seconds: 0`
(the baseline ignores the field when it predates it). → median and p95 each, and the ratio
this / baseline of the medians (target ≤ 1.05). Then both servers sit idle for --idle seconds and
the CPU time each process used meanwhile is printed (utime + stime from /proc): the scanner sleeps
until a due time or a notice, so this build should use no more than the baseline.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

USER = "ythong@" + os.environ.get("MAILSTACK_DOMAIN", "zioinfo.co.kr")
TARGET = 1.05


def password():
    for pair in os.environ.get("MAILSTACK_USERS", "").split():
        name, _, secret = pair.partition(":")
        if name == USER:
            return secret
    return "1q2w3e!Q"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, name, scratch):
        self.name, self.port = name, free_port()
        state = os.path.join(scratch, name)
        os.makedirs(state)
        env = dict(os.environ, ZM_HTTP_HOST="127.0.0.1", ZM_HTTP_PORT=str(self.port), ZM_STATE_DIR=state, ZM_LOG_LEVEL="warning")
        self.log = open(os.path.join(scratch, name + ".log"), "wb")
        self.proc = subprocess.Popen([binary, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:  # readiness (outside the timed loop)
            try:
                probe = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                probe.request("GET", "/health")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit(f"{name} did not start (log: {self.log.name})")
            time.sleep(0.2)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        body = json.dumps({"username": USER, "password": password()})
        answer = self.call("POST", "/auth/login", body, token=None)
        self.token = json.loads(answer)["access_token"]

    def call(self, method, path, body=None, token="self"):
        headers = {"Content-Type": "application/json"} if body else {}
        if token:
            headers["Authorization"] = "Bearer " + (self.token if token == "self" else token)
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise SystemExit(f"{self.name}: {method} {path} → {response.status} {data[:200]!r}")
        return data

    def cpu_seconds(self):
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("baseline")
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--idle", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outbox-bench-") as scratch:
        servers = [Server(args.binary, "this", scratch), Server(args.baseline, "baseline", scratch)]
        try:
            times = {s.name: [] for s in servers}
            for rep in range(args.reps + 5):
                for server in servers if rep % 2 == 0 else reversed(servers):
                    body = json.dumps({"to": [USER], "subject": f"outbox bench {rep}", "text": "bench", "delay_seconds": 0})
                    start = time.perf_counter()
                    server.call("POST", "/mail/send", body)
                    if rep >= 5:  # warm-up
                        times[server.name].append((time.perf_counter() - start) * 1000)
            medians = {}
            for name, values in times.items():
                values.sort()
                medians[name] = statistics.median(values)
                print(f"send (delay 0)  {name:8}  median {medians[name]:7.2f} ms   p95 {values[int(len(values) * 0.95) - 1]:7.2f} ms   n={len(values)}")
            ratio = medians["this"] / medians["baseline"]
            print(f"ratio this / baseline  {ratio:.3f}   (target ≤ {TARGET}: {'within' if ratio <= TARGET else 'OVER'})")
            before = {s.name: s.cpu_seconds() for s in servers}
            time.sleep(args.idle)  # idle on purpose: the measurement is what the servers do unasked
            for server in servers:
                used = server.cpu_seconds() - before[server.name]
                print(f"idle {args.idle:.0f} s, empty outbox  {server.name:8}  CPU {used * 1000:6.0f} ms")
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    sys.exit(main())
