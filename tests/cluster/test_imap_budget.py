"""One user's IMAP connections across two instances stay within Dovecot's default
`mail_max_userip_connections` (10 per user and client address: every instance connects from the
same address as far as Dovecot can tell when they share a host, and a NAT or proxy in front of
Dovecot does the same): 3 tabs on each instance (each an event stream, so IMAP IDLE) and 50
parallel requests, and Dovecot refuses nothing.

The dev mail stack raises Dovecot's limit to 200 (scripts/mailstack), so a refusal would not show
there: the test counts the user's concurrent IMAP sessions in Dovecot's own log instead (each
`Login: user=<…>, session=<id>` opens one, its `Disconnected`/`Logged out` line closes it) and
holds the peak to the default limit. docs/deploy.md §9 gives the rule (instances ×
(ZM_IMAP_POOL_MAX_PER_ACCOUNT + 1) ≤ mail_max_userip_connections)."""
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cluster_support import add_account

DOVECOT_DEFAULT_LIMIT = 10
TABS_PER_INSTANCE = 3
PARALLEL_REQUESTS = 50


def peak_sessions(log_text, user):
    """The most IMAP sessions of `user` open at one time, in the order Dovecot logged them."""
    opened = re.compile(r"imap-login: Info: Login: user=<" + re.escape(user) + r">.*session=<([^>]+)>")
    closed = re.compile(r"imap\(" + re.escape(user) + r"\)<\d+><([^>]+)>: Info: (?:Disconnected|Logged out)")
    open_sessions, peak = set(), 0
    for line in log_text.splitlines():
        if match := opened.search(line):
            open_sessions.add(match.group(1))
            peak = max(peak, len(open_sessions))
        elif match := closed.search(line):
            open_sessions.discard(match.group(1))
    return peak


def test_three_tabs_per_instance_and_fifty_parallel_requests_fit_dovecot_s_default_limit(cluster):
    user, password = f"budget-{uuid.uuid4().hex[:8]}@zioinfo.co.kr", "Budget!Test-2026"
    add_account(user, password)
    log = Path(os.environ["MAILSTACK_DIR"]) / "log" / "dovecot.log"
    offset = log.stat().st_size
    token = cluster.nginx.login(user, password)
    streams = [instance.events(token) for instance in cluster.instances for _ in range(TABS_PER_INSTANCE)]
    try:
        for stream in streams:
            stream.wait_for("ready")
        # Half through nginx (both instances in turn), half straight to each instance.
        clients = [cluster.nginx, cluster.instances[0], cluster.nginx, cluster.instances[1]]
        paths = ["/mail/messages?folder=INBOX&size=20", "/mail/folders"]

        def one(n):
            return clients[n % 4].request("GET", paths[n % 2], token=token)[0]

        with ThreadPoolExecutor(PARALLEL_REQUESTS) as pool:
            statuses = list(pool.map(one, range(PARALLEL_REQUESTS)))
        assert statuses == [200] * PARALLEL_REQUESTS, statuses
    finally:
        for stream in streams:
            stream.close()
    with open(log, errors="replace") as f:
        f.seek(offset)
        text = f.read()
    assert "Maximum number of connections" not in text
    peak = peak_sessions(text, user)
    assert 0 < peak <= DOVECOT_DEFAULT_LIMIT, f"{user} had {peak} IMAP sessions open at once"
    print(f"peak IMAP sessions of one user across two instances: {peak}")
