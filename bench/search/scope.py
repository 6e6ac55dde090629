#!/usr/bin/python3
"""The search's default scope (issue 34) next to 본문 포함 on Dovecot: the same word searched the
way the webmail sends each, `UID SEARCH CHARSET UTF-8 OR SUBJECT w OR FROM w OR TO w CC w`
(subject, From, To, Cc: Dovecot reads its cached headers) and `UID SEARCH CHARSET UTF-8 TEXT w`
(every body read), on a folder filled by bench/make-mailbox. Raw imaplib over IMAPS, warm (each
search runs once before timing). Prints median and p90 milliseconds and the hit counts.

    scripts/mailstack adduser bench3k@zioinfo.co.kr bench-password
    bench/make-mailbox bench3k@zioinfo.co.kr 3000
    eval "$(scripts/mailstack env)"; bench/search/scope.py bench3k@zioinfo.co.kr bench-password [rounds] [word]
"""
import imaplib
import os
import ssl
import statistics
import sys
import time


def main() -> None:
    user, password = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    word = sys.argv[4] if len(sys.argv) > 4 else "회의"
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    imap = imaplib.IMAP4_SSL(os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context)
    imap.login(user, password)
    _, data = imap.select("INBOX", readonly=True)
    total = int(data[0])
    # A quoted string of UTF-8 (Dovecot takes 8-bit text in quoted strings): the same bytes for
    # both forms, so only what Dovecot reads differs.
    quoted = ('"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"').encode()

    def search(*criteria) -> int:
        typ, found = imap.uid("SEARCH", "CHARSET", "UTF-8", *criteria)
        assert typ == "OK", found
        return len(found[0].split())

    def header_scope() -> int:
        return search("OR", "SUBJECT", quoted, "OR", "FROM", quoted, "OR", "TO", quoted, "CC", quoted)

    def text() -> int:
        return search("TEXT", quoted)

    results = {}
    for name, run in (("subject/from/to/cc", header_scope), ("TEXT (본문 포함)", text)):
        hits = run()  # warm
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[name] = statistics.median(times)
        print(f"{name:20s} {hits:6d} hits  median {statistics.median(times):8.2f} ms  p90 {times[int(len(times) * 0.9) - 1]:8.2f} ms")
    print(f"{total} messages, word {word!r}, {rounds} rounds: TEXT / header scope = {results['TEXT (본문 포함)'] / results['subject/from/to/cc']:.1f}x")
    imap.logout()


if __name__ == "__main__":
    main()
