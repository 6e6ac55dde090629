"""수신확인 and 발송취소 (issue 33) through `zioinfo-mail serve` on the real stack, the Dovecot master
user of `scripts/mailstack`: ythong's mail to info@, admin@ and an external address; info@ reads
it → info read (with read_at), admin unread, the external one external; admin@ moves it into a
folder → still found; recall → gone from admin@, info@'s copy untouched, the external one not
recallable, the Sent copy marked $Recalled. Someone else's message or one outside Sent: 404.
Without a master user: /auth/me says receipts false and the routes answer 404."""
import imaplib
import os
import smtplib
import ssl
import stat
import subprocess
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate

import pytest

from conftest import clean_env, stack_flags
from test_serve import _request, _start, _stop

DOMAIN = "zioinfo.co.kr"
YTHONG, INFO, ADMIN = f"ythong@{DOMAIN}", f"info@{DOMAIN}", f"admin@{DOMAIN}"
EXTERNAL = "partner@example.com"


def _users():
    users = dict(pair.rsplit(":", 1) for pair in os.environ.get("MAILSTACK_USERS", "").split())
    return {YTHONG: users.get(YTHONG, "1q2w3e!Q"), INFO: users.get(INFO, "Info!2026"), ADMIN: users.get(ADMIN, "Admin!2026")}


def _master():
    user, path = os.environ.get("ZM_IMAP_MASTER_USER"), os.environ.get("ZM_IMAP_MASTER_PASSWORD_FILE")
    if not user or not path:
        message = "no master user in the env (eval \"$(scripts/mailstack env)\")"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return user, path


def _imap(mailstack, user):
    context = ssl.create_default_context(cafile=mailstack["MAILSTACK_CA_FILE"])
    conn = imaplib.IMAP4_SSL(mailstack["MAILSTACK_HOST"], int(mailstack["MAILSTACK_IMAPS_PORT"]), ssl_context=context, timeout=30)
    conn.login(user, _users()[user])
    return conn


def _uids(conn, folder, message_id):
    typ, _ = conn.select(f'"{folder}"')
    assert typ == "OK", folder
    typ, data = conn.uid("SEARCH", None, "HEADER", "Message-ID", f'"{message_id}"')
    assert typ == "OK"
    return data[0].split()


def _await(mailstack, user, message_id, folder="INBOX"):
    conn = _imap(mailstack, user)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = _uids(conn, folder, message_id)
            if found:
                return found
            time.sleep(0.1)
    finally:
        conn.logout()
    raise AssertionError(f"{message_id} never reached {user}'s {folder}")


def _message(message_id, sender=YTHONG):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = f"{INFO}, {ADMIN}"
    msg["Cc"] = EXTERNAL
    msg["Subject"] = "수신확인 시험 " + message_id
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg.set_content("본문")
    return msg


def _send_as_ythong(mailstack, message_id, admin_folder="INBOX"):
    """The Sent copy in ythong's Sent and the delivery to the two internal recipients (the
    stack's inbound port: the external recipient is in the header only, as Postfix would relay it;
    Dovecot's LMTP runs the recipients' Sieve scripts, so admin@'s copy lands in `admin_folder`)."""
    msg = _message(message_id)
    host = mailstack["MAILSTACK_HOST"]
    with smtplib.SMTP(host, int(os.environ["MAILSTACK_SMTP_PORT"]), timeout=30) as smtp:
        assert smtp.send_message(msg, from_addr=YTHONG, to_addrs=[INFO, ADMIN]) == {}
    conn = _imap(mailstack, YTHONG)
    try:
        typ, _ = conn.append("Sent", r"(\Seen)", None, msg.as_bytes())
        assert typ == "OK"
        uid = _uids(conn, "Sent", message_id)[-1].decode()
    finally:
        conn.logout()
    _await(mailstack, INFO, message_id)
    _await(mailstack, ADMIN, message_id, folder=admin_folder)
    return uid


def _login(base, user):
    status, body, _ = _request(base + "/auth/login", "POST", {"username": user, "password": _users()[user]})
    assert status == 200, body
    return body["access_token"]


def _by_email(recipients):
    return {r["email"]: r for r in recipients}


@pytest.fixture
def receipts_server(request, binary, mailstack, tmp_path):
    user, path = _master()
    process, base, _ = _start(binary, mailstack, tmp_path, extra=(
        "--mail-domain", DOMAIN, "--imap-master-user", user, "--imap-master-password-file", path))
    yield base
    _stop(process)
    # Every lookup is logged (who, Message-ID, recipient); the master password never is.
    log = process.stderr.read()
    with open(path) as f:
        assert f.read().strip() not in log
    if request.node.name.startswith("test_receipts_read"):
        lookups = [line for line in log.splitlines() if "receipt lookup" in line or "recall" in line]
        assert any("user=ythong@zioinfo.co.kr" in line and "recipient=info@zioinfo.co.kr" in line and "message_id=<receipts-" in line
                   for line in lookups), log[-2000:]
        assert "본문" not in log and "수신확인 시험" not in log, "no content in the log"


def test_receipts_read_unread_external_then_recall(receipts_server, mailstack):
    base = receipts_server
    message_id = f"<receipts-{uuid.uuid4().hex}@{DOMAIN}>"
    uid = _send_as_ythong(mailstack, message_id)
    token = _login(base, YTHONG)

    status, me, _ = _request(base + "/auth/me", token=token)
    assert status == 200 and me["receipts"] is True

    # Nobody read it yet.
    status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=Sent", token=token)
    assert status == 200, body
    got = _by_email(body["recipients"])
    assert got[INFO]["status"] == "unread" and got[ADMIN]["status"] == "unread"
    assert got[EXTERNAL] == {"email": EXTERNAL, "internal": False, "status": "external", "read_at": None}

    # info@ reads it (IMAP as info@); admin@'s filter moves it into a folder of theirs.
    conn = _imap(mailstack, INFO)
    try:
        (info_uid,) = _uids(conn, "INBOX", message_id)
        assert conn.uid("STORE", info_uid, "+FLAGS", r"(\Seen)")[0] == "OK"
    finally:
        conn.logout()
    folder = "수신확인" + uuid.uuid4().hex[:6]
    conn = _imap(mailstack, ADMIN)
    try:
        conn._simple_command("CREATE", f'"{imaplib_utf7(folder)}"')
        (admin_uid,) = _uids(conn, "INBOX", message_id)
        assert conn.uid("MOVE", admin_uid, f'"{imaplib_utf7(folder)}"')[0] == "OK"
    finally:
        conn.logout()

    status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=Sent", token=token)
    assert status == 200, body
    got = _by_email(body["recipients"])
    assert got[INFO]["status"] == "read" and got[INFO]["internal"] is True and got[INFO]["read_at"]
    assert got[ADMIN]["status"] == "unread" and got[ADMIN]["read_at"] is None
    assert got[EXTERNAL]["status"] == "external"
    first_read_at = got[INFO]["read_at"]
    assert body["recalled"] is False

    # The overview counts it: 1 of 3 read.
    status, overview, _ = _request(f"{base}/mail/receipts?page=1", token=token)
    assert status == 200, overview
    item = next(m for m in overview["messages"] if str(m["uid"]) == uid)
    assert (item["recipients"], item["internal"], item["read"]) == (3, 2, 1)

    # Recall: admin@'s unread copy goes, info@'s read one stays, the external one cannot.
    status, body, _ = _request(f"{base}/mail/messages/{uid}/recall?folder=Sent", "POST", {}, token=token)
    assert status == 200, body
    assert _by_email(body["recipients"]) == {
        INFO: {"email": INFO, "result": "already_read"},
        ADMIN: {"email": ADMIN, "result": "recalled"},
        EXTERNAL: {"email": EXTERNAL, "result": "external"},
    }
    conn = _imap(mailstack, ADMIN)
    try:
        assert _uids(conn, imaplib_utf7(folder), message_id) == []
        assert _uids(conn, "INBOX", message_id) == []
    finally:
        conn.logout()
    conn = _imap(mailstack, INFO)
    try:
        assert _uids(conn, "INBOX", message_id) == [info_uid]
        typ, data = conn.uid("FETCH", info_uid, "(FLAGS)")
        assert b"\\Seen" in data[0] and b"\\Deleted" not in data[0]
    finally:
        conn.logout()
    conn = _imap(mailstack, YTHONG)
    try:
        conn.select("Sent")
        typ, data = conn.uid("FETCH", uid, "(FLAGS)")
        assert b"$Recalled" in data[0]
    finally:
        conn.logout()

    status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=Sent", token=token)
    assert status == 200 and body["recalled"] is True
    got = _by_email(body["recipients"])
    assert got[INFO]["status"] == "read" and got[INFO]["read_at"] == first_read_at   # the first time stays
    assert got[ADMIN]["status"] == "not_found"


def test_a_real_sieve_filter_moved_it_into_a_korean_folder_with_a_space(receipts_server, mailstack):
    """admin@'s own filter (saved through the webmail's filters API, run by Dovecot's Sieve at
    delivery) files the mail into "거래처 메일 …": 수신확인 finds it there, 안읽음 → 읽음 once
    admin@ reads it; a second such mail is recalled from there."""
    base = receipts_server
    tag = uuid.uuid4().hex[:10]
    folder = f"거래처 메일 {tag}"
    admin_token = _login(base, ADMIN)
    status, before, _ = _request(base + "/settings/filters", token=admin_token)
    assert status == 200, before
    rule = {"name": f"거래처 {tag}", "enabled": True, "match": "all",
            "conditions": [{"field": "subject", "op": "contains", "value": f"sieve-{tag}"}],
            "actions": [{"type": "move", "folder": folder}]}
    status, body, _ = _request(base + "/settings/filters", "PUT", {"filters": before["filters"] + [rule]}, token=admin_token)
    assert status == 200, body
    try:
        read_id = f"<receipts-sieve-{tag}-read@{DOMAIN}>"
        uid = _send_as_ythong(mailstack, read_id, admin_folder=imaplib_utf7(folder))
        conn = _imap(mailstack, ADMIN)
        try:
            assert _uids(conn, "INBOX", read_id) == []   # the filter moved it, not us
        finally:
            conn.logout()
        token = _login(base, YTHONG)
        status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=Sent", token=token)
        assert status == 200, body
        assert _by_email(body["recipients"])[ADMIN]["status"] == "unread"

        conn = _imap(mailstack, ADMIN)
        try:
            (admin_uid,) = _uids(conn, imaplib_utf7(folder), read_id)
            assert conn.uid("STORE", admin_uid, "+FLAGS", r"(\Seen)")[0] == "OK"
        finally:
            conn.logout()
        status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=Sent", token=token)
        assert status == 200, body
        got = _by_email(body["recipients"])[ADMIN]
        assert got["status"] == "read" and got["read_at"], got

        recall_id = f"<receipts-sieve-{tag}-recall@{DOMAIN}>"
        uid = _send_as_ythong(mailstack, recall_id, admin_folder=imaplib_utf7(folder))
        status, body, _ = _request(f"{base}/mail/messages/{uid}/recall?folder=Sent", "POST", {}, token=token)
        assert status == 200, body
        assert _by_email(body["recipients"])[ADMIN] == {"email": ADMIN, "result": "recalled"}
        conn = _imap(mailstack, ADMIN)
        try:
            assert _uids(conn, imaplib_utf7(folder), recall_id) == []
            assert _uids(conn, imaplib_utf7(folder), read_id) == [admin_uid]   # nothing else of theirs touched
        finally:
            conn.logout()
    finally:
        status, body, _ = _request(base + "/settings/filters", "PUT", {"filters": before["filters"]}, token=admin_token)
        assert status == 200, body


def test_one_recipient_whose_mailbox_cannot_be_looked_at_is_unknown_the_others_answered(receipts_server, mailstack):
    """An internal address without a mailbox makes its master login fail — the same per-recipient
    path as a mailbox past its deadline: that recipient gets `unknown` (확인 불가), not a 502."""
    base = receipts_server
    message_id = f"<receipts-unknown-{uuid.uuid4().hex}@{DOMAIN}>"
    ghost = f"nobody-{uuid.uuid4().hex[:8]}@{DOMAIN}"
    msg = _message(message_id)
    msg.replace_header("Cc", f"{EXTERNAL}, {ghost}")
    with smtplib.SMTP(mailstack["MAILSTACK_HOST"], int(os.environ["MAILSTACK_SMTP_PORT"]), timeout=30) as smtp:
        assert smtp.send_message(msg, from_addr=YTHONG, to_addrs=[INFO, ADMIN]) == {}
    conn = _imap(mailstack, YTHONG)
    try:
        assert conn.append("Sent", r"(\Seen)", None, msg.as_bytes())[0] == "OK"
        uid = _uids(conn, "Sent", message_id)[-1].decode()
    finally:
        conn.logout()
    _await(mailstack, INFO, message_id)
    _await(mailstack, ADMIN, message_id)
    token = _login(base, YTHONG)
    status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=Sent", token=token)
    assert status == 200, body
    got = _by_email(body["recipients"])
    assert got[ghost] == {"email": ghost, "internal": True, "status": "unknown", "read_at": None}
    assert got[INFO]["status"] == "unread" and got[ADMIN]["status"] == "unread" and got[EXTERNAL]["status"] == "external"
    status, body, _ = _request(f"{base}/mail/messages/{uid}/recall?folder=Sent", "POST", {}, token=token)
    assert status == 200, body
    got = _by_email(body["recipients"])
    assert got[ghost]["result"] == "unknown" and got[INFO]["result"] == "recalled" and got[ADMIN]["result"] == "recalled"


def test_only_the_senders_own_sent_message(receipts_server, mailstack):
    base = receipts_server
    message_id = f"<receipts-{uuid.uuid4().hex}@{DOMAIN}>"
    uid = _send_as_ythong(mailstack, message_id)

    # info@ asks about their received copy (not in their Sent) and about ythong's UID in Sent.
    info_token = _login(base, INFO)
    (info_uid,) = _await(mailstack, INFO, message_id)
    for method, path in (("GET", f"/mail/messages/{info_uid.decode()}/receipts?folder=INBOX"),
                         ("GET", f"/mail/messages/{uid}/receipts?folder=Sent"), ("POST", f"/mail/messages/{uid}/recall?folder=Sent")):
        status, body, _ = _request(base + path, method, {} if method == "POST" else None, token=info_token)
        assert status == 404, (path, body)
        assert body["code"] in ("message_not_found", "folder_not_found")

    # A message in ythong's Sent whose From is someone else is not his to ask about.
    foreign_id = f"<receipts-{uuid.uuid4().hex}@{DOMAIN}>"
    conn = _imap(mailstack, YTHONG)
    try:
        assert conn.append("Sent", r"(\Seen)", None, _message(foreign_id, sender=INFO).as_bytes())[0] == "OK"
        (foreign_uid,) = _uids(conn, "Sent", foreign_id)
    finally:
        conn.logout()
    token = _login(base, YTHONG)
    status, body, _ = _request(f"{base}/mail/messages/{foreign_uid.decode()}/receipts?folder=Sent", token=token)
    assert status == 404 and body["code"] == "message_not_found"
    # Outside Sent: ythong's INBOX copy of nothing / the right UID in the wrong folder.
    status, body, _ = _request(f"{base}/mail/messages/{uid}/receipts?folder=INBOX", token=token)
    assert status == 404


def test_without_a_master_user_the_feature_is_absent(binary, mailstack, tmp_path):
    process, base, _ = _start(binary, mailstack, tmp_path, extra=("--mail-domain", DOMAIN))
    try:
        token = _login(base, YTHONG)
        status, me, _ = _request(base + "/auth/me", token=token)
        assert status == 200 and me["receipts"] is False
        for method, path in (("GET", "/mail/messages/1/receipts?folder=Sent"), ("POST", "/mail/messages/1/recall?folder=Sent"),
                             ("GET", "/mail/receipts")):
            status, body, _ = _request(base + path, method, {} if method == "POST" else None, token=token)
            assert status == 404 and body["code"] == "receipts_unavailable", (path, body)
    finally:
        _stop(process)


def test_a_world_readable_master_password_file_is_refused(binary, mailstack, tmp_path):
    path = tmp_path / "master-password"
    path.write_text("not-the-real-one\n")
    path.chmod(0o644)
    res = subprocess.run([str(binary), "serve", *stack_flags(mailstack), "--state-dir", str(tmp_path / "state"),
                          "--imap-master-user", "webmail-master", "--imap-master-password-file", str(path)],
                         env=clean_env(), capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    assert "ZM_IMAP_MASTER_PASSWORD_FILE" in res.stderr and "0644" in res.stderr
    assert "not-the-real-one" not in res.stderr + res.stdout


def imaplib_utf7(name):
    """IMAP's modified UTF-7 for a folder name (RFC 3501 5.1.3)."""
    out, buffer = [], ""

    def flush():
        if buffer:
            import base64
            encoded = base64.b64encode(buffer.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + encoded + "-")

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            buffer = ""
            out.append("&-" if ch == "&" else ch)
        else:
            buffer += ch
    flush()
    return "".join(out)
