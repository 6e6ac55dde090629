"""Undo send and scheduled send (issue 29), in Chromium against the real server and mail stack:
after 보내기 the toast counts down with 발송 취소, which takes the mail back and reopens it in compose
(recipients and body); nothing reaches the recipient. A mail with a pasted image whose toast is let
go arrives after the wait with the image as a cid part of its multipart/related. A mail scheduled
with 예약 발송 is listed in 예약 메일 (its own URL), and 취소 there removes it."""
import email
import email.policy

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from harness import COMPOSE_BODY, E2E_PASSWORD, E2E_USER, body_text, count_mail, fetch_mail, login, unique, wait, wait_for_list
from test_html_compose import EDITOR, caret_at_end, paste_png

TO = "info@zioinfo.co.kr"


def write(driver, subject: str, body: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to"))).send_keys(TO + ",")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.ID, "compose-body").send_keys(body)


def test_undo_send_reopens_the_mail_and_nothing_is_sent(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    subject = unique("발송 취소")
    write(driver, subject, "취소하고 다시 엽니다.")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    countdown = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=countdown]")))
    assert "초 안에 취소할 수 있습니다" in countdown.text
    undo = driver.find_element(By.CSS_SELECTOR, "[data-testid=notice-action]")
    assert undo.text == "발송 취소"
    undo.click()
    # Compose opens again from the returned draft, with its recipient and body.
    wait(driver, 20).until(EC.visibility_of_element_located((By.ID, "compose-subject")))
    wait(driver).until(lambda d: d.find_element(By.ID, "compose-subject").get_attribute("value") == subject)
    assert "취소하고 다시 엽니다." in body_text(driver.find_element(By.CSS_SELECTOR, COMPOSE_BODY))
    wait(driver).until(lambda d: TO in (d.find_element(By.CSS_SELECTOR, "[data-testid=recipients-to]").get_attribute("data-value") or ""))
    # The mail left the outbox for Drafts (so no scanner can send it later) and reached nobody.
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Drafts") == 1
    assert count_mail(TO, ("SUBJECT", subject.split()[-1]), "INBOX") == 0


def test_a_pasted_image_survives_the_undo_wait_with_its_cid_resolved(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    subject = unique("그림 발송")
    write(driver, subject, "그림을 붙여 보냅니다.")
    caret_at_end(driver)
    paste_png(driver)
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, f"{EDITOR} img[data-zm-cid]"))
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    # The undo toast shows, and is let go: the server sends when the delay is over.
    wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=countdown]")))
    raw = fetch_mail(TO, ("SUBJECT", subject.split()[-1]), "INBOX", timeout=90)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    related = next(part for part in message.walk() if part.get_content_type() == "multipart/related")
    html = next(part for part in related.iter_parts() if part.get_content_type() == "text/html").get_content()
    images = [part for part in related.iter_parts() if part.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"], [p.get_content_type() for p in related.iter_parts()]
    cid = images[0]["Content-ID"].strip("<>")
    assert f"cid:{cid}" in html, html
    assert images[0].get_payload(decode=True).startswith(b"\x89PNG")
    assert count_mail(TO, ("SUBJECT", subject.split()[-1]), "INBOX") == 1
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Sent") == 1


def test_a_scheduled_mail_is_listed_and_cancelled_in_the_outbox_view(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    subject = unique("예약 발송")
    write(driver, subject, "내일 아침에 갑니다.")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=schedule-send]").click()
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=schedule-tomorrow]"))).click()
    wait(driver, 30).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notices"), "보낼 예정입니다"))
    driver.find_element(By.CSS_SELECTOR, "[data-testid=open-outbox]").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=outbox-page]")))
    assert driver.current_url.endswith("/o/")
    row = wait(driver).until(EC.visibility_of_element_located(
        (By.XPATH, f"//*[@data-testid='outbox-row'][.//*[contains(., '{subject}')]]")))
    assert "09:00" in row.text or "9:00" in row.text
    row.find_element(By.CSS_SELECTOR, "[data-testid=outbox-cancel]").click()
    wait(driver).until(EC.invisibility_of_element_located(
        (By.XPATH, f"//*[@data-testid='outbox-row'][.//*[contains(., '{subject}')]]")))
    # The URL is the view's: a reload shows it again, without the cancelled mail.
    driver.refresh()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=outbox-page]")))
    assert subject not in driver.find_element(By.CSS_SELECTOR, "[data-testid=outbox-page]").text
