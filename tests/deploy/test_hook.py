"""deploy/hook against a local bare git repository, the way Gitea's webhook drives it on the
server: git pull → build backend → build SPA → install → restart → health check, and the
rollback when a new commit does not come up healthy.

The repository deployed here is a miniature of zioinfo-mail: its "backend build" installs a
small Python HTTP server as the binary (a Swift build per commit would take minutes), its "SPA
build" copies an index.html. The hook only sees commands, files and a health URL, so this
exercises every line of it; the restart command stands in for `systemctl restart`."""

import json
import os
import subprocess
import textwrap
import urllib.request
from pathlib import Path

import pytest

from deploy_support import DEPLOY_DIR, free_port, open_tempdir

BACKEND = textwrap.dedent('''\
    #!/usr/bin/env python3
    """Stand-in backend: GET /health answers like zioinfo-mail's."""
    import json, os
    from http.server import BaseHTTPRequestHandler, HTTPServer
    VERSION = "{version}"
    {broken}
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass
        def do_GET(self):
            body = json.dumps({{"status": "ok", "version": VERSION}}).encode()
            self.send_response(200 if self.path == "/health" else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    server = HTTPServer(("127.0.0.1", int(os.environ["FAKE_BACKEND_PORT"])), Handler)
    server.allow_reuse_address = True
    server.serve_forever()
''')

# What `systemctl restart zioinfo-mail` does on the server: stop the running binary, start the
# installed one. The binary is started detached, with no inherited pipes.
RESTART = textwrap.dedent('''\
    #!/usr/bin/env bash
    set -u
    pidfile="{run}/backend.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        pid="$(cat "$pidfile")"; kill "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    fi
    FAKE_BACKEND_PORT={port} setsid "{backend_dir}/zioinfo-mail" </dev/null >>"{run}/backend.log" 2>&1 &
    echo $! > "$pidfile"
''')


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


class Deployment:
    """A bare origin, a developer clone that pushes to it, the server's checkout and install dirs."""

    def __init__(self, root):
        self.root = root
        self.port = free_port()
        self.origin = root / "origin.git"
        self.dev = root / "dev"
        self.source = root / "server-src"
        self.backend_dir = root / "opt" / "backend"
        self.web_root = root / "www" / "mail"
        self.logs = root / "log"
        self.run = root / "run"
        self.run.mkdir()
        git("init", "-q", "--bare", "-b", "main", str(self.origin), cwd=root)
        git("init", "-q", "-b", "main", str(self.dev), cwd=root)
        git("config", "user.email", "dev@zioinfo.co.kr", cwd=self.dev)
        git("config", "user.name", "dev", cwd=self.dev)
        git("remote", "add", "origin", str(self.origin), cwd=self.dev)
        self.restart = root / "restart.sh"
        self.restart.write_text(RESTART.format(run=self.run, port=self.port, backend_dir=self.backend_dir))

    def commit(self, version, broken=False, unbuildable=False):
        """Pushes a revision whose backend reports `version` (or dies at start when broken)."""
        crash = 'raise SystemExit("zioinfo-mail: invalid ZM_SEAL_KEY")' if broken else ""
        (self.dev / "backend.py").write_text(BACKEND.format(version=version, broken=crash))
        (self.dev / "index.html").write_text(f"<!doctype html><title>zioinfo-mail {version}</title>\n")
        marker = self.dev / "DOES_NOT_COMPILE"
        if unbuildable:
            marker.write_text("error: this revision does not build\n")
        elif marker.exists():
            marker.unlink()
        git("add", "-A", cwd=self.dev)
        git("commit", "-q", "-m", f"version {version}", cwd=self.dev)
        git("push", "-q", "origin", "main", cwd=self.dev)
        return git("rev-parse", "HEAD", cwd=self.dev)

    def clone_on_server(self):
        git("clone", "-q", str(self.origin), str(self.source), cwd=self.root)

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
        env.update({
            "DEPLOY_CONFIG_DIR": str(self.root / "etc"),  # no deploy.conf there: only these settings
            "DEPLOY_SOURCE_DIR": str(self.source),
            "DEPLOY_BRANCH": "main",
            "DEPLOY_BACKEND_DIR": str(self.backend_dir),
            "DEPLOY_WEB_ROOT": str(self.web_root),
            "DEPLOY_LOG_DIR": str(self.logs),
            "DEPLOY_BUILD_BACKEND": "test ! -e DOES_NOT_COMPILE && install -D -m 0755 backend.py .build/release/zioinfo-mail",
            "DEPLOY_BUILT_BINARY": ".build/release/zioinfo-mail",
            "DEPLOY_BUILD_SPA": "mkdir -p frontend/dist && cp index.html frontend/dist/",
            "DEPLOY_BUILT_SPA": "frontend/dist",
            "DEPLOY_RESTART": f"bash {self.restart}",
            "DEPLOY_HEALTH_URL": f"http://127.0.0.1:{self.port}/health",
            "DEPLOY_HEALTH_TIMEOUT": "5",
        })
        return env

    def hook(self):
        process = subprocess.run([str(DEPLOY_DIR / "hook")], env=self.env(), capture_output=True, text=True,
                                 timeout=120)
        result = json.loads((self.logs / "deploy-result.json").read_text())
        return process, result

    def serving_version(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5) as response:
            return json.loads(response.read())["version"]

    def installed_page(self):
        return (self.web_root / "index.html").read_text()

    def stop(self):
        pidfile = self.run / "backend.pid"
        if pidfile.exists():
            subprocess.run(["kill", pidfile.read_text().strip()], capture_output=True)


@pytest.fixture
def deployment():
    deployment = Deployment(open_tempdir("zm-deploy-hook-"))
    deployment.commit("1.0.0")
    deployment.clone_on_server()
    process, result = deployment.hook()
    assert process.returncode == 0, process.stderr
    assert result["ok"] is True
    assert deployment.serving_version() == "1.0.0"
    yield deployment
    deployment.stop()


def step_names(result):
    return [step["name"] for step in result["steps"]]


def test_a_good_commit_is_deployed(deployment):
    old = git("rev-parse", "HEAD", cwd=deployment.source)
    new = deployment.commit("1.1.0")
    process, result = deployment.hook()
    assert process.returncode == 0, process.stderr
    assert result["ok"] is True and result["rolled_back"] is False and result["failed_step"] is None
    assert (result["commit_before"], result["commit_after"]) == (old, new)
    assert step_names(result) == ["git pull", "build backend", "build SPA", "install", "restart", "health check"]
    assert all(step["ok"] and isinstance(step["elapsed_ms"], int) for step in result["steps"])
    assert deployment.serving_version() == "1.1.0"
    assert "zioinfo-mail 1.1.0" in deployment.installed_page()
    # The previous build stays beside the new one for the next rollback.
    assert 'VERSION = "1.0.0"' in (deployment.backend_dir / "zioinfo-mail.prev").read_text()


def test_a_commit_that_does_not_come_up_is_rolled_back(deployment):
    deployment.commit("2.0.0-broken", broken=True)
    process, result = deployment.hook()
    assert process.returncode == 1
    assert result["ok"] is False and result["rolled_back"] is True
    assert result["failed_step"] == "health check"
    assert step_names(result)[-3:] == ["rollback: restore", "rollback: restart", "rollback: health check"]
    assert all(step["ok"] for step in result["steps"][-3:])
    assert "ROLLED BACK" in process.stderr
    # The old version keeps serving: binary, SPA and the running process.
    assert deployment.serving_version() == "1.0.0"
    assert 'VERSION = "1.0.0"' in (deployment.backend_dir / "zioinfo-mail").read_text()
    assert "zioinfo-mail 1.0.0" in deployment.installed_page()
    # The failed health check's detail says what was wrong; the log has every step.
    health = next(step for step in result["steps"] if step["name"] == "health check")
    assert health["ok"] is False and "no healthy answer" in health["detail"]
    assert "invalid ZM_SEAL_KEY" in (deployment.run / "backend.log").read_text()
    assert "rolling back" in (deployment.logs / "hook.log").read_text()


def test_a_commit_that_does_not_build_changes_nothing(deployment):
    binary_before = (deployment.backend_dir / "zioinfo-mail").read_bytes()
    deployment.commit("3.0.0", unbuildable=True)
    process, result = deployment.hook()
    assert process.returncode == 1
    assert result["ok"] is False and result["rolled_back"] is False
    assert result["failed_step"] == "build backend"
    assert step_names(result) == ["git pull", "build backend"]
    assert deployment.serving_version() == "1.0.0"
    assert (deployment.backend_dir / "zioinfo-mail").read_bytes() == binary_before
    assert "zioinfo-mail 1.0.0" in deployment.installed_page()


def test_after_a_rollback_the_next_good_commit_deploys(deployment):
    deployment.commit("2.0.0-broken", broken=True)
    assert deployment.hook()[0].returncode == 1
    deployment.commit("2.0.1")
    process, result = deployment.hook()
    assert process.returncode == 0, process.stderr
    assert result["ok"] is True
    assert deployment.serving_version() == "2.0.1"


def test_the_result_is_json_even_when_git_pull_fails(deployment):
    # A force-pushed (rewritten) history cannot be fast-forwarded: the hook refuses, touches nothing.
    git("commit", "-q", "--amend", "-m", "rewritten", cwd=deployment.dev)
    git("push", "-q", "-f", "origin", "main", cwd=deployment.dev)
    subprocess.run(["git", "-C", str(deployment.source), "config", "pull.rebase", "false"], check=True)
    process, result = deployment.hook()
    assert process.returncode == 1
    assert result["failed_step"] == "git pull" and result["steps"][0]["ok"] is False
    assert deployment.serving_version() == "1.0.0"
