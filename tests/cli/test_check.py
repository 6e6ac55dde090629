"""`zioinfo-mail check` (issue 2 item 4, the seed's Phase 1) against the real mail stack."""
import json
import subprocess

from conftest import REPO, free_port, run, stack_flags


def _check(binary, stack, tmp_path, extra=()):
    output = tmp_path / "infra-check.json"
    args = ["check", *stack_flags(stack),
            "--http-port", str(free_port()), "--nginx-port", str(free_port()),
            "--install-dirs", f"{tmp_path}/opt/mail,{tmp_path}/var/www/mail",
            "--output", str(output), *extra]
    result = run(binary, args, cwd=tmp_path)
    return result, output


def _by_name(report):
    return {c["name"]: c for c in report["checks"]}


def test_every_check_ok_against_the_running_stack(binary, mailstack, tmp_path):
    result, output = _check(binary, mailstack, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(output.read_text())
    assert report["ok"] is True
    checks = _by_name(report)
    assert {"imap", "smtp", "sieve", "http_port", "nginx_port"} <= checks.keys()
    assert any(name.startswith("install_dir ") for name in checks)
    for check in report["checks"]:
        assert check["ok"] is True, check
        assert set(check) == {"name", "ok", "detail", "elapsed_ms"}
        assert isinstance(check["elapsed_ms"], int) and check["elapsed_ms"] >= 0
    assert "TLS" in checks["imap"]["detail"] and "STARTTLS" in checks["smtp"]["detail"]
    # The readable table names every check.
    for name in checks:
        assert name in result.stdout
    assert not (tmp_path / "opt").exists(), "check must not create the install folders"


def test_default_output_is_workspace_infra_check_json(binary, mailstack, tmp_path):
    args = ["check", *stack_flags(mailstack), "--http-port", str(free_port()), "--nginx-port", str(free_port()),
            "--install-dirs", f"{tmp_path}/opt/mail"]
    result = run(binary, args, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((tmp_path / "_workspace" / "infra-check.json").read_text())["ok"] is True


def test_a_busy_port_fails_and_says_what_to_do(binary, mailstack, tmp_path):
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        output = tmp_path / "report.json"
        args = ["check", *stack_flags(mailstack), "--http-port", str(port), "--nginx-port", str(free_port()),
                "--install-dirs", f"{tmp_path}/opt/mail", "--output", str(output)]
        result = run(binary, args, cwd=tmp_path)
    assert result.returncode != 0
    report = json.loads(output.read_text())
    assert report["ok"] is False
    http = _by_name(report)["http_port"]
    assert http["ok"] is False and "in use" in http["detail"] and "ZM_HTTP_PORT" in http["detail"]
    assert _by_name(report)["imap"]["ok"] is True


def test_an_untrusted_certificate_is_refused(binary, mailstack, tmp_path):
    """Without the stack's CA the server certificate must not verify: TLS is really checked."""
    output = tmp_path / "report.json"
    flags = [f for f in stack_flags(mailstack)]
    i = flags.index("--ca-file")
    del flags[i:i + 2]
    args = ["check", *flags, "--http-port", str(free_port()), "--nginx-port", str(free_port()),
            "--install-dirs", f"{tmp_path}/opt/mail", "--output", str(output)]
    result = run(binary, args, cwd=tmp_path)
    assert result.returncode != 0
    checks = _by_name(json.loads(output.read_text()))
    assert checks["imap"]["ok"] is False and checks["smtp"]["ok"] is False
    assert "ZM_CA_FILE" in checks["imap"]["detail"] and "certificate" in checks["imap"]["detail"]


def test_a_bad_setting_stops_the_program_naming_it(binary, tmp_path):
    result = run(binary, ["check", "--http-port", "eighty", "--output", str(tmp_path / "x.json")], cwd=tmp_path)
    assert result.returncode == 2
    assert "ZM_HTTP_PORT" in result.stderr and "--http-port" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_stopped_stack_fails_imap_and_smtp_with_a_clear_detail(binary, mailstack, tmp_path):
    subprocess.run([str(REPO / "scripts" / "mailstack"), "stop"], check=True, capture_output=True, timeout=120)
    try:
        result, output = _check(binary, mailstack, tmp_path)
    finally:
        subprocess.run([str(REPO / "scripts" / "mailstack"), "start"], check=True, capture_output=True, timeout=300)
    assert result.returncode != 0
    report = json.loads(output.read_text())
    assert report["ok"] is False
    checks = _by_name(report)
    assert checks["imap"]["ok"] is False and checks["smtp"]["ok"] is False
    assert "Dovecot" in checks["imap"]["detail"] and "refused" in checks["imap"]["detail"]
    assert "Postfix" in checks["smtp"]["detail"] and "refused" in checks["smtp"]["detail"]
    assert checks["http_port"]["ok"] is True
