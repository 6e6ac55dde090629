"""Server-side search over Korean mail as Outlook labels it.

Outlook sends Korean headers as `=?ks_c_5601-1987?B?…?=`, a charset name iconv does not know, and
EUC-KR-labelled mail carries CP949-only syllables (똠). The stack maps those labels to CP949 with
Dovecot's charset_alias plugin, as docs/deploy.md recommends for production; without it a search
for a Korean subject word misses every such message.
"""

import base64
import smtplib

from mailstack_helpers import await_message, imaps_login, unique_token


def encoded_word(text, label, codec):
    return f"=?{label}?B?{base64.b64encode(text.encode(codec)).decode()}?="


def test_korean_subject_search_finds_outlook_and_euckr_labels(mailstack):
    token = unique_token()
    user = "info@" + mailstack.domain
    labels = [("ks_c_5601-1987", "cp949"), ("euc-kr", "cp949"), ("utf-8", "utf-8")]
    for label, codec in labels:
        subject = f"{encoded_word('똠방각하 견적 회의', label, codec)} {token}-{label}"
        message = (f"From: partner@example.com\r\nTo: {user}\r\nSubject: {subject}\r\n"
                   f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n")
        with smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30) as client:
            client.sendmail("partner@example.com", [user], message.encode())
    for label, _ in labels:
        await_message(mailstack, user, f"{token}-{label}")

    conn = imaps_login(mailstack, user)
    try:
        conn.select("INBOX", readonly=True)
        typ, data = conn.uid("SEARCH", None, "SUBJECT", f'"{token}"')
        assert typ == "OK"
        ours = set(data[0].split())
        assert len(ours) == 3
        conn.literal = "똠방각하".encode()
        typ, data = conn.uid("SEARCH", "CHARSET", "UTF-8", "SUBJECT")
        assert typ == "OK"
        found = set(data[0].split()) & ours
        assert found == ours, "a Korean subject search must find all three labels"
    finally:
        conn.logout()
