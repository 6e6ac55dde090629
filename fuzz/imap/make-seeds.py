#!/usr/bin/env python3
"""Builds the seed corpus from the captured Dovecot transcripts: each response (a line plus its
literals) becomes one seed, and each transcript whole is one more."""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "..", "Tests", "Fixtures", "imap")
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
count = 0
for name in sorted(os.listdir(fixtures)):
    if not name.endswith(".server"):
        continue
    data = open(os.path.join(fixtures, name), "rb").read()
    open(os.path.join(out, name), "wb").write(data)
    position = 0
    while position < len(data):
        end = data.find(b"\n", position)
        if end < 0:
            break
        line_end = end + 1
        match = re.search(rb"\{(\d+)\}\r?\n$", data[position:line_end])
        while match:  # include literals and the rest of the response
            line_end += int(match.group(1))
            nxt = data.find(b"\n", line_end)
            if nxt < 0:
                break
            segment = data[line_end : nxt + 1]
            line_end = nxt + 1
            match = re.search(rb"\{(\d+)\}\r?\n$", segment)
        count += 1
        open(os.path.join(out, "%s-%04d" % (name, count)), "wb").write(data[position:line_end])
        position = line_end
# Inputs the fuzzer once flagged (see Tests/IMAPTests/Parser/FuzzFindingTests.swift).
findings = os.path.join(fixtures, "fuzz-findings")
for name in sorted(os.listdir(findings)) if os.path.isdir(findings) else []:
    open(os.path.join(out, "finding-" + name), "wb").write(open(os.path.join(findings, name), "rb").read())
    count += 1
print("seeds:", count + 1)
