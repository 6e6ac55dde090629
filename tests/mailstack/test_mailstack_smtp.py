"""SMTP side of the mail stack: submission (STARTTLS + AUTH, own address only), the
inbound port (mail for the domain from anyone, no relaying), LMTP, refused passwords."""

import json
import smtplib
from pathlib import Path
from email.message import EmailMessage

import pytest

from mailstack_helpers import (auth_plain_once, await_message, submission_login,
                               unique_token)


def message(sender, recipient, subject, body="본문입니다.\nBody text.\n"):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = subject  # non-ASCII is RFC 2047-encoded by the email package
    msg.set_content(body)
    return msg


def test_submission_delivers_korean_subject_intact(mailstack):
    sender, recipient = f"ythong@{mailstack.domain}", f"info@{mailstack.domain}"
    token = unique_token()
    subject = f"견적 요청드립니다 — 지오정보기술 {token}"
    client = submission_login(mailstack, sender)
    try:
        refused = client.send_message(message(sender, recipient, subject))
        assert refused == {}
    finally:
        client.quit()
    got = await_message(mailstack, recipient, token)
    assert got["Subject"] == subject
    assert got["From"] == sender
    assert "본문입니다." in got.get_content()


def test_submission_refuses_a_wrong_password_with_535(mailstack):
    client = smtplib.SMTP(mailstack.host, mailstack.submission_port, timeout=30)
    try:
        client.starttls(context=mailstack.tls_context())
        client.ehlo()
        code, reply = auth_plain_once(client, f"ythong@{mailstack.domain}", "wrong-" + unique_token())
        assert code == 535, reply
    finally:
        client.quit()


def test_submission_refuses_auth_before_starttls(mailstack):
    client = smtplib.SMTP(mailstack.host, mailstack.submission_port, timeout=30)
    try:
        code, _ = client.ehlo()
        assert code == 250
        assert client.has_extn("starttls")
        assert not client.has_extn("auth"), "AUTH must not be offered in clear text"
        user = f"ythong@{mailstack.domain}"
        code, reply = auth_plain_once(client, user, mailstack.users[user])
        assert code == 530, reply  # 5.7.0 Must issue a STARTTLS command first
    finally:
        client.quit()


def test_submission_refuses_a_sender_that_is_not_the_login(mailstack):
    user = f"ythong@{mailstack.domain}"
    client = submission_login(mailstack, user)
    try:
        msg = message(f"admin@{mailstack.domain}", f"info@{mailstack.domain}", "spoof " + unique_token())
        with pytest.raises((smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)) as refused:
            client.send_message(msg)
        assert "553" in str(refused.value) and "not owned by user" in str(refused.value)
    finally:
        client.quit()


def test_submission_refuses_unauthenticated_mail(mailstack):
    client = smtplib.SMTP(mailstack.host, mailstack.submission_port, timeout=30)
    try:
        client.starttls(context=mailstack.tls_context())
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.send_message(message(f"ythong@{mailstack.domain}", f"info@{mailstack.domain}",
                                        "no auth " + unique_token()))
    finally:
        client.quit()


def test_submission_does_not_offer_smtputf8(mailstack):
    """Dovecot 2.3's LMTP cannot take SMTPUTF8 mail; accepting it would bounce it later."""
    client = submission_login(mailstack, f"ythong@{mailstack.domain}")
    try:
        assert not client.has_extn("smtputf8")
        assert client.has_extn("8bitmime")
    finally:
        client.quit()


def test_inbound_port_accepts_mail_for_the_domain_without_auth(mailstack):
    recipient = f"admin@{mailstack.domain}"
    token = unique_token()
    subject = f"From outside: 안녕하세요 {token}"
    client = smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30)
    try:
        client.ehlo("mx.example.org")
        assert not client.has_extn("auth")
        assert client.send_message(message("partner@example.org", recipient, subject)) == {}
    finally:
        client.quit()
    got = await_message(mailstack, recipient, token)
    assert got["Subject"] == subject


def test_inbound_port_refuses_relaying_and_unknown_users(mailstack):
    client = smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30)
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as relay:
            client.send_message(message("partner@example.org", "someone@example.com", "relay?"))
        assert relay.value.recipients["someone@example.com"][0] == 554
        with pytest.raises(smtplib.SMTPRecipientsRefused) as unknown:
            client.send_message(message("partner@example.org", f"nobody-{unique_token()[:8]}@{mailstack.domain}",
                                        "unknown?"))
        assert list(unknown.value.recipients.values())[0][0] == 550
    finally:
        client.quit()


def test_postmaster_alias_reaches_admin(mailstack):
    token = unique_token()
    client = smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30)
    try:
        client.send_message(message("partner@example.org", f"postmaster@{mailstack.domain}",
                                    f"to postmaster {token}"))
    finally:
        client.quit()
    await_message(mailstack, f"admin@{mailstack.domain}", token)


def test_lmtp_port_delivers_directly(mailstack):
    recipient = f"ythong@{mailstack.domain}"
    token = unique_token()
    client = smtplib.LMTP(mailstack.host, mailstack.lmtp_port, timeout=30)
    try:
        client.send_message(message("bench@example.org", recipient, f"LMTP {token}"))
    finally:
        client.quit()
    await_message(mailstack, recipient, token)


def test_submission_does_not_relay_to_other_domains(mailstack):
    """No relaying anywhere (unless the stack was started with MAILSTACK_EXTERNAL=discard,
    which accepts such mail from logged-in users and throws it away)."""
    state = Path(mailstack.dir) / "stack.json"
    if state.exists() and json.loads(state.read_text()).get("external") == "discard":
        pytest.skip("this stack runs with MAILSTACK_EXTERNAL=discard")
    client = submission_login(mailstack, f"ythong@{mailstack.domain}")
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.send_message(message(f"ythong@{mailstack.domain}", "someone@example.com",
                                        "relay? " + unique_token()))
        assert refused.value.recipients["someone@example.com"][0] == 554
    finally:
        client.quit()
