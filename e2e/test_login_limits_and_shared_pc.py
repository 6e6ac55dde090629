"""Issue 23: the login page says how many tries are left and how long to wait (items 6, 7), and a
message kept after a 401 on a shared PC goes back to its writer only (item 10)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from harness import body_text, E2E_PASSWORD, E2E_USER, count_mail, fetch_mail, login, password_of, unique, wait, wait_for_list

INFO = "info@zioinfo.co.kr"


def login_error(driver, previous: str | None = None) -> str:
    """The login error's text once it is there (and, after a retry, once it changed)."""
    def shown(d):
        found = d.find_elements(By.CSS_SELECTOR, "[data-testid=login-error]")
        return found and found[0].text.strip() and found[0].text != previous and found[0].text
    return wait(driver, 30).until(shown)


def test_the_login_page_counts_down_the_tries_and_shows_the_wait(driver, isolated_app):
    # Chromium's own login request (JSON, Origin and Sec-Fetch-Site of our page) is accepted: the
    # login CSRF checks do not get in the way of the real page.
    user = "e2elimit@zioinfo.co.kr"
    seen: list[str] = []
    for _ in range(6):
        login(driver, isolated_app, user, "wrong-password")
        seen.append(login_error(driver, seen[-1] if seen else None))
    assert "인증 실패" in seen[0] and "남은 시도 4회" in seen[0], seen
    assert "남은 시도 3회" in seen[1], seen
    assert "남은 시도 0회" in seen[4], seen
    assert "초 후에 다시 시도하세요" in seen[5], seen
    # English when switched.
    driver.get(isolated_app.base_url + "/")
    Select(wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=language]")))).select_by_value("en")
    login(driver, isolated_app, user, "wrong-password")
    english = login_error(driver)
    assert "seconds" in english or "second" in english, english
    driver.execute_script("localStorage.removeItem('zm.language')")


def compose(driver, subject: str, text: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to"))).send_keys(INFO)
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.ID, "compose-body").send_keys(text)


def test_a_message_kept_after_a_401_goes_back_to_its_writer_only(driver, app):
    token = unique("x").split()[-1]
    subject, text = f"공용 PC 초안 {token}", f"A만 볼 수 있는 본문 {token}"
    # A writes; the session ends (the token cookie is gone) and the next call gets a 401.
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    compose(driver, subject, text)
    driver.delete_cookie("zm_token")
    driver.find_element(By.XPATH, "//button[normalize-space(.)='임시 저장']").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".login-notice")))
    # B signs in on the same browser: no compose with A's text, nothing of A's in B's Drafts.
    login(driver, app, INFO, password_of(INFO))
    wait_for_list(driver)
    # B's list has loaded (a kept draft used to be restored before the list was even asked for).
    wait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]") or d.find_elements(By.CSS_SELECTOR, ".rows ~ .empty, p.empty"))
    assert driver.execute_script("return JSON.parse(localStorage.getItem('zm.session') || 'null').email") == INFO
    assert not driver.find_elements(By.ID, "compose-body"), "B sees a compose form"
    assert token not in driver.find_element(By.TAG_NAME, "body").text
    # Still kept for A (B's login neither shows nor deletes it).
    owners = driver.execute_script("return Object.keys(JSON.parse(localStorage.getItem('zm.pendingDraft') || '{}'))")
    assert owners == [E2E_USER], owners
    assert count_mail(INFO, ("SUBJECT", token), folder="Drafts") == 0
    driver.find_element(By.XPATH, "//button[normalize-space(.)='로그아웃']").click()
    # A signs in again: the message is back and saved to A's Drafts.
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-email")))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    body = wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-body")))
    assert body_text(body) == text
    assert driver.find_element(By.ID, "compose-subject").get_attribute("value") == subject
    fetch_mail(E2E_USER, ("SUBJECT", token), folder="Drafts", body=False)
    assert count_mail(INFO, ("SUBJECT", token), folder="Drafts") == 0
    assert not (driver.execute_script("return localStorage.getItem('zm.pendingDraft')") or "")
