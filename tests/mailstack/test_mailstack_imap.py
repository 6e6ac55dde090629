"""IMAP side of the mail stack: verified TLS (implicit and STARTTLS), special-use folders,
capabilities, refused passwords."""

import imaplib
import re
import smtplib
import ssl

import pytest

from mailstack_helpers import imaps_login, unique_token

SPECIAL_USE = {"Drafts": "\\Drafts", "Sent": "\\Sent", "Trash": "\\Trash", "Junk": "\\Junk"}
LIST_LINE = re.compile(rb'^\((?P<attrs>[^)]*)\) "(?P<sep>[^"]*)" (?P<name>.+)$')


def parse_list(data):
    """LIST/LSUB response lines -> {name: set of attributes}."""
    folders = {}
    for line in data:
        m = LIST_LINE.match(line)
        assert m, f"unexpected LIST line {line!r}"
        name = m.group("name").decode()
        if name.startswith('"') and name.endswith('"'):
            name = name[1:-1]
        folders[name] = set(m.group("attrs").decode().split())
    return folders


def test_imaps_login_verifies_certificate_and_sees_special_use_folders(mailstack):
    user = f"ythong@{mailstack.domain}"
    conn = imaps_login(mailstack, user)
    try:
        # The handshake verified the chain against MAILSTACK_CA_FILE and the name 127.0.0.1.
        assert conn.sock.getpeercert()["subjectAltName"]
        typ, data = conn.list()
        assert typ == "OK"
        folders = parse_list(data)
        assert "INBOX" in folders
        for name, attr in SPECIAL_USE.items():
            assert name in folders, f"{name} missing from LIST: {sorted(folders)}"
            assert attr in folders[name], f"{name} lacks {attr}: {folders[name]}"
        # auto = subscribe: the four are subscribed too.
        typ, data = conn.lsub()
        assert typ == "OK"
        subscribed = parse_list(data)
        assert set(SPECIAL_USE) <= set(subscribed)
    finally:
        conn.logout()


@pytest.mark.parametrize("hostname", ["127.0.0.1", "localhost"])
def test_certificate_is_valid_for_loopback_names(mailstack, hostname):
    ctx = mailstack.tls_context()
    assert ctx.check_hostname and ctx.verify_mode == ssl.CERT_REQUIRED
    conn = imaplib.IMAP4_SSL(hostname, mailstack.imaps_port, ssl_context=ctx, timeout=30)
    conn.logout()


def test_certificate_is_rejected_without_the_stack_ca(mailstack):
    """Proves verification is real: the system trust store alone does not accept it."""
    ctx = ssl.create_default_context()
    with pytest.raises(ssl.SSLCertVerificationError):
        imaplib.IMAP4_SSL(mailstack.host, mailstack.imaps_port, ssl_context=ctx, timeout=30)


def test_starttls_on_the_imap_port(mailstack):
    user = f"info@{mailstack.domain}"
    conn = imaplib.IMAP4(mailstack.host, mailstack.imap_port, timeout=30)
    try:
        assert "STARTTLS" in conn.capabilities
        typ, _ = conn.starttls(ssl_context=mailstack.tls_context())
        assert typ == "OK"
        assert conn.sock.version() in ("TLSv1.2", "TLSv1.3")
        typ, _ = conn.login(user, mailstack.users[user])
        assert typ == "OK"
        typ, data = conn.select("INBOX", readonly=True)
        assert typ == "OK"
    finally:
        conn.logout()


def test_capabilities_the_webmail_relies_on(mailstack):
    user = f"admin@{mailstack.domain}"
    conn = imaps_login(mailstack, user)
    try:
        typ, data = conn.capability()
        assert typ == "OK"
        caps = set(data[0].decode().upper().split())
        for cap in ("IMAP4REV1", "IDLE", "MOVE", "UIDPLUS", "SPECIAL-USE", "LITERAL+",
                    "CONDSTORE", "NAMESPACE"):
            assert cap in caps, f"{cap} not offered: {sorted(caps)}"
    finally:
        conn.logout()


@pytest.mark.parametrize("who", ["ythong", "nobody-here"])
def test_wrong_password_is_refused_with_no(mailstack, who):
    conn = imaplib.IMAP4_SSL(mailstack.host, mailstack.imaps_port,
                             ssl_context=mailstack.tls_context(), timeout=30)
    try:
        with pytest.raises(imaplib.IMAP4.error) as refused:
            conn.login(f"{who}@{mailstack.domain}", "definitely-wrong-" + unique_token())
        assert "AUTHENTICATIONFAILED" in str(refused.value)
        assert conn.state == "NONAUTH"
    finally:
        conn.logout()


def test_folder_names_may_contain_dots(mailstack):
    """listescape: Maildir++ would otherwise refuse '.' in a folder name."""
    user = f"ythong@{mailstack.domain}"
    name = f"Projects-{unique_token()[:8]}/2024.Q1"
    conn = imaps_login(mailstack, user)
    try:
        typ, data = conn.create(f'"{name}"')
        assert typ == "OK", data
        typ, data = conn.list('""', f'"{name}"')
        assert typ == "OK" and data[0] is not None and name.encode() in data[0]
    finally:
        conn.delete(f'"{name}"')
        conn.delete(f'"{name.split("/")[0]}"')
        conn.logout()


def test_idle_reports_a_new_delivery(mailstack):
    """IDLE (what the webmail's event stream is fed by) announces mail delivered meanwhile.
    imaplib has no IDLE before Python 3.14, so the command is spoken on its socket."""
    user = f"info@{mailstack.domain}"
    conn = imaps_login(mailstack, user)
    try:
        typ, data = conn.select("INBOX")
        assert typ == "OK"
        exists_before = int(data[0])
        tag = conn._new_tag()
        conn.send(tag + b" IDLE\r\n")
        assert conn.readline().startswith(b"+"), "no IDLE continuation"

        token = unique_token()
        lmtp = smtplib.LMTP(mailstack.host, mailstack.lmtp_port, timeout=30)
        try:
            lmtp.sendmail("idle-test@example.org", [user],
                          f"Subject: IDLE {token}\r\n\r\nwake up\r\n".encode())
        finally:
            lmtp.quit()

        conn.sock.settimeout(20)  # the deadline: Dovecot pushes EXISTS as soon as it sees it
        while True:
            line = conn.readline()
            assert line, "connection closed while idling"
            if line.rstrip().endswith(b"EXISTS"):
                assert int(line.split()[1]) > exists_before
                break
        conn.send(b"DONE\r\n")
        while not conn.readline().startswith(tag):
            pass
    finally:
        conn.logout()
