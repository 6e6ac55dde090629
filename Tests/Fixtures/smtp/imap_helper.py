#!/usr/bin/env python3
"""An independent IMAP client for the SMTP tests (Python's imaplib over IMAPS).

Reading delivered mail back with a client that is not ours means a bug in our IMAP code cannot
hide a bug in sending. Connection details and passwords come from the `scripts/mailstack env`
variables (MAILSTACK_HOST, MAILSTACK_IMAPS_PORT, MAILSTACK_CA_FILE, MAILSTACK_USERS), never argv.

    imap_helper.py fetch USER FOLDER-OR-\\ROLE TOKEN EXPECTED TIMEOUT
        JSON list of {"uid", "flags", "raw" (base64)} of messages whose Subject contains TOKEN;
        polls until EXPECTED are there or TIMEOUT seconds passed (LMTP delivery is asynchronous).
    imap_helper.py append USER \\ROLE FLAGS            (message on stdin) -> prints the new UID
    imap_helper.py flag USER FOLDER UID FLAG
    imap_helper.py check-login USER                    exit 0 when USER can log in
    imap_helper.py wait-recipient ADDRESS TIMEOUT
        waits until Postfix's inbound port accepts RCPT TO:<ADDRESS> (after `mailstack adduser`,
        whose Postfix reload is asynchronous).

Extra accounts made by a test are passed in IMAP_HELPER_USERS, in MAILSTACK_USERS' format.
"""
import base64
import imaplib
import json
import os
import re
import smtplib
import ssl
import sys
import time


def connect(user, attempts=5):
    entries = (os.environ["MAILSTACK_USERS"] + " " + os.environ.get("IMAP_HELPER_USERS", "")).split()
    passwords = dict(entry.split(":", 1) for entry in entries)
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    # Other suites add accounts while we run; each `mailstack adduser` reloads Dovecot, and a
    # login that races the reload fails once. Retry a few times before calling it a failure.
    for attempt in range(attempts):
        try:
            imap = imaplib.IMAP4_SSL(os.environ["MAILSTACK_HOST"], int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context)
            imap.login(user, passwords[user])
            return imap
        except (imaplib.IMAP4.error, OSError) as error:
            if attempt == attempts - 1:
                raise
            time.sleep(0.3)


def resolve(imap, folder):
    """A special-use role such as \\Sent becomes the folder's name; anything else is a name."""
    if not folder.startswith("\\"):
        return folder
    typ, lines = imap.list()
    for line in lines:
        text = line.decode()
        match = re.match(r'\((?P<flags>[^)]*)\) "(?P<sep>[^"]*)" (?P<name>.*)', text)
        if match and folder.lower() in match.group("flags").lower().split():
            return match.group("name").strip('"')
    raise SystemExit("no folder with role " + folder)


def check_login(user):
    connect(user, attempts=1).logout()


def fetch(user, folder, token, expected, timeout):
    deadline = time.monotonic() + float(timeout)
    while True:
        imap = connect(user)
        imap.select('"%s"' % resolve(imap, folder), readonly=True)
        typ, data = imap.uid("SEARCH", None, "SUBJECT", '"%s"' % token)
        found = []
        for uid in data[0].split():
            typ, parts = imap.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
            flags = re.search(rb"FLAGS \(([^)]*)\)", parts[0][0]).group(1).decode()
            found.append({"uid": int(uid), "flags": flags, "raw": base64.b64encode(parts[0][1]).decode()})
        imap.logout()
        if len(found) >= int(expected) or time.monotonic() > deadline:
            print(json.dumps(found))
            return
        time.sleep(0.1)


def append(user, role, flags):
    imap = connect(user)
    message = sys.stdin.buffer.read()
    typ, data = imap.append('"%s"' % resolve(imap, role), "(%s)" % flags, None, message)
    if typ != "OK":
        raise SystemExit("APPEND failed: %r" % data)
    match = re.search(rb"APPENDUID \d+ (\d+)", data[0])
    print(match.group(1).decode() if match else "")
    imap.logout()


def flag(user, folder, uid, flag_name):
    imap = connect(user)
    imap.select('"%s"' % folder)
    typ, data = imap.uid("STORE", uid, "+FLAGS", "(%s)" % flag_name)
    if typ != "OK":
        raise SystemExit("STORE failed: %r" % data)
    imap.logout()


def wait_recipient(address, timeout):
    deadline = time.monotonic() + float(timeout)
    while True:
        with smtplib.SMTP(os.environ["MAILSTACK_HOST"], int(os.environ["MAILSTACK_SMTP_PORT"])) as smtp:
            smtp.ehlo("imap-helper.test")
            smtp.mail("")
            code, _ = smtp.rcpt(address)
            smtp.rset()
        if code == 250:
            return
        if time.monotonic() > deadline:
            raise SystemExit("Postfix still refuses %s (%d)" % (address, code))
        time.sleep(0.2)


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"fetch": fetch, "append": append, "flag": flag, "wait-recipient": wait_recipient,
     "check-login": check_login}[command](*arguments)
