"""Fixtures for the tests that run the built `zioinfo-mail` binary against the real mail stack.

The binary is `$ZIOINFO_MAIL_BIN`, else `.build/debug/zioinfo-mail` at the repo root (built by
scripts/test/10-swift). The mail stack settings come from `eval "$(scripts/mailstack env)"`:
without them the tests fail when CI=true and are skipped otherwise.
"""
import os
import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _on_ci():
    return os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def binary():
    path = Path(os.environ.get("ZIOINFO_MAIL_BIN", REPO / ".build" / "debug" / "zioinfo-mail"))
    if not path.is_file():
        message = f"{path} is missing: run `swift build --product zioinfo-mail` first"
        if _on_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def mailstack():
    names = ["MAILSTACK_HOST", "MAILSTACK_IMAPS_PORT", "MAILSTACK_SUBMISSION_PORT", "MAILSTACK_SIEVE_PORT", "MAILSTACK_CA_FILE"]
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        message = f"mail stack env missing ({', '.join(missing)}): eval \"$(scripts/mailstack env)\""
        if _on_ci():
            pytest.fail(message)
        pytest.skip(message)
    return {n: os.environ[n] for n in names}


def free_port():
    """A TCP port nothing listens on right now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env():
    """The environment without ZM_* settings, so only the flags a test passes count."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ZM_")}


def stack_flags(stack):
    return [
        "--imap-host", stack["MAILSTACK_HOST"], "--imap-port", stack["MAILSTACK_IMAPS_PORT"], "--imap-tls", "implicit",
        "--smtp-host", stack["MAILSTACK_HOST"], "--smtp-port", stack["MAILSTACK_SUBMISSION_PORT"], "--smtp-tls", "starttls",
        # ManageSieve (issue 31): `check` probes it like IMAP and SMTP.
        "--sieve-host", stack["MAILSTACK_HOST"], "--sieve-port", stack["MAILSTACK_SIEVE_PORT"],
        "--ca-file", stack["MAILSTACK_CA_FILE"],
    ]


def run(binary, args, cwd=None, timeout=120):
    return subprocess.run([str(binary), *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout)
