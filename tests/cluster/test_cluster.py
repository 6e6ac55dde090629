"""Two instances on one PostgreSQL behind the real nginx (scripts/run-cluster): a token, a logout,
the login limits, an upload and the new-mail push work whichever instance a request reaches, and
a killed instance's users move to the other through nginx's retry with no new login."""
import email
import os
import signal
import smtplib
import time
import uuid
from email.message import EmailMessage

from cluster_support import imap_inbox_message


def test_a_login_on_one_instance_works_on_the_other_and_through_nginx(cluster, account):
    first, second = cluster.instances
    for issuer, user_of in ((first, second), (second, first)):
        token = issuer.login(*account)
        status, me = user_of.request("GET", "/auth/me", token=token)
        assert status == 200 and me["email"] == account[0]
        status, folders = user_of.request("GET", "/mail/folders", token=token)
        assert status == 200, folders
        # Through nginx, which takes turns between the two: several requests reach both.
        for _ in range(4):
            status, _ = cluster.nginx.request("GET", "/mail/messages?folder=INBOX&size=5", token=token)
            assert status == 200
    token = cluster.nginx.login(*account)
    for instance in cluster.instances:
        assert instance.request("GET", "/auth/me", token=token)[0] == 200


def test_a_logout_on_one_instance_is_refused_on_the_other_at_once(cluster, account):
    first, second = cluster.instances
    token = first.login(*account)
    assert second.request("GET", "/auth/me", token=token)[0] == 200
    status, _ = first.request("POST", "/auth/logout", token=token)
    assert status == 200
    # The other instance checks its in-memory copy of the revocations (no database round trip
    # per request: the list page's speed), kept by PostgreSQL's LISTEN/NOTIFY; the logout answers
    # only once its own instance has heard its notice, which PostgreSQL hands to every listener at
    # the same commit, so the very next request is refused (0 of 90 accepted when measured; 5 of
    # 30 before that wait). The loop only keeps a CPU-starved host from failing on a race of
    # two processes; 2 s is a generous bound.
    logged_out = time.monotonic()
    while (status := second.request("GET", "/auth/me", token=token)[0]) == 200:
        assert time.monotonic() - logged_out < 2, "the other instance still accepts the token after 2 s"
    assert status == 401
    assert cluster.nginx.request("GET", "/mail/folders", token=token)[0] == 401


def test_failed_logins_count_across_both_instances(cluster):
    # An account of its own per run (the limits live in the shared database for their window);
    # an unknown account fails like a wrong password.
    user = f"nobody-{uuid.uuid4().hex[:12]}@zioinfo.co.kr"
    attempts = int(os.environ.get("ZM_LOGIN_ATTEMPTS", "5"))
    for n in range(attempts):
        instance = cluster.instances[n % 2]
        status, body = instance.request("POST", "/auth/login", body={"username": user, "password": "wrong-Pass-1"})
        assert status == 401, body
        assert body["attempts_left"] == attempts - n - 1, body
    for instance in cluster.instances:
        status, body = instance.request("POST", "/auth/login", body={"username": user, "password": "wrong-Pass-1"})
        assert status == 429, body


def test_an_upload_made_through_one_instance_is_sent_through_the_other(cluster, account):
    first, second = cluster.instances
    token = first.login(*account)
    content = f"첨부 파일 {uuid.uuid4()}\n".encode()
    status, upload = first.upload(token, "cluster-note.txt", content)
    assert status == 201, upload
    subject = f"cluster upload {uuid.uuid4()}"
    status, sent = second.request("POST", "/mail/send", token=token, body={
        "to": [account[0]], "subject": subject, "text": "the attachment was uploaded elsewhere",
        "attachments": [upload["id"]]})
    assert status == 200 and sent["status"] == "sent", sent
    raw = imap_inbox_message(*account, subject)
    assert raw is not None, "the sent message never reached the INBOX"
    attachments = [part for part in email.message_from_bytes(raw).walk() if part.get_filename()]
    assert [part.get_filename() for part in attachments] == ["cluster-note.txt"]
    assert attachments[0].get_payload(decode=True) == content


def test_new_mail_push_reaches_clients_of_either_instance(cluster, account):
    token = cluster.nginx.login(*account)
    streams = [instance.events(token) for instance in cluster.instances] + [cluster.nginx.events(token)]
    try:
        for stream in streams:
            stream.wait_for("ready")
        message = EmailMessage()
        message["From"], message["To"] = "outside@example.com", account[0]
        message["Subject"] = f"cluster push {uuid.uuid4()}"
        message.set_content("new mail for every instance's listeners")
        with smtplib.SMTP("127.0.0.1", int(os.environ["MAILSTACK_SMTP_PORT"]), timeout=30) as smtp:
            smtp.send_message(message)
        for stream in streams:
            stream.wait_for("new_message")
    finally:
        for stream in streams:
            stream.close()


def test_a_killed_instance_s_users_move_to_the_other_with_no_new_login(cluster, account):
    token = cluster.nginx.login(*account)
    assert cluster.nginx.request("GET", "/mail/folders", token=token)[0] == 200
    victim = cluster.pid_files[0]
    pid = int(victim.read_text())
    os.kill(pid, signal.SIGKILL)
    try:
        # kill -9 is asynchronous: wait (10 s at most) until the instance's port refuses.
        deadline = time.monotonic() + 10
        while not cluster.instances[0].refuses() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert cluster.instances[0].refuses()
        # Every request through nginx still works with the same token: the ones sent to the dead
        # instance are retried on the live one (proxy_next_upstream), reads and writes alike.
        for _ in range(6):
            status, body = cluster.nginx.request("GET", "/mail/messages?folder=INBOX&size=5", token=token)
            assert status == 200, body
        status, body = cluster.nginx.request("POST", "/mail/drafts", token=token,
                                             body={"subject": "after the kill", "text": "still signed in"})
        assert status == 200, body
        assert cluster.nginx.request("GET", "/auth/me", token=token)[0] == 200
        # …and nginx did try the dead one (round robin) before moving on.
        assert f"upstream: \"http://127.0.0.1:{cluster.instances[0].port}/" in cluster.nginx_error_log()
    finally:
        restarted = cluster.run("start")
        assert restarted.returncode == 0, restarted.stderr
