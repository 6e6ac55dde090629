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

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import mails
from harness import (E2E_PASSWORD, E2E_USER, ROOT, count_mail, fetch_mail, imap_for, login, mutf7, open_folder, password_of,
                     row_with_subject, wait, wait_for_list, wait_until_delivered)

COLLEAGUE = "info@zioinfo.co.kr"
FOLDER = "견적"


def reset_sieve(user: str) -> None:
    """No script from an earlier run: the test starts from no filters and no reply."""
    local, _, domain = user.partition("@")
    home = ROOT / ".mailstack" / "mail" / domain / local
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


def test_a_rule_made_in_the_page_files_incoming_mail(driver, app):
    reset_sieve(E2E_USER)
    ensure_folder(E2E_USER, FOLDER)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    tid(driver, "open-settings").click()
    tid(driver, "open-filters").click()
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
