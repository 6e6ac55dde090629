#!/usr/bin/env python3
"""First page of a 100,000-message INBOX through the webmail API against the same FETCH sent
straight to Dovecot, plus requests per second for 50 concurrent users (issue 6, printed only).

    eval "$(scripts/mailstack env)"; python3 bench/api/api_bench.py BINARY [options]
    (bench/api/run.sh does the env and picks the binary.)

Steps, all on loopback:
  1. accounts: bench100k@DOMAIN (filled to 100,000 messages by bench/make-mailbox when it has
     fewer) and, for the concurrency phase, benchcNN@DOMAIN (each filled to a small INBOX).
     Passwords are fresh random ones set through `scripts/mailstack adduser USER -` (stdin) on
     every run, so nothing secret is stored or printed.
  2. the backend binary on a free port with a temporary ZM_STATE_DIR and a high login limit;
     readiness is the server's own "listening" log line (its log goes straight to a file),
     then one GET /health.
  3. warm-up (mailstack notes, section 7: the first ENVELOPE/BODYSTRUCTURE fetch on a fresh
     100k mailbox pays a one-time cache fill), then N timed repetitions of
       API:  GET /api/mail/messages?folder=INBOX&page=1&size=50 on a keep-alive connection
       IMAP: UID SORT RETURN (COUNT PARTIAL 1:50) (REVERSE ARRIVAL) UTF-8 ALL, then
             UID FETCH <those 50 UIDs> (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)
             on a persistent, certificate-verified IMAPS connection after one SELECT: the two
             commands the API sends since the list is sorted by received date (issue 25; before,
             one FETCH of the last 50 sequence numbers, which put mail restored from Trash first)
     → medians, p95 and the API/IMAP ratio against the 1.3x target (also per block of 100
     pairs, since the host's speed drifts). Context rows: GET /health
     (HTTP floor), GET /api/auth/me (auth floor), page sizes 1/20/50/200 (fixed vs per-message
     cost; 20 also stands in for the first page on a host that computes 2.5x faster at the same
     round-trip cost, where the target is hardest), EXAMINE + FETCH (what the API saves by
     keeping the mailbox selected), and the server's own request time from its /metrics
     listener, and (with socat installed) the same FETCH through a relay that only copies
     bytes: the cost of one more hop, for scale; and the target as time (what 1.3x allows
     over imaplib here, and the HTTP floor's share of it).
  4. 50 threads, each with its own session and keep-alive connection, GET the first page of
     their own INBOX for a fixed duration → requests/s, p50/p95 latency, errors.
  5. the server is stopped (SIGTERM, then SIGKILL after a bounded wait).
"""

import argparse
import http.client
import imaplib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
MAILSTACK = os.path.join(REPO, "scripts", "mailstack")
MAKE_MAILBOX = os.path.join(REPO, "bench", "make-mailbox")
TARGET_RATIO = 1.3
BASE_ITEMS = "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE"


def api_fetch_items(imap):
    """The items the API's page FETCH asks for: the summary items, plus MODSEQ with CONDSTORE and
    the RFC 8970 text preview with PREVIEW (what the list shows under the subject)."""
    typ, data = imap.capability()  # after login: the pre-login greeting lists fewer
    caps = {c.upper() for c in b" ".join(d for d in data if d).decode().split()}
    items = BASE_ITEMS
    if "CONDSTORE" in caps:
        items += " MODSEQ"
    if "PREVIEW" in caps:
        items += " PREVIEW"
    return f"({items})"
PAGE_PATH = "/api/mail/messages?folder=INBOX&page=1&size=50"


def cpu_seconds(pid):
    """User + system CPU time of a process so far (from /proc), independent of what else runs."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ticks():
    """The machine's CPU time so far (/proc/stat): (all ticks, ticks stolen by the hypervisor)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def die(msg):
    print(f"api-bench: error: {msg}", file=sys.stderr)
    sys.exit(1)


def env(name):
    value = os.environ.get(name)
    if not value:
        die(f"{name} is not set; run `eval \"$(scripts/mailstack env)\"` first (bench/api/run.sh does)")
    return value


# ---------------------------------------------------------------------------- statistics

def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(label, seconds):
    ms = [s * 1000 for s in seconds]
    return (f"  {label:<34} n={len(ms):<5} median {statistics.median(ms):8.2f} ms   "
            f"p95 {percentile(ms, 0.95):8.2f} ms   min {min(ms):7.2f} ms   max {max(ms):8.2f} ms")


# ---------------------------------------------------------------------------- accounts

def set_password(user):
    """Creates the account or changes its password (mail is kept); the password goes via stdin."""
    password = secrets.token_urlsafe(18)
    subprocess.run([MAILSTACK, "adduser", user, "-"], input=password + "\n", text=True,
                   check=True, stdout=subprocess.DEVNULL)
    return password


def imap_connect(user, password, port=None):
    context = ssl.create_default_context(cafile=env("MAILSTACK_CA_FILE"))
    # Through a relay the TLS session is still Dovecot's own: the name checked is the mail
    # stack's host, whatever port the bytes pass through.
    conn = imaplib.IMAP4_SSL(env("MAILSTACK_HOST"), port or int(env("MAILSTACK_IMAPS_PORT")),
                             ssl_context=context, timeout=60)
    conn.login(user, password)
    return conn


def start_relay():
    """socat relaying a free loopback port to Dovecot's IMAPS port, or None without socat: the
    cost of one more hop between two processes with no work in it, for scale."""
    socat = shutil.which("socat")
    if socat is None:
        return None, None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    relay = subprocess.Popen(
        [socat, f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,nodelay",
         f"TCP:{env('MAILSTACK_HOST')}:{env('MAILSTACK_IMAPS_PORT')},nodelay"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return relay, port
        except OSError:
            time.sleep(0.02)  # socat has no readiness signal but its listening socket
    relay.kill()
    return None, None


def inbox_count(user, password):
    conn = imap_connect(user, password)
    try:
        typ, data = conn.status("INBOX", "(MESSAGES)")
        if typ != "OK":
            die(f"STATUS INBOX for {user} failed: {data}")
        match = re.search(rb"MESSAGES (\d+)", data[0])
        return int(match.group(1)) if match else 0
    finally:
        conn.logout()


def ensure_filled(user, password, target):
    have = inbox_count(user, password)
    if have >= target:
        print(f"  {user}: INBOX already has {have} messages")
        return have
    started = time.monotonic()
    subprocess.run([sys.executable, MAKE_MAILBOX, user, str(target - have)], check=True,
                   stdout=subprocess.DEVNULL)
    have = inbox_count(user, password)
    print(f"  {user}: filled to {have} messages in {time.monotonic() - started:.1f} s")
    return have


# ---------------------------------------------------------------------------- server

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The backend under test, writing its log straight to a file.

    Not through a pipe read by a thread of this process: at log level info the server writes
    one line per request, right as the answer goes out, and a reader thread here would take
    the GIL from the timing loop exactly then (it inflated the API's times, not imaplib's)."""

    def __init__(self, binary, state_dir, log_path):
        self.port = free_port()
        self.metrics_port = free_port()
        self.log_path = log_path
        server_env = dict(os.environ)
        server_env.update({
            "ZM_HTTP_HOST": "127.0.0.1", "ZM_HTTP_PORT": str(self.port),
            "ZM_METRICS_HOST": "127.0.0.1", "ZM_METRICS_PORT": str(self.metrics_port),
            "ZM_STATE_DIR": state_dir, "ZM_LOGIN_ATTEMPTS": "1000", "ZM_LOG_LEVEL": "info",
            "ZM_STATIC_DIR": state_dir,  # no SPA needed; avoids depending on frontend/dist
        })
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen([binary, "serve"], env=server_env, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout):
        # Hummingbird logs "Server started and listening" with the bound port. A file cannot be
        # waited on, so it is looked at every 20 ms (startup only, outside every timed loop).
        marker = str(self.port).encode()
        deadline = time.monotonic() + timeout
        while not any(b"listening" in line and marker in line for line in open(self.log_path, "rb")):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                die(f"the server did not start listening within {timeout} s; log: {self.log_path}")
            time.sleep(0.02)
        status, body = http_get(self.port, "/health")
        if status != 200:
            die(f"GET /health answered {status}: {body[:200]!r}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.log.close()

    def metrics(self):
        try:
            status, body = http_get(self.metrics_port, "/metrics")
            return body.decode("utf-8", "replace") if status == 200 else ""
        except OSError:
            return ""


# ---------------------------------------------------------------------------- HTTP

def http_get(port, path, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def login(port, user, password):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        body = json.dumps({"username": user, "password": password})
        conn.request("POST", "/api/auth/login", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            die(f"login of {user} answered {response.status}: {data[:200]!r}")
        return json.loads(data)["access_token"]
    finally:
        conn.close()


class APIClient:
    """One session on one keep-alive connection; reconnects after a failure."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = None

    def first_page(self):
        """(status, body); the time measured by callers covers request and full body read."""
        return self.get(PAGE_PATH)

    def get(self, path):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            self.conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}"})
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# ---------------------------------------------------------------------------- phases

def last_uids(imap, count):
    typ, data = imap.select("INBOX", readonly=True)
    exists = int(data[0])
    # The last `count` messages by sequence number; their UIDs, as the API would page them.
    typ, data = imap.fetch(f"{max(1, exists - count + 1)}:{exists}", "(UID)")
    uids = [int(m.group(1)) for item in data if item for m in [re.search(rb"UID (\d+)", item)] if m]
    return exists, uids


def sequential(server, token, user, password, warmup, reps):
    port = server.port
    print(f"\n== first page, sequential: {warmup} warm-up + {reps} timed repetitions each ==")
    imap = imap_connect(user, password)
    api = APIClient(port, token)
    try:
        exists, uids = last_uids(imap, 50)
        uid_set = ",".join(str(u) for u in uids)
        FETCH_ITEMS = api_fetch_items(imap)
        print(f"  the same commands as the API: UID SORT RETURN (COUNT PARTIAL 1:50) (REVERSE ARRIVAL), UID FETCH <50 UIDs> {FETCH_ITEMS}")

        def imap_fetch():
            # The order first, as the API asks it (bench/imap/list-order.py prints what it costs).
            typ, data = imap.uid("SORT", "RETURN (COUNT PARTIAL 1:50)", "(REVERSE ARRIVAL)", "UTF-8", "ALL")
            if typ != "OK":
                raise RuntimeError(f"UID SORT failed: {data}")
            imap.untagged_responses.pop("ESEARCH", None)
            typ, data = imap.uid("FETCH", uid_set, FETCH_ITEMS)
            if typ != "OK":
                raise RuntimeError(f"UID FETCH failed: {data}")
            return data

        def api_page():
            status, body = api.first_page()
            if status != 200:
                raise RuntimeError(f"GET {PAGE_PATH} answered {status}: {body[:200]!r}")
            return body

        # Warm-up: the one-time cache fill on both paths, plus the notes' SEARCH/SORT warm-up.
        imap.uid("SEARCH", "SUBJECT", "quarterly")
        for _ in range(warmup):
            imap_fetch()
            api_page()

        body = api_page()
        page = json.loads(body)
        api_uids = [m.get("uid") for m in page.get("messages", [])]
        print(f"  INBOX EXISTS {exists}; API total {page.get('total')}, {len(api_uids)} messages, "
              f"UIDs {api_uids[:1]}..{api_uids[-1:]}; IMAP UIDs {uids[-1:]}..{uids[:1]}; "
              f"API page body {len(body)} bytes")
        if sorted(api_uids) != sorted(uids):
            print("  WARNING: the API page and the IMAP UID set differ")

        before = metric_values(server)
        ticks_before = cpu_ticks()
        imap_times, api_times = [], []
        # Interleaved so that load from other jobs on the machine hits both sides alike.
        for _ in range(reps):
            t0 = time.perf_counter()
            imap_fetch()
            t1 = time.perf_counter()
            api_page()
            t2 = time.perf_counter()
            imap_times.append(t1 - t0)
            api_times.append(t2 - t1)
        after = metric_values(server)
        ticks_after = cpu_ticks()
        # Time the hypervisor gave to other guests while this loop ran: the same code measures
        # 1.8 ms or 4.5 ms for imaplib's FETCH on this kind of machine depending on it.
        stolen = (ticks_after[1] - ticks_before[1]) / max(1, ticks_after[0] - ticks_before[0])

        # The server's own CPU per page (user + system, from /proc): what the backend adds,
        # unaffected by how busy the machine is; the client's parse of the same FETCH for scale.
        cpu_before = cpu_seconds(server.proc.pid)
        for _ in range(reps):
            api_page()
        server_cpu = (cpu_seconds(server.proc.pid) - cpu_before) / reps
        client_cpu_before = time.process_time()
        for _ in range(reps):
            imap_fetch()
        client_cpu = (time.process_time() - client_cpu_before) / reps

        # Context: the HTTP floor (same client, same keep-alive, no auth, no IMAP).
        health = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        health_times = []
        for _ in range(min(reps, 100)):
            t0 = time.perf_counter()
            health.request("GET", "/health")
            health.getresponse().read()
            health_times.append(time.perf_counter() - t0)
        health.close()

        # Context: an authenticated route without IMAP (token check, routing, JSON).
        me_times = []
        for _ in range(min(reps, 100)):
            t0 = time.perf_counter()
            status, _ = api.get("/api/auth/me")
            me_times.append(time.perf_counter() - t0)

        # Context: how the gap grows with the page size (fixed cost vs per-message cost).
        scaling = []
        for size in (1, 20, 50, 200):
            _, size_uids = last_uids(imap, size)
            size_set = ",".join(str(u) for u in size_uids)
            path = f"/api/mail/messages?folder=INBOX&page=1&size={size}"
            imap_s, api_s = [], []
            for _ in range(5):
                imap.uid("FETCH", size_set, FETCH_ITEMS)
                api.get(path)
            for _ in range(min(reps, 50)):
                t0 = time.perf_counter()
                imap.uid("FETCH", size_set, FETCH_ITEMS)
                t1 = time.perf_counter()
                api.get(path)
                imap_s.append(t1 - t0)
                api_s.append(time.perf_counter() - t1)
            scaling.append((size, statistics.median(imap_s), statistics.median(api_s)))

        # Context: the same FETCH through a relay that only copies bytes (socat), interleaved
        # with the direct one: what one more hop between processes costs here with no work in it.
        relay_times = None
        relay, relay_port = start_relay()
        if relay is not None:
            try:
                relayed = imap_connect(user, password, port=relay_port)
                relayed.select("INBOX", readonly=True)
                direct_r, relay_r = [], []
                for _ in range(5):
                    imap_fetch()
                    relayed.uid("FETCH", uid_set, FETCH_ITEMS)
                for _ in range(min(reps, 200)):
                    t0 = time.perf_counter()
                    imap_fetch()
                    t1 = time.perf_counter()
                    relayed.uid("FETCH", uid_set, FETCH_ITEMS)
                    direct_r.append(t1 - t0)
                    relay_r.append(time.perf_counter() - t1)
                relayed.logout()
                relay_times = (direct_r, relay_r)
            finally:
                relay.terminate()
                relay.wait(timeout=10)

        # Context: the FETCH without the preview (what a client that shows no preview would pay).
        plain_times = []
        for _ in range(min(reps, 100)):
            t0 = time.perf_counter()
            imap.uid("FETCH", uid_set, f"({BASE_ITEMS})")
            plain_times.append(time.perf_counter() - t0)

        # Context: what a fresh SELECT costs on top (the API keeps its mailbox selected).
        select_times = []
        for _ in range(min(reps, 50)):
            t0 = time.perf_counter()
            imap.select("INBOX", readonly=True)
            imap_fetch()
            select_times.append(time.perf_counter() - t0)
    finally:
        api.close()
        imap.logout()

    print(summary("IMAP UID FETCH (direct, imaplib)", imap_times))
    print(summary("API GET first page (http.client)", api_times))
    print(summary("IMAP UID FETCH without PREVIEW/MODSEQ", plain_times))
    print(f"  CPU per first page: server (HTTP, auth, IMAP client, JSON) {server_cpu * 1000:.2f} ms; "
          f"imaplib client for the same FETCH {client_cpu * 1000:.2f} ms")
    print(f"  CPU time stolen by the hypervisor during the timed loop: {stolen * 100:.1f} %")
    print(summary("IMAP EXAMINE + UID FETCH (context)", select_times))
    print(summary("API GET /health (HTTP floor)", health_times))
    print(summary("API GET /api/auth/me (auth floor)", me_times))
    print("  page size scaling (medians, interleaved, 50 reps each):")
    for size, imap_median, api_median in scaling:
        print(f"    size {size:>3}: IMAP {imap_median * 1000:7.2f} ms   API {api_median * 1000:7.2f} ms   "
              f"gap {(api_median - imap_median) * 1000:6.2f} ms   ratio {api_median / imap_median:.2f}x")
    # Both sides' per-message work scales with the host's compute speed, the round trip much
    # less: a page of 20 here costs what the first page of 50 costs on a host 2.5x faster.
    print("    (size 20 stands in for the first page on a host that computes 2.5x faster at the same round-trip cost)")
    if relay_times is None:
        print("  relay floor: skipped (socat not installed; apt install socat)")
    else:
        direct_r, relay_r = relay_times
        print(f"  relay floor (the same FETCH through socat, interleaved, {len(relay_r)} reps): direct "
              f"{statistics.median(direct_r) * 1000:.2f} ms, relayed {statistics.median(relay_r) * 1000:.2f} ms, "
              f"ratio {statistics.median(relay_r) / statistics.median(direct_r):.2f}x")
    imap_median, api_median = statistics.median(imap_times), statistics.median(api_times)
    ratio = api_median / imap_median
    # The target as time: what 1.3x leaves on top of Dovecot's answer here, and how much of it
    # one HTTP round trip with no work in it already takes. The allowance shrinks with a faster
    # host (it is 30 % of imaplib's time) while that floor shrinks less.
    allowance = (TARGET_RATIO - 1) * imap_median
    gap = api_median - imap_median
    floor = statistics.median(health_times)
    print(f"  time budget: {TARGET_RATIO}x allows {allowance * 1000:.2f} ms over imaplib's median; the API "
          f"takes {gap * 1000:.2f} ms more; the HTTP floor (/health) alone is {floor * 1000:.2f} ms "
          f"({floor / allowance * 100:.0f} % of the allowance)")
    server_side(before, after, "the timed loop (API requests only)")
    ratio95 = percentile(api_times, 0.95) / percentile(imap_times, 0.95)
    # Each API request ran right after its IMAP twin, so the pair saw the same machine; the
    # median of the pairs' ratios is printed beside the verdict, which stays on the medians.
    paired = statistics.median(a / i for a, i in zip(api_times, imap_times))
    # The host's speed drifts within a run; the ratio of each block of 100 consecutive pairs
    # shows how far.
    blocks = [statistics.median(api_times[i:i + 100]) / statistics.median(imap_times[i:i + 100])
              for i in range(0, len(api_times) - 99, 100)]
    if len(blocks) > 1:
        print(f"  ratio in blocks of 100 pairs: min {min(blocks):.2f}x, median {statistics.median(blocks):.2f}x, "
              f"max {max(blocks):.2f}x ({len(blocks)} blocks)")
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"  ratio API/IMAP: median {ratio:.2f}x, p95 {ratio95:.2f}x, median of paired ratios {paired:.2f}x  "
          f"(target <= {TARGET_RATIO}x: {verdict} the target)")
    return ratio


def concurrent(server, sessions, duration):
    port = server.port
    before = metric_values(server)
    print(f"\n== {len(sessions)} concurrent users, {duration:.0f} s, GET first page of their own INBOX ==")
    barrier = threading.Barrier(len(sessions) + 1)
    stop_at = [0.0]
    results = [None] * len(sessions)

    def worker(index, token):
        client = APIClient(port, token)
        latencies, errors, statuses, in_window = [], 0, {}, 0
        barrier.wait()
        try:
            while time.monotonic() < stop_at[0]:
                t0 = time.perf_counter()
                try:
                    status, _ = client.first_page()
                except (OSError, http.client.HTTPException) as error:
                    status = type(error).__name__
                elapsed = time.perf_counter() - t0
                if status == 200:
                    latencies.append(elapsed)
                    in_window += time.monotonic() <= stop_at[0]
                else:
                    errors += 1
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            client.close()
            results[index] = (latencies, errors, statuses, in_window)

    threads = [threading.Thread(target=worker, args=(i, token), daemon=True)
               for i, (_, token) in enumerate(sessions)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + duration
    started = time.monotonic()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=duration + 60)
    elapsed = time.monotonic() - started
    if any(thread.is_alive() for thread in threads):
        print("  WARNING: some client threads did not finish within duration + 60 s")

    latencies = [l for r in results if r for l in r[0]]
    errors = sum(r[1] for r in results if r)
    statuses = {}
    for r in results:
        if r:
            for k, v in r[2].items():
                statuses[k] = statuses.get(k, 0) + v
    per_user = [len(r[0]) for r in results if r]
    print(f"  requests ok {len(latencies)}, errors {errors} {statuses if statuses else ''}")
    in_window = sum(r[3] for r in results if r)
    print(f"  throughput {in_window / duration:.1f} requests/s (requests completed within the "
          f"{duration:.0f} s window; {len(latencies) / elapsed:.1f}/s counting the tail, {elapsed:.1f} s)")
    if latencies:
        ms = [x * 1000 for x in latencies]
        print(f"  latency p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
              f"max {max(ms):.1f} ms")
        server_side(before, metric_values(server), "this phase")
        print(f"  per-user requests: min {min(per_user)}, median {statistics.median(per_user):.0f}, "
              f"max {max(per_user)}")


def metric_values(server):
    """The unlabelled samples of the server's /metrics (sums, counts, gauges) by name."""
    values = {}
    for line in server.metrics().splitlines():
        if line and not line.startswith("#") and "{" not in line:
            name, _, value = line.partition(" ")
            try:
                values[name] = float(value)
            except ValueError:
                pass
    return values


def server_side(before, after, label):
    """Mean server-measured request time and IMAP round trips between two /metrics snapshots."""
    parts = []
    for metric, unit, scale in (("zm_http_request_duration_seconds", "ms", 1000),
                                ("zm_imap_round_trips_per_request", "round trips", 1)):
        count = after.get(metric + "_count", 0) - before.get(metric + "_count", 0)
        total = after.get(metric + "_sum", 0) - before.get(metric + "_sum", 0)
        if count > 0:
            parts.append(f"{metric}: mean {total / count * scale:.2f} {unit} over {count:.0f} requests")
    if parts:
        print(f"  server /metrics during {label}: " + "; ".join(parts))
    pools = {k: v for k, v in after.items() if "pool" in k}
    if pools:
        print("  " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(pools.items())))


# ---------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--messages", type=int, default=100_000, help="size of the big INBOX")
    parser.add_argument("--users", type=int, default=50, help="concurrent users")
    parser.add_argument("--user-messages", type=int, default=2_000,
                        help="INBOX size of each extra concurrency account")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of the concurrent phase")
    args = parser.parse_args()
    domain = env("MAILSTACK_DOMAIN")

    print("== accounts ==")
    big_user = f"bench100k@{domain}"
    big_password = set_password(big_user)
    ensure_filled(big_user, big_password, args.messages)
    extra = []
    for i in range(1, args.users):
        user = f"benchc{i:02d}@{domain}"
        password = set_password(user)
        ensure_filled(user, password, args.user_messages)
        extra.append((user, password))
    print(f"  concurrency accounts: {big_user} ({args.messages}) + {len(extra)} x benchcNN "
          f"({args.user_messages} messages each): {args.users} distinct users, one session each")

    state_dir = tempfile.mkdtemp(prefix="zm-api-bench-")
    log_path = os.path.join(state_dir, "server.log")
    server = Server(args.binary, state_dir, log_path)
    try:
        server.wait_ready(timeout=120)
        print(f"\n== server on 127.0.0.1:{server.port} (pid {server.proc.pid}, log {log_path}) ==")
        token = login(server.port, big_user, big_password)
        sequential(server, token, big_user, big_password, args.warmup, args.reps)

        sessions = [(big_user, token)]
        for user, password in extra:
            sessions.append((user, login(server.port, user, password)))
        # Each user's own first page once, untimed: their connection pool and Dovecot cache.
        for _, session_token in sessions:
            client = APIClient(server.port, session_token)
            client.first_page()
            client.close()
        concurrent(server, sessions, args.duration)
    finally:
        server.stop()
        print(f"\nserver stopped (exit {server.proc.returncode})")
    shutil.rmtree(state_dir, ignore_errors=True)  # kept (with the server log) only on failure


if __name__ == "__main__":
    main()
