"""`scripts/mailstack adduser`: a new account logs in and receives mail; adding it again
changes the password and keeps the mail."""

import imaplib
import smtplib
from dataclasses import replace
from email.message import EmailMessage

import pytest

from mailstack_helpers import (await_message, count_messages, imaps_login, require_root,
                               run_mailstack, unique_token)

# A dedicated account, so these tests disturb no other suite's mailbox.
TEST_USER = "mailstack-accounts"


@pytest.fixture
def account(mailstack):
    require_root("scripts/mailstack adduser")
    return f"{TEST_USER}@{mailstack.domain}"


def adduser(user, password):
    res = run_mailstack("adduser", user, password)
    assert res.returncode == 0, res.stderr
    assert password not in res.stdout + res.stderr, "adduser must never echo the password"
    return res


def deliver(stack, recipient, token):
    msg = EmailMessage()
    msg["From"] = "partner@example.org"
    msg["To"] = recipient
    msg["Subject"] = f"for the new account {token}"
    msg.set_content("hello")
    client = smtplib.SMTP(stack.host, stack.smtp_port, timeout=30)
    try:
        assert client.send_message(msg) == {}
    finally:
        client.quit()


def test_adduser_then_change_password_keeps_mail(mailstack, account):
    first, second = "first-" + unique_token()[:12], "second-" + unique_token()[:12]
    adduser(account, first)
    # Postfix knows the address right away (inbound RCPT is checked against the user list).
    token = unique_token()
    deliver(mailstack, account, token)
    stack = replace(mailstack, users={account: first})
    await_message(stack, account, token)
    before = count_messages(stack, account)

    res = adduser(account, second)
    assert "password changed" in res.stdout
    conn = imaplib.IMAP4_SSL(mailstack.host, mailstack.imaps_port,
                             ssl_context=mailstack.tls_context(), timeout=30)
    try:
        with pytest.raises(imaplib.IMAP4.error):
            conn.login(account, first)
    finally:
        conn.logout()
    stack = replace(mailstack, users={account: second})
    assert count_messages(stack, account) == before
    imaps_login(stack, account).logout()


@pytest.mark.parametrize("bad_user", ["someone@example.com", "no-domain", "a b@zioinfo.co.kr"])
def test_adduser_refuses_addresses_outside_the_domain(account, bad_user):
    res = run_mailstack("adduser", bad_user, "whatever-password")
    assert res.returncode != 0
    assert "USER must look like" in res.stderr
