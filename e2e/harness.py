"""Real-browser tests of the whole stack: headless Chromium (selenium 4.51 + the system chromedriver)
against the real zioinfo-mail backend serving frontend/dist, on the real Dovecot + Postfix of
scripts/mailstack. There is no stand-in for our own API: faults the real server will not produce come
from a scripted fake *mail* server, never from a fake of the webmail.

Screenshots of every test's last state go to e2e/artifacts/ (gitignored).
"""
from __future__ import annotations

import base64
import imaplib
import os
import smtplib
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
IN_CI = os.environ.get("CI") == "true"
DEMO_PASSWORD = "1q2w3e!Q"
# A dedicated account for the tests that fill a mailbox, so other suites' mail does not interfere.
E2E_USER = "e2etest@zioinfo.co.kr"
E2E_PASSWORD = "e2e-Pass-1!"

os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def password_of(user: str) -> str:
    """The demo account's password as the mail stack reports it (MAILSTACK_USERS); the seed's
    demo password when the stack does not say."""
    for pair in os.environ.get("MAILSTACK_USERS", "").split():
        name, _, password = pair.partition(":")
        if name == user:
            return password
    return DEMO_PASSWORD


def wait_until_delivered(user: str, tag: str, timeout: float = 30) -> None:
    """Until the mail carrying `X-E2E-Delivery: tag` is in the user's INBOX (checked over IMAPS)."""
    wait_until_in_inbox(user, ("HEADER", "X-E2E-Delivery", tag), timeout)


def wait_until_in_inbox(user: str, criteria: tuple[str, ...], timeout: float = 30) -> None:
    """Until an IMAP SEARCH (ASCII criteria) finds a mail in the user's INBOX."""
    fetch_mail(user, criteria, timeout=timeout, body=False)


def imap_for(user: str) -> imaplib.IMAP4_SSL:
    """A logged-in IMAPS connection of the mail stack for one of the test accounts."""
    password = E2E_PASSWORD if user == E2E_USER else password_of(user)
    context = ssl.create_default_context(cafile=os.environ.get("MAILSTACK_CA_FILE"))
    host = os.environ.get("MAILSTACK_HOST", "127.0.0.1")
    imap = imaplib.IMAP4_SSL(host, int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context, timeout=10)
    imap.login(user, password)
    return imap


def fetch_mail(user: str, criteria: tuple[str, ...], folder: str = "INBOX", timeout: float = 30, body: bool = True) -> bytes:
    """Until an IMAP SEARCH (ASCII criteria) finds a mail in the folder; returns the newest one's bytes."""
    with imap_for(user) as imap:
        deadline = time.monotonic() + timeout
        while True:
            imap.select(folder, readonly=True)
            _, found = imap.uid("SEARCH", None, *criteria)
            uids = found[0].split() if found and found[0] else []
            if uids:
                if not body:
                    return b""
                _, data = imap.uid("FETCH", uids[-1], "(BODY.PEEK[])")
                return next(item[1] for item in data if isinstance(item, tuple))
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail {criteria} reached {user}'s {folder} within {timeout}s")
            time.sleep(0.1)  # Dovecot has no push for another session's deliveries short of IDLE


def count_mail(user: str, criteria: tuple[str, ...], folder: str) -> int:
    """How many mails of the folder an IMAP SEARCH (ASCII criteria) finds right now."""
    with imap_for(user) as imap:
        imap.select(folder, readonly=True)
        _, found = imap.uid("SEARCH", None, *criteria)
        return len(found[0].split()) if found and found[0] else 0


class App:
    """The running webmail and how to put mail into a mailbox."""

    def __init__(self, base_url: str, deliver_impl):
        self.base_url = base_url
        self._deliver = deliver_impl

    def deliver(self, to: str, raw: bytes) -> None:
        self._deliver(to, raw)

    def wait_for_subject(self, user: str, token: str) -> None:
        """Until mail whose subject contains `token` (ASCII) reached the user (sending is asynchronous)."""
        wait_until_in_inbox(user, ("SUBJECT", token))


def wants_conversations(request) -> bool:
    """대화형 보기 is on by default; tests written for the flat message list run with it off
    (switched through the real settings API), those marked `conversation_view` keep the default."""
    return request.node.get_closest_marker("conversation_view") is not None


@pytest.fixture
def app(request, tmp_path_factory):
    """A webmail process per test: no test sees another's sessions, pooled IMAP connections or
    login-limit counters."""
    yield from run_app(tmp_path_factory, mail_server_down=False, conversations=wants_conversations(request))


@pytest.fixture
def isolated_app(request, tmp_path_factory):
    """A webmail process of its own, for tests that leave state behind (the per-address login
    limit would otherwise lock every other test out of 127.0.0.1)."""
    yield from run_app(tmp_path_factory, mail_server_down=False, conversations=wants_conversations(request))


def set_user_settings(base_url: str, user: str, password: str, settings: dict) -> None:
    """PATCH /api/settings as `user` (a bearer session of its own, so no browser state is touched)."""
    import json
    import urllib.request

    def call(method: str, path: str, body: dict, token: str | None = None) -> dict:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(base_url + path, data=json.dumps(body).encode(), method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=15) as response:
            return json.loads(response.read() or b"{}")
    token = call("POST", "/api/auth/login", {"username": user, "password": password})["access_token"]
    call("PATCH", "/api/settings", settings, token)


@pytest.fixture(scope="session")
def app_without_mail_server(tmp_path_factory):
    """The webmail pointed at an IMAP port where nothing listens."""
    yield from run_app(tmp_path_factory, mail_server_down=True)


def run_app(tmp_path_factory, mail_server_down: bool, conversations: bool = False):
    dist = ROOT / "frontend" / "dist" / "index.html"
    if not dist.exists():
        pytest.fail("frontend/dist is missing: run `node frontend/build.mjs` (scripts/test/40-e2e does)")
    port = free_port()
    log = open(tmp_path_factory.mktemp("server") / "server.log", "w")
    if "MAILSTACK_SMTP_PORT" not in os.environ:
        if IN_CI:
            pytest.fail("MAILSTACK_* is not set: run under scripts/test-all or eval \"$(scripts/mailstack env)\"")
        pytest.skip("the mail stack is not running (eval \"$(scripts/mailstack env)\")")
    # E2E_SERVER_BINARY: a zioinfo-mail built elsewhere (e.g. in a developer's own package).
    binary = Path(os.environ.get("E2E_SERVER_BINARY") or ROOT / ".build" / "debug" / "zioinfo-mail")
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `swift build --product zioinfo-mail` (scripts/test/40-e2e does)")
    subprocess.run([str(ROOT / "scripts/mailstack"), "adduser", E2E_USER, E2E_PASSWORD], check=True, capture_output=True)
    env = dict(os.environ, ZM_HTTP_HOST="127.0.0.1", ZM_HTTP_PORT=str(port), ZM_STATIC_DIR=str(ROOT / "frontend/dist"),
               ZM_STATE_DIR=str(tmp_path_factory.mktemp("state")),
               # The company directory (회사 주소록), made for the tests: e2e/directory.csv.
               ZM_DIRECTORY_FILE=str(ROOT / "e2e" / "directory.csv"))
    if mail_server_down:
        env["ZM_IMAP_PORT"] = str(free_port())  # nothing listens there
    proc = subprocess.Popen([str(binary), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)

    def deliver(to: str, raw: bytes) -> None:
        # Inbound SMTP of the stack (no auth, local domain only): how mail from outside arrives.
        # Postfix queues and hands the mail to Dovecot later, in no particular order; a test
        # that lists the mailbox next needs it there, so wait until IMAP sees it.
        tag = uuid.uuid4().hex
        with smtplib.SMTP(os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_SMTP_PORT"]), timeout=10) as smtp:
            smtp.sendmail("outside@example.net", [to], f"X-E2E-Delivery: {tag}\n".encode() + raw)
        wait_until_delivered(to, tag)
    try:
        wait_http(f"http://127.0.0.1:{port}/health", 30, proc)
        if not conversations and not mail_server_down:
            # Every user the flat-list tests sign in as (the demo users of the seed scenario too).
            for user in (E2E_USER, "ythong@zioinfo.co.kr", "info@zioinfo.co.kr"):
                set_user_settings(f"http://127.0.0.1:{port}", user, E2E_PASSWORD if user == E2E_USER else password_of(user), {"conversation_view": False})
        yield App(f"http://127.0.0.1:{port}", deliver)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


def make_driver(downloads: Path, width: int = 1400, height: int = 900) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=ko-KR"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "intl.accept_languages": "ko-KR,ko",
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


@pytest.fixture
def driver(request, downloads):
    ARTIFACTS.mkdir(exist_ok=True)
    browser = make_driver(downloads)
    yield browser
    name = request.node.name.replace("/", "_")
    try:
        browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    finally:
        browser.quit()


@pytest.fixture
def phone_driver(request, downloads):
    ARTIFACTS.mkdir(exist_ok=True)
    browser = make_driver(downloads)
    # A window cannot be made narrower than 500 px here; emulate the phone's viewport instead.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    yield browser
    try:
        browser.save_screenshot(str(ARTIFACTS / f"{request.node.name}.png"))
    finally:
        browser.quit()


# Records the SPA's push stream state for tests: window.__pushReady turns true at the stream's
# "ready" event (the server's IDLE watches INBOX from then on). Injected before any page script.
PUSH_PROBE = """
(() => {
  const Native = window.EventSource;
  if (!Native) return;
  window.__pushReady = false;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener("ready", () => { window.__pushReady = true; });
    }
  };
})();
"""


def watch_push(driver) -> None:
    """Call before loading the page: afterwards wait_for_push_ready works."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PUSH_PROBE})


def wait_for_push_ready(driver, timeout: float = 20) -> None:
    wait(driver, timeout).until(lambda d: d.execute_script("return window.__pushReady === true"))


def wait(driver, timeout: float = 20) -> WebDriverWait:
    """Generous: the test machines are shared and often loaded."""
    return WebDriverWait(driver, timeout)


def login(driver, app: App, user: str, password: str) -> None:
    driver.get(app.base_url + "/")
    email = wait(driver).until(EC.visibility_of_element_located((By.ID, "login-email")))
    email.send_keys(user)
    password_field = driver.find_element(By.ID, "login-password")
    password_field.send_keys(password)
    password_field.submit()


def wait_for_list(driver, timeout: float = 15):
    return wait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=message-list]")))


def row_with_subject(driver, subject: str, timeout: float = 15):
    xpath = f"//div[@data-testid='message-row'][.//a[contains(@class,'subject-button') and normalize-space(.)='{subject}']]"
    return wait(driver, timeout).until(EC.presence_of_element_located((By.XPATH, xpath)))


def wait_for_download(target: Path, timeout: float = 20) -> Path:
    """Until Chromium has finished writing `target` (it writes NAME.crdownload first, then renames)."""
    folder = target.parent
    try:
        WebDriverWait(folder, timeout, poll_frequency=0.2).until(lambda _: target.exists())
    except Exception:
        raise AssertionError(f"{target.name} was not downloaded; the folder has {[p.name for p in folder.iterdir()]}") from None
    return target


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


class HitCounter:
    """A loopback HTTP server that counts requests: the 'remote' image host of the XSS mail."""

    def __init__(self):
        self.hits: list[str] = []
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                counter.hits.append(self.path)
                body = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                     "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def hit_counter():
    counter = HitCounter()
    yield counter
    counter.close()


def mutf7(name: str) -> str:
    """IMAP's modified UTF-7 (RFC 3501 5.1.3), quoted for imaplib."""
    out, run = [], []

    def flush():
        if run:
            encoded = base64.b64encode("".join(run).encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + encoded + "-")
            run.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return '"' + "".join(out).replace("\\", "\\\\").replace('"', '\\"') + '"'


def open_folder(driver, label: str) -> None:
    """Clicks a folder in the tree by the name it shows (a nested one by its own name)."""
    xpath = f"//ul[@data-testid='folder-tree']//button[.//span[@class='folder-name' and normalize-space(.)='{label}']]"
    wait(driver).until(lambda d: d.find_elements(By.XPATH, xpath))
    driver.find_element(By.XPATH, xpath).click()


def open_message(driver, subject: str) -> None:
    """Opens a listed message and waits until the reader shows it."""
    row_with_subject(driver, subject).find_element(By.CSS_SELECTOR, ".subject-button").click()
    wait(driver).until(lambda d: subject in d.find_element(By.CSS_SELECTOR, "[data-testid=message-view]").text)


# The compose body: the HTML editor (the default: compose_format is html) or the plain textarea.
COMPOSE_BODY = "textarea[name=body], [data-testid=html-editor]"


def body_text(element) -> str:
    """A compose body's text: the textarea's value, or the HTML editor's lines (its innerText)."""
    if element.tag_name == "textarea":
        return element.get_attribute("value")
    return element.get_property("innerText").replace("\u00a0", " ").rstrip("\n")


def mail_text(raw: bytes) -> str:
    """What a mail says as text: its text/plain part, or its HTML's text (tags out) when it has none.
    TODO(q-html-send): once the server writes the text part of HTML mail, every mail has one."""
    import email as email_lib
    import email.policy
    import html as html_lib
    import re
    msg = email_lib.message_from_bytes(raw, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain", "html"))
    content = part.get_content() if part else ""
    if part is not None and part.get_content_type() == "text/html":
        content = html_lib.unescape(re.sub(r"<[^>]+>", "\n", content))
        content = "\n".join(line for line in (ln.strip() for ln in content.splitlines()) if line)
    return content


def shown_message_text(driver) -> str:
    """The open message's text as the reader shows it: the view, and an HTML mail's frame."""
    view = driver.find_element(By.CSS_SELECTOR, "[data-testid=message-view]")
    text = view.text
    frames = view.find_elements(By.CSS_SELECTOR, "iframe.html-body")
    if frames:
        driver.switch_to.frame(frames[0])
        try:
            text += "\n" + driver.find_element(By.TAG_NAME, "body").text
        finally:
            driver.switch_to.default_content()
    return text
