"""The seed's test scenario, exactly, and its error flow (wrong password → 인증 실패)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import shown_message_text, login, password_of, row_with_subject, unique, wait, wait_for_list

YTHONG = "ythong@zioinfo.co.kr"
INFO = "info@zioinfo.co.kr"


def test_wrong_password_shows_authentication_failed(driver, app):
    login(driver, app, YTHONG, "not-the-password")
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=login-error]")))
    assert "인증 실패" in error.text
    assert driver.find_elements(By.ID, "login-email"), "still on the login page"


def test_seed_scenario_login_read_send_and_receive(driver, app):
    # 1-3: log in as ythong@, the inbox is listed (with a mail we know is there)
    incoming = unique("시나리오 수신")
    app.deliver(YTHONG, mails.plain(YTHONG, incoming, "안녕하세요, 본문입니다.\nhttps://zioinfo.co.kr 참고"))
    login(driver, app, YTHONG, password_of(YTHONG))
    wait_for_list(driver)
    inbox = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-role=inbox]")))
    assert "받은편지함" in inbox.text
    # 4: open it and read the body
    row_with_subject(driver, incoming).click()
    body = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=message-text]")))
    assert "안녕하세요, 본문입니다." in body.text
    link = body.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href") == "https://zioinfo.co.kr/"
    # 5: compose to info@ and send
    outgoing = unique("웹메일 발송 테스트")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to"))).send_keys(INFO)
    driver.find_element(By.ID, "compose-subject").send_keys(outgoing)
    driver.find_element(By.ID, "compose-body").send_keys("지오정보기술 웹메일에서 보냅니다.")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    notice = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=notice]")))
    assert "메일을 보냈습니다" in notice.text
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=compose-dialog]")
    # 6: log in as info@ and find it (once Postfix has delivered it)
    app.wait_for_subject(INFO, outgoing.split()[-1])
    driver.find_element(By.XPATH, "//button[normalize-space(.)='로그아웃']").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-email")))
    login(driver, app, INFO, password_of(INFO))
    wait_for_list(driver)
    row_with_subject(driver, outgoing, timeout=30).click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=message-view]")))
    # Sent from the HTML editor (the default): the reader shows it in its frame.
    wait(driver).until(lambda d: "지오정보기술 웹메일에서 보냅니다." in shown_message_text(d))
    assert YTHONG in shown_message_text(driver)


def test_mail_server_down_is_not_a_wrong_password(driver, app_without_mail_server):
    login(driver, app_without_mail_server, YTHONG, password_of(YTHONG))
    error = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=login-error]")))
    assert error.text.strip()
    assert "인증 실패" not in error.text


def test_too_many_wrong_passwords_are_rate_limited(driver, isolated_app):
    # A server and an account of their own: the limit (per account and per client address) must
    # not lock out the other tests.
    user = "e2elimit@zioinfo.co.kr"
    seen = []
    for _ in range(8):
        login(driver, isolated_app, user, "wrong-password")
        error = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=login-error]")))
        seen.append(error.text)
        if "너무 많습니다" in error.text:
            break
    assert "너무 많습니다" in seen[-1], seen
    assert "인증 실패" in seen[0]
