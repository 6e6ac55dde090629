"""Fixtures of the real-browser suite; they live in harness.py (a module name of our own, so these
tests never import tests/conftest.py by accident when both folders are on sys.path)."""
from harness import app, app_without_mail_server, downloads, isolated_app, driver, hit_counter, phone_driver  # noqa: F401  (pytest fixtures)
