"""필터 and 부재중 자동응답 through the UI (issue 31), with Sieve at delivery by the mail stack's real
Dovecot: a rule made in the settings page files an incoming mail, and an auto-reply turned on for
today shows the banner and answers a colleague exactly once."""
import os
import shutil
import smtplib
import ssl
import time
import uuid
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import mails
from harness import (E2E_PASSWORD, E2E_USER, ROOT, count_mail, fetch_mail, imap_for, login, mutf7, open_folder, password_of,
                     row_with_subject, wait, wait_for_list, wait_until_delivered)

COLLEAGUE = "info@zioinfo.co.kr"
FOLDER = "견적"


def mail_home(user: str) -> Path:
    """The user's mail home in this checkout's stack, or the one MAILSTACK_DIR names (a helper's own)."""
    local, _, domain = user.partition("@")
    return Path(os.environ.get("MAILSTACK_DIR") or ROOT / ".mailstack") / "mail" / domain / local


def reset_sieve(user: str) -> None:
    """No script from an earlier run: the test starts from no filters and no reply."""
    home = mail_home(user)
    shutil.rmtree(home / "sieve", ignore_errors=True)
    for name in (".dovecot.sieve", ".dovecot.svbin"):
        path = home / name
        if path.is_symlink() or path.exists():
            path.unlink()


def ensure_folder(user: str, name: str) -> None:
    with imap_for(user) as imap:
        imap.create(mutf7(name))  # NO when it exists already: fine


def tid(driver, name: str):
    return wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"[data-testid={name}]")))


def set_date(driver, element, value: str) -> None:
    """A date input's value as the user's picker would set it (its typed form depends on the locale)."""
    driver.execute_script(
        "const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;"
        "setter.call(arguments[0], arguments[1]); arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        element, value)


def send_from(sender: str, to: str, subject: str, tag: str) -> None:
    """Submission with the sender's own login, as their mail program would send."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["X-E2E-Delivery"] = tag
    message.set_content("일정 문의드립니다.")
    context = ssl.create_default_context(cafile=os.environ.get("MAILSTACK_CA_FILE"))
    with smtplib.SMTP(os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_SUBMISSION_PORT"]), timeout=10) as smtp:
        smtp.starttls(context=context)
        smtp.login(sender, password_of(sender))
        smtp.send_message(message)


def open_from_no_script(driver, app, page: str) -> None:
    """No script, the folder the rules file into, signed in, on a settings page (filters, vacation, sieve)."""
    reset_sieve(E2E_USER)
    ensure_folder(E2E_USER, FOLDER)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    tid(driver, "open-settings").click()
    tid(driver, f"open-{page}").click()


def test_a_rule_made_in_the_page_files_incoming_mail(driver, app):
    open_from_no_script(driver, app, "filters")
    tid(driver, "add-filter").click()
    tid(driver, "rule-name").send_keys("제목에 견적")
    # 제목 / 포함 are the new condition's defaults; the page offers them by name.
    assert Select(tid(driver, "condition-field")).first_selected_option.text == "제목"
    assert [o.text for o in Select(tid(driver, "condition-op")).options] == ["포함", "일치", "패턴(* ?)"]
    tid(driver, "condition-value").send_keys("견적")
    Select(tid(driver, "action-folder")).select_by_value(FOLDER)
    tid(driver, "rule-save").click()
    rule = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=rule]")))
    assert "제목에 견적" in rule.text

    tag = uuid.uuid4().hex
    subject = f"견적 요청 {tag[:6]}"
    with smtplib.SMTP(os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_SMTP_PORT"]), timeout=10) as smtp:
        smtp.sendmail("outside@example.net", [E2E_USER], f"X-E2E-Delivery: {tag}\n".encode() + mails.plain(E2E_USER, subject, "견적 부탁드립니다"))
    fetch_mail(E2E_USER, ("HEADER", "X-E2E-Delivery", tag), folder=mutf7(FOLDER), body=False)
    assert count_mail(E2E_USER, ("HEADER", "X-E2E-Delivery", tag), "INBOX") == 0

    tid(driver, "settings-back").click()  # to 환경설정
    tid(driver, "settings-back").click()  # to the mail
    open_folder(driver, FOLDER)
    row_with_subject(driver, subject)

    # Deleting the rule leaves the account as it was for the other tests.
    tid(driver, "open-settings").click()
    tid(driver, "open-filters").click()
    tid(driver, "rule-remove").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=rule]") == []


def test_vacation_for_today_shows_the_banner_and_answers_once(driver, app):
    reset_sieve(E2E_USER)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=vacation-banner]") == []
    tid(driver, "open-settings").click()
    tid(driver, "open-vacation").click()
    token = uuid.uuid4().hex[:8]
    today = (datetime.now(timezone.utc) + timedelta(hours=9)).strftime("%Y-%m-%d")  # the server's calendar: Korean time
    tid(driver, "vacation-enabled").click()
    set_date(driver, tid(driver, "vacation-start"), today)
    set_date(driver, tid(driver, "vacation-end"), today)
    tid(driver, "vacation-subject").send_keys(f"Out of office {token}")
    tid(driver, "vacation-body").send_keys("휴가 중입니다. 월요일에 답장드리겠습니다.")
    tid(driver, "vacation-save").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    tid(driver, "settings-back").click()
    tid(driver, "settings-back").click()
    banner = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=vacation-banner]")))
    assert "부재중 자동응답이 켜져 있습니다" in banner.text and today in banner.text

    tags = [uuid.uuid4().hex for _ in range(2)]
    for n, tag in enumerate(tags):
        send_from(COLLEAGUE, E2E_USER, f"meeting {token} {n}", tag)
    for tag in tags:
        wait_until_delivered(E2E_USER, tag)
    fetch_mail(COLLEAGUE, ("SUBJECT", token), body=False)
    # Both mails were delivered (the reply is decided at delivery): a second reply would have been
    # queued by now; a generous bound for Postfix to hand it over.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        assert count_mail(COLLEAGUE, ("SUBJECT", token), "INBOX") == 1
        time.sleep(0.5)

    banner.find_element(By.TAG_NAME, "button").click()  # 설정
    tid(driver, "vacation-enabled").click()
    tid(driver, "vacation-save").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    tid(driver, "settings-back").click()
    tid(driver, "settings-back").click()
    wait_for_list(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=vacation-banner]") == []


def test_the_advanced_editor_checks_the_script_marks_the_error_line_and_goes_back_to_the_rules(driver, app):
    open_from_no_script(driver, app, "sieve")
    assert driver.current_url.endswith("/s/sieve")
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-raw-page]")))
    assert "읽기 전용" in driver.find_element(By.CSS_SELECTOR, "[data-testid=sieve-raw-page] [role=note]").text
    editor = tid(driver, "sieve-raw")
    # Line 3 calls a command that does not exist: the server's CHECKSCRIPT refuses, nothing is stored.
    editor.send_keys('require "fileinto";\nif header :contains "subject" "견적" {\n  fileint "견적";\n}\n')
    tid(driver, "sieve-raw-save").click()
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-raw-error]")))
    assert "3번째 줄" in error.text and "fileint" in error.text, error.text
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=sieve-error-line]").text == "3"
    selected = driver.execute_script("const a = arguments[0]; return a.value.slice(a.selectionStart, a.selectionEnd)", editor)
    assert selected == '  fileint "견적";', selected
    assert "fileint" in editor.get_attribute("value"), "the refused script stays in the editor"

    # A valid hand-written script is stored and active: the filter page shows it read-only, linking here.
    editor.clear()
    editor.send_keys("# 손으로 쓴 스크립트\nkeep;\n")
    tid(driver, "sieve-raw-save").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=sieve-raw-error]") == []
    tid(driver, "settings-back").click()
    tid(driver, "open-filters").click()
    foreign = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-foreign]")))
    assert "손으로 쓴 스크립트" in foreign.text
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=add-filter]") == []
    tid(driver, "open-sieve-raw").click()
    assert driver.current_url.endswith("/s/sieve")
    wait(driver).until(lambda d: "손으로 쓴 스크립트" in tid(d, "sieve-raw").get_attribute("value"))

    # 되돌리기, confirmed: the webmail's script is active again and the filter page edits it.
    tid(driver, "sieve-restore").click()
    tid(driver, "sieve-restore-confirm").click()
    wait(driver).until(lambda d: tid(d, "sieve-raw").get_attribute("value").startswith("# zioinfo-mail rules v1"))
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=sieve-restore]") == []
    tid(driver, "settings-back").click()
    tid(driver, "open-filters").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=filters-page]")))
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=sieve-foreign]") == []


# Holds the page's GET /api/settings/filters (the real request, sent unchanged) until the test
# calls window.__releaseFilters(): the moment before the rules have loaded, made to last.
HOLD_FILTERS = """
(() => {
  const send = window.fetch.bind(window);
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  window.__releaseFilters = () => release();
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    const get = !init || !init.method || init.method === "GET";
    return get && url.includes("/api/settings/filters") ? released.then(() => send(input, init)) : send(input, init);
  };
})();
"""


def test_going_back_to_the_rules_waits_until_they_are_loaded(driver, app):
    open_from_no_script(driver, app, "filters")
    add_rule(driver, "견적 자동 분류", "견적")
    tid(driver, "settings-back").click()
    tid(driver, "open-sieve").click()
    # Edited by hand at its end: the script keeps the model line the rules are read from.
    editor = tid(driver, "sieve-raw")
    wait(driver).until(lambda d: "견적" in editor.get_attribute("value"))
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys("\n# 손으로 쓴 스크립트\n")
    tid(driver, "sieve-raw-save").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))

    # Opened again with the rules request still pending: 되돌리기 cannot be pressed (it would
    # write an empty rule list over 견적 자동 분류).
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOLD_FILTERS})
    driver.get(app.base_url + "/s/sieve")
    wait(driver).until(lambda d: "손으로 쓴 스크립트" in d.find_element(By.CSS_SELECTOR, "[data-testid=sieve-raw]").get_attribute("value"))
    restore = driver.find_element(By.CSS_SELECTOR, "[data-testid=sieve-restore]")
    assert restore.get_attribute("disabled") is not None
    driver.execute_script("window.__releaseFilters()")
    tid(driver, "sieve-restore").click()
    tid(driver, "sieve-restore-confirm").click()
    # The editor is rendered anew when the restored script arrives: read it in one wait that
    # looks the element up each time (a reference kept across renders goes stale, as in CI).
    def restored_script(d):
        try:
            value = d.find_element(By.CSS_SELECTOR, "[data-testid=sieve-raw]").get_attribute("value")
        except (StaleElementReferenceException, NoSuchElementException):
            return False
        return value if value.startswith("# zioinfo-mail rules v1") else False
    restored = wait(driver).until(restored_script)
    assert "견적 자동 분류" in restored, restored


def add_rule(driver, name: str, subject_word: str) -> None:
    tid(driver, "add-filter").click()
    tid(driver, "rule-name").send_keys(name)
    tid(driver, "condition-value").send_keys(subject_word)
    Select(tid(driver, "action-folder")).select_by_value(FOLDER)
    tid(driver, "rule-save").click()
    wait(driver).until(lambda d: any(name in r.text for r in d.find_elements(By.CSS_SELECTOR, "[data-testid=rule]")))


def rule_names(driver) -> list[str]:
    return [r.find_element(By.CSS_SELECTOR, ".rule-name").text for r in driver.find_elements(By.CSS_SELECTOR, "[data-testid=rule]")]


def test_dragging_a_rule_above_another_reorders_and_saves_the_script_in_that_order(driver, app):
    open_from_no_script(driver, app, "filters")
    add_rule(driver, "첫째 규칙", "첫째값")
    add_rule(driver, "둘째 규칙", "둘째값")
    assert rule_names(driver) == ["첫째 규칙", "둘째 규칙"]

    rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=rule]")
    handle = rows[1].find_element(By.CSS_SELECTOR, "[data-testid=rule-drag]")
    # A real pointer drag: press on rule 2's handle, move above rule 1's middle, release.
    ActionChains(driver).click_and_hold(handle).move_to_element_with_offset(rows[0], 0, -8).pause(0.1) \
        .move_to_element_with_offset(rows[0], 0, -rows[0].size["height"] // 2 + 2).release().perform()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    assert rule_names(driver) == ["둘째 규칙", "첫째 규칙"]

    driver.refresh()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=filters-page]")))
    wait(driver).until(lambda d: rule_names(d) == ["둘째 규칙", "첫째 규칙"])
    # The script Dovecot runs has the rules in that order too.
    script = (mail_home(E2E_USER) / "sieve" / "zioinfo-mail.sieve").read_text(encoding="utf-8")
    first, second = script.index("# 필터 1"), script.index("# 필터 2")
    assert '"둘째값"' in script[first:second] and '"첫째값"' in script[second:], script

    # ↑/↓ still work from the keyboard: back to the first order, then both rules removed.
    driver.find_element(By.CSS_SELECTOR, "[aria-label='아래로 둘째 규칙']").send_keys(Keys.ENTER)
    wait(driver).until(lambda d: rule_names(d) == ["첫째 규칙", "둘째 규칙"])
    for _ in range(2):
        count = len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=rule]"))
        tid(driver, "rule-remove").click()
        wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=rule]")) == count - 1)


def test_an_html_vacation_body_is_written_in_the_editor_and_reopens_as_html(driver, app):
    open_from_no_script(driver, app, "vacation")
    tid(driver, "vacation-body").send_keys("휴가 중입니다.")
    Select(tid(driver, "vacation-format")).select_by_value("html")
    editor = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=vacation-html] [data-testid=html-editor]")))
    assert editor.text == "휴가 중입니다.", "the text came along as the first paragraph"
    driver.execute_script(
        "const p = document.createElement('p'); p.innerHTML = '급한 일은 <b>홍영태 과장</b>에게'; arguments[0].append(p);"
        "arguments[0].dispatchEvent(new InputEvent('input', {bubbles: true}));", editor)
    tid(driver, "vacation-subject").send_keys("부재중")
    tid(driver, "vacation-save").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    stored = driver.execute_script("return fetch('/api/settings/vacation').then(r => r.json())")
    assert "<b>홍영태 과장</b>" in stored["html"] and "홍영태 과장" in stored["body"], stored

    driver.refresh()
    editor = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=vacation-html] [data-testid=html-editor]")))
    assert Select(tid(driver, "vacation-format")).first_selected_option.get_attribute("value") == "html"
    assert driver.execute_script("return [...arguments[0].querySelectorAll('b')].map(b => b.innerText)", editor) == ["홍영태 과장"]
    assert "휴가 중입니다." in editor.text

    # Back to text: the words stay, the reply is text again.
    Select(tid(driver, "vacation-format")).select_by_value("text")
    body = tid(driver, "vacation-body")
    assert "휴가 중입니다." in body.get_attribute("value") and "홍영태 과장" in body.get_attribute("value")
    tid(driver, "vacation-save").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sieve-saved]")))
    assert driver.execute_script("return fetch('/api/settings/vacation').then(r => r.json()).then(v => v.html ?? null)") is None
