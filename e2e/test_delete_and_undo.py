"""Deleting and moving say how many went where and offer 실행 취소; deleting in 휴지통 asks first and is
final (issue 25, bug 5)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import (E2E_PASSWORD, E2E_USER, count_mail, imap_for, login, open_folder, open_message, row_with_subject, unique, wait,
                     wait_for_list)


def toast_with(driver, text: str):
    xpath = f"//div[@data-testid='notice'][contains(normalize-space(.), '{text}')]"
    return wait(driver).until(EC.visibility_of_element_located((By.XPATH, xpath)))


def test_delete_offers_undo_and_trash_asks_before_deleting_forever(driver, app):
    subject = unique("실행 취소 시험")
    tag = subject.split()[-1]
    with imap_for(E2E_USER) as imap:
        imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, "지워도 되돌릴 수 있습니다."))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)

    # Delete, then undo from the toast: the mail is back in INBOX.
    open_message(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=delete]").click()
    toast = toast_with(driver, "1개를 휴지통으로 옮겼습니다.")
    assert count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 1
    toast.find_element(By.CSS_SELECTOR, "[data-testid=notice-action]").click()
    toast_with(driver, "되돌렸습니다.")
    row_with_subject(driver, subject)
    assert count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 1
    assert count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 0

    # Delete again, then in 휴지통: declining the question keeps it; accepting deletes it for good.
    open_message(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=delete]").click()
    toast_with(driver, "1개를 휴지통으로 옮겼습니다.")
    open_folder(driver, "휴지통")
    open_message(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=delete]").click()
    alert = wait(driver).until(EC.alert_is_present())
    assert "영구 삭제" in alert.text, alert.text
    alert.dismiss()
    assert count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 1
    driver.find_element(By.CSS_SELECTOR, "[data-testid=delete]").click()
    wait(driver).until(EC.alert_is_present()).accept()
    toast = toast_with(driver, "1개를 영구 삭제했습니다.")
    assert not toast.find_elements(By.CSS_SELECTOR, "[data-testid=notice-action]")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 0)
