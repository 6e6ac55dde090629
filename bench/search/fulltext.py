#!/usr/bin/python3
"""Body search (본문 포함) with Dovecot's full-text index (fts-xapian) against without it (issue
34: target >= 10x). Two accounts hold the same folder (bench/make-mailbox is deterministic for a
seed): one the index is on for (fts-… accounts, scripts/mailstack), one it is not.
The same searches go to both over IMAPS, as the webmail sends them: `BODY w`, `TEXT w`, and the
default scope (subject, From, To, Cc). Warm: each search runs once before timing, and that first
indexed search also builds the index if the folder has none (printed: the one-off cost).

    scripts/mailstack adduser fts-20k@zioinfo.co.kr bench-password    # index on
    scripts/mailstack adduser plain20k@zioinfo.co.kr bench-password    # index off
    bench/make-mailbox fts-20k@zioinfo.co.kr 20000; bench/make-mailbox plain20k@zioinfo.co.kr 20000
    eval "$(scripts/mailstack env)"
    bench/search/fulltext.py fts-20k@zioinfo.co.kr plain20k@zioinfo.co.kr bench-password [rounds] [word]
"""
import imaplib
import os
import ssl
import statistics
import sys
import time


def connect(user, password):
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    imap = imaplib.IMAP4_SSL(os.environ.get("MAILSTACK_HOST", "127.0.0.1"),
                             int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context)
    imap.login(user, password)
    _, data = imap.select("INBOX", readonly=True)
    return imap, int(data[0])


def main() -> None:
    indexed_user, plain_user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    word = sys.argv[5] if len(sys.argv) > 5 else "회의"
    quoted = ('"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"').encode()
    criteria = {"BODY": ("BODY", quoted), "TEXT": ("TEXT", quoted),
                "subject/from/to/cc": ("OR", "SUBJECT", quoted, "OR", "FROM", quoted,
                                       "OR", "TO", quoted, "CC", quoted)}
    medians = {}
    for label, user in (("index", indexed_user), ("no index", plain_user)):
        imap, total = connect(user, password)
        for name, args in criteria.items():
            start = time.perf_counter()
            typ, found = imap.uid("SEARCH", "CHARSET", "UTF-8", *args)
            first = (time.perf_counter() - start) * 1000
            assert typ == "OK", found
            hits = len(found[0].split())
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                imap.uid("SEARCH", "CHARSET", "UTF-8", *args)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            medians[(label, name)] = statistics.median(times)
            print(f"{label:8s} {name:18s} {hits:6d} hits  first {first:9.1f} ms  "
                  f"median {medians[(label, name)]:8.1f} ms  max {times[-1]:8.1f} ms")
        imap.logout()
    for name in criteria:
        print(f"{name}: no index / index = {medians[('no index', name)] / medians[('index', name)]:.1f}x")
    with open("/proc/loadavg") as f:
        print(f"{total} messages, word {word!r}, {rounds} rounds, load {f.read().split()[0]}")


if __name__ == "__main__":
    main()
