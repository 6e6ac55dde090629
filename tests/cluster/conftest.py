"""Fixtures of the several-instances tests: one `scripts/run-cluster` for the whole session (two
`zioinfo-mail serve` on one PostgreSQL behind the real nginx site), on free ports in a scratch
folder of its own, stopped again at the end.

The binary is ZM_SERVER_BINARY, else `.build/debug/zioinfo-mail` (built by scripts/test/10-swift).
Needs the mail stack's env (`eval "$(scripts/mailstack env)"`); PostgreSQL is started by
run-cluster when it is not running. A missing part fails the tests under CI=true, skips them otherwise.
"""
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cluster_support import OUTBOX_LEASE, REPO, Api, add_account, free_port, require

ACCOUNT = "clustertest@zioinfo.co.kr"
ACCOUNT_PASSWORD = "Cluster!Test-2026"


@pytest.fixture(scope="session")
def cluster():
    binary = Path(os.environ.get("ZM_SERVER_BINARY", REPO / ".build" / "debug" / "zioinfo-mail"))
    require(binary.is_file() and os.access(binary, os.X_OK),
            f"no zioinfo-mail binary at {binary} (swift build --product zioinfo-mail, or set ZM_SERVER_BINARY)")
    missing = [n for n in ("MAILSTACK_IMAPS_PORT", "MAILSTACK_SMTP_PORT", "MAILSTACK_CA_FILE", "MAILSTACK_DIR")
               if not os.environ.get(n)]
    require(not missing, f"needs the mail stack's env ({', '.join(missing)}): eval \"$(scripts/mailstack env)\"")
    require(subprocess.run(["sh", "-c", "command -v nginx || test -x /usr/sbin/nginx"],
                           capture_output=True).returncode == 0, "nginx is not installed (scripts/install-deps nginx)")

    folder = Path(tempfile.mkdtemp(prefix="zm-cluster-test-"))
    folder.chmod(0o755)
    env = dict(os.environ, CLUSTER_DIR=str(folder), CLUSTER_PORT=str(free_port()),
               CLUSTER_INSTANCE_PORTS=f"{free_port()} {free_port()}", ZM_SERVER_BINARY=str(binary),
               # An outbox claim of a killed instance is taken over after 10 s, not 10 min (issue 29).
               ZM_OUTBOX_LEASE_SECONDS=str(OUTBOX_LEASE))
    script = str(REPO / "scripts" / "run-cluster")

    def run(*args, timeout=180):
        return subprocess.run([script, *args], env=env, capture_output=True, text=True, timeout=timeout)

    started = run("start")
    assert started.returncode == 0, started.stderr
    settings = {}
    for line in run("env").stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        settings[name] = shlex.split(value)[0]
    add_account(ACCOUNT, ACCOUNT_PASSWORD)
    ca = settings["ZM_CLUSTER_CA_FILE"]
    yield Cluster(
        nginx=Api(settings["ZM_CLUSTER_URL"] + "api", ca),
        instances=[Api(url) for url in settings["ZM_CLUSTER_INSTANCE_URLS"].split()],
        pid_files=[Path(p) for p in settings["ZM_CLUSTER_INSTANCE_PID_FILES"].split()],
        folder=folder, run=run)
    stopped = run("stop")
    assert stopped.returncode == 0, stopped.stderr
    shutil.rmtree(folder, ignore_errors=True)


class Cluster:
    def __init__(self, nginx, instances, pid_files, folder, run):
        self.nginx, self.instances, self.pid_files, self.folder, self.run = nginx, instances, pid_files, folder, run

    def nginx_error_log(self):
        path = self.folder / "nginx" / "run" / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture(scope="session")
def account(cluster):
    return ACCOUNT, ACCOUNT_PASSWORD
