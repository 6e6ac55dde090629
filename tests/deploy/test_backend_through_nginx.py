"""The real backend (`zioinfo-mail serve` against the mail stack) behind the generated nginx
site on 127.0.0.1:8025: `zioinfo-mail verify` through it, the seed's Phase 4 curl commands, and
new-mail events arriving through nginx as they happen."""

import http.client
import json
import os
import signal
import smtplib
import subprocess
import time
import uuid
from email.message import EmailMessage

import pytest

from deploy_support import (NGINX_PORT, curl, free_port, https_context, make_certificates, require,
                            start_nginx, wait_for_port)

NGINX_URL = f"https://localhost:{NGINX_PORT}/"
# A dedicated account, so the events test's deliveries disturb no other suite's mailbox.
ACCOUNT = "deploytest@zioinfo.co.kr"
ACCOUNT_PASSWORD = "Deploy!Test-2026"
MAIL_ENV = ("ZM_IMAP_HOST", "ZM_IMAP_PORT", "ZM_SMTP_HOST", "ZM_SMTP_PORT", "ZM_SIEVE_HOST", "ZM_SIEVE_PORT", "ZM_CA_FILE",
            "MAILSTACK_SMTP_PORT")


@pytest.fixture(scope="module")
def account(repo_root):
    missing = [name for name in MAIL_ENV if not os.environ.get(name)]
    require(not missing, f"needs the mail stack's env ({', '.join(missing)}): eval \"$(scripts/mailstack env)\"")
    result = subprocess.run([str(repo_root / "scripts" / "mailstack"), "adduser", ACCOUNT, ACCOUNT_PASSWORD],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return ACCOUNT, ACCOUNT_PASSWORD


@pytest.fixture(scope="module")
def backend(binary, account, spa_dist, deploy_scratch):
    port = free_port()
    state = deploy_scratch / f"backend-state-{port}"
    state.mkdir()
    env = dict(os.environ, ZM_HTTP_HOST="127.0.0.1", ZM_HTTP_PORT=str(port), ZM_STATE_DIR=str(state),
               ZM_STATIC_DIR=str(spa_dist))
    log = open(deploy_scratch / f"backend-{port}.log", "wb")
    process = subprocess.Popen([str(binary), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, timeout=60)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def site(deploy_scratch, certificates, spa_dist, backend):
    nginx = start_nginx(deploy_scratch / "nginx-backend", certificates, spa_dist, backend)
    yield nginx
    nginx.stop()


def verify(binary, backend, certificates, output, *args, env=None):
    command = [str(binary), "verify", "--api-url", f"http://127.0.0.1:{backend}", "--nginx-url", NGINX_URL,
               "--ca-file", str(certificates["ca"]), "--output", str(output), "--timeout", "20", *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env=env or {k: v for k, v in os.environ.items() if k != "ZIOINFO_VERIFY_PASSWORD"})
    report = json.loads(output.read_text()) if output.exists() else None
    return result, report


def checks_by_name(report):
    return {check["name"]: check for check in report["checks"]}


# --- without an account ------------------------------------------------------------------------

def test_health_through_nginx(site, certificates):
    result = curl("-f", "--cacert", certificates["ca"], f"{NGINX_URL}api/health")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "ok"


def test_the_spa_through_nginx(site, certificates):
    result = curl("-f", "--cacert", certificates["ca"], NGINX_URL)
    assert result.returncode == 0 and '<div id="root">' in result.stdout


def test_verify_without_an_account_checks_health_and_nginx(site, binary, backend, certificates, deploy_scratch):
    output = deploy_scratch / "verify-anonymous" / "deploy-result.json"
    result, report = verify(binary, backend, certificates, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["ok"] is True
    checks = checks_by_name(report)
    # No systemd here, so no service check; no account, so no login.
    assert set(checks) == {"health", "nginx_index", "nginx_api"}
    for check in report["checks"]:
        assert check["ok"] is True and isinstance(check["elapsed_ms"], int) and check["detail"]
    assert "200" in checks["nginx_index"]["detail"]


def test_verify_refuses_a_certificate_it_cannot_verify(site, binary, backend, deploy_scratch):
    other = deploy_scratch / "other-ca"
    other.mkdir()
    wrong = make_certificates(other)  # a CA that did not sign nginx's certificate
    output = deploy_scratch / "verify-wrong-ca" / "deploy-result.json"
    result, report = verify(binary, backend, {"ca": wrong["ca"]}, output)
    assert result.returncode == 1
    checks = checks_by_name(report)
    assert checks["health"]["ok"] is True
    assert checks["nginx_index"]["ok"] is False and checks["nginx_api"]["ok"] is False
    assert "certificate" in checks["nginx_index"]["detail"].lower() or "verif" in checks["nginx_index"]["detail"].lower()


def test_verify_reports_a_backend_that_is_down(site, binary, certificates, deploy_scratch):
    output = deploy_scratch / "verify-down" / "deploy-result.json"
    result, report = verify(binary, free_port(), certificates, output)
    assert result.returncode == 1
    checks = checks_by_name(report)
    assert checks["health"]["ok"] is False and checks["nginx_index"]["ok"] is True
    assert report["ok"] is False


def test_verify_takes_no_password_on_the_command_line(binary, deploy_scratch):
    result = subprocess.run([str(binary), "verify", "--user", ACCOUNT, "--password", "x",
                             "--output", str(deploy_scratch / "never.json")], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "--password" in result.stderr
    result = subprocess.run([str(binary), "verify", "--user", ACCOUNT, "--output", str(deploy_scratch / "never.json")],
                            capture_output=True, text=True, timeout=60,
                            env={k: v for k, v in os.environ.items() if k != "ZIOINFO_VERIFY_PASSWORD"})
    assert result.returncode != 0 and "ZIOINFO_VERIFY_PASSWORD" in result.stderr
    assert not (deploy_scratch / "never.json").exists()


# --- with the test account: login, /mail routes, events -----------------------------------------

def test_verify_with_an_account_passes_through_nginx(site, binary, backend, certificates, account, deploy_scratch):
    user, password = account
    password_file = deploy_scratch / "verify-password"
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    output = deploy_scratch / "verify-full" / "deploy-result.json"
    result, report = verify(binary, backend, certificates, output, "--user", user, "--password-file", password_file)
    assert result.returncode == 0, result.stdout + result.stderr
    checks = checks_by_name(report)
    assert set(checks) == {"health", "login", "mail_messages", "sieve", "nginx_index", "nginx_api"}
    assert all(check["ok"] for check in report["checks"]), report
    assert password not in output.read_text() and password not in result.stdout + result.stderr


def test_verify_reads_the_password_from_the_environment(site, binary, backend, certificates, account, deploy_scratch):
    user, password = account
    output = deploy_scratch / "verify-env" / "deploy-result.json"
    result, report = verify(binary, backend, certificates, output, "--user", user,
                            env=dict(os.environ, ZIOINFO_VERIFY_PASSWORD=password))
    assert result.returncode == 0, result.stdout + result.stderr
    assert checks_by_name(report)["mail_messages"]["ok"] is True


def test_verify_fails_on_a_wrong_password(site, binary, backend, certificates, account, deploy_scratch):
    user, _ = account
    output = deploy_scratch / "verify-wrong-password" / "deploy-result.json"
    result, report = verify(binary, backend, certificates, output, "--user", user,
                            env=dict(os.environ, ZIOINFO_VERIFY_PASSWORD="not-the-password"))
    assert result.returncode == 1
    checks = checks_by_name(report)
    assert checks["login"]["ok"] is False and "401" in checks["login"]["detail"]
    assert checks["mail_messages"]["ok"] is False


def test_the_seed_phase4_curl_commands_through_nginx(site, certificates, account):
    user, password = account
    ca = ("--cacert", certificates["ca"])
    # 1. curl -f …/health
    assert curl("-f", *ca, f"{NGINX_URL}api/health").returncode == 0
    # 2. curl -X POST …/auth/login -d '{"username":…,"password":…}'   (exactly as the seed writes it)
    login = curl(*ca, "-X", "POST", f"{NGINX_URL}api/auth/login",
                 "-d", json.dumps({"username": user, "password": password}))
    token = json.loads(login.stdout)["access_token"]
    assert json.loads(login.stdout)["token_type"] == "bearer"
    # 3. curl …/mail/messages -H "Authorization: Bearer {token}"
    listing = curl(*ca, "-w", "\n%{http_code}", f"{NGINX_URL}api/mail/messages", "-H", f"Authorization: Bearer {token}")
    body, _, status = listing.stdout.rpartition("\n")
    assert status == "200", listing.stdout
    assert isinstance(json.loads(body)["total"], int)
    # 4. curl -f …:8025/
    assert curl("-f", *ca, NGINX_URL).returncode == 0
    # The error flow: a wrong password is 401 with the Korean detail.
    wrong = curl(*ca, "-w", "\n%{http_code}", "-X", "POST", f"{NGINX_URL}api/auth/login",
                 "-H", "Content-Type: application/json", "-d", json.dumps({"username": user, "password": "wrong"}))
    body, _, status = wrong.stdout.rpartition("\n")
    assert status == "401" and json.loads(body)["detail"] == "인증 실패"


def test_new_mail_events_arrive_through_nginx_unbuffered(site, certificates, account):
    user, password = account
    context = https_context(certificates["ca"])
    connection = http.client.HTTPSConnection("localhost", NGINX_PORT, context=context, timeout=30)
    connection.request("POST", "/api/auth/login", body=json.dumps({"username": user, "password": password}),
                       headers={"Content-Type": "application/json"})
    token = json.loads(connection.getresponse().read())["access_token"]
    connection.close()

    events = http.client.HTTPSConnection("localhost", NGINX_PORT, context=context, timeout=30)
    try:
        events.request("GET", "/api/mail/events?folder=INBOX",
                       headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"})
        response = events.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type").startswith("text/event-stream")
        # The backend opens the stream with a `retry:` line at once: it must reach us through
        # nginx before anything else happens (a buffering proxy would sit on it).
        assert response.readline().startswith(b"retry:")
        # Then a message delivered through Postfix's inbound port must come through as an event
        # (IMAP IDLE → SSE) while the stream stays open.
        subject = f"deploy SSE {uuid.uuid4()}"
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "outside@example.com", user, subject
        message.set_content("new mail for the events stream")
        with smtplib.SMTP("127.0.0.1", int(os.environ["MAILSTACK_SMTP_PORT"]), timeout=30) as smtp:
            smtp.send_message(message)
        delivered = time.monotonic()
        while True:
            line = response.readline()
            assert line, "the event stream ended"
            if line.startswith(b"data:"):
                break
        assert time.monotonic() - delivered < 30
    finally:
        events.close()
