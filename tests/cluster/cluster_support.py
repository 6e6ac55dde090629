"""Helpers of the several-instances tests: a small JSON client for one base URL (an instance
directly, or nginx over verified TLS), a Server-Sent Events reader with a deadline, and IMAP.

Named cluster_support (not support): pytest puts every test folder on sys.path, and another
suite's helper of the same name would shadow this one.
"""
import http.client
import imaplib
import json
import os
import socket
import ssl
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
# ZM_OUTBOX_LEASE_SECONDS of the cluster's instances: a killed instance's outbox claims are taken
# over after 10 s, not the default 10 min (issue 29).
OUTBOX_LEASE = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require(condition, message):
    """A missing part of the stack: the test fails under CI=true, is skipped otherwise."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def until(condition, timeout=120, what="the condition"):
    """Polls `condition` (the outcome is in other processes: IMAP, the instances, the database)
    until it is true, up to `timeout` seconds; returns its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def add_account(user, password):
    """A mail stack account (scripts/mailstack adduser; a second add only resets the password)."""
    added = subprocess.run([str(REPO / "scripts" / "mailstack"), "adduser", user, password],
                           capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr


class Api:
    """Requests to one base URL: http://127.0.0.1:PORT (an instance) or https://localhost:PORT/api
    (nginx, its certificate verified against the cluster's CA)."""

    def __init__(self, base, ca_file=None):
        parts = urlsplit(base)
        self.base, self.host, self.port, self.prefix = base, parts.hostname, parts.port, parts.path.rstrip("/")
        self.context = ssl.create_default_context(cafile=ca_file) if parts.scheme == "https" else None

    def connection(self, timeout=30):
        if self.context:
            return http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=timeout)
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method, path, token=None, body=None, headers=None):
        """Returns (status, parsed JSON or raw bytes)."""
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, (dict, list)):
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        connection = self.connection()
        try:
            connection.request(method, self.prefix + path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, data

    def refuses(self):
        """True when nothing answers at this URL (the instance is down)."""
        try:
            self.request("GET", "/health")
        except OSError:
            return True
        return False

    def login(self, user, password):
        status, body = self.request("POST", "/auth/login", body={"username": user, "password": password})
        assert status == 200, (status, body)
        return body["access_token"]

    def upload(self, token, filename, content):
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                f"Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", "/mail/uploads", token=token, body=body,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def events(self, token):
        return EventStream(self, token)


class EventStream:
    """GET /mail/events, read event by event; every read has a deadline (the socket's timeout)."""

    def __init__(self, api, token, timeout=30):
        self.connection = api.connection(timeout=timeout)
        self.connection.request("GET", api.prefix + "/mail/events?folder=INBOX",
                                headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        assert self.response.status == 200, self.response.status

    def next_event(self):
        """The next event's name (comments and retry lines skipped; its data is then in
        `self.data`, parsed JSON); None when the stream ended."""
        name, data = None, b""
        while True:
            line = self.response.readline()
            if not line:
                return None
            line = line.rstrip(b"\r\n")
            if line.startswith(b"event:"):
                name = line[6:].strip().decode()
            elif line.startswith(b"data:"):
                data += line[5:].strip()
            elif line == b"" and name:
                try:
                    self.data = json.loads(data) if data else None
                except ValueError:
                    self.data = None
                return name

    def wait_for(self, wanted):
        while True:
            name = self.next_event()
            assert name is not None, f"the event stream ended before '{wanted}'"
            if name == wanted:
                return

    def close(self):
        self.connection.close()


def imap_inbox_message(user, password, subject, timeout=30):
    """The raw bytes of the INBOX message with this subject, over real IMAPS (verified TLS), waiting
    for its delivery up to `timeout` seconds; None if it never came."""
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    deadline = time.monotonic() + timeout
    with imaplib.IMAP4_SSL("127.0.0.1", int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context) as imap:
        imap.login(user, password)
        while time.monotonic() < deadline:
            imap.select("INBOX")
            _, found = imap.uid("SEARCH", "HEADER", "Subject", f'"{subject}"')
            if found[0]:
                _, data = imap.uid("FETCH", found[0].split()[-1], "(RFC822)")
                return data[0][1]
            # Delivery (Postfix → LMTP) is asynchronous; IMAP offers no wait for it short of IDLE.
            time.sleep(0.2)
    return None
