"""Property-based run of every JSON route in docs/api.yaml against the real server on the real
mail stack (schemathesis): generated valid and invalid requests, authenticated with a real
token, must never get a 5xx, never kill the server, and every error must be the documented
`{"code", "detail"}` body (tests/api/schemathesis_hooks.py).

Bounded for `make test` (API_FUZZ_EXAMPLES per operation, API_FUZZ_MAX_TIME seconds in all);
a longer run is documented in fuzz/README.md. The mailbox holds real Korean and English mail
(Outlook's ks_c_5601-1987, HTML, an attachment) so UID routes reach real messages.
"""
import base64
import imaplib
import json
import os
import subprocess
import socket
import threading
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
MAX_TIME = int(os.environ.get("API_FUZZ_MAX_TIME", "240"))
# Streams and the session's own end are exercised by their own tests, not by random input:
# /mail/events holds the connection open, /auth/logout would revoke the run's token.
EXCLUDED_PATHS = ["/mail/events", "/auth/logout"]


def _binary():
    path = Path(os.environ.get("ZIOINFO_MAIL_BIN", REPO / ".build" / "debug" / "zioinfo-mail"))
    if not path.is_file():
        message = f"{path} is missing: run `swift build --product zioinfo-mail` first"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _korean_mails(to):
    outlook = EmailMessage()
    outlook["From"] = "=?ks_c_5601-1987?B?yKvB9rW/?= <hong@example.net>"
    outlook["To"] = to
    outlook["Subject"] = "=?ks_c_5601-1987?B?yLjAxyDAz8GkIL7Is7s=?="
    outlook["Date"] = formatdate(localtime=True)
    outlook.set_content("회의 일정 안내드립니다.".encode("cp949"), maintype="text", subtype="plain",
                        cte="base64", params={"charset": "ks_c_5601-1987"})
    html = EmailMessage()
    html["From"] = "뉴스레터 <news@example.net>"
    html["To"] = to
    html["Subject"] = "12월 소식 — Newsletter"
    html["Date"] = formatdate(localtime=True)
    html.set_content("텍스트 본문")
    html.add_alternative("<html><body><h1>12월 소식</h1><img src='cid:logo@x'><p>안녕하세요</p></body></html>",
                         subtype="html")
    html.add_attachment(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, maintype="image", subtype="png",
                        filename="로고 파일.png")
    plain = EmailMessage()
    plain["From"] = "Alice <alice@example.com>"
    plain["To"] = to
    plain["Subject"] = "Meeting notes"
    plain["Date"] = formatdate(localtime=True)
    plain.set_content("See you at 10.")
    return [outlook.as_bytes(), html.as_bytes(), plain.as_bytes()]


def _fill_mailbox(mailstack, address, password):
    conn = imaplib.IMAP4_SSL(mailstack.host, mailstack.imaps_port, ssl_context=mailstack.tls_context())
    try:
        conn.login(address, password)
        for folder in ('"거래처 메일"', '"프로젝트/부산3D"'):
            conn.create(_mutf7(folder))
        for raw in _korean_mails(address):
            conn.append("INBOX", None, None, raw)
    finally:
        conn.logout()


def _mutf7(quoted):
    """IMAP's modified UTF-7 for a quoted folder name (RFC 3501 5.1.3)."""
    name = quoted.strip('"')
    out, run = [], []

    def flush():
        if run:
            b = base64.b64encode("".join(run).encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + b + "-")
            run.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return '"' + "".join(out) + '"'


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`zioinfo-mail serve` with its log drained on a thread (a full pipe would stall it)."""

    def __init__(self, binary, mailstack, state_dir):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = []
        self.ready = threading.Event()
        args = [str(binary), "serve", "--http-port", str(self.port), "--state-dir", str(state_dir),
                "--imap-host", mailstack.host, "--imap-port", str(mailstack.imaps_port), "--imap-tls", "implicit",
                "--smtp-host", mailstack.host, "--smtp-port", str(mailstack.submission_port),
                "--smtp-tls", "starttls", "--sieve-host", mailstack.host, "--sieve-port", str(mailstack.sieve_port),
                "--ca-file", mailstack.ca_file, "--mail-domain", mailstack.domain]
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZM_")}
        self.process = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True, errors="replace")
        threading.Thread(target=self._drain, daemon=True).start()
        if not self.ready.wait(60) or self.process.poll() is not None:
            self.stop()
            pytest.fail("server did not start:\n" + "".join(self.log[-50:]))

    def _drain(self):
        for line in self.process.stderr:
            self.log.append(line)
            if "Server started and listening" in line:
                self.ready.set()
        self.ready.set()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _login(base, address, password):
    body = json.dumps({"username": address, "password": password}).encode()
    request = urllib.request.Request(base + "/auth/login", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["access_token"]


def test_generated_requests_never_fail_the_server(mailstack, make_account, tmp_path):
    binary = _binary()
    address, password = make_account("apifuzz")
    _fill_mailbox(mailstack, address, password)
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    server = Server(binary, mailstack, state)
    try:
        token = _login(server.base, address, password)
        report = tmp_path / "report"
        command = [str(REPO / ".venv" / "bin" / "st"), "run", str(REPO / "docs" / "api.yaml"),
                   "--url", server.base, "--header", f"Authorization: Bearer {token}",
                   "--checks", "not_a_server_error,error_body_has_code_and_detail",
                   "--max-examples", str(EXAMPLES), "--max-time", str(MAX_TIME), "--seed", "20261206",
                   "--workers", "1", "--request-timeout", "20", "--phases", "examples,coverage,fuzzing",
                   "--report", "ndjson", "--report-dir", str(report), "--no-color"]
        for path in EXCLUDED_PATHS:
            command += ["--exclude-path", path]
        env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks", PYTHONPATH=str(Path(__file__).parent))
        started = time.monotonic()
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=MAX_TIME + 300)
        elapsed = time.monotonic() - started
        print(run.stdout[-6000:])
        alive = server.process.poll() is None
        crashed = [line for line in server.log if "Fatal error" in line or "Crash" in line]
        assert alive, "the server died during the run:\n" + "".join(server.log[-40:]) + run.stdout[-4000:]
        assert not crashed, "".join(crashed)
        assert run.returncode == 0, f"schemathesis found failures after {elapsed:.0f} s:\n{run.stdout[-8000:]}"
        with urllib.request.urlopen(server.base + "/health", timeout=10) as response:
            assert response.status == 200
    finally:
        server.stop()
