"""A 401 in the middle of writing keeps the message (and its attachments); English is one switch away."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import mails
from harness import body_text, E2E_PASSWORD, E2E_USER, fetch_mail, login, password_of, unique, wait, wait_for_list

HANGUL = re.compile("[\u3131-\u318e\uac00-\ud7a3]")


def test_session_loss_keeps_the_message_being_written(driver, app, tmp_path):
    token = unique("x").split()[-1]
    subject = f"세션 만료 중 작성 {token}"
    attachment = tmp_path / f"첨부_{token}.txt"
    attachment.write_bytes("세션이 끝나도 남는 첨부\n".encode() * 100)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to"))).send_keys("info@zioinfo.co.kr")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.ID, "compose-body").send_keys("사라지면 안 되는 긴 본문")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=file-input]").send_keys(str(attachment))
    chip = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=attachment-chip]")))
    wait(driver, 30).until(lambda d: chip.get_attribute("data-state") == "done")
    # The session ends (expired or revoked): the server answers 401 to the next call.
    driver.delete_cookie("zm_token")
    driver.find_element(By.XPATH, "//button[normalize-space(.)='임시 저장']").click()
    notice = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".login-notice")))
    assert "다시 로그인" in notice.text
    driver.find_element(By.ID, "login-email").send_keys(E2E_USER)
    password = driver.find_element(By.ID, "login-password")
    password.send_keys(E2E_PASSWORD)
    password.submit()
    body = wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-body")))
    assert body_text(body) == "사라지면 안 되는 긴 본문"
    assert driver.find_element(By.ID, "compose-subject").get_attribute("value") == subject
    # The attachment came back too, and the restored message went to Drafts with it.
    assert attachment.name in driver.find_element(By.CSS_SELECTOR, "[data-testid=attachment-chip]").text
    raw = fetch_mail(E2E_USER, ("SUBJECT", token), folder="Drafts")
    assert mails.attachments_of(raw) == [(attachment.name, attachment.read_bytes())]


def test_english_can_be_chosen_and_is_remembered(driver, app):
    driver.get(app.base_url + "/")
    select = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=language]")))
    assert driver.find_element(By.CSS_SELECTOR, "label[for=login-email]").text == "이메일"
    Select(select).select_by_value("en")
    assert driver.find_element(By.CSS_SELECTOR, "label[for=login-email]").text == "Email"
    assert driver.execute_script("return document.documentElement.lang") == "en"
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    # The page shows before the folders have loaded.
    inbox = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-role=inbox]")))
    assert "Inbox" in inbox.text
    driver.execute_script("localStorage.removeItem('zm.language')")


def choose_english(driver, app) -> None:
    driver.get(app.base_url + "/")
    select = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=language]")))
    Select(select).select_by_value("en")


def test_an_english_user_sees_english_errors_not_the_servers_korean_detail(driver, app, app_without_mail_server):
    # The server's error bodies carry a stable code and a Korean detail; the SPA words the code itself.
    choose_english(driver, app)
    login(driver, app, E2E_USER, "not-the-password")
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=login-error]")))
    assert error.text.startswith("Authentication failed"), error.text
    assert not HANGUL.search(error.text), error.text
    # The mail server is down: 502 {"code": "mail_server_unavailable", "detail": "메일 서버…"}.
    choose_english(driver, app_without_mail_server)
    login(driver, app_without_mail_server, "ythong@zioinfo.co.kr", password_of("ythong@zioinfo.co.kr"))
    error = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=login-error]")))
    assert error.text == "The mail server cannot be reached. Try again shortly.", error.text
    driver.execute_script("localStorage.removeItem('zm.language')")
