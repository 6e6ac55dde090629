#!/usr/bin/env python3
"""The same two measurements as MIMEBench, with CPython's email package (policy=default)."""
import email
import email.policy
import os
import sys
import time

directory = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
files = [open(os.path.join(directory, name), "rb").read() for name in sorted(os.listdir(directory))]
total = sum(len(f) for f in files)


def parse(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    from_ = message["from"]
    return len(str(message["subject"] or "")) + (len(from_.addresses) if from_ is not None else 0)


def read(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    n = parse(data)
    for kind in ("plain", "html"):
        body = message.get_body(preferencelist=(kind,))
        if body is not None:
            try:
                n += len(body.get_content())
            except Exception:
                pass
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        n += len(payload) if isinstance(payload, bytes) else 0
    return n


for label, function in (("parse", parse), ("read", read)):
    rounds, start = 0, time.perf_counter()
    while True:
        for data in files:
            try:
                function(data)
            except Exception:
                pass
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    print("python %-6s %8.1f MB/s  %9.0f msg/s" % (label, total * rounds / elapsed / 1048576, len(files) * rounds / elapsed))
