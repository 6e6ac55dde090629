#!/usr/bin/python3
"""Captures a ManageSieve session with the mail stack's Dovecot (scripts/mailstack) as fixtures:
dovecot-session.server holds the server's bytes (decrypted after STARTTLS) in order, and
dovecot-session.client what we sent (the password replaced). Run with the stack's env:
    eval "$(scripts/mailstack env)"; python3 Tests/Fixtures/managesieve/capture_dovecot.py
"""
import base64
import os
import socket
import ssl
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
USER, PASSWORD = "ythong@zioinfo.co.kr", "1q2w3e!Q"


def literal(data):
    return b"{%d+}\r\n" % len(data) + data


def read_response(sock):
    """Reads until a complete response is buffered (a status line that is not inside a literal)."""
    out = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return out
        out += chunk
        if complete(out):
            return out


def complete(data):
    i = 0
    status = None   # whether the line being read began with OK/NO/BYE
    while i < len(data):
        end = data.find(b"\r\n", i)
        if end < 0:
            return False
        line = data[i:end]
        if status is None:
            status = line[:3].upper() in (b"OK ", b"NO ", b"BYE") or line.upper() in (b"OK", b"NO")
        if line.endswith(b"}") and b"{" in line:
            size = int(line[line.rindex(b"{") + 1:-1].rstrip(b"+"))
            i = end + 2 + size   # the line goes on after the literal
            continue
        if status:
            return end + 2 == len(data)
        status = None
        i = end + 2
    return False


def main():
    port = int(os.environ["MAILSTACK_SIEVE_PORT"])
    server, client = [], []
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    server.append(read_response(sock))
    client.append(b"STARTTLS\r\n")
    sock.sendall(client[-1])
    server.append(read_response(sock))
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    sock = context.wrap_socket(sock, server_hostname="localhost")
    server.append(read_response(sock))
    good = "require [\"fileinto\",\"mailbox\"];\r\nif header :contains \"subject\" \"견적\" { fileinto :create \"견적\"; }\r\n".encode()
    bad = b'require "fileinto";\r\nfoo bar;\r\nif true {\r\n'
    wrong = base64.b64encode(b"\0" + USER.encode() + b"\0wrong-password")
    right = base64.b64encode(b"\0" + USER.encode() + b"\0" + PASSWORD.encode())
    commands = [
        (b'AUTHENTICATE "PLAIN" "' + wrong + b'"\r\n', b'AUTHENTICATE "PLAIN" "<wrong>"\r\n'),
        (b'AUTHENTICATE "PLAIN" "' + right + b'"\r\n', b'AUTHENTICATE "PLAIN" "<hidden>"\r\n'),
        (b"CAPABILITY\r\n", None),
        (b'PUTSCRIPT "fixture 1" ' + literal(good) + b"\r\n", None),
        (b'PUTSCRIPT "fixture bad" ' + literal(bad) + b"\r\n", None),
        (b"CHECKSCRIPT " + literal(bad) + b"\r\n", None),
        (b'SETACTIVE "fixture 1"\r\n', None),
        (b'PUTSCRIPT "fixture \\"2\\"" ' + literal(b"keep;") + b"\r\n", None),
        (b"LISTSCRIPTS\r\n", None),
        (b'GETSCRIPT "fixture 1"\r\n', None),
        (b'GETSCRIPT "missing"\r\n', None),
        (b'HAVESPACE "fixture 1" 999999999\r\n', None),
        (b'DELETESCRIPT "fixture 1"\r\n', None),
        (b'SETACTIVE ""\r\n', None),
        (b'DELETESCRIPT "fixture 1"\r\n', None),
        (b'DELETESCRIPT "fixture \\"2\\""\r\n', None),
        (b'NOOP "tag-1"\r\n', None),
        (b"LOGOUT\r\n", None),
    ]
    for sent, shown in commands:
        sock.sendall(sent)
        client.append(shown or sent)
        server.append(read_response(sock))
    with open(os.path.join(HERE, "dovecot-session.server"), "wb") as f:
        f.write(b"".join(server))
    with open(os.path.join(HERE, "dovecot-session.client"), "wb") as f:
        f.write(b"".join(client))
    print(f"{len(server)} responses, {sum(map(len, server))} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
