"""The small things of an office day (issue 25, bugs 5 and 9): `#` with nothing chosen deletes
nothing, focus returns to the password after a failed login, empty states sit at the top with no
"0–0" pager, and Shift-click selects rows without painting page text."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, count_mail, imap_for, login, row_with_subject, unique, wait, wait_for_list


def test_focus_returns_to_the_password_after_a_failed_login(driver, app):
    # Clicking 로그인 (not Enter) focuses the button, which is disabled while signing in.
    driver.get(app.base_url + "/")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "login-email"))).send_keys(E2E_USER)
    driver.find_element(By.ID, "login-password").send_keys("wrong-password")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=login-error]")))
    wait(driver).until(lambda d: d.switch_to.active_element.get_attribute("id") == "login-password")


def test_hash_with_nothing_chosen_deletes_nothing(driver, app):
    subject = unique("커서 행 보호")
    tag = subject.split()[-1]
    with imap_for(E2E_USER) as imap:
        imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, "지워지면 안 됩니다."))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, subject)
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("#")
    body.send_keys(Keys.DELETE)
    # A delete would show its toast; the list is reloaded from the server here to be sure.
    driver.find_element(By.ID, "search-input").send_keys(tag, Keys.ENTER)
    row_with_subject(driver, subject)
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=notice]")
    assert count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 1


def test_empty_search_says_so_at_the_top_without_a_pager(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    listing = wait_for_list(driver)
    driver.find_element(By.ID, "search-input").send_keys(unique("없는검색어").replace(" ", ""), Keys.ENTER)
    empty = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=list-empty]")))
    assert empty.text == "검색 결과가 없습니다."
    assert empty.rect["y"] <= listing.rect["y"] + 5, (empty.rect, listing.rect)
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=page-info]")


def test_shift_click_selects_rows_without_selecting_page_text(driver, app):
    subjects = [unique("범위 선택") for _ in range(3)]
    with imap_for(E2E_USER) as imap:
        for subject in subjects:
            imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, "범위"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    rows = [row_with_subject(driver, s) for s in subjects]
    ActionChains(driver).key_down(Keys.CONTROL).click(rows[0]).key_up(Keys.CONTROL).perform()
    ActionChains(driver).key_down(Keys.SHIFT).click(rows[2]).key_up(Keys.SHIFT).perform()
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row][aria-selected=true]")) >= 3
    assert driver.execute_script("return window.getSelection().toString()") == ""
