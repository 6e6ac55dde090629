"""scripts/seed-demo-mail: delivers the sample set for real, once per account."""

import email
import email.policy
import subprocess
from dataclasses import replace

import pytest

from mailstack_helpers import REPO_ROOT, count_messages, imaps_login

SEED = REPO_ROOT / "scripts" / "seed-demo-mail"
SAMPLE_COUNT = 6


@pytest.fixture(scope="module")
def seed_account(mailstack, make_account):
    """A dedicated account: the demo accounts are left alone."""
    user, password = make_account("seed-test")
    return replace(mailstack, users={user: password}), user


def seed(user, marker):
    return subprocess.run([str(SEED), "--users", user, "--marker", str(marker)],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def newest_messages(stack, user, n):
    conn = imaps_login(stack, user)
    try:
        typ, data = conn.select("INBOX", readonly=True)
        total = int(data[0])
        typ, data = conn.fetch(f"{total - n + 1}:{total}", "(BODY.PEEK[])")
        assert typ == "OK"
        return [(p[1], email.message_from_bytes(p[1], policy=email.policy.default))
                for p in data if isinstance(p, tuple)]
    finally:
        conn.logout()


def test_seed_delivers_once(seed_account, tmp_path):
    stack, user = seed_account
    marker = tmp_path / "seeded"
    before = count_messages(stack, user)

    first = seed(user, marker)
    assert first.returncode == 0, first.stderr
    assert f"delivered {SAMPLE_COUNT} messages" in first.stdout
    # LMTP confirmed each message before the script returned: no waiting needed.
    assert count_messages(stack, user) == before + SAMPLE_COUNT
    assert marker.exists()

    second = seed(user, marker)
    assert second.returncode == 0, second.stderr
    assert "nothing delivered" in second.stdout
    assert count_messages(stack, user) == before + SAMPLE_COUNT


def test_seeded_messages_cover_the_sample_set(seed_account, tmp_path):
    stack, user = seed_account
    result = seed(user, tmp_path / "seeded")
    assert result.returncode == 0, result.stderr
    newest = newest_messages(stack, user, SAMPLE_COUNT)
    msgs = {m["Subject"]: m for _, m in newest}
    raw = {m["Subject"]: r for r, m in newest}

    assert "다음 주 회의 일정 안내" in msgs                       # Korean, plain
    assert "Your quarterly usage report is ready" in msgs          # English, plain
    reply = msgs["Re: 다음 주 회의 일정 안내"]                      # a thread
    assert reply["In-Reply-To"] == msgs["다음 주 회의 일정 안내"]["Message-ID"]

    news = msgs["[지오정보기술] 11월 소식지 — GIS 신기능 소개"]      # HTML alternative
    assert news.get_content_type() == "multipart/alternative"
    assert "<h1>11월 소식지</h1>" in news.get_body(("html",)).get_content()

    quote = msgs["견적서 송부드립니다 (2026년 측량 장비)"]           # Korean attachment name
    [attachment] = list(quote.iter_attachments())
    # RFC 2231 on the wire, as the webmail's MIME parser must read it.
    assert b"filename*=utf-8''%EA%B2%AC%EC%A0%81%EC%84%9C_2026.pdf" in raw[quote["Subject"]]
    assert attachment.get_filename() == "견적서_2026.pdf"
    assert attachment.get_content().startswith(b"%PDF-1.4")

    outlook = msgs["도면 파일 공유 드립니다"]                         # ks_c_5601-1987
    assert outlook.get_content_charset() == "ks_c_5601-1987"
    assert "도면 파일을 공유 폴더에" in outlook.get_content()
    assert outlook["X-Mailer"].startswith("Microsoft Outlook")


def test_server_search_finds_korean_subjects(seed_account, tmp_path):
    """Dovecot decodes RFC 2047 UTF-8 subjects for SEARCH. (It does NOT decode the Outlook
    label ks_c_5601-1987: Debian's glibc iconv has no such alias, so a server-side search
    misses those subjects unless Dovecot's charset_alias plugin maps it to cp949. The stack
    stays a stock Dovecot on purpose, so the webmail sees what production does.)"""
    stack, user = seed_account
    assert seed(user, tmp_path / "seeded").returncode == 0
    conn = imaps_login(stack, user)
    try:
        conn.select("INBOX", readonly=True)
        conn.literal = "견적서".encode()
        typ, data = conn.uid("SEARCH", "CHARSET", "UTF-8", "SUBJECT")
        assert typ == "OK" and data[0].split(), "SEARCH found no Korean subject"
    finally:
        conn.logout()
