"""`zioinfo-mail serve` as a process: starts, answers /health, shuts down gracefully on signals,
and the seed's Phase 4 calls (health, login, message list) work with curl-like requests."""
import json
import os
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from conftest import clean_env, free_port, stack_flags


def _start(binary, stack, tmp_path, extra=()):
    port = free_port()
    args = [str(binary), "serve", *stack_flags(stack), "--http-port", str(port),
            "--state-dir", str(tmp_path / "state"), "--static-dir", str(tmp_path / "spa"), *extra]
    process = subprocess.Popen(args, env=clean_env(), stderr=subprocess.PIPE, text=True)
    # Wait for the server's own "listening" log line instead of sleeping.
    lines = []
    for line in process.stderr:
        lines.append(line)
        if "Server started and listening" in line:
            break
        if len(lines) > 200:
            break
    if process.poll() is not None:
        pytest.fail("server exited early:\n" + "".join(lines))
    return process, f"http://127.0.0.1:{port}", lines


def _request(url, method="GET", body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers


def _stop(process, sig=signal.SIGTERM):
    process.send_signal(sig)
    try:
        return process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_answers_health_and_stops_gracefully(binary, mailstack, tmp_path, sig):
    process, base, _ = _start(binary, mailstack, tmp_path)
    try:
        for path in ("/health", "/api/health"):
            status, body, headers = _request(base + path)
            assert status == 200
            assert body["status"] == "ok" and body["version"]
            assert body["imap"] in ("ok", "unknown", "unreachable") and body["smtp"] in ("ok", "unknown", "unreachable")
            assert headers["X-Content-Type-Options"] == "nosniff"
    finally:
        code = _stop(process, sig)
    assert code == 0


def test_state_dir_keys_are_private(binary, mailstack, tmp_path):
    process, base, _ = _start(binary, mailstack, tmp_path)
    try:
        for name in ("jwt.key", "seal.key"):
            mode = os.stat(tmp_path / "state" / name).st_mode & 0o777
            assert mode == 0o600, f"{name} is {oct(mode)}"
    finally:
        _stop(process)


def test_seed_phase4_calls(binary, mailstack, tmp_path):
    """Seed Phase 4: curl -f /health; POST /auth/login; GET /mail/messages with the bearer token."""
    users = dict(pair.rsplit(":", 1) for pair in os.environ.get("MAILSTACK_USERS", "").split())
    password = users.get("ythong@zioinfo.co.kr", "1q2w3e!Q")
    process, base, _ = _start(binary, mailstack, tmp_path)
    try:
        status, _, _ = _request(base + "/health")
        assert status == 200
        status, login, _ = _request(base + "/auth/login", "POST", {"username": "ythong@zioinfo.co.kr", "password": password})
        assert status == 200, login
        assert login["token_type"] == "bearer"
        status, page, _ = _request(base + "/mail/messages", token=login["access_token"])
        assert status == 200, page
        assert {"total", "page", "size", "messages"} <= page.keys()
        status, wrong, _ = _request(base + "/auth/login", "POST", {"username": "ythong@zioinfo.co.kr", "password": "wrong"})
        assert status == 401 and wrong == {"code": "authentication_failed", "detail": "인증 실패", "attempts_left": 4}
    finally:
        _stop(process)
