"""The Dovecot master user behind 수신확인 and 발송취소 (issue 33): `user*master` with the master
password logs in as that user; a wrong master password, or a master login as nobody, fails;
the plaintext password file is readable by its owner's group at most."""

import imaplib
import os
import stat

import pytest

from mailstack_helpers import imaps_login, unique_token


def master_credentials():
    user = os.environ.get("ZM_IMAP_MASTER_USER")
    path = os.environ.get("ZM_IMAP_MASTER_PASSWORD_FILE")
    if not user or not path:
        message = "ZM_IMAP_MASTER_USER / ZM_IMAP_MASTER_PASSWORD_FILE not set (eval scripts/mailstack env)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with open(path) as f:
        return user, f.read().strip()


def test_master_login_reaches_the_users_own_mailbox(mailstack):
    master, password = master_credentials()
    target = f"info@{mailstack.domain}"
    # The user's own login and the master login see the same INBOX.
    own = imaps_login(mailstack, target)
    try:
        typ, data = own.status("INBOX", "(UIDVALIDITY)")
        assert typ == "OK"
        own_validity = data[0]
    finally:
        own.logout()
    conn = imaps_login(mailstack, f"{target}*{master}", password)
    try:
        typ, data = conn.status("INBOX", "(UIDVALIDITY)")
        assert typ == "OK"
        assert data[0] == own_validity
    finally:
        conn.logout()


def test_wrong_master_password_and_unknown_target_fail(mailstack):
    master, password = master_credentials()
    with pytest.raises(imaplib.IMAP4.error):
        imaps_login(mailstack, f"info@{mailstack.domain}*{master}", "wrong-" + unique_token()[:8])
    with pytest.raises(imaplib.IMAP4.error):
        imaps_login(mailstack, f"nobody-{unique_token()[:8]}@{mailstack.domain}*{master}", password)
    # The master name alone is no account.
    with pytest.raises(imaplib.IMAP4.error):
        imaps_login(mailstack, master, password)


def test_master_password_file_is_not_world_readable():
    _, _ = master_credentials()
    mode = stat.S_IMODE(os.stat(os.environ["ZM_IMAP_MASTER_PASSWORD_FILE"]).st_mode)
    assert mode & 0o007 == 0, oct(mode)
