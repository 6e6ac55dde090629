"""Shared pytest fixtures for the Python test suites (tests/*).

The integration tests run against the real mail stack of `scripts/mailstack`; its settings come
from the environment that `eval "$(scripts/mailstack env)"` sets (scripts/test-all does that).
When they are missing, a test that needs them FAILS under CI=true (a CI run that silently
skipped the mail tests would be green for nothing) and is skipped otherwise.
"""

import os
import secrets
import subprocess
import ssl
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Everything a client of the stack needs; `scripts/mailstack env` prints all of them.
REQUIRED_ENV = (
    "MAILSTACK_HOST",
    "MAILSTACK_IMAPS_PORT",
    "MAILSTACK_IMAP_PORT",
    "MAILSTACK_SUBMISSION_PORT",
    "MAILSTACK_SMTP_PORT",
    "MAILSTACK_LMTP_PORT",
    "MAILSTACK_SIEVE_PORT",
    "MAILSTACK_CA_FILE",
    "MAILSTACK_DOMAIN",
    "MAILSTACK_USERS",
    "MAILSTACK_DIR",
)


@dataclass(frozen=True)
class MailStack:
    host: str
    imaps_port: int
    imap_port: int
    submission_port: int
    smtp_port: int
    lmtp_port: int
    sieve_port: int  # ManageSieve, STARTTLS (issue 31)
    ca_file: str
    domain: str
    dir: str
    users: dict  # address -> password, the demo accounts

    def tls_context(self):
        """A client context that verifies the server certificate against the stack's CA,
        hostname included (the default of create_default_context)."""
        return ssl.create_default_context(cafile=self.ca_file)


def in_ci():
    return os.environ.get("CI") == "true"


def require_env(names, what):
    """Fails under CI=true, skips otherwise, when any of `names` is unset."""
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        message = (f"{what} needs {', '.join(missing)}: run `eval \"$(scripts/mailstack env)\"` "
                   f"after `scripts/mailstack start`")
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def parse_users(text):
    """MAILSTACK_USERS is `user@domain:password …`; a password may contain ':'."""
    users = {}
    for item in text.split():
        address, sep, password = item.partition(":")
        if not sep:
            raise ValueError(f"MAILSTACK_USERS item without ':': {address!r}")
        users[address] = password
    return users


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def mailstack():
    require_env(REQUIRED_ENV, "this test")
    env = os.environ
    return MailStack(
        host=env["MAILSTACK_HOST"],
        imaps_port=int(env["MAILSTACK_IMAPS_PORT"]),
        imap_port=int(env["MAILSTACK_IMAP_PORT"]),
        submission_port=int(env["MAILSTACK_SUBMISSION_PORT"]),
        smtp_port=int(env["MAILSTACK_SMTP_PORT"]),
        lmtp_port=int(env["MAILSTACK_LMTP_PORT"]),
        sieve_port=int(env["MAILSTACK_SIEVE_PORT"]),
        ca_file=env["MAILSTACK_CA_FILE"],
        domain=env["MAILSTACK_DOMAIN"],
        dir=env["MAILSTACK_DIR"],
        users=parse_users(env["MAILSTACK_USERS"]),
    )


@pytest.fixture(scope="session")
def users(mailstack):
    """The demo accounts: address -> password."""
    return dict(mailstack.users)


@pytest.fixture(scope="session")
def tls_context(mailstack):
    return mailstack.tls_context()


@pytest.fixture(scope="session")
def make_account(mailstack):
    """Returns `make(local_part) -> (address, password)`: creates (or re-passwords) a
    dedicated account through `scripts/mailstack adduser`, for suites whose tests would
    otherwise disturb each other in a shared demo mailbox. The password is fresh each
    session and goes to adduser on stdin, never on a command line. Needs root."""
    if os.geteuid() != 0:
        message = "creating a mail account (scripts/mailstack adduser) needs root"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    def make(local_part):
        address = f"{local_part}@{mailstack.domain}"
        password = "pw-" + secrets.token_urlsafe(12)
        res = subprocess.run([str(REPO_ROOT / "scripts" / "mailstack"), "adduser", address, "-"],
                             input=password + "\n", capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            pytest.fail(f"mailstack adduser {address} failed: {res.stderr.strip()}", pytrace=False)
        return address, password

    return make
