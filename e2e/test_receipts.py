"""수신확인 and 발송취소 in the reader (issue 33): a mail I sent, opened in 보낸편지함, shows each
recipient's state (안읽음 / 읽음 / 외부) and 발송취소 asks first, naming who can be recalled and
saying the external recipient cannot; the result per recipient follows."""
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from harness import (E2E_PASSWORD, E2E_USER, imap_for, login, open_folder, open_message, unique, wait, wait_for_list,
                     wait_until_in_inbox)

INFO, ADMIN, EXTERNAL = "info@zioinfo.co.kr", "admin@zioinfo.co.kr", "partner@example.com"


def sent_mail(subject: str, message_id: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = E2E_USER
    msg["To"] = f"{INFO}, {ADMIN}"
    msg["Cc"] = EXTERNAL
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg.set_content("수신확인 시험")
    return msg.as_bytes()


def statuses(driver) -> dict:
    return {li.get_attribute("data-email"): li.get_attribute("data-status")
            for li in driver.find_elements(By.CSS_SELECTOR, "[data-testid=receipt]")}


def test_receipts_panel_and_recall_confirmation(driver, app):
    subject = unique("수신확인")
    message_id = make_msgid(domain="zioinfo.co.kr")
    raw = sent_mail(subject, message_id)
    app.deliver(INFO, raw)
    app.deliver(ADMIN, raw)
    with imap_for(E2E_USER) as imap:
        imap.append("Sent", "(\\Seen)", None, raw)
    wait_until_in_inbox(INFO, ("HEADER", "Message-ID", message_id))
    wait_until_in_inbox(ADMIN, ("HEADER", "Message-ID", message_id))

    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_folder(driver, "보낸편지함")
    open_message(driver, subject)
    wait(driver).until(lambda d: len(statuses(d)) == 3)
    assert statuses(driver) == {INFO: "unread", ADMIN: "unread", EXTERNAL: "external"}
    panel = driver.find_element(By.CSS_SELECTOR, "[data-testid=receipts-panel]")
    assert "안읽음" in panel.text and "외부" in panel.text

    # info@ reads it; 새로고침 shows 읽음 with its time.
    with imap_for(INFO) as imap:
        imap.select("INBOX")
        _, found = imap.uid("SEARCH", None, "HEADER", "Message-ID", message_id)
        imap.uid("STORE", found[0].split()[-1], "+FLAGS", "(\\Seen)")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=receipts-refresh]").click()
    wait(driver).until(lambda d: statuses(d).get(INFO) == "read")
    assert "읽음 (" in driver.find_element(By.CSS_SELECTOR, f"[data-testid=receipt][data-email='{INFO}']").text

    # 발송취소 asks first: admin@ can be recalled, the external address cannot.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=recall]").click()
    dialog = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=recall-confirm]")))
    who = dialog.find_element(By.CSS_SELECTOR, "[data-testid=recall-who]").text
    assert ADMIN in who and INFO not in who, who
    assert EXTERNAL in dialog.find_element(By.CSS_SELECTOR, "[data-testid=recall-external]").text
    assert "취소할 수 없습니다" in dialog.text
    dialog.find_element(By.CSS_SELECTOR, "[data-testid=recall-confirm-button]").click()

    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=recall-result]")) == 3)
    results = {li.get_attribute("data-email"): li.get_attribute("data-result")
               for li in driver.find_elements(By.CSS_SELECTOR, "[data-testid=recall-result]")}
    assert results == {INFO: "already_read", ADMIN: "recalled", EXTERNAL: "external"}
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=receipts-recalled]")))
    with imap_for(ADMIN) as imap:
        imap.select("INBOX")
        _, found = imap.uid("SEARCH", None, "HEADER", "Message-ID", message_id)
        assert found[0].split() == []
