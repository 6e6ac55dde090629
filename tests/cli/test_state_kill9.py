"""The SQLite state store after a kill -9 (issue 26): the server is killed while logouts are
being written; on the next start every logout it had answered 200 is still in force, and the
database file is whole (SQLite's own integrity check), not half-written."""
import os
import signal
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from test_serve import _request, _start

TOKENS = 24
KILL_AFTER = 8  # acknowledged logouts before the kill; the rest are in flight or not sent yet


def _drain(process):
    """Keeps reading the server's log so a full pipe never stalls it."""
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()


def _demo_account():
    user, password = os.environ["MAILSTACK_USERS"].split()[0].split(":", 1)
    return user, password


def _login(base, user, password):
    status, body, _ = _request(base + "/auth/login", "POST", {"username": user, "password": password})
    assert status == 200, body
    return body["access_token"]


def test_acknowledged_logouts_survive_kill_9_and_the_database_is_whole(binary, mailstack, tmp_path):
    user, password = _demo_account()
    process, base, _ = _start(binary, mailstack, tmp_path)
    _drain(process)
    acknowledged, lock, enough = [], threading.Lock(), threading.Event()
    try:
        tokens = [_login(base, user, password) for _ in range(TOKENS)]

        def logout(token):
            if process.poll() is not None:
                return
            try:
                status, _, _ = _request(base + "/auth/logout", "POST", token=token)
            except OSError:
                return  # the server died under this request: not acknowledged
            if status == 200:
                with lock:
                    acknowledged.append(token)
                    if len(acknowledged) >= KILL_AFTER:
                        enough.set()

        with ThreadPoolExecutor(max_workers=4) as pool:
            for token in tokens:
                pool.submit(logout, token)
            assert enough.wait(timeout=60), "the logouts were not answered"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=20)

    with lock:
        done = list(acknowledged)
    assert len(done) >= KILL_AFTER

    database = tmp_path / "state" / "state.sqlite"
    assert database.is_file()
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM revoked_tokens").fetchone()[0] >= len(done)
    finally:
        connection.close()

    again, base, _ = _start(binary, mailstack, tmp_path)
    _drain(again)
    try:
        for token in done:
            status, body, _ = _request(base + "/mail/folders", token=token)
            assert status == 401, f"a logout answered 200 before the kill is lost: {body}"
        # The store still takes writes after the crash.
        fresh = _login(base, user, password)
        assert _request(base + "/auth/logout", "POST", token=fresh)[0] == 200
        assert _request(base + "/mail/folders", token=fresh)[0] == 401
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=20)
