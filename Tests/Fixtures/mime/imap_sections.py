#!/usr/bin/env python3
"""Asks the real Dovecot (scripts/mailstack) what each IMAP section of a message contains, so
the Swift test can check that our section paths fetch exactly our parts.

Input (stdin, JSON): {"user", "password", "host", "port", "ca_file", "folder",
                      "messages": [{"path": FILE, "sections": ["1", "2.1", "2.TEXT", ...]}]}
Output (stdout, JSON): [{"path": FILE, "sections": {"2.1": BASE64_OF_BODY[2.1]}}, ...]
The password arrives on stdin only and is never printed.
"""
import base64
import imaplib
import json
import re
import ssl
import sys

request = json.load(sys.stdin)
context = ssl.create_default_context(cafile=request["ca_file"])
imap = imaplib.IMAP4_SSL(request["host"], int(request["port"]), ssl_context=context)
imap.login(request["user"], request["password"])
folder = request["folder"]
imap.create(folder)
imap.select(folder)
results = []
for entry in request["messages"]:
    with open(entry["path"], "rb") as handle:
        raw = handle.read()
    status, data = imap.append(folder, None, None, raw)
    if status != "OK":
        raise SystemExit("APPEND failed: %r" % (data,))
    uid = re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1).decode()
    sections = {}
    for section in entry["sections"]:
        status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[%s])" % section)
        literal = b""
        for item in fetched:
            if isinstance(item, tuple):
                literal = item[1]
        sections[section] = base64.b64encode(literal).decode("ascii")
    results.append({"path": entry["path"], "sections": sections})
imap.select("INBOX")
imap.delete(folder)
imap.logout()
json.dump(results, sys.stdout)
