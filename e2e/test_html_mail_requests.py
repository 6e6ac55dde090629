"""Mail HTML cannot act through the user's cookie (issue 23, item 12): the frame may load only
the open message's own parts from our origin, and reading a mail (a GET) never marks anything
read; the SPA marks an unread mail read with an explicit request when it is opened."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, imap_for, login, row_with_subject, unique, wait, wait_for_list



def inbox_uid(subject: str) -> int:
    with imap_for(E2E_USER) as imap:
        imap.select("INBOX", readonly=True)
        _, found = imap.uid("SEARCH", None, "SUBJECT", subject.split()[-1])
        uids = found[0].split()
        assert len(uids) == 1, f"{subject}: {uids}"
        return int(uids[0])


def is_seen(uid: int) -> bool:
    with imap_for(E2E_USER) as imap:
        imap.select("INBOX", readonly=True)  # EXAMINE: this check itself changes nothing
        _, data = imap.uid("FETCH", str(uid), "(FLAGS)")
        return b"\\Seen" in b" ".join(d if isinstance(d, bytes) else d[0] for d in data if d)


class BrowserLog:
    """Chromium's console, accumulated (each get_log call empties the buffer)."""

    def __init__(self, driver):
        self.driver = driver
        self.entries: list[str] = []

    def messages(self) -> list[str]:
        self.entries += [e["message"] for e in self.driver.get_log("browser")]
        return self.entries


def inbox_unread_badge(driver) -> int:
    badges = driver.find_elements(By.CSS_SELECTOR, "button.folder[data-folder='INBOX'] .badge")
    return int(badges[0].text) if badges else 0


def test_mail_html_cannot_mark_other_mail_read(driver, app):
    target_subject = unique("읽지 않은 표적 메일")
    app.deliver(E2E_USER, mails.plain(E2E_USER, target_subject, "이 메일은 읽지 않은 채로 남아야 합니다"))
    target = inbox_uid(target_subject)
    assert not is_seen(target)
    same_origin = [
        f"/api/mail/messages/{target}",
        f"/api/mail/messages/{target}?folder=INBOX",
        f"api/mail/messages/{target}",  # relative to the page
        f"/mail/messages/{target}",  # without /api (the SPA's own path)
        f"/api/mail/messages/{target}/attachments/1?folder=INBOX",  # another message's part
    ]
    absolute = f"{app.base_url}/api/mail/messages/{target}?folder=INBOX"
    subject = unique("같은 출처 요청 메일")
    app.deliver(E2E_USER, mails.with_image_urls(E2E_USER, subject, same_origin + [absolute]))

    log = BrowserLog(driver)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, subject).click()
    frame = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=message-frame]")))
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', frame.get_attribute("srcdoc")).group(1)
    assert "'self'" not in csp

    # Every same-origin URL that is not one of this message's parts is refused by the frame's CSP.
    def refused_urls() -> set[str]:
        found = (re.search(r"(?:Loading|Refused to load) the image '([^']+)'.*Content Security Policy", m) for m in log.messages())
        return {f.group(1) for f in found if f and f"/messages/{target}" in f.group(1)}
    # The page-relative variant may resolve to the same URL as the first one.
    wait(driver).until(lambda _: len(refused_urls()) >= len(same_origin) - 1,
                       f"the frame refused the same-origin images: {log.entries}")

    # The message's own inline part does load (the CSP allows exactly its parts).
    driver.switch_to.frame(frame)
    wait(driver).until(lambda d: d.execute_script(
        "const i = document.getElementById('own'); return i && i.complete && i.naturalWidth === 1"),
        "the mail's own cid: image loads")
    # A refused load still gets a timing entry, with no response status.
    answered = driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.responseStatus > 0).map(e => e.name)")
    driver.switch_to.default_content()
    assert not [u for u in answered if f"/messages/{target}" in u], answered

    # Remote content allowed: http: then also matches our own origin (CSP cannot exclude it), so
    # the absolute same-origin URL is requested with the cookie — and still changes nothing.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=show-remote]").click()
    frame = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=message-frame]")))
    driver.switch_to.frame(frame)
    wait(driver).until(lambda d: d.execute_script(
        "return performance.getEntriesByType('resource').some(e => e.name === arguments[0] && e.responseStatus > 0)", absolute),
        "the absolute same-origin image was requested after 외부 이미지 표시")
    driver.switch_to.default_content()

    assert not is_seen(target), "a GET made by mail HTML marked another mail read"
    assert is_seen(inbox_uid(subject)), "the opened mail itself is marked read (explicitly)"


def test_opening_an_unread_mail_marks_it_read_in_list_and_count(driver, app):
    subject = unique("열면 읽음 메일")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "열어 보세요"))
    uid = inbox_uid(subject)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row = row_with_subject(driver, subject)
    assert "unseen" in row.get_attribute("class").split()
    wait(driver).until(lambda d: inbox_unread_badge(d) > 0)
    before = inbox_unread_badge(driver)

    row.find_element(By.CSS_SELECTOR, "a.subject-button").click()
    wait(driver).until(EC.presence_of_element_located((By.XPATH, "//*[contains(normalize-space(.), '열어 보세요')]")))
    wait(driver).until(lambda d: "seen" in row_with_subject(d, subject).get_attribute("class").split(), "the row shows it read")
    wait(driver).until(lambda d: inbox_unread_badge(d) == before - 1, "the INBOX count went down by one")
    assert is_seen(uid), "the server has \\Seen (the SPA's PATCH)"
