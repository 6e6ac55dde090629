#!/usr/bin/env python3
"""수신확인 timings (issue 33) on the dev stack: `GET /mail/messages/{uid}/receipts` for a mail to
two internal recipients and one external (each internal one is a master login, a LIST, a SEARCH per
folder and a FETCH), and `GET /mail/receipts` (a page of ten sent mails, one master login per
distinct internal recipient). Client round trips on loopback; prints median and p95.

    eval "$(scripts/mailstack env)"; bench/receipts/receipts_bench.py path/to/zioinfo-mail [reps]

The user's allowance is 60 lookups a minute: keep reps at 20 or fewer (2 lookups each, plus 5
overview requests)."""
import imaplib
import json
import os
import smtplib
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from email.message import EmailMessage

DOMAIN = "zioinfo.co.kr"
SENDER, INTERNAL, EXTERNAL = f"ythong@{DOMAIN}", [f"info@{DOMAIN}", f"admin@{DOMAIN}"], "partner@example.com"


def users():
    return dict(pair.rsplit(":", 1) for pair in os.environ["MAILSTACK_USERS"].split())


def imap(user):
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    conn = imaplib.IMAP4_SSL(os.environ["MAILSTACK_HOST"], int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context)
    conn.login(user, users()[user])
    return conn


def request(base, path, token=None, method="GET"):
    req = urllib.request.Request(base + path, method=method, data=b"{}" if method == "POST" else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read())


def timed(fn, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main():
    binary, reps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    message_id = f"<bench-{uuid.uuid4().hex}@{DOMAIN}>"
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Cc"] = SENDER, ", ".join(INTERNAL), EXTERNAL
    msg["Subject"], msg["Message-ID"] = "receipts bench", message_id
    msg.set_content("bench")
    with smtplib.SMTP(os.environ["MAILSTACK_HOST"], int(os.environ["MAILSTACK_SMTP_PORT"])) as smtp:
        smtp.send_message(msg, from_addr=SENDER, to_addrs=INTERNAL)
    conn = imap(SENDER)
    conn.append("Sent", r"(\Seen)", None, msg.as_bytes())
    conn.select("Sent")
    uid = conn.uid("SEARCH", None, "HEADER", "Message-ID", f'"{message_id}"')[1][0].split()[-1].decode()
    conn.logout()
    for user in INTERNAL:
        conn = imap(user)
        while True:
            conn.select("INBOX")
            if conn.uid("SEARCH", None, "HEADER", "Message-ID", f'"{message_id}"')[1][0].split():
                break
            time.sleep(0.1)
        conn.logout()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    state = tempfile.mkdtemp(prefix="zm-receipts-bench-")
    env = {k: v for k, v in os.environ.items()}
    env.update(ZM_HTTP_PORT=str(port), ZM_STATE_DIR=state, ZM_STATIC_DIR=state, ZM_LOG_LEVEL="warning")
    server = subprocess.Popen([binary, "serve"], env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request(base, "/health")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        login = urllib.request.Request(base + "/auth/login", data=json.dumps({"username": SENDER, "password": users()[SENDER]}).encode(),
                                       headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(login) as response:
            token = json.loads(response.read())["access_token"]
        health = timed(lambda: request(base, "/health"), reps)
        receipts = timed(lambda: request(base, f"/mail/messages/{uid}/receipts?folder=Sent", token), reps)
        overview = timed(lambda: request(base, "/mail/receipts?page=1", token), 5)
        print(f"GET /health (floor)             median {health[0]:7.1f} ms  p95 {health[1]:7.1f} ms  ({reps} requests)")
        print(f"GET …/receipts (2 internal)     median {receipts[0]:7.1f} ms  p95 {receipts[1]:7.1f} ms  ({reps} requests)")
        print(f"GET /mail/receipts (10 sent)    median {overview[0]:7.1f} ms  p95 {overview[1]:7.1f} ms  (5 requests)")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
