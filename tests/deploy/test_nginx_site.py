"""The generated nginx site, started for real (127.0.0.1:8025, a certificate from a private CA),
in front of a small recording upstream: SPA fallback, caching, gzip, security headers, HTTP/2,
the /api/ proxy with its forwarding headers, the body limit, and SSE passed through unbuffered.
These are properties of the nginx configuration alone, so the upstream is a stand-in that
records what nginx sends it; tests/deploy/test_backend_through_nginx.py puts the real backend
behind the same site."""

import http.client
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from deploy_support import NGINX_PORT, curl, https_context, https_request, render_site, start_nginx

LIMIT = 1024 * 1024  # DEPLOY_MAX_MESSAGE_BYTES for this site: client_max_body_size becomes 2m


class RecordingUpstream(BaseHTTPRequestHandler):
    """Answers /echo… with what it received; /mail/events streams two SSE events and holds the
    second one back until the test has seen the first (so buffering anywhere shows as a hang)."""
    protocol_version = "HTTP/1.1"
    release_second_event = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/mail/events"):
            return self.stream_events()
        self.echo()

    def do_POST(self):
        self.echo()

    def echo(self):
        length = int(self.headers.get("Content-Length") or 0)
        received = 0
        while received < length:
            chunk = self.rfile.read(min(65536, length - received))
            if not chunk:
                break
            received += len(chunk)
        body = json.dumps({"path": self.path, "method": self.command, "body_bytes": received,
                           "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"event: hello\ndata: {\"n\": 1}\n\n")
        self.wfile.flush()
        self.release_second_event.wait(timeout=15)
        self.wfile.write(b"event: hello\ndata: {\"n\": 2}\n\n")
        self.wfile.flush()
        self.close_connection = True


@pytest.fixture(scope="module")
def site(deploy_scratch, certificates, spa_dist):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), RecordingUpstream)
    upstream.daemon_threads = True
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    nginx = start_nginx(deploy_scratch / "nginx-site", certificates, spa_dist,
                        upstream.server_address[1], max_message_bytes=LIMIT)
    yield nginx
    RecordingUpstream.release_second_event.set()
    nginx.stop()
    upstream.shutdown()


def get(path, certificates, **kwargs):
    return https_request("GET", path, certificates["ca"], **kwargs)


def test_index_and_client_routes_serve_the_spa_uncached(site, certificates):
    for path in ("/", "/mail/INBOX/42", "/login"):
        status, headers, body = get(path, certificates)
        assert status == 200, path
        assert b'<div id="root">' in body
        assert headers["cache-control"] == "no-cache"
        assert headers["content-type"].startswith("text/html")


def test_every_url_of_the_spa_serves_it_whatever_the_folder_is_named(site, certificates):
    # /m/<folder>?uid=… (frontend/src/store/routeStore.ts); a folder named like a hashed asset
    # must not fall into the asset rule's 404.
    for path in ("/m/INBOX", "/m/%EA%B1%B0%EB%9E%98%EC%B2%98%20%EB%A9%94%EC%9D%BC?uid=7&q=a+b",
                 "/m/%ED%94%84%EB%A1%9C%EC%A0%9D%ED%8A%B8/%EB%B6%80%EC%82%B03D", "/m/logo-1A2B3C4D.png", "/m/assets/main-K3QZ7XPA.js",
                 # the settings page (frontend/src/store/settingsStore.ts)
                 "/s/", "/s/logo-1A2B3C4D.png",
                 # the address book (frontend/src/store/addressBookStore.ts)
                 "/c/", "/c/logo-1A2B3C4D.png",
                 # the 수신확인 view (frontend/src/store/receiptsRoute.ts)
                 "/r/", "/r/logo-1A2B3C4D.png"):
        status, headers, body = get(path, certificates)
        assert status == 200, path
        assert b'<div id="root">' in body, path
        assert headers["cache-control"] == "no-cache", path


def test_security_headers_on_the_spa(site, certificates):
    _, headers, _ = get("/", certificates)
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "server" not in headers or headers["server"] == "nginx"  # server_tokens off: no version


def test_hashed_assets_are_cached_for_a_year_and_gzipped(site, certificates):
    status, headers, _ = get("/assets/main-K3QZ7XPA.js", certificates, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip"
    assert headers["x-content-type-options"] == "nosniff"  # the snippet is included here too


def test_a_missing_hashed_asset_is_a_404_not_the_spa(site, certificates):
    status, _, body = get("/assets/main-AAAAAAAA.js", certificates)
    assert status == 404
    assert b'<div id="root">' not in body


def test_http2_is_offered(site, certificates):
    result = curl("--http2", "--cacert", certificates["ca"], "-o", "/dev/null", "-w", "%{http_version}",
                  f"https://localhost:{NGINX_PORT}/")
    assert result.stdout == "2", result.stderr


def test_plain_http_on_the_tls_port_redirects_to_https(site):
    # The seed's Phase 4 says `curl -f http://localhost:8025/`: on a TLS-only port that is a
    # redirect to the same URL over HTTPS instead of a 400.
    # The target is our server_name, whatever Host the client sent (no open redirect).
    for host in (None, "evil.example", "evil.example:1"):
        connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=10)
        connection.request("GET", "/mail?x=1", headers={"Host": host} if host else {})
        response = connection.getresponse()
        assert response.status == 301
        assert response.getheader("Location") == f"https://localhost:{NGINX_PORT}/mail?x=1", host
        connection.close()


def test_the_certificate_is_verified_not_accepted_blindly(site):
    # Without the CA file the handshake must fail: nothing in the chain is trusted by default.
    result = curl("-o", "/dev/null", f"https://localhost:{NGINX_PORT}/")
    assert result.returncode == 60, (result.returncode, result.stderr)


def test_api_paths_are_forwarded_without_the_prefix(site, certificates):
    status, _, body = get("/api/echo/mail/messages?folder=INBOX&page=2", certificates)
    assert status == 200
    assert json.loads(body)["path"] == "/echo/mail/messages?folder=INBOX&page=2"


def test_forwarding_headers_are_set_by_nginx_not_by_the_client(site, certificates):
    _, _, body = get("/api/echo", certificates, headers={"X-Forwarded-For": "203.0.113.9",
                                                        "X-Real-IP": "203.0.113.9",
                                                        "X-Forwarded-Proto": "http"})
    headers = json.loads(body)["headers"]
    # A spoofed client address must never reach the backend's rate limiter.
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-real-ip"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "https"
    assert headers["x-forwarded-host"] == f"localhost:{NGINX_PORT}"
    assert headers["x-forwarded-port"] == str(NGINX_PORT)
    assert headers["host"] == "localhost"


def test_a_regex_location_never_takes_an_api_path(site, certificates):
    # /api/… ending like a hashed asset still goes to the backend (location ^~ /api/).
    status, _, body = get("/api/echo/file-ABCDEFGH.js", certificates)
    assert status == 200 and json.loads(body)["path"] == "/echo/file-ABCDEFGH.js"


def test_request_bodies_up_to_the_send_limit_reach_the_backend(site, certificates):
    status, _, body = https_request("POST", "/api/echo", certificates["ca"], body=b"x" * (LIMIT + 4096),
                                    headers={"Content-Type": "application/octet-stream"})
    assert status == 200
    assert json.loads(body)["body_bytes"] == LIMIT + 4096


def test_bodies_beyond_the_limit_are_refused_by_nginx(site, certificates):
    status, _, _ = https_request("POST", "/api/echo", certificates["ca"], body=b"x" * (3 * LIMIT),
                                 headers={"Content-Type": "application/octet-stream"})
    assert status == 413


def test_server_sent_events_pass_through_unbuffered(site, certificates):
    RecordingUpstream.release_second_event.clear()
    connection = http.client.HTTPSConnection("localhost", NGINX_PORT, context=https_context(certificates["ca"]),
                                             timeout=8)
    try:
        connection.request("GET", "/api/mail/events?folder=INBOX", headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type").startswith("text/event-stream")
        assert response.getheader("Content-Encoding") is None
        started = time.monotonic()
        lines = []
        # The upstream holds event 2 back until event 1 has arrived here: with buffering anywhere
        # on the way this read times out (socket timeout 8 s) instead of returning.
        while b'data: {"n": 1}\n' not in lines:
            lines.append(response.readline())
        assert time.monotonic() - started < 5
        RecordingUpstream.release_second_event.set()
        while b'data: {"n": 2}\n' not in lines:
            line = response.readline()
            assert line, "stream ended before the second event"
            lines.append(line)
    finally:
        RecordingUpstream.release_second_event.set()
        connection.close()


def test_several_backends_become_one_upstream_server_each():
    # Several instances (docs/deploy.md §9): nginx takes turns between them and retries a request
    # that could not reach one on the next (scripts/run-cluster and tests/cluster run it for real).
    rendered = render_site({"DEPLOY_BACKEND_ADDRESS": "127.0.0.1:8026,10.0.0.12:8026"})
    assert rendered.returncode == 0, rendered.stderr
    upstream = rendered.stdout.split("upstream zioinfo_mail_backend {", 1)[1].split("}", 1)[0]
    servers = [line.strip() for line in upstream.splitlines() if line.strip().startswith("server ")]
    assert servers == ["server 127.0.0.1:8026;", "server 10.0.0.12:8026;"]
    assert "proxy_next_upstream error timeout http_502 http_504;" in rendered.stdout


def test_an_unsafe_backend_in_a_list_is_refused():
    rendered = render_site({"DEPLOY_BACKEND_ADDRESS": "127.0.0.1:8026,10.0.0.12:8026; include /etc/passwd"})
    assert rendered.returncode != 0 and "unsafe value" in rendered.stderr
