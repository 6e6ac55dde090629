#!/usr/bin/env python3
"""Conversations (issue 30) on a 100,000-message INBOX with realistic threads, printed only.

    eval "$(scripts/mailstack env)"; python3 bench/threads/threads_bench.py BINARY [--reps N]
    (bench/threads/run.sh does the env and picks the binary.)

Steps, all on loopback:
  1. the account benchthreads@DOMAIN, filled to 100,000 messages by
     `bench/make-mailbox --threads` when it has fewer (60% replies: In-Reply-To, References);
     a fresh random password through `scripts/mailstack adduser USER -` (never printed).
  2. Dovecot alone, imaplib on a certificate-verified IMAPS connection:
       cold:  the first `UID THREAD REFS UTF-8 ALL` after a login (new connection each round)
       warm:  `UID THREAD REFS UTF-8 ALL` + `UID FETCH <the first 50 conversations' UIDs>
              (the list page's items)` on one logged-in connection: what the API's page costs
              with no cache.
  3. the backend (bench/api's Server) on a free port:
       cold:  the first GET /api/mail/threads?folder=INBOX&size=50 of a fresh server (its
              cache empty: one THREAD, indexing, the page's FETCH)
       warm:  the same request again, N times (the cache is current: one UID FETCH says nothing
              arrived, one fetches the page)
       new:   one message APPENDed (a reply to the newest conversation), then the request: the
              cached tree updated from the new message's headers, no THREAD
     → medians and the ratios against the targets (warm ≤ 2× Dovecot's THREAD + FETCH; cold
     ≤ 1.5× Dovecot's cold THREAD).
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "api"))
import api_bench  # noqa: E402  (the server, login and IMAP helpers)

TARGET_WARM, TARGET_COLD = 2.0, 1.5
PAGE = "/api/mail/threads?folder=INBOX&page=1&size=50"


def parse_threads(data):
    """The top-level conversations of a THREAD answer as UID lists, in the server's order."""
    threads, depth, current = [], 0, []
    for token in re.findall(rb"\(|\)|\d+", data):
        if token == b"(":
            depth += 1
        elif token == b")":
            depth -= 1
            if depth == 0:
                threads.append(current)
                current = []
        else:
            current.append(int(token))
    return threads


def imap_thread(imap):
    typ, data = imap.uid("THREAD", "REFS", "UTF-8", "ALL")
    if typ != "OK":
        api_bench.die(f"THREAD failed: {data}")
    return parse_threads(b" ".join(d for d in data if isinstance(d, bytes)))


def fill(user, password, target):
    have = api_bench.inbox_count(user, password)
    if have >= target:
        print(f"  {user}: INBOX already has {have} messages")
        return
    started = time.monotonic()
    import subprocess
    subprocess.run([sys.executable, api_bench.MAKE_MAILBOX, user, str(target - have), "--threads"], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  {user}: filled to {api_bench.inbox_count(user, password)} in {time.monotonic() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    domain = api_bench.env("MAILSTACK_DOMAIN")
    user = f"benchthreads@{domain}"
    password = api_bench.set_password(user)
    fill(user, password, args.messages)

    # Dovecot alone.
    cold_imap = []
    for _ in range(max(3, args.reps // 5)):
        imap = api_bench.imap_connect(user, password)
        imap.select("INBOX", readonly=True)
        started = time.perf_counter()
        threads = imap_thread(imap)
        cold_imap.append(time.perf_counter() - started)
        imap.logout()
    imap = api_bench.imap_connect(user, password)
    imap.select("INBOX", readonly=True)
    items = api_bench.api_fetch_items(imap)
    warm_imap = []
    for _ in range(args.reps):
        started = time.perf_counter()
        threads = imap_thread(imap)
        page = [uid for thread in reversed(threads[-50:]) for uid in thread]
        typ, _ = imap.uid("FETCH", ",".join(map(str, page)), items)
        warm_imap.append(time.perf_counter() - started)
    messages = sum(len(t) for t in threads)
    print(f"  INBOX: {messages} messages in {len(threads)} conversations (REFS); "
          f"largest {max(len(t) for t in threads)}, first page {len(page)} messages")

    # Through the webmail.
    state = tempfile.mkdtemp(prefix="threads-bench-")
    server = api_bench.Server(args.binary, state, os.path.join(state, "server.log"))
    try:
        server.wait_ready(60)
        token = api_bench.login(server.port, user, password)
        client = api_bench.APIClient(server.port, token)
        started = time.perf_counter()
        status, body = client.get(PAGE)
        cold_api = time.perf_counter() - started
        if status != 200:
            api_bench.die(f"GET {PAGE}: {status} {body[:200]!r}")
        listed = json.loads(body)
        warm_api = []
        for _ in range(args.reps):
            started = time.perf_counter()
            status, body = client.get(PAGE)
            warm_api.append(time.perf_counter() - started)
        # One new message: a reply to the newest conversation.
        newest = listed["threads"][0]["uids"][-1]
        typ, data = imap.uid("FETCH", str(newest), "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)])")
        header = data[0][1].decode("utf-8", "replace")
        message_id = re.search(r"<[^>]+>", header).group(0)
        reply = (f"From: Bench <bench@example.com>\r\nTo: {user}\r\nSubject: Re: bench\r\n"
                 f"Message-ID: <bench-new-{time.time_ns()}@example.com>\r\nIn-Reply-To: {message_id}\r\n"
                 f"References: {message_id}\r\n\r\nnew\r\n").encode()
        imap.append("INBOX", None, None, reply)
        started = time.perf_counter()
        status, body = client.get(PAGE)
        incremental = time.perf_counter() - started
        after = json.loads(body)
        grew = after["threads"][0]["id"] == listed["threads"][0]["id"] and after["threads"][0]["count"] == listed["threads"][0]["count"] + 1
    finally:
        server.stop()
        imap.logout()

    ms = lambda s: s * 1000  # noqa: E731
    print(api_bench.summary("Dovecot cold THREAD REFS", cold_imap))
    print(api_bench.summary("Dovecot THREAD + page FETCH", warm_imap))
    print(api_bench.summary("API first page, warm", warm_api))
    print(f"  API first page, cold (fresh server)  {ms(cold_api):8.2f} ms")
    print(f"  API after one new message            {ms(incremental):8.2f} ms  (conversation grew in place: {grew})")
    warm_ratio = statistics.median(warm_api) / statistics.median(warm_imap)
    cold_ratio = cold_api / statistics.median(cold_imap)
    print(f"  warm: API / (THREAD + FETCH) = {warm_ratio:.2f}x  (target <= {TARGET_WARM}x)")
    print(f"  cold: API / Dovecot's THREAD = {cold_ratio:.2f}x  (target <= {TARGET_COLD}x; the API's cold "
          f"request also fetches the page)")


if __name__ == "__main__":
    main()
