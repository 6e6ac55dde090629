"""환경설정 (issue 27) in Chromium on the real server: a setting applies at once and follows the user
to a second, fresh browser; a signature goes in above the quoted text of a reply; 이 발신자는 항상
표시 is remembered server-side, so a second browser shows that sender's images at once."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import mails
from harness import (COMPOSE_BODY, body_text, E2E_PASSWORD, E2E_USER, login, make_driver, open_message, row_with_subject, unique, wait,
                     wait_for_list)


def open_settings(driver):
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=open-settings]"))).click()
    return wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=settings-page]")))


def choose(driver, name: str, value: str) -> None:
    select = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"[data-testid=setting-{name}]")))
    Select(select).select_by_value(value)


def second_browser(downloads, app):
    other = make_driver(downloads)
    login(other, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(other)
    return other


def test_settings_apply_at_once_and_follow_to_a_second_browser(driver, app, downloads):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_settings(driver)
    assert driver.current_url.endswith("/s/")
    assert "환경설정" in driver.find_element(By.TAG_NAME, "h1").text
    choose(driver, "theme", "dark")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.theme") == "dark")
    choose(driver, "reading_pane", "bottom")
    choose(driver, "language", "en")
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Settings")
    name = driver.find_element(By.CSS_SELECTOR, "[data-testid=setting-display_name]")
    name.send_keys("홍영태")
    choose(driver, "page_size", "20")  # (the name's blur saves it)
    wait(driver).until(lambda d: "홍영태" in d.find_element(By.CSS_SELECTOR, "[data-testid=settings-page] .hint").text)
    # Back to the mail: the reading pane is below the list, and a reload keeps the page's URL.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=settings-back]").click()
    panes = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=panes]")))
    assert "reading-bottom" in panes.get_attribute("class")
    assert "/m/" in driver.current_url

    other = second_browser(downloads, app)
    try:
        wait(other).until(lambda d: d.execute_script("return document.documentElement.dataset.theme") == "dark")
        panes = other.find_element(By.CSS_SELECTOR, "[data-testid=panes]")
        assert "reading-bottom" in panes.get_attribute("class")
        assert other.find_element(By.CSS_SELECTOR, "[data-testid=open-settings]").text == "Settings"
        other.get(app.base_url + "/s/")
        page = wait(other).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=settings-page]")))
        assert other.find_element(By.CSS_SELECTOR, "[data-testid=setting-display_name]").get_attribute("value") == "홍영태"
        assert Select(page.find_element(By.CSS_SELECTOR, "[data-testid=setting-page_size]")).first_selected_option.text == "20"
    finally:
        other.quit()


def test_a_signature_goes_above_the_quoted_text_of_a_reply(driver, app):
    subject = unique("서명 테스트")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "원문 본문입니다."))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_settings(driver)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=add-signature]").click()
    text = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=signature-text]")))
    text.send_keys("홍영태 드림\n지오정보기술")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=signature-name]").click()  # blur: saved
    wait(driver).until(lambda d: len(Select(d.find_element(By.CSS_SELECTOR, "[data-testid=setting-signature_reply]")).options) == 2)
    wait(driver).until(lambda d: d.execute_script(
        "return fetch('/api/settings').then(r => r.json()).then(s => s.signatures[0] && s.signatures[0].text)") == "홍영태 드림\n지오정보기술")
    choose(driver, "signature_reply", "sig-1")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=settings-back]").click()
    wait_for_list(driver)
    open_message(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=reply]").click()
    # The HTML editor (compose_format's default): the signature above the quote's header block.
    body = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, f".compose {COMPOSE_BODY}")))
    wait(driver).until(lambda d: "원문 본문입니다." in body_text(body))
    value = body_text(body)
    signature = re.search(r"-- ?\n홍영태 드림\n지오정보기술", value).start()  # innerText drops the space before <br>
    assert signature < value.index("보낸 사람:") < value.index("원문 본문입니다."), value
    # The picker takes it out again.
    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=signature-picker]")).select_by_value("")
    wait(driver).until(lambda d: "홍영태 드림" not in body_text(d.find_element(By.CSS_SELECTOR, f".compose {COMPOSE_BODY}")))
    assert "원문 본문입니다." in body_text(body)


def test_a_trusted_sender_is_remembered_for_a_second_browser(driver, app, downloads, hit_counter):
    subject = unique("신뢰 발신자")
    pixel = f"http://127.0.0.1:{hit_counter.port}/pixel-{subject.split()[-1]}.png"
    app.deliver(E2E_USER, mails.with_image_urls(E2E_USER, subject, [pixel]))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    trust = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=trust-sender]")))
    assert trust.text == "이 발신자는 항상 표시"
    assert hit_counter.hits == []
    trust.click()
    wait(driver).until(lambda _: any(h.startswith("/pixel-") for h in hit_counter.hits))
    wait(driver).until(lambda d: d.execute_script(
        "return fetch('/api/settings').then(r => r.json()).then(s => s.trusted_senders.join())") == "sender@example.net")

    hit_counter.hits.clear()
    other = second_browser(downloads, app)
    try:
        open_message(other, subject)
        wait(other).until(lambda _: any(h.startswith("/pixel-") for h in hit_counter.hits))
        assert not other.find_elements(By.CSS_SELECTOR, "[data-testid=trust-sender]")
        # The settings page lists the sender and removes it.
        open_settings(other)
        listed = wait(other).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=trusted-sender]")))
        assert "sender@example.net" in listed.text
        listed.find_element(By.TAG_NAME, "button").click()
        wait(other).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=trusted-sender]"))
    finally:
        other.quit()
