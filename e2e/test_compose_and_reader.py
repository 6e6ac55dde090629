"""Writing and reading (issue 25): the draft saves itself and survives a reload (bug 6), recipients
that are not addresses are kept and marked (bug 8), a big message shows its attachments' real sizes
(bug 9), 인쇄 prints the message alone, ? lists the shortcuts and they work with the Korean input
method on, the discard button is 버리기, and new mail can raise a desktop notification (opt-in)."""
import base64
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import (body_text, E2E_PASSWORD, E2E_USER, count_mail, imap_for, login, open_folder, open_message, row_with_subject, unique,
                     wait, wait_for_list, wait_for_push_ready, watch_push)

SAVED = re.compile(r"^임시 저장됨 \d\d:\d\d$")


def start_compose(driver):
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    return wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))


def draft_status(driver):
    return driver.find_element(By.CSS_SELECTOR, "[data-testid=draft-status]")


def wait_saved(driver, after: str | None = None) -> str:
    """Until the form says it saved itself (a save later than `after`); returns that save's time stamp."""
    def saved(d):
        status = draft_status(d)
        at = status.get_attribute("data-saved-at")
        return at if at and at != after and SAVED.match(status.text) else None
    return wait(driver, 30).until(saved)


def leaving_is_asked(driver) -> bool:
    """What the browser does on reload or tab close: a beforeunload that is cancelled asks the user."""
    return driver.execute_script("return !window.dispatchEvent(new Event('beforeunload', {cancelable: true}))")


def reopen_draft(driver, subject: str) -> None:
    wait_for_list(driver)
    open_folder(driver, "임시보관함")
    row_with_subject(driver, subject).click()  # a draft opens in compose, not the reader
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))


def value(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).get_attribute("value")


def recipients(driver) -> str:
    """The To field's text: its chips, as the form keeps them."""
    return driver.find_element(By.CSS_SELECTOR, "[data-testid=recipients-to]").get_attribute("data-value")


def test_the_draft_saves_itself_and_a_reload_finds_it(driver, app):
    subject = unique("자동 저장")
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start_compose(driver)
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=discard]").text == "버리기"
    driver.find_element(By.ID, "compose-to").send_keys("김철수 <kim@example.net>")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.ID, "compose-body").send_keys("첫 문단입니다.")
    assert leaving_is_asked(driver), "unsaved text: reload and tab close must ask"
    first = wait_saved(driver)
    assert not leaving_is_asked(driver), "everything is saved: nothing to ask"

    driver.find_element(By.ID, "compose-body").send_keys("\n둘째 문단도 씁니다.")
    wait_saved(driver, after=first)
    # Each save replaced the one before: one draft, not a pile.
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Drafts") == 1

    driver.refresh()
    reopen_draft(driver, subject)
    assert recipients(driver) == "김철수 <kim@example.net>"
    assert value(driver, "compose-subject") == subject
    assert body_text(driver.find_element(By.ID, "compose-body")) == "첫 문단입니다.\n둘째 문단도 씁니다."

    # Continuing it and closing with × at once (before it saved itself) keeps one draft with the new text.
    marker = unique("third").split()[-1]
    driver.find_element(By.ID, "compose-body").send_keys(f" {marker}")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-close]").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=compose-dialog]"))
    assert count_mail(E2E_USER, ("BODY", marker), "Drafts") == 1
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Drafts") == 1

    # 버리기 throws the draft away (to 휴지통, where it can still be found).
    reopen_draft(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=discard]").click()
    wait(driver).until(EC.visibility_of_element_located((By.XPATH, "//button[normalize-space(.)='버리기' and contains(@class,'danger')]"))).click()
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Drafts") == 0)
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Trash") == 1


def test_recipients_that_are_not_addresses_are_kept_marked_and_refused_on_send(driver, app):
    subject = unique("주소 오류")
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start_compose(driver)
    to = driver.find_element(By.ID, "compose-to")
    to.send_keys("kim@example.net, 홍길동")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=invalid-to]"), "not while typing it"
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    marked = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=invalid-to]")))
    assert marked.text == "올바르지 않은 주소: 홍길동"
    assert to.get_attribute("aria-invalid") == "true"
    wait_saved(driver)

    driver.refresh()
    reopen_draft(driver, subject)
    assert recipients(driver) == "kim@example.net, 홍길동", "the draft kept what was typed"
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=invalid-to]").text == "올바르지 않은 주소: 홍길동"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-error]")))
    assert "홍길동" in error.text
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=compose-dialog]"), "not sent: the form stays"
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Sent") == 0


def big_mail(subject: str, binary: bytes, memo: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "홍길동 <hong@example.net>"
    msg["To"] = E2E_USER
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="example.net")
    msg.set_content("첨부 두 개")
    msg.add_attachment(binary, maintype="application", subtype="octet-stream", filename="도면.bin")
    msg.add_attachment(memo, subtype="plain", charset="utf-8", cte="quoted-printable", filename="회의록.txt")
    return msg.as_bytes()


def test_a_big_message_shows_its_attachments_real_sizes(driver, app):
    subject = unique("큰 메일")
    binary = bytes((i * 7 + (i >> 9)) & 0xFF for i in range(2_100_000))  # 2.0 MB; its base64 guessed 2.1 MB
    memo = "회의록 " * 20_000  # 200,000 bytes of UTF-8, about three times that in quoted-printable
    raw = big_mail(subject, binary, memo)
    assert b"quoted-printable" in raw and len(raw) > 2 * 1024 * 1024
    with imap_for(E2E_USER) as imap:
        imap.append("INBOX", "", None, raw)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    shown = {}
    for item in driver.find_elements(By.CSS_SELECTOR, ".attachments li"):
        name = item.find_element(By.CSS_SELECTOR, "[data-testid=attachment]").text.replace("📎", "").strip()
        shown[name] = item.find_element(By.CSS_SELECTOR, ".size").text
    assert shown == {"도면.bin": "(2.0 MB)", "회의록.txt": "(195 KB)"}, shown


def test_print_shows_the_message_alone(driver, app):
    subject = unique("인쇄할 메일")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "인쇄될 본문입니다."))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    driver.execute_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=print]").click()
    assert driver.execute_script("return window.__printed") == 1
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for chrome in [".topbar", ".pane-folders", ".pane-list", ".message .actions"]:
            assert not driver.find_element(By.CSS_SELECTOR, chrome).is_displayed(), f"{chrome} is printed"
        view = driver.find_element(By.CSS_SELECTOR, "[data-testid=message-view]")
        assert view.is_displayed()
        printed = view.text
        for expected in [subject, "보낸 사람", "hong@example.net", "받는 사람", E2E_USER, "날짜", "인쇄될 본문입니다."]:
            assert expected in printed, (expected, printed)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def keydown(driver, key: str, code: str) -> None:
    """A keydown as Chromium sends it with the Korean input method on (the page cannot tell it from a real one's fields)."""
    driver.execute_script(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], code: arguments[1], bubbles: true, cancelable: true}))",
        key, code)


def test_question_mark_lists_the_shortcuts_and_they_work_in_korean_input(driver, app):
    older, newer = unique("단축키 하나"), unique("단축키 둘")
    for subject in [older, newer]:
        app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "단축키"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, older)
    driver.find_element(By.TAG_NAME, "body").send_keys("?")
    sheet = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=shortcut-help]")))
    for text in ["키보드 단축키", "다음 메일", "이전 메일", "답장", "메일 쓰기", "ㅓ = j"]:
        assert text in sheet.text, (text, sheet.text)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=shortcut-help]"))

    cursor = lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=message-row].cursor .subject-button").text
    start = cursor(driver)
    keydown(driver, "ㅓ", "KeyJ")  # j: the next message
    wait(driver).until(lambda d: cursor(d) != start)
    moved = cursor(driver)
    keydown(driver, "ㅏ", "KeyK")  # k: back
    wait(driver).until(lambda d: cursor(d) == start)
    keydown(driver, "ㅓ", "KeyJ")
    wait(driver).until(lambda d: cursor(d) == moved)
    keydown(driver, "Enter", "Enter")
    wait(driver).until(lambda d: moved in d.find_element(By.CSS_SELECTOR, "[data-testid=message-view]").text)
    keydown(driver, "ㄱ", "KeyR")  # r: reply
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    assert value(driver, "compose-subject") == f"Re: {moved}"


# Records the notifications the page raises (the headless browser shows none) and makes the tab
# count as not in front, where a notification is due.
NOTIFICATION_PROBE = """
(() => {
  const Native = window.Notification;
  window.__notifications = [];
  window.__permissionAsked = 0;
  class Recorded extends Native {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push([title, (options && options.body) || ""]);
    }
    static get permission() { return Native.permission; }
    static requestPermission() { window.__permissionAsked += 1; return Native.requestPermission(); }
  }
  window.Notification = Recorded;
  document.hasFocus = () => false;
})();
"""


def test_new_mail_raises_a_desktop_notification_once_turned_on(driver, app):
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": app.base_url, "permissions": ["notifications"]})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NOTIFICATION_PROBE})
    watch_push(driver)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    wait_for_push_ready(driver)
    toggle = driver.find_element(By.CSS_SELECTOR, "[data-testid=notifications-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false" and "새 메일 알림" in toggle.text
    assert driver.execute_script("return window.__permissionAsked") == 0, "never asked without a click"
    toggle.click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=notifications-toggle]").get_attribute("aria-pressed") == "true")
    assert driver.execute_script("return window.__permissionAsked") == 1

    subject = unique("알림 메일")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "새 메일 알림"))
    wait(driver, 30).until(lambda d: d.execute_script("return window.__notifications.length") > 0)
    title, body = driver.execute_script("return window.__notifications[0]")
    assert re.fullmatch(r"새 메일 \d+통", title), title
    assert subject in body and "홍길동" in body, body
