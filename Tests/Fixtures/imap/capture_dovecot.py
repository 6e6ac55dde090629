#!/usr/bin/env python3
"""Captures real Dovecot IMAP sessions as byte-exact fixtures for the IMAP parser tests.

Run against the dev mail stack (`eval "$(scripts/mailstack env)"` first). It creates (or resets)
the account imaptest-fixture@, fills it with a few representative messages and records, for each
session, what the server sent (`<name>.server`, raw bytes) and what the client sent
(`<name>.client`, with the password replaced by ****). The tests replay the `.server` files
through the decoder at every chunk boundary.
"""
import os
import socket
import ssl
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
USER = "imaptest-fixture@" + os.environ.get("MAILSTACK_DOMAIN", "zioinfo.co.kr")
PASSWORD = "Fixture!2026"

MESSAGES = [
    b"From: =?UTF-8?B?7ZmN6ri464+Z?= <hong@example.com>\r\nTo: ythong@zioinfo.co.kr\r\n"
    b"Subject: =?UTF-8?B?7ZqM7J2YIOydvOyglSDslYjrgrQ=?=\r\nDate: Mon, 23 Nov 2026 09:00:00 +0900\r\n"
    b"Message-ID: <korean-1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94\r\n",
    b"From: Alice <alice@example.com>\r\nTo: Bob <bob@example.com>, team: carol@example.com, dave@example.com;\r\n"
    b"Cc: \"Quote \\\"Me\\\"\" <q@example.com>\r\nSubject: Report with attachment\r\n"
    b"Date: Tue, 24 Nov 2026 10:30:00 +0000\r\nMessage-ID: <att-2@example.com>\r\nIn-Reply-To: <korean-1@example.com>\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    b"--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
    b"--b2\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached.\r\n"
    b"--b2\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>See <b>attached</b>.</p>\r\n--b2--\r\n"
    b"--b1\r\nContent-Type: application/pdf; name=\"=?UTF-8?B?67O06rOg7IScLnBkZg==?=\"\r\n"
    b"Content-Disposition: attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==\r\n--b1--\r\n",
    b"From: forwarder@example.com\r\nTo: ythong@zioinfo.co.kr\r\nSubject: Fwd: nested\r\n"
    b"Date: Wed, 25 Nov 2026 08:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n"
    b"--o\r\nContent-Type: text/plain\r\n\r\nForwarded below.\r\n"
    b"--o\r\nContent-Type: message/rfc822\r\n\r\nFrom: inner@example.com\r\nSubject: inner\r\n"
    b"Content-Type: text/plain\r\n\r\nInner body.\r\n--o--\r\n",
    b"Subject: no from, no date\r\n\r\nbody only\r\n",
]


class Session:
    def __init__(self, name, port, implicit):
        self.name = name
        raw = socket.create_connection((os.environ["MAILSTACK_HOST"], port))
        self.context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
        self.sock = self.context.wrap_socket(raw, server_hostname="localhost") if implicit else raw
        self.server = bytearray()
        self.client = bytearray()
        self.counter = 0
        self.read_until(b"\r\n")

    def read_until(self, marker, start=None):
        # By default start two bytes early so a tagged line right after the previous CRLF is found.
        start = max(0, self.mark - 2) if start is None else start
        while marker not in self.server[start:]:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("server closed")
            self.server += chunk

    mark = 0

    def command(self, text, secret=None, literal=None):
        self.counter += 1
        tag = b"a%d" % self.counter
        line = tag + b" " + text
        shown = line.replace(secret, b"****") if secret else line
        self.mark = len(self.server)
        if literal is not None:
            self.sock.sendall(line + b"{%d}\r\n" % len(literal))
            self.client += shown + b"{%d}\r\n" % len(literal)
            self.read_until(b"+ ")
            self.sock.sendall(literal + b"\r\n")
            self.client += literal + b"\r\n"
        else:
            self.sock.sendall(line + b"\r\n")
            self.client += shown + b"\r\n"
        self.read_until(b"\r\n" + tag + b" ")
        self.read_until(b"\r\n", start=self.server.rindex(b"\r\n" + tag + b" ") + 2)  # rest of the tagged line

    def starttls(self):
        self.command(b"STARTTLS")
        self.sock = self.context.wrap_socket(self.sock, server_hostname="localhost")

    def save(self):
        with open(os.path.join(HERE, self.name + ".server"), "wb") as f:
            f.write(bytes(self.server))
        with open(os.path.join(HERE, self.name + ".client"), "wb") as f:
            f.write(bytes(self.client))


def main():
    subprocess.run([os.path.join(REPO, "scripts", "mailstack"), "adduser", USER, PASSWORD], check=True,
                   stdout=subprocess.DEVNULL)
    login = b"LOGIN " + USER.encode() + b" \"" + PASSWORD.encode() + b"\""
    imaps = int(os.environ["MAILSTACK_IMAPS_PORT"])

    # Reset: empty INBOX and remove fixture folders, fill with the sample messages.
    setup = Session("setup", imaps, True)
    setup.command(login, secret=PASSWORD.encode())
    setup.command(b"SELECT INBOX")
    setup.command(b"STORE 1:* +FLAGS.SILENT (\\Deleted)")
    setup.command(b"EXPUNGE")
    setup.command(b"DELETE \"&1QS4XMgd0rg-\"")
    setup.command(b"DELETE \"Fixture-Renamed\"")
    for index, message in enumerate(MESSAGES):
        flags = b"(\\Seen) " if index == 1 else b""
        setup.command(b"APPEND INBOX " + flags + b"\"24-Nov-2026 1%d:00:00 +0900\" " % index, literal=message)
    setup.command(b"LOGOUT")

    session = Session("dovecot-session", imaps, True)
    session.command(b"CAPABILITY")
    session.command(login, secret=PASSWORD.encode())
    session.command(b"ID (\"name\" \"zioinfo-mail-fixture\")")
    session.command(b"NAMESPACE")
    session.command(b"ENABLE CONDSTORE")
    session.command(b"LIST \"\" \"*\" RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN UIDNEXT))")
    session.command(b"LSUB \"\" \"*\"")
    session.command(b"STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE)")
    session.command(b"SELECT INBOX (CONDSTORE)")
    session.command(b"UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE MODSEQ)")
    session.command(b"UID FETCH 1:* (BODY)")
    session.command(b"FETCH 2 (BODY.PEEK[1.2] BODY.PEEK[2]<0.10> BINARY.PEEK[2] BINARY.SIZE[2])")
    session.command(b"FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] RFC822.SIZE)")
    session.command(b"FETCH 3 (BODY.PEEK[2.HEADER] BODY.PEEK[2.1] RFC822.HEADER)")
    session.command(b"UID SEARCH CHARSET UTF-8 SUBJECT ", literal="회의".encode())
    session.command(b"UID SEARCH RETURN (MIN MAX COUNT ALL) ALL")
    session.command(b"UID SORT (REVERSE DATE) UTF-8 ALL")
    session.command(b"SEARCH UNSEEN")
    session.command(b"UID STORE 1 +FLAGS (\\Flagged $Label1)")
    session.command(b"CREATE \"&1QS4XMgd0rg-\"")
    session.command(b"LIST \"\" \"&1QS4XMgd0rg-\"")
    session.command(b"UID COPY 1 \"&1QS4XMgd0rg-\"")
    session.command(b"UID MOVE 4 Trash")
    session.command(b"APPEND Drafts (\\Draft) ", literal=b"Subject: draft\r\n\r\ndraft body\r\n")
    session.command(b"RENAME \"&1QS4XMgd0rg-\" \"Fixture-Renamed\"")
    session.command(b"DELETE \"Fixture-Renamed\"")
    session.command(b"SELECT NoSuchFolder")
    session.command(b"LOGOUT")
    session.save()

    starttls = Session("dovecot-starttls", int(os.environ["MAILSTACK_IMAP_PORT"]), False)
    starttls.command(b"CAPABILITY")
    starttls.server += b""  # pre-TLS part recorded; the rest continues in the same buffer after TLS
    starttls.starttls()
    starttls.command(b"CAPABILITY")
    starttls.command(b"LOGIN " + USER.encode() + b" wrong-password", secret=b"wrong-password")
    starttls.command(b"LOGOUT")
    starttls.save()


if __name__ == "__main__":
    main()
