#!/usr/bin/python3
"""What the list's order costs on Dovecot (issue 25, bug 4): the first page of a big INBOX the old
way (a FETCH of the last 50 sequence numbers: arrival in this folder, wrong after a restore from
Trash) next to the new way (UID SORT (REVERSE ARRIVAL) of the whole folder, then a UID FETCH of
the page's 50), and the ESORT variant that returns only the page (RETURN (COUNT PARTIAL 1:50)).
Raw IMAP over IMAPS with imaplib; warm (each command runs once before timing, as the stack notes
say). Prints median and p90 milliseconds.

    eval "$(scripts/mailstack env)"; bench/imap/list-order.py USER PASSWORD [rounds]
"""
import imaplib
import os
import ssl
import statistics
import sys
import time

ITEMS = "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)"


def main() -> None:
    user, password = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    imap = imaplib.IMAP4_SSL(os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context)
    imap.login(user, password)
    _, data = imap.select("INBOX", readonly=True)
    total = int(data[0])

    def sequence_page():
        imap.fetch(f"{max(1, total - 49)}:{total}", ITEMS)

    def sorted_page():
        _, found = imap.uid("SORT", "(REVERSE ARRIVAL)", "UTF-8", "ALL")
        uids = found[0].split()[:50]
        imap.uid("FETCH", b",".join(uids).decode(), ITEMS)

    def partial_page():
        imap.untagged_responses.clear()
        imap.uid("SORT", "RETURN (COUNT PARTIAL 1:50)", "(REVERSE ARRIVAL)", "UTF-8", "ALL")
        line = imap.untagged_responses.pop("ESEARCH")[0].decode()
        uid_set = line.split("PARTIAL (")[1].split(")")[0].split(" ")[1]
        imap.uid("FETCH", uid_set, ITEMS)

    print(f"INBOX of {user}: {total} messages, {rounds} rounds each (warm)")
    for name, run in [("sequence FETCH (before)", sequence_page), ("UID SORT + UID FETCH (now)", sorted_page), ("ESORT PARTIAL + UID FETCH", partial_page)]:
        run()
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"  {name:30} median {statistics.median(times):7.1f} ms   p90 {times[int(len(times) * 0.9) - 1]:7.1f} ms")
    imap.logout()


if __name__ == "__main__":
    main()
