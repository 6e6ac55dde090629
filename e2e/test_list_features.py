"""Multi-select with shift/ctrl and a bulk action, server search, dark mode from the system."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, login, row_with_subject, unique, wait, wait_for_list


def test_shift_and_ctrl_select_then_delete_together(driver, app):
    tag = unique("선택")
    subjects = [f"{tag} {i}" for i in range(4)]
    for subject in subjects:
        app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "여러 통 선택"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    for subject in subjects:
        row_with_subject(driver, subject)
    # Postfix hands the four to Dovecot in no fixed order: take the order the list shows.
    shown = [b.text.strip() for b in driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row] .subject-button")]
    ours = [s for s in shown if s in subjects]
    assert sorted(ours) == sorted(subjects) and len(ours) == 4, shown
    row_with_subject(driver, ours[0]).click()
    ActionChains(driver).key_down(Keys.SHIFT).click(row_with_subject(driver, ours[2])).key_up(Keys.SHIFT).perform()
    ActionChains(driver).key_down(Keys.CONTROL).click(row_with_subject(driver, ours[1])).key_up(Keys.CONTROL).perform()
    selected = driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row][aria-selected=true]")
    assert len(selected) == 2, "shift selected 3, ctrl took one out"
    toolbar = driver.find_element(By.CSS_SELECTOR, ".bulk")
    assert "2개 선택됨" in toolbar.text
    toolbar.find_element(By.XPATH, ".//button[normalize-space(.)='삭제']").click()
    wait(driver).until(lambda d: not d.find_elements(By.XPATH, f"//button[normalize-space(.)='{ours[2]}']"))
    assert not driver.find_elements(By.XPATH, f"//button[normalize-space(.)='{ours[0]}']")
    assert row_with_subject(driver, ours[1]) and row_with_subject(driver, ours[3])


def test_search_asks_the_server(driver, app):
    needle = unique("견적요청")
    app.deliver(E2E_USER, mails.plain(E2E_USER, needle, "검색 대상"))
    app.deliver(E2E_USER, mails.plain(E2E_USER, unique("다른 메일"), "검색 대상 아님"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    box = driver.find_element(By.ID, "search-input")
    box.send_keys(needle.split()[-1], Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")) == 1)
    assert row_with_subject(driver, needle)


def test_dark_mode_follows_the_system(driver, app):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    driver.get(app.base_url + "/")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-email")))
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 24, 28)", background
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)", background
