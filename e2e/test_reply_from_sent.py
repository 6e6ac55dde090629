"""Reply and reply-all to a mail I sent, opened in 보낸편지함 (issue 25, bug 7): Gmail addresses the
original recipients; the webmail once addressed the reply to the user herself."""
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from harness import E2E_PASSWORD, E2E_USER, imap_for, login, open_folder, open_message, unique, wait, wait_for_list


def sent_mail(subject: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"테스트 <{E2E_USER}>"
    msg["To"] = "김철수 <kim@example.net>"
    msg["Cc"] = f"정보 <info@zioinfo.co.kr>, {E2E_USER}"
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="zioinfo.co.kr")
    msg.set_content("견적서 보내드립니다.")
    return msg.as_bytes()


def open_compose_from(driver, button_text: str) -> None:
    view = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=message-view]")))
    view.find_element(By.XPATH, f".//button[normalize-space(.)='{button_text}']").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))


def field(driver, name: str) -> str:
    """The field's text as the form keeps it (its chips), "" when the field is not shown."""
    found = driver.find_elements(By.CSS_SELECTOR, f"[data-testid=recipients-{name}]")
    return found[0].get_attribute("data-value") if found else ""


def close_compose(driver) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-close]").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=compose-dialog]"))


def test_reply_from_sent_goes_to_the_recipients_not_to_me(driver, app):
    subject = unique("견적서 송부")
    with imap_for(E2E_USER) as imap:
        imap.append("Sent", "(\\Seen)", None, sent_mail(subject))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_folder(driver, "보낸편지함")
    open_message(driver, subject)

    open_compose_from(driver, "답장")
    assert "kim@example.net" in field(driver, "to") and E2E_USER not in field(driver, "to"), field(driver, "to")
    close_compose(driver)

    open_compose_from(driver, "전체 답장")
    to, cc = field(driver, "to"), field(driver, "cc")
    assert "kim@example.net" in to and E2E_USER not in to, to
    assert "info@zioinfo.co.kr" in cc and E2E_USER not in cc, cc
