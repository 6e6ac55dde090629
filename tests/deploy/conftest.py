"""Fixtures of the deployment tests (tests/deploy).

A test that needs backend work not merged yet gets the `pending_backend` marker: it is then
DESELECTED from the default run (not skipped: a skipped test would look like coverage) and runs
with  ZM_DEPLOY_PENDING=1 .venv/bin/python -m pytest tests/deploy -m pending_backend
(no test carries it at the moment: login, /mail and events are merged and pass through nginx).
"""

import os

import pytest

from deploy_support import backend_binary, make_certificates, make_spa, open_tempdir

PENDING = "pending_backend"


def pytest_configure(config):
    config.addinivalue_line("markers", f"{PENDING}: needs backend routes not merged yet; "
                                       "deselected unless ZM_DEPLOY_PENDING=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ZM_DEPLOY_PENDING") == "1":
        return
    pending = [item for item in items if item.get_closest_marker(PENDING)]
    if pending:
        config.hook.pytest_deselected(items=pending)
        items[:] = [item for item in items if not item.get_closest_marker(PENDING)]


@pytest.fixture(scope="session")
def deploy_scratch():
    return open_tempdir("zm-deploy-test-")


@pytest.fixture(scope="session")
def certificates(deploy_scratch):
    folder = deploy_scratch / "tls"
    folder.mkdir()
    return make_certificates(folder)


@pytest.fixture(scope="session")
def spa_dist(deploy_scratch):
    return make_spa(deploy_scratch / "dist")


@pytest.fixture(scope="session")
def binary():
    return backend_binary()
