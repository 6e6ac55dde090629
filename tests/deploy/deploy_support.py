"""Helpers of the deployment tests: certificates, free ports, nginx started directly (there is no
systemd here) with the site that deploy/render-nginx-site produces, and small HTTP clients.

Named deploy_support (not support) because pytest puts every test folder on sys.path and another
suite's helper module of the same name would shadow this one.
"""

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DIR = REPO_ROOT / "deploy"
# The seed's port; DEPLOY_TEST_NGINX_PORT moves the test nginx elsewhere if 8025 is taken.
NGINX_PORT = int(os.environ.get("DEPLOY_TEST_NGINX_PORT", "8025"))


def in_ci():
    return os.environ.get("CI") == "true"


def require(condition, message):
    """A missing prerequisite fails the test under CI=true and skips it otherwise."""
    if condition:
        return
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def backend_binary():
    """The zioinfo-mail binary the tests install and run: ZM_DEPLOY_BINARY, else the debug build
    that `make test` (scripts/test/10-swift) has just made."""
    path = Path(os.environ.get("ZM_DEPLOY_BINARY", REPO_ROOT / ".build" / "debug" / "zioinfo-mail"))
    require(path.is_file() and os.access(path, os.X_OK),
            f"no zioinfo-mail binary at {path} (swift build --product zioinfo-mail, or set ZM_DEPLOY_BINARY)")
    return path


def nginx_binary():
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    require(os.access(path, os.X_OK), "nginx is not installed (scripts/install-deps nginx)")
    return path


def open_tempdir(prefix):
    """A world-traversable scratch folder: nginx workers run as an unprivileged user and must
    reach the web root inside it (pytest's own tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port, process=None, timeout=30.0):
    """Returns once something accepts TCP connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def make_certificates(folder):
    """A private CA and a server certificate for localhost / 127.0.0.1 signed by it, so that
    clients verify the chain against a CA file, exactly as in production."""
    folder = Path(folder)
    ca_key, ca_crt = folder / "ca.key", folder / "ca.crt"
    key, csr, crt = folder / "server.key", folder / "server.csr", folder / "server.crt"
    ext = folder / "server.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    run = lambda *args: subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt,
        "-days", "2", "-subj", "/CN=zioinfo-mail deploy test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    run("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial",
        "-out", crt, "-days", "2", "-extfile", ext)
    for path in (key, crt, ca_crt):
        path.chmod(0o644)
    return {"ca": ca_crt, "cert": crt, "key": key}


def make_spa(folder):
    """A stand-in for the built SPA (frontend/dist): the nginx rules are about file names, not
    about what the bundle does. The JS chunk is big enough for gzip to kick in."""
    folder = Path(folder)
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>zioinfo-mail</title>'
        '<script type="module" src="/assets/main-K3QZ7XPA.js"></script></head>'
        '<body><div id="root"></div></body></html>\n')
    (folder / "assets" / "main-K3QZ7XPA.js").write_text("console.log('zioinfo-mail');\n" * 200)
    (folder / "favicon.ico").write_bytes(b"\0" * 64)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def render_site(settings):
    """Runs deploy/render-nginx-site with the given DEPLOY_* settings (no deploy.conf is read)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
    env.update({"DEPLOY_CONFIG_DIR": "/nonexistent-zioinfo-mail-test",
                "DEPLOY_HEADERS_FILE": str(DEPLOY_DIR / "nginx" / "zioinfo-mail-headers.conf")})
    env.update({k: str(v) for k, v in settings.items()})
    result = subprocess.run([str(DEPLOY_DIR / "render-nginx-site")], env=env,
                            capture_output=True, text=True)
    return result


MAIN_CONF = """\
# A minimal nginx.conf around the generated site, for an nginx started directly by a test.
pid {run}/nginx.pid;
error_log {run}/error.log info;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/access.log;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    include {site};
}}
"""


class Nginx:
    """nginx in the foreground of a child process (daemon off), with the rendered site."""

    def __init__(self, folder, site_text):
        self.folder = Path(folder)
        self.run = self.folder / "run"
        self.run.mkdir(parents=True, exist_ok=True)
        self.site = self.folder / "zioinfo-mail.site.conf"
        self.site.write_text(site_text)
        self.conf = self.folder / "nginx.conf"
        self.conf.write_text(MAIN_CONF.format(run=self.run, site=self.site))
        self.process = None

    def test_config(self):
        return subprocess.run([nginx_binary(), "-t", "-c", str(self.conf), "-p", str(self.run)],
                              capture_output=True, text=True)

    def start(self, port):
        if not port_is_free(port):
            raise RuntimeError(f"127.0.0.1:{port} is taken; set DEPLOY_TEST_NGINX_PORT to a free port")
        self.process = subprocess.Popen(
            [nginx_binary(), "-c", str(self.conf), "-p", str(self.run), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=open(self.run / "stderr.log", "wb"))
        wait_for_port(port, self.process, timeout=15)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def error_log(self):
        path = self.run / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def https_context(ca_file):
    """Verifies nginx's certificate against the test CA, host name included."""
    return ssl.create_default_context(cafile=str(ca_file))


def https_request(method, path, ca_file, port=None, body=None, headers=None, host="localhost"):
    """One HTTPS request to the test nginx; returns (status, headers dict lower-cased, body bytes)."""
    connection = http.client.HTTPSConnection(host, port or NGINX_PORT, context=https_context(ca_file), timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        connection.close()


def curl(*args):
    """The curl command line the seed's Phase 4 uses; returns the CompletedProcess."""
    return subprocess.run(["curl", "-sS", *map(str, args)], capture_output=True, text=True, timeout=60)


def start_nginx(folder, certificates, web_root, backend_port, max_message_bytes=26214400):
    """Renders the site for 127.0.0.1:NGINX_PORT in front of 127.0.0.1:backend_port and starts nginx."""
    rendered = render_site({
        "DEPLOY_LISTEN": f"127.0.0.1:{NGINX_PORT}",
        "DEPLOY_SERVER_NAME": "localhost",
        "DEPLOY_TLS_CERT": certificates["cert"],
        "DEPLOY_TLS_KEY": certificates["key"],
        "DEPLOY_WEB_ROOT": web_root,
        "DEPLOY_BACKEND_ADDRESS": f"127.0.0.1:{backend_port}",
        "DEPLOY_MAX_MESSAGE_BYTES": max_message_bytes,
    })
    assert rendered.returncode == 0, rendered.stderr
    nginx = Nginx(folder, rendered.stdout)
    check = nginx.test_config()
    assert check.returncode == 0, check.stderr
    return nginx.start(NGINX_PORT)
