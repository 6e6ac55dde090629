"""A folder that fails to load never shows the previous folder's rows under its name (issue 25,
bug 2): acting on them sent the old UIDs with the new folder, and the wrong mail could go."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import (E2E_PASSWORD, E2E_USER, count_mail, imap_for, login, mutf7, open_folder, row_with_subject, unique, wait, wait_for_list,
                     wait_for_push_ready, watch_push)


def test_a_folder_that_fails_to_load_shows_an_error_with_retry_and_no_old_rows(driver, app):
    folder = "없어질 편지함"
    subject = unique("받은편지함 메일")
    tag = subject.split()[-1]
    with imap_for(E2E_USER) as imap:
        imap.delete(mutf7(folder))
        imap.create(mutf7(folder))
        imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, "지워지면 안 됩니다."))
    watch_push(driver)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, subject)
    # The push feed's "ready" reloads the folders; had it landed after the removal below, the
    # folder would have left the tree before the click (a flaky test, not the behaviour under test).
    wait_for_push_ready(driver)
    # Two folder lists answered 200: the one after login and the one "ready" asked for (the
    # probe before login is a 401).
    wait(driver).until(lambda d: d.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter((e) => e.name.includes('/api/mail/folders') && e.responseStatus === 200).length") >= 2)
    inbox_before = count_mail(E2E_USER, ("ALL",), "INBOX")

    # Another session removes the folder after this one listed it: opening it fails.
    with imap_for(E2E_USER) as imap:
        imap.delete(mutf7(folder))
    open_folder(driver, folder)
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=list-error]")))
    assert "편지함을 찾을 수 없습니다" in error.text, error.text
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]"), "rows of INBOX under the new folder's name"
    driver.find_element(By.TAG_NAME, "body").send_keys("#")
    assert count_mail(E2E_USER, ("ALL",), "INBOX") == inbox_before

    # It is back: 다시 시도 shows its mail.
    moved = unique("돌아온 편지함 메일")
    with imap_for(E2E_USER) as imap:
        imap.create(mutf7(folder))
        imap.append(mutf7(folder), None, None, mails.plain(E2E_USER, moved, "다시 시도"))
    error.find_element(By.XPATH, ".//button[normalize-space(.)='다시 시도']").click()
    row_with_subject(driver, moved)
    assert count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 1
    with imap_for(E2E_USER) as imap:
        imap.delete(mutf7(folder))
