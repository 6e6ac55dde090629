"""bench/make-mailbox: the direct maildir fill yields messages Dovecot serves correctly."""

import subprocess
from dataclasses import replace
from email.header import decode_header, make_header

import pytest

from mailstack_helpers import REPO_ROOT, imaps_login

MAKE_MAILBOX = REPO_ROOT / "bench" / "make-mailbox"
N = 300


@pytest.fixture(scope="module")
def bench_account(mailstack, make_account):
    user, password = make_account("bench-fill-test")
    return replace(mailstack, users={user: password}), user


def test_fill_appends_n_messages_in_date_order(bench_account):
    stack, user = bench_account
    conn = imaps_login(stack, user)
    try:
        typ, data = conn.select("INBOX", readonly=True)
        before = int(data[0])
        res = subprocess.run([str(MAKE_MAILBOX), user, str(N)], capture_output=True, text=True,
                             timeout=300, stdin=subprocess.DEVNULL)
        assert res.returncode == 0, res.stderr
        assert f"INBOX {before} -> {before + N} messages" in res.stdout
        conn.noop()
        typ, data = conn.select("INBOX", readonly=True)
        assert int(data[0]) == before + N

        # Message i carries "#i" at the end of its subject, and UIDs follow i.
        for offset in (1, N // 2, N):
            typ, data = conn.fetch(str(before + offset), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            raw = next(p[1] for p in data if isinstance(p, tuple))
            subject = str(make_header(decode_header(raw.decode().partition(":")[2].strip())))
            assert subject.endswith(f"#{offset}"), subject

        seqs = f"{before + 1}:{before + N}"
        typ, data = conn.search(None, seqs, "SUBJECT", '"Quarterly review"')
        assert len(data[0].split()) == N // 100
        typ, data = conn.search(None, seqs, "UNSEEN")
        unseen = len(data[0].split())
        assert 0 < unseen < N // 4, f"{unseen} unseen of {N}: flags from the file names not applied?"
        typ, data = conn.search(None, seqs, "HEADER", "Content-Type", "multipart/mixed")
        assert len(data[0].split()) == N // 10

        # Dates increase with i: a date sort is UID (= sequence) order.
        typ, data = conn.sort("(DATE)", "UTF-8", seqs)
        assert typ == "OK"
        assert [int(x) for x in data[0].split()] == list(range(before + 1, before + N + 1))
    finally:
        conn.logout()
