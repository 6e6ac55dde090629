"""scripts/mailstack itself: idempotent start, stop of exactly its own processes, stale pid
files, `env` output. The tests that stop the stack always start it again (finally), and the
full lifecycle runs last in this module, so later suites find the stack running."""

import os
import re
import shlex
from pathlib import Path

from mailstack_helpers import imaps_login, require_root, run_mailstack

# Names other engineers code against: `scripts/mailstack env` must keep printing them.
ENV_CONTRACT = [
    "MAILSTACK_HOST", "MAILSTACK_IMAPS_PORT", "MAILSTACK_IMAP_PORT", "MAILSTACK_SUBMISSION_PORT",
    "MAILSTACK_SMTP_PORT", "MAILSTACK_LMTP_PORT", "MAILSTACK_SIEVE_PORT", "MAILSTACK_CA_FILE",
    "MAILSTACK_DOMAIN", "MAILSTACK_USERS", "MAILSTACK_DIR", "ZM_IMAP_HOST", "ZM_IMAP_PORT",
    "ZM_IMAP_TLS", "ZM_SMTP_HOST", "ZM_SMTP_PORT", "ZM_SMTP_TLS", "ZM_SIEVE_HOST", "ZM_SIEVE_PORT",
    "ZM_CA_FILE", "ZM_MAIL_DOMAIN", "ZM_IMAP_MASTER_USER", "ZM_IMAP_MASTER_PASSWORD_FILE",
]


def pid_files(stack):
    d = Path(stack.dir)
    return d / "run/dovecot/master.pid", d / "postfix/spool/pid/master.pid"


def read_pids(stack):
    return tuple(p.read_text().strip() if p.exists() else None for p in pid_files(stack))


def assert_ok(res, what):
    assert res.returncode == 0, f"{what} exited {res.returncode}:\n{res.stdout}\n{res.stderr}"


def ensure_running():
    res = run_mailstack("start")
    assert_ok(res, "mailstack start (restoring the stack)")


def test_env_prints_the_contract(mailstack):
    res = run_mailstack("env")
    assert_ok(res, "mailstack env")
    values = {}
    for line in res.stdout.splitlines():
        m = re.fullmatch(r"export ([A-Z_]+)=(.*)", line)
        assert m, f"not an export line: {line!r}"
        values[m.group(1)] = shlex.split(m.group(2))[0]
    assert list(values) == ENV_CONTRACT
    assert values["MAILSTACK_HOST"] == values["ZM_IMAP_HOST"] == values["ZM_SMTP_HOST"] == "127.0.0.1"
    assert values["ZM_IMAP_PORT"] == values["MAILSTACK_IMAPS_PORT"] == str(mailstack.imaps_port)
    assert values["ZM_SMTP_PORT"] == values["MAILSTACK_SUBMISSION_PORT"] == str(mailstack.submission_port)
    assert (values["ZM_IMAP_TLS"], values["ZM_SMTP_TLS"]) == ("implicit", "starttls")
    assert values["ZM_SIEVE_HOST"] == "127.0.0.1"
    assert values["ZM_SIEVE_PORT"] == values["MAILSTACK_SIEVE_PORT"]
    assert values["ZM_CA_FILE"] == values["MAILSTACK_CA_FILE"] == mailstack.ca_file
    assert values["ZM_MAIL_DOMAIN"] == values["MAILSTACK_DOMAIN"] == "zioinfo.co.kr"
    # The master user of 수신확인/발송취소 (issue 33); its password file is the webmail's only.
    assert values["ZM_IMAP_MASTER_USER"] == "webmail-master"
    assert values["ZM_IMAP_MASTER_PASSWORD_FILE"].startswith(values["MAILSTACK_DIR"])
    users = dict(item.split(":", 1) for item in values["MAILSTACK_USERS"].split())
    assert set(users) == {"ythong@zioinfo.co.kr", "info@zioinfo.co.kr", "admin@zioinfo.co.kr"}
    assert users["ythong@zioinfo.co.kr"] == "1q2w3e!Q"


def test_status_reports_running_with_the_demo_accounts(mailstack):
    res = run_mailstack("status")
    assert_ok(res, "mailstack status")
    assert res.stdout.startswith("mailstack: running")
    for user in mailstack.users:
        assert user in res.stdout


def test_stale_pid_files_are_not_trusted(mailstack):
    """A pid file naming an unrelated live process (pid 1 here) means "stopped": status says
    so, stop signals nothing, and start works."""
    require_root("starting and stopping the mail stack")
    try:
        assert_ok(run_mailstack("stop"), "mailstack stop")
        for path in pid_files(mailstack):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("1\n")
        res = run_mailstack("status")
        assert res.returncode != 0
        assert res.stdout.startswith("mailstack: stopped")
        res = run_mailstack("stop")
        assert_ok(res, "mailstack stop with stale pid files")
        assert "not running" in res.stdout
        assert os.path.exists("/proc/1")
        assert_ok(run_mailstack("start"), "mailstack start over stale pid files")
        assert run_mailstack("status").returncode == 0
        assert "1" not in read_pids(mailstack)
    finally:
        ensure_running()


def test_start_twice_stop_twice_start_again(mailstack):
    """Runs last in this module: it ends with the stack running."""
    require_root("starting and stopping the mail stack")
    user = f"ythong@{mailstack.domain}"
    try:
        first = run_mailstack("start")
        assert_ok(first, "first start")
        pids = read_pids(mailstack)
        second = run_mailstack("start")
        assert_ok(second, "second start")
        assert "already running" in second.stdout
        assert read_pids(mailstack) == pids, "a second start must not restart anything"

        for n in (1, 2):
            res = run_mailstack("stop")
            assert_ok(res, f"stop #{n}")
        assert "not running" in res.stdout
        res = run_mailstack("status")
        assert res.returncode != 0 and res.stdout.startswith("mailstack: stopped")
        for pid in pids:
            assert not os.path.exists(f"/proc/{pid}/exe") or not os.readlink(f"/proc/{pid}/exe").endswith(
                ("dovecot", "master")), f"process {pid} survived stop"

        res = run_mailstack("start")
        assert_ok(res, "start after stop")
        assert run_mailstack("status").returncode == 0
        conn = imaps_login(mailstack, user)
        conn.logout()
    finally:
        ensure_running()
