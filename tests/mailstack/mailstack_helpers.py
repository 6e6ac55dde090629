"""Client helpers for the mail stack tests: verified TLS logins, awaiting a delivery, raw SMTP.

Delivery is asynchronous (Postfix queue -> LMTP -> Dovecot), so tests await a message by
polling IMAP until a deadline instead of sleeping a fixed time.
"""

import base64
import email
import email.policy
import imaplib
import os
import smtplib
import subprocess
import time
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
MAILSTACK = REPO_ROOT / "scripts" / "mailstack"

DELIVERY_TIMEOUT = 20.0


def require_root(what):
    """Starting/stopping the stack and adding accounts need root: a failure under CI=true
    (CI runs as root), a skip otherwise."""
    if os.geteuid() != 0:
        message = f"{what} needs root"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def unique_token():
    """Tests may run on a stack that has been used before: every message they look for
    carries a token of its own."""
    return uuid.uuid4().hex


def imaps_login(stack, user, password=None):
    conn = imaplib.IMAP4_SSL(stack.host, stack.imaps_port, ssl_context=stack.tls_context(),
                             timeout=30)
    conn.login(user, stack.users[user] if password is None else password)
    return conn


def submission_login(stack, user):
    """Submission over STARTTLS, certificate verified, then AUTH."""
    client = smtplib.SMTP(stack.host, stack.submission_port, timeout=30)
    client.starttls(context=stack.tls_context())
    client.login(user, stack.users[user])
    return client


def auth_plain_once(client, user, password):
    """One AUTH PLAIN attempt; smtplib.login() would retry with AUTH LOGIN and pay the
    server's failure delay twice. Returns (code, reply)."""
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
    return client.docmd("AUTH", "PLAIN " + token)


def search_subject_token(conn, folder, token):
    """UIDs in `folder` whose Subject contains the ASCII `token`."""
    typ, _ = conn.select(folder, readonly=True)
    assert typ == "OK", f"SELECT {folder} failed"
    typ, data = conn.uid("SEARCH", None, "SUBJECT", f'"{token}"')
    assert typ == "OK"
    return [int(x) for x in data[0].split()]


def await_message(stack, user, token, folder="INBOX", timeout=DELIVERY_TIMEOUT):
    """Polls `user`'s folder until a message whose subject contains `token` is there and
    returns it parsed (email.message.EmailMessage). Fails after `timeout` seconds."""
    conn = imaps_login(stack, user)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:
            uids = search_subject_token(conn, folder, token)
            if uids:
                typ, data = conn.uid("FETCH", str(uids[-1]), "(BODY.PEEK[])")
                assert typ == "OK"
                raw = next(part[1] for part in data if isinstance(part, tuple))
                return email.message_from_bytes(raw, policy=email.policy.default)
            if time.monotonic() > deadline:
                raise AssertionError(f"no message with {token} in {user}'s {folder} "
                                     f"after {timeout:.0f}s")
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    finally:
        conn.logout()


def count_messages(stack, user, folder="INBOX"):
    conn = imaps_login(stack, user)
    try:
        typ, data = conn.status(folder, "(MESSAGES)")
        assert typ == "OK"
        return int(data[0].decode().rsplit("MESSAGES", 1)[1].strip(" )"))
    finally:
        conn.logout()


def run_mailstack(*args, timeout=300):
    """Runs scripts/mailstack with the test's environment (same MAILSTACK_DIR and ports).

    Output is captured through pipes on purpose: a daemon holding the pipe open would make
    this hang (and time out) instead of returning."""
    return subprocess.run([str(MAILSTACK), *args], capture_output=True, text=True,
                          timeout=timeout, env=os.environ.copy(), stdin=subprocess.DEVNULL)
