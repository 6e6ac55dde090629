#!/usr/bin/env python3
"""Hostile mail opened through the webmail API, with /health probed meanwhile (issue 23, item 2;
printed only, never asserted).

    eval "$(scripts/mailstack env)"; python3 bench/poison-mail/poison_bench.py BINARY [--reps N]
    (bench/poison-mail/run.sh does the env and picks the binary.)

Steps, all on loopback:
  1. account benchpoison@DOMAIN with a fresh random password (scripts/mailstack adduser, stdin).
  2. two mails delivered over LMTP to the stack's Dovecot (what Postfix does for incoming mail):
       poison: multipart/related, an HTML body of 800 KB referencing 1,500 inline images by cid:;
       largest: the most MIME parses whole (MIMELimits.maxParts = 10,000: the HTML + 9,999 cid:
                images, inside the 2 MB whole-message limit of IMAPMailStore), the HTML
                referencing every image.
  3. the backend (bench/api's Server helper), one session, then per mail: 2 warm-up opens and
     --reps timed opens of GET /api/mail/messages/{uid}?folder=INBOX on a keep-alive connection
     (request + whole body), while a separate process (no shared GIL) GETs /health in a loop on
     its own connection; /health is also probed alone first, for the floor.
  4. medians, p95 and max against the targets: open < 0.3 s (poison), < 2 s (largest), and the
     longest /health wait during the opens < 50 ms.
"""

import argparse
import multiprocessing
import os
import smtplib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "api"))
import api_bench  # noqa: E402  (the Server, account and HTTP helpers)
from api_bench import APIClient, Server, env, login, percentile, set_password, summary  # noqa: E402

PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg=="
TARGET_POISON = 0.3
TARGET_LARGEST = 2.0
TARGET_HEALTH = 0.050


def hostile_mail(user, subject, parts, html_bytes, tiny_parts=False):
    """multipart/related: the HTML (section 1) with an <img src="cid:..."> per part, filled to
    html_bytes, then the parts (sections 2 …), each a 1x1 PNG with its Content-ID (tiny_parts:
    four bytes and no transfer encoding, so that 10,000 of them fit in the 2 MB)."""
    lines = ["<html><body><p>독성 메일</p>"]
    lines += [f'<img src="cid:i{n}@p">' for n in range(parts)]
    filler = "<p>지오정보기술 웹메일 부하 시험 문단입니다. The quick brown fox jumps over the lazy dog.</p>"
    size = sum(len(line.encode()) + 2 for line in lines)
    while size < html_bytes:
        lines.append(filler)
        size += len(filler.encode()) + 2
    lines.append("</body></html>")
    head = (f"From: Poison <poison@example.net>\r\nTo: {user}\r\nSubject: {subject}\r\n"
            f"Date: Sun, 6 Dec 2026 12:00:00 +0900\r\nMessage-ID: <{subject}@example.net>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related; boundary="p"\r\n\r\n'
            "--p\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    body = "\r\n".join(lines) + "\r\n"
    if tiny_parts:
        images = "".join(f"--p\r\nContent-Type: image/png\r\nContent-ID: <i{n}@p>\r\n\r\nAA==\r\n" for n in range(parts))
    else:
        images = "".join(f"--p\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <i{n}@p>\r\n\r\n{PNG_BASE64}\r\n"
                          for n in range(parts))
    return (head + body + images + "--p--\r\n").encode()


def deliver(user, raw):
    with smtplib.LMTP(env("MAILSTACK_HOST"), int(env("MAILSTACK_LMTP_PORT")), timeout=60) as lmtp:
        lmtp.sendmail("poison@example.net", [user], raw)


def uid_of(user, password, subject):
    with api_bench.imap_connect(user, password) as imap:
        imap.select("INBOX", readonly=True)
        _, found = imap.uid("SEARCH", None, "SUBJECT", subject)
        return int(found[0].split()[-1])


def probe_health(port, ready, stop, results):
    """Another process: GET /health on one keep-alive connection until told to stop."""
    client = APIClient(port, None)
    waits = []
    while not stop.is_set():
        if waits:
            ready.set()
        start = time.perf_counter()
        status, _ = client.get("/health")
        waits.append(time.perf_counter() - start)
        if status != 200:
            waits[-1] = float("inf")
    results.put(waits)


def with_probe(port, action):
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    results = multiprocessing.Queue()
    prober = multiprocessing.Process(target=probe_health, args=(port, ready, stop, results))
    prober.start()
    if not ready.wait(30):  # its connection is open and looping before the opens start
        api_bench.die("the /health prober did not start")
    value = action()
    stop.set()
    waits = results.get(timeout=60)
    prober.join(timeout=10)
    return value, waits


def open_times(client, path, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        status, body = client.get(path)
        times.append(time.perf_counter() - start)
        if status != 200:
            api_bench.die(f"GET {path} answered {status}: {body[:200]!r}")
    return times


def verdict(value, target):
    return f"{'OK ' if value < target else 'MISS'} (target < {target * 1000:.0f} ms)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args()

    user = f"benchpoison@{env('MAILSTACK_DOMAIN')}"
    password = set_password(user)
    tag = str(int(time.time()))
    mails = {
        "poison (1,500 cid parts, 800 KB HTML)": (f"poison-{tag}", 1_500, 800_000, TARGET_POISON, False),
        "largest (10,000 parts, < 2 MB)": (f"largest-{tag}", 9_999, 1_000_000, TARGET_LARGEST, True),
    }
    uids = {}
    for label, (subject, parts, html_bytes, _, tiny) in mails.items():
        raw = hostile_mail(user, subject, parts, html_bytes, tiny)
        print(f"mail    {label}: {len(raw) / 1_048_576:.2f} MiB")
        if len(raw) > 2 * 1024 * 1024:
            api_bench.die(f"{label} is over the 2 MB whole-message limit")
        deliver(user, raw)
        uids[label] = uid_of(user, password, subject)

    with tempfile.TemporaryDirectory() as state:
        server = Server(args.binary, state, os.path.join(state, "server.log"))
        try:
            server.wait_ready(60)
            token = login(server.port, user, password)
            client = APIClient(server.port, token)
            _, idle = with_probe(server.port, lambda: time.sleep(2))
            print(summary("/health alone", idle))
            for label, (_, _, _, target, _) in mails.items():
                path = f"/api/mail/messages/{uids[label]}?folder=INBOX"
                open_times(client, path, 2)  # warm-up: Dovecot's cache, the pool's connection
                times, waits = with_probe(server.port, lambda: open_times(client, path, args.reps))
                print(f"{label}")
                print(summary("open", times))
                print(summary("/health during the opens", waits))
                print(f"  open median {statistics.median(times) * 1000:.1f} ms {verdict(statistics.median(times), target)}; "
                      f"p95 {percentile(times, 0.95) * 1000:.1f} ms {verdict(percentile(times, 0.95), target)}")
                print(f"  /health longest wait {max(waits) * 1000:.1f} ms {verdict(max(waits), TARGET_HEALTH)}")
            client.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
