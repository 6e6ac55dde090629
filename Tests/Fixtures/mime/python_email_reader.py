#!/usr/bin/env python3
"""Reads .eml files with CPython's `email` package (policy=default) and prints, per file, what
a reader sees: subject, addresses, text/HTML bodies and attachment filenames, as JSON.
Used by the Swift round-trip test (MessageBuilder output must read the same in both parsers).

Usage: python3 python_email_reader.py FILE...   → {"FILE": {...}, ...} on stdout
"""
import email
import email.policy
import json
import sys


def addresses(message, name):
    header = message[name]
    if header is None:
        return []
    return [[address.display_name, address.addr_spec] for address in header.addresses]


def body(message, preference):
    part = message.get_body(preferencelist=(preference,))
    return None if part is None else part.get_content()


def read(path):
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    filenames = []
    for part in message.walk():
        name = part.get_filename()
        if name is not None:
            filenames.append(name)
    return {
        "subject": message["subject"],
        "from": addresses(message, "from"),
        "to": addresses(message, "to"),
        "cc": addresses(message, "cc"),
        "text": body(message, "plain"),
        "html": body(message, "html"),
        "filenames": filenames,
        "defects": sorted({type(d).__name__ for part in message.walk() for d in part.defects}),
    }


if __name__ == "__main__":
    json.dump({path: read(path) for path in sys.argv[1:]}, sys.stdout, ensure_ascii=False)
