"""The outbox through a real crash (issue 29): the real `zioinfo-mail serve` over SQLite and over
PostgreSQL, the real Postfix and Dovecot. A mail is queued (`delay_seconds`), the process dies by
SIGKILL, and a new process over the same database finishes the job:

- killed while the mail waits → sent once after the restart, one Sent copy;
- killed right after SMTP's final OK, before the Sent copy (the debug build's fault point
  `ZM_TEST_OUTBOX_CRASH=after-smtp`) → delivered once, never again: the entry was `submitting`,
  its Message-ID is not in Sent, so it goes to Drafts with "발송 여부를 알 수 없습니다" (the design:
  at most once, and the user is told);
- killed after the Sent copy, before the bookkeeping (`after-submit`) → delivered once, and the
  restarted instance finds the Sent copy and records it sent (no Drafts copy).

"Once" is counted twice: the recipient's INBOX over IMAP and Postfix's own log (one `cleanup`
line with the Message-ID per submission). `ZM_OUTBOX_LEASE_SECONDS=2` lets the restarted
process take the dead claim over without waiting ten minutes.

The binary is ZM_SERVER_BINARY, else `.build/debug/zioinfo-mail` (a debug build: the fault
points exist only there). Needs the mail stack's env; PostgreSQL comes from scripts/pgstack
(started here when it is not running). A missing part fails the tests under CI=true.
"""
import http.client
import imaplib
import json
import os
import signal
import ssl
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

from cluster_support import REPO, add_account, free_port, require, until

SENDER = "outboxcrash-from@zioinfo.co.kr"
RECIPIENT = "outboxcrash-to@zioinfo.co.kr"
PASSWORD = "Outbox!Crash-2026"
LEASE = 2
PSQL = "/usr/lib/postgresql/15/bin/psql"


@pytest.fixture(scope="module")
def binary():
    path = Path(os.environ.get("ZM_SERVER_BINARY", REPO / ".build" / "debug" / "zioinfo-mail"))
    require(path.is_file() and os.access(path, os.X_OK), f"no zioinfo-mail binary at {path} (swift build --product zioinfo-mail)")
    missing = [n for n in ("MAILSTACK_IMAPS_PORT", "MAILSTACK_SUBMISSION_PORT", "MAILSTACK_CA_FILE", "MAILSTACK_DIR")
               if not os.environ.get(n)]
    require(not missing, f"needs the mail stack's env ({', '.join(missing)}): eval \"$(scripts/mailstack env)\"")
    add_account(SENDER, PASSWORD)
    add_account(RECIPIENT, PASSWORD)
    return path


@pytest.fixture(scope="module")
def postgres_base():
    """The URL of scripts/pgstack's database (started when it is not running, stopped after)."""
    pgstack = str(REPO / "scripts" / "pgstack")
    started = False
    if subprocess.run([pgstack, "status"], capture_output=True).returncode != 0:
        result = subprocess.run([pgstack, "start"], capture_output=True, text=True, timeout=180)
        require(result.returncode == 0, f"PostgreSQL did not start: {result.stderr[-500:]}")
        started = True
    yield subprocess.run([pgstack, "url"], capture_output=True, text=True, check=True).stdout.strip()
    if started:
        subprocess.run([pgstack, "stop"], capture_output=True, timeout=60)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path):
    """ZM_DATABASE_URL for one test: SQLite under its state folder, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return "sqlite:"
    base = request.getfixturevalue("postgres_base")
    name = "zm_outbox_crash_" + uuid.uuid4().hex[:12]
    subprocess.run([PSQL, "-X", "-q", "-d", base, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return base.replace("/zm?", f"/{name}?")


class Server:
    """One `zioinfo-mail serve` over the test's state folder and database."""

    def __init__(self, binary, state, database, crash=None):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZM_")}
        env.update(ZM_HTTP_HOST="127.0.0.1", ZM_HTTP_PORT=str(self.port), ZM_STATE_DIR=str(state), ZM_DATABASE_URL=database,
                   ZM_STATIC_DIR=str(state / "spa"), ZM_OUTBOX_LEASE_SECONDS=str(LEASE),
                   ZM_IMAP_HOST="127.0.0.1", ZM_IMAP_PORT=os.environ["MAILSTACK_IMAPS_PORT"], ZM_IMAP_TLS="implicit",
                   ZM_SMTP_HOST="127.0.0.1", ZM_SMTP_PORT=os.environ["MAILSTACK_SUBMISSION_PORT"], ZM_SMTP_TLS="starttls",
                   ZM_SIEVE_PORT="0", ZM_CA_FILE=os.environ["MAILSTACK_CA_FILE"])
        if crash:
            env["ZM_TEST_OUTBOX_CRASH"] = crash
        self.log = []
        self.process = subprocess.Popen([str(binary), "serve"], env=env, stderr=subprocess.PIPE, text=True)
        ready = threading.Event()

        def read():
            for line in self.process.stderr:
                self.log.append(line)
                if "Server started and listening" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        assert ready.wait(120) and self.process.poll() is None, "the server did not start:\n" + "".join(self.log[-30:])

    def request(self, method, path, token=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def login(self):
        status, body = self.request("POST", "/auth/login", body={"username": SENDER, "password": PASSWORD})
        assert status == 200, body
        return body["access_token"]

    def killed(self, timeout=60):
        """Waits for the process to die by the fault point's SIGKILL (its own)."""
        return self.process.wait(timeout=timeout)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        return self.process.wait(timeout=20)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def count(user, folder, subject):
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    with imaplib.IMAP4_SSL("127.0.0.1", int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context) as imap:
        imap.login(user, PASSWORD)
        imap.select(folder, readonly=True)
        _, found = imap.uid("SEARCH", "HEADER", "Subject", f'"{subject}"')
        return len(found[0].split())


def submissions(message_id):
    """How many times Postfix took a message with this Message-ID (its cleanup log line)."""
    log = Path(os.environ["MAILSTACK_DIR"]) / "log" / "postfix.log"
    return log.read_text(errors="replace").count(f"message-id=<{message_id}>")


def queue(server, token, subject, delay):
    status, body = server.request("POST", "/mail/send", token=token, body={
        "to": [RECIPIENT], "subject": subject, "text": "보낸 뒤 서버가 죽습니다.", "delay_seconds": delay})
    assert status == 202 and body["status"] == "queued", body
    return body


def outbox_entry(server, token, outbox_id):
    status, body = server.request("GET", "/mail/outbox", token=token)
    assert status == 200, body
    return next((entry for entry in body["entries"] if entry["id"] == outbox_id), None)


def crash_at(point, binary, state, database, subject):
    """Queues a mail on a server whose fault `point` is armed; returns the 202 once it died there."""
    first = Server(binary, state, database, crash=point)
    try:
        queued = queue(first, first.login(), subject, delay=1)
        assert first.killed() == -signal.SIGKILL, "the fault point was not reached (a release binary?)"
    finally:
        first.stop()
    return queued


def test_a_mail_waiting_when_the_server_is_killed_is_sent_once_after_the_restart(binary, database, tmp_path):
    subject = f"crash-wait {uuid.uuid4()}"
    first = Server(binary, tmp_path, database)
    try:
        queued = queue(first, first.login(), subject, delay=3)
        assert first.kill() == -signal.SIGKILL
    finally:
        first.stop()
    assert count(RECIPIENT, "INBOX", subject) == 0
    second = Server(binary, tmp_path, database)
    try:
        token = second.login()
        until(lambda: count(RECIPIENT, "INBOX", subject) == 1, what="the delivery after the restart")
        until(lambda: outbox_entry(second, token, queued["outbox_id"]) is None, what="the entry marked sent")
        until(lambda: count(SENDER, "Sent", subject) == 1, what="the Sent copy")
        assert submissions(queued["message_id"]) == 1
        assert count(RECIPIENT, "INBOX", subject) == 1 and count(SENDER, "Drafts", subject) == 0
    finally:
        second.stop()


def test_a_crash_after_smtps_ok_before_the_sent_copy_is_never_sent_twice(binary, database, tmp_path):
    subject = f"crash-after-smtp {uuid.uuid4()}"
    queued = crash_at("after-smtp", binary, tmp_path, database, subject)
    # Accepted by Postfix before the process died.
    until(lambda: count(RECIPIENT, "INBOX", subject) == 1, what="the delivery before the crash")
    second = Server(binary, tmp_path, database)
    try:
        token = second.login()
        entry = until(lambda: (e := outbox_entry(second, token, queued["outbox_id"])) and e["state"] == "failed" and e,
                      what="the interrupted entry judged after the lease")
        assert "발송 여부를 알 수 없습니다" in entry["reason"]
        until(lambda: count(SENDER, "Drafts", subject) == 1, what="the mail kept in Drafts")
        assert submissions(queued["message_id"]) == 1
        assert count(RECIPIENT, "INBOX", subject) == 1
        assert count(SENDER, "Sent", subject) == 0
    finally:
        second.stop()


def test_a_crash_after_the_sent_copy_before_the_bookkeeping_is_recorded_sent(binary, database, tmp_path):
    subject = f"crash-after-submit {uuid.uuid4()}"
    queued = crash_at("after-submit", binary, tmp_path, database, subject)
    assert count(SENDER, "Sent", subject) == 1
    second = Server(binary, tmp_path, database)
    try:
        token = second.login()
        until(lambda: outbox_entry(second, token, queued["outbox_id"]) is None, what="the entry found in Sent and marked sent")
        until(lambda: count(RECIPIENT, "INBOX", subject) == 1, what="the delivery")
        assert submissions(queued["message_id"]) == 1
        assert count(SENDER, "Sent", subject) == 1 and count(SENDER, "Drafts", subject) == 0
    finally:
        second.stop()
