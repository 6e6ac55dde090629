"""Sender identities on the mail stack (issue 27): submission lets a login send only as an
address it owns (its own, or a shared/alias address of `SHARED_SENDERS` in scripts/mailstack),
refuses any other MAIL FROM with 553 5.7.1 at RCPT (smtpd_delay_reject), and leaves the inbound
port (mail from outside, any sender) as it was."""

import smtplib
from email.message import EmailMessage

import pytest

from mailstack_helpers import await_message, submission_login, unique_token


def message(sender, recipient, subject):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = subject
    msg.set_content("보낸 사람 주소 시험입니다.\n")
    return msg


def test_a_shared_address_of_the_login_is_accepted_and_arrives_with_that_from(mailstack):
    login, shared, recipient = (f"{name}@{mailstack.domain}" for name in ("ythong", "sales", "info"))
    token = unique_token()
    client = submission_login(mailstack, login)
    try:
        assert client.send_message(message(shared, recipient, f"영업팀 {token}"), from_addr=shared) == {}
    finally:
        client.quit()
    assert await_message(mailstack, recipient, token)["From"] == shared


def test_a_shared_address_of_another_login_is_refused_at_rcpt(mailstack):
    login = f"info@{mailstack.domain}"
    client = submission_login(mailstack, login)
    try:
        assert client.mail(f"sales@{mailstack.domain}")[0] == 250
        code, reply = client.rcpt(f"ythong@{mailstack.domain}")
        assert code == 553 and b"5.7.1" in reply and b"not owned by user" in reply, reply
    finally:
        client.quit()


def test_an_outside_address_is_refused_for_a_logged_in_user(mailstack):
    client = submission_login(mailstack, f"ythong@{mailstack.domain}")
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.send_message(message("ceo@example.com", f"info@{mailstack.domain}", "forged " + unique_token()))
        code, reply = list(refused.value.recipients.values())[0]
        assert code == 553 and b"Sender address rejected" in reply
    finally:
        client.quit()


def test_the_inbound_port_still_takes_any_sender(mailstack):
    token = unique_token()
    client = smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30)
    try:
        # An outside sender using one of our shared addresses is not submission's business.
        client.send_message(message(f"sales@{mailstack.domain}", f"info@{mailstack.domain}", f"inbound {token}"))
    finally:
        client.quit()
    await_message(mailstack, f"info@{mailstack.domain}", token)


def test_mail_to_a_shared_address_reaches_its_owners(mailstack):
    token = unique_token()
    client = smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30)
    try:
        client.send_message(message("partner@example.org", f"support@{mailstack.domain}", f"to support {token}"))
    finally:
        client.quit()
    await_message(mailstack, f"info@{mailstack.domain}", token)
    await_message(mailstack, f"admin@{mailstack.domain}", token)
