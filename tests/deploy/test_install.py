"""deploy/install.sh with DESTDIR into a scratch root: the files it lays down, their modes and
contents, idempotence (keys and settings are never replaced), and the systemd unit checked by
`systemd-analyze verify` as installed. The binary installed is the debug build (the release
build is `make release`'s job; it takes ~9 minutes)."""

import base64
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from deploy_support import DEPLOY_DIR, Nginx, open_tempdir, require

UNIT = "etc/systemd/system/zioinfo-mail.service"
SITE = "etc/nginx/sites-available/zioinfo-mail"


def install(root, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEPLOY_", "ZM_"))}
    env["DESTDIR"] = str(root)
    env.update(env_extra or {})
    return subprocess.run([str(DEPLOY_DIR / "install.sh"), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)


def read_env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def mode(path):
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def root():
    return open_tempdir("zm-deploy-root-")


@pytest.fixture
def installed(root, binary, spa_dist, certificates):
    result = install(root, "--binary", binary, "--dist", spa_dist,
                     env_extra={"DEPLOY_TLS_CERT": str(certificates["cert"]),
                                "DEPLOY_TLS_KEY": str(certificates["key"])})
    assert result.returncode == 0, result.stderr
    return root


def test_the_files_are_laid_down_with_safe_modes(installed, binary):
    root = installed
    backend = root / "opt/mail/backend/zioinfo-mail"
    assert backend.read_bytes() == binary.read_bytes() and mode(backend) == 0o755
    assert mode(root / "opt/mail/backend/deploy/hook") == 0o755
    assert (root / "opt/mail/backend/deploy/lib/common.sh").is_file()
    assert (root / "var/www/mail/index.html").is_file()
    assert (root / "var/www/mail/assets/main-K3QZ7XPA.js").is_file()
    assert mode(root / "etc/zioinfo-mail/env") == 0o600
    assert mode(root / "var/lib/zioinfo-mail") == 0o700
    assert (root / UNIT).is_file() and mode(root / UNIT) == 0o644
    assert (root / "usr/lib/sysusers.d/zioinfo-mail.conf").read_text().count("u zioinfo-mail") == 1
    link = root / "etc/nginx/sites-enabled/zioinfo-mail"
    assert link.is_symlink() and os.readlink(link) == "/etc/nginx/sites-available/zioinfo-mail"
    assert (root / "etc/nginx/snippets/zioinfo-mail-headers.conf").is_file()
    # The installed copy runs from its new place.
    ran = subprocess.run([str(backend), "--help"], capture_output=True, text=True, timeout=30)
    assert ran.returncode == 0 and "zioinfo-mail" in ran.stdout, ran.stderr


def test_the_env_file_has_generated_keys_and_production_defaults(installed):
    values = read_env_file(installed / "etc/zioinfo-mail/env")
    assert len(values["ZM_JWT_KEY"]) >= 43          # 48 random bytes, base64
    assert len(base64.b64decode(values["ZM_SEAL_KEY"])) == 32  # an AES-256 key
    assert values["ZM_HTTP_HOST"] == "127.0.0.1" and values["ZM_HTTP_PORT"] == "8026"
    assert values["ZM_IMAP_HOST"] == "mail.zioinfo.co.kr" and values["ZM_IMAP_PORT"] == "993"
    assert values["ZM_SMTP_PORT"] == "587" and values["ZM_SMTP_TLS"] == "starttls"
    assert values["ZM_MAX_MESSAGE_BYTES"] == "26214400"
    # Only settings the backend knows (it rejects unknown ZM_ keys in a config file).
    assert all(key.startswith("ZM_") for key in values)


def test_the_nginx_site_is_rendered_with_the_chosen_certificate(installed, certificates):
    site = (installed / SITE).read_text()
    directives = "\n".join(line for line in site.splitlines() if not line.lstrip().startswith("#"))
    assert "@" not in directives, "an unfilled placeholder"
    assert "listen 8025 ssl http2;" in site
    assert f"ssl_certificate     {certificates['cert']};" in site
    assert "root /var/www/mail;" in site
    assert "server 127.0.0.1:8026;" in site
    assert "client_max_body_size 26m;" in site  # 25 MiB API limit + 1 MiB, so the API answers 413
    assert "include /etc/nginx/snippets/zioinfo-mail-headers.conf;" in site


def test_the_default_site_uses_the_seed_certificate(root, binary):
    assert install(root, "--binary", binary).returncode == 0
    site = (root / SITE).read_text()
    assert "ssl_certificate     /etc/ssl/guardia/server.crt;" in site
    assert "ssl_certificate_key /etc/ssl/guardia/server.key;" in site


def test_the_installed_site_passes_nginx_t(installed, certificates, deploy_scratch):
    site = (installed / SITE).read_text().replace(
        "/etc/nginx/snippets/", str(installed / "etc/nginx/snippets") + "/")
    folder = open_tempdir("zm-deploy-nginx-t-")
    result = Nginx(folder, site).test_config()
    assert result.returncode == 0, result.stderr


def test_a_second_run_changes_nothing_and_keeps_the_keys(installed, binary, spa_dist):
    env_before = (installed / "etc/zioinfo-mail/env").read_bytes()
    conf_before = (installed / "etc/zioinfo-mail/deploy.conf").read_bytes()
    site_before = (installed / SITE).read_bytes()
    result = install(installed, "--binary", binary, "--dist", spa_dist)
    assert result.returncode == 0, result.stderr
    assert "backend binary unchanged" in result.stderr
    assert (installed / "etc/zioinfo-mail/env").read_bytes() == env_before
    assert (installed / "etc/zioinfo-mail/deploy.conf").read_bytes() == conf_before
    # The settings of the first run (its certificate) came back from deploy.conf.
    assert (installed / SITE).read_bytes() == site_before


def test_existing_keys_are_never_overwritten_and_missing_ones_are_added(root, binary):
    env_file = root / "etc/zioinfo-mail/env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text("ZM_JWT_KEY=an-operator-chosen-secret-of-at-least-32-bytes\nZM_IMAP_HOST=imap.example\n")
    assert install(root, "--binary", binary).returncode == 0
    values = read_env_file(env_file)
    assert values["ZM_JWT_KEY"] == "an-operator-chosen-secret-of-at-least-32-bytes"
    assert values["ZM_IMAP_HOST"] == "imap.example"
    assert "ZM_SEAL_KEY" in values
    assert mode(env_file) == 0o600


def test_a_new_binary_keeps_the_previous_one_for_rollback(installed, deploy_scratch):
    other = deploy_scratch / "other-binary"
    other.write_text("#!/bin/sh\necho new\n")
    other.chmod(0o755)
    before = (installed / "opt/mail/backend/zioinfo-mail").read_bytes()
    assert install(installed, "--binary", other).returncode == 0
    assert (installed / "opt/mail/backend/zioinfo-mail.prev").read_bytes() == before
    assert (installed / "opt/mail/backend/zioinfo-mail").read_text() == "#!/bin/sh\necho new\n"


def test_settings_can_move_every_path(root, binary):
    result = install(root, "--binary", binary, env_extra={
        "DEPLOY_BACKEND_DIR": "/srv/zm/bin", "DEPLOY_WEB_ROOT": "/srv/zm/www", "DEPLOY_LISTEN": "8027",
        "DEPLOY_BACKEND_ADDRESS": "127.0.0.1:8028"})
    assert result.returncode == 0, result.stderr
    assert (root / "srv/zm/bin/zioinfo-mail").is_file()
    unit = (root / UNIT).read_text()
    assert "ExecStart=/srv/zm/bin/zioinfo-mail serve" in unit
    site = (root / SITE).read_text()
    assert "listen 8027 ssl http2;" in site and "root /srv/zm/www;" in site and "127.0.0.1:8028" in site
    assert read_env_file(root / "etc/zioinfo-mail/env")["ZM_HTTP_PORT"] == "8028"


def test_nginx_follows_the_backend_settings_in_env(root, binary):
    env_file = root / "etc/zioinfo-mail/env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text("ZM_HTTP_PORT=8027\nZM_MAX_MESSAGE_BYTES=52428800\n")  # the seed's "port conflict → 8027"
    assert install(root, "--binary", binary).returncode == 0
    site = (root / SITE).read_text()
    assert "server 127.0.0.1:8027;" in site and "client_max_body_size 51m;" in site


def test_unsafe_nginx_values_are_refused(root, binary):
    result = install(root, "--binary", binary, env_extra={"DEPLOY_TLS_CERT": "/x.crt; include /etc/shadow"})
    assert result.returncode != 0
    assert "unsafe value" in result.stderr


def test_a_missing_binary_is_a_clear_error(root):
    result = install(root, "--binary", root / "nope")
    assert result.returncode != 0 and "no executable backend binary" in result.stderr


def systemd_analyze():
    tool = shutil.which("systemd-analyze")
    require(tool is not None, "systemd-analyze is missing (apt-get install systemd; it is not made PID 1)")
    return tool


def test_the_installed_unit_passes_systemd_analyze_verify(installed):
    tool = systemd_analyze()
    # verify resolves the unit's dependencies (sysinit.target …) inside --root: give it the
    # distribution's units, and it checks ExecStart against the binary installed there.
    shutil.copytree("/usr/lib/systemd/system", installed / "usr/lib/systemd/system", symlinks=True)
    result = subprocess.run([tool, "verify", f"--root={installed}", "zioinfo-mail.service"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_the_unit_is_hardened(installed):
    tool = systemd_analyze()
    shutil.copytree("/usr/lib/systemd/system", installed / "usr/lib/systemd/system", symlinks=True)
    result = subprocess.run([tool, "security", "--offline=yes", f"--root={installed}", "--no-pager",
                             "zioinfo-mail.service"], capture_output=True, text=True, timeout=60)
    match = re.search(r"Overall exposure level for zioinfo-mail.service: ([0-9.]+)", result.stdout)
    assert match, result.stdout + result.stderr
    # systemd rates 0 (fully locked down) … 10 (unprotected); "OK" is below 4.5.
    assert float(match.group(1)) <= 2.0, result.stdout
    unit = (installed / UNIT).read_text()
    # A crash loop must not leave the unit dead: no start limit, a pause between tries.
    assert "StartLimitIntervalSec=0\n" in unit and "StartLimitBurst" not in unit
    assert re.search(r"^RestartSec=[1-9][0-9]*s$", unit, re.M), unit
    for line in ("User=zioinfo-mail", "EnvironmentFile=/etc/zioinfo-mail/env", "Restart=on-failure",
                 "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                 "ReadWritePaths=/var/lib/zioinfo-mail", "CapabilityBoundingSet=\n",
                 "ExecStart=/opt/mail/backend/zioinfo-mail serve"):
        assert line in unit


# --- the state store (docs/deploy.md §9) --------------------------------------------------------

POSTGRES_URL = "postgres://zioinfo_mail:Db-Secret-2026@db.zioinfo.co.kr:5432/zioinfo_mail?sslmode=verify-full"


def test_the_default_state_store_is_sqlite(root, binary):
    assert install(root, "--binary", binary).returncode == 0
    env_file = root / "etc/zioinfo-mail/env"
    assert "ZM_DATABASE_URL" not in read_env_file(env_file)  # the server's default: sqlite: under ZM_STATE_DIR
    assert "#ZM_DATABASE_URL=postgres://" in env_file.read_text()


def test_a_database_url_goes_into_the_env_file_and_never_into_the_output(root, binary):
    result = install(root, "--binary", binary, "--database-url", POSTGRES_URL, "--files-dir", "/srv/zioinfo-mail-files")
    assert result.returncode == 0, result.stderr
    env_file = root / "etc/zioinfo-mail/env"
    values = read_env_file(env_file)
    assert values["ZM_DATABASE_URL"] == POSTGRES_URL and values["ZM_FILES_DIR"] == "/srv/zioinfo-mail-files"
    assert mode(env_file) == 0o600
    assert "Db-Secret-2026" not in result.stdout + result.stderr
    # A second run with the same URL changes nothing.
    before = env_file.read_text()
    assert install(root, "--binary", binary, "--database-url", POSTGRES_URL).returncode == 0
    assert env_file.read_text() == before


def test_the_database_url_may_come_from_the_environment(root, binary):
    result = install(root, "--binary", binary, env_extra={"ZM_DATABASE_URL": POSTGRES_URL})
    assert result.returncode == 0, result.stderr
    assert read_env_file(root / "etc/zioinfo-mail/env")["ZM_DATABASE_URL"] == POSTGRES_URL


def test_an_existing_env_file_gets_the_database_url_added_but_never_replaced(root, binary):
    env_file = root / "etc/zioinfo-mail/env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text("ZM_IMAP_HOST=imap.example\n")
    assert install(root, "--binary", binary, "--database-url", "sqlite:/srv/state.sqlite").returncode == 0
    assert read_env_file(env_file)["ZM_DATABASE_URL"] == "sqlite:/srv/state.sqlite"
    before = env_file.read_text()
    result = install(root, "--binary", binary, "--database-url", POSTGRES_URL)
    assert result.returncode != 0 and "already sets a different ZM_DATABASE_URL" in result.stderr
    assert env_file.read_text() == before and "Db-Secret-2026" not in result.stderr


def test_a_database_url_of_another_kind_is_refused_before_anything_is_installed(root, binary):
    result = install(root, "--binary", binary, "--database-url", "mysql://u:p@h/db")
    assert result.returncode != 0 and "must start with sqlite:, postgres://" in result.stderr
    assert not (root / "etc/zioinfo-mail/env").exists() and not (root / "opt").exists()


def test_several_backends_make_one_upstream_and_this_host_serves_the_first(root, binary):
    result = install(root, "--binary", binary, env_extra={"DEPLOY_BACKEND_ADDRESS": "127.0.0.1:8028,10.0.0.12:8026"})
    assert result.returncode == 0, result.stderr
    site = (root / SITE).read_text()
    assert "server 127.0.0.1:8028;" in site and "server 10.0.0.12:8026;" in site
    assert read_env_file(root / "etc/zioinfo-mail/env")["ZM_HTTP_PORT"] == "8028"
    assert "10.0.0.12" not in (root / UNIT).read_text()
