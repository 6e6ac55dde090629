"""Body search (본문 포함) through the stack's full-text index (dovecot-fts-xapian).

Korean words are often two syllables (회의, 견적) and run on without spaces (회의실, 3D지도), so
the index is configured with partial=2: these tests prove that two-syllable words and mixed
Korean/English are found in the bodies Korean mail really has (an Outlook ks_c_5601-1987 body in
base64, an HTML newsletter in quoted-printable), that words which are not there are not found,
and that the answer comes from the index (its files exist once the folder has been searched).
The index is on for accounts named fts-… (scripts/mailstack), so each test makes its own.
"""

import base64
import os
import quopri
import smtplib
import time
from dataclasses import replace
from pathlib import Path

from mailstack_helpers import DELIVERY_TIMEOUT, await_message, imaps_login, require_root, run_mailstack, unique_token

OUTLOOK_BODY = "안녕하세요.\r\n내일 오전 10시 회의 자료와 견적서를 송부드립니다.\r\n감사합니다.\r\n"
NEWSLETTER_HTML = ("<html><head><style>p{color:#333}</style></head><body>"
                   "<h1>지오정보 뉴스레터</h1><p>이번 달부터 <b>회의</b>실 예약이 바뀝니다.</p>"
                   "<p>신규 서비스 <a href=\"https://example.com/3d\">3D지도</a> 출시 안내</p>"
                   "</body></html>")
PLAIN_BODY = "Demo of the new 3D지도 viewer on Friday.\r\n"
CONTROL_BODY = "점심 메뉴 안내: 김치찌개, 된장찌개.\r\n"


def message(user, subject, content_type, transfer_encoding, body):
    return (f"From: partner@example.com\r\nTo: {user}\r\nSubject: {subject}\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n"
            f"Content-Transfer-Encoding: {transfer_encoding}\r\n\r\n{body}").encode()


def base64_lines(data):
    text = base64.b64encode(data).decode()
    return "".join(text[i:i + 76] + "\r\n" for i in range(0, len(text), 76))


def deliver_samples(stack, user, token):
    samples = {
        "outlook": message(user, f"{token} outlook", 'text/plain; charset="ks_c_5601-1987"',
                           "base64", base64_lines(OUTLOOK_BODY.encode("cp949"))),
        "newsletter": message(user, f"{token} newsletter", 'text/html; charset="utf-8"',
                              "quoted-printable",
                              quopri.encodestring(NEWSLETTER_HTML.encode()).decode()),
        "plain": message(user, f"{token} plain", "text/plain; charset=utf-8", "8bit",
                         PLAIN_BODY),
        "control": message(user, f"{token} control", "text/plain; charset=utf-8", "8bit",
                           CONTROL_BODY),
    }
    with smtplib.SMTP(stack.host, stack.smtp_port, timeout=30) as client:
        for raw in samples.values():
            client.sendmail("partner@example.com", [user], raw)
    for name in samples:
        await_message(stack, user, f"{token} {name}")


def uids_by_name(conn, token):
    """Our four messages' UIDs by sample name (the subject's second word)."""
    typ, data = conn.uid("SEARCH", None, "SUBJECT", f'"{token}"')
    assert typ == "OK"
    uids = data[0].split()
    assert len(uids) == 4
    typ, data = conn.uid("FETCH", b",".join(uids).decode(), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    assert typ == "OK"
    names = {}
    for part in data:
        if isinstance(part, tuple):
            uid = part[0].split(b"UID ")[1].split()[0]
            names[part[1].decode().split()[-1]] = uid
    return names


def body_search(conn, key, word):
    conn.literal = word.encode()
    typ, data = conn.uid("SEARCH", "CHARSET", "UTF-8", key)
    assert typ == "OK", f"{key} {word}: {data}"
    return set(data[0].split())


def test_body_search_finds_korean_words_through_the_index(mailstack):
    require_root("adding an account")
    token = unique_token()
    local = "fts-" + token[:12]
    user, password = f"{local}@{mailstack.domain}", "fts-" + token
    added = run_mailstack("adduser", user, password)
    assert added.returncode == 0, added.stderr
    stack = replace(mailstack, users={**mailstack.users, user: password})
    deliver_samples(stack, user, token)

    conn = imaps_login(stack, user)
    try:
        conn.select("INBOX", readonly=True)
        names = uids_by_name(conn, token)
        ours = set(names.values())

        def found(key, word):
            hits = body_search(conn, key, word) & ours
            return sorted(name for name, uid in names.items() if uid in hits)

        assert found("BODY", "회의") == ["newsletter", "outlook"]
        assert found("TEXT", "회의") == ["newsletter", "outlook"]
        assert found("BODY", "견적") == ["outlook"]
        assert found("BODY", "3D지도") == ["newsletter", "plain"]
        assert found("BODY", "3d지도") == ["newsletter", "plain"], "case must not matter"
        assert found("BODY", "지도") == ["newsletter", "plain"]
        assert found("BODY", "김치찌개") == ["control"]
        assert found("BODY", "출장") == [], "a word that is in no message"
        assert found("BODY", "회의록") == [], "a longer word is not matched by its prefix"
    finally:
        conn.logout()

    # The answers came from the index: Dovecot keeps Xapian's files beside the folder's own.
    home = Path(mailstack.dir) / "mail" / mailstack.domain / local / "Maildir"
    indexes = [p for p in home.rglob("xapian-indexes") if p.is_dir()]
    assert indexes, f"no xapian-indexes under {home}"
    assert any(os.listdir(p) for p in indexes)


def test_mail_is_indexed_at_delivery_before_any_search(mailstack):
    """fts_autoindex: the indexer adds a delivered mail to the index on its own, so a user's
    first 본문 포함 search does not pay for the folder. Nothing here logs in over IMAP until
    the index holds data (a search would index the mail itself)."""
    require_root("adding an account")
    token = unique_token()
    local = "fts-" + token[:12]
    user = f"{local}@{mailstack.domain}"
    added = run_mailstack("adduser", user, "fts-" + token)
    assert added.returncode == 0, added.stderr
    raw = message(user, f"{token} autoindex", 'text/plain; charset="ks_c_5601-1987"', "base64",
                  base64_lines(OUTLOOK_BODY.encode("cp949")))
    with smtplib.SMTP(mailstack.host, mailstack.smtp_port, timeout=30) as client:
        client.sendmail("partner@example.com", [user], raw)

    home = Path(mailstack.dir) / "mail" / mailstack.domain / local / "Maildir"
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while not any(f.is_file() and f.stat().st_size > 0
                  for f in home.glob("xapian-indexes/db_*/*")):
        assert time.monotonic() < deadline, f"nothing indexed under {home} after delivery"
        time.sleep(0.1)  # polling the indexer's output with a deadline: no event to await
