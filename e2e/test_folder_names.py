"""Folders named as offices name them, and searches with a space (issue 25, bug 1).

The SPA's URLSearchParams sends a space as `+`; the server once read it as a plus sign, so
`거래처 메일` could not be opened and `회의 일정` found nothing.
"""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import mails
from harness import E2E_PASSWORD, E2E_USER, imap_for, login, mutf7, open_folder, row_with_subject, unique, wait, wait_for_list

FOLDERS = ["거래처 메일", "Sent Items", "A+B & C%", "프로젝트/부산3D"]


def fill_folders(subject_of) -> None:
    with imap_for(E2E_USER) as imap:
        for name in FOLDERS:
            imap.delete(mutf7(name))
            imap.create(mutf7(name))
            imap.append(mutf7(name), None, None, mails.plain(E2E_USER, subject_of(name), "다음 주 회의 일정을 안내드립니다."))


def test_folders_with_spaces_and_symbols_open_and_search_with_a_space_finds(driver, app):
    tag = unique("회의 일정 안내").split()[-1]
    subjects = {name: f"회의 일정 안내 {name} {tag}" for name in FOLDERS}
    fill_folders(subjects.get)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    for name in FOLDERS:
        open_folder(driver, name.split("/")[-1])  # a nested folder shows its own name under its parent
        row_with_subject(driver, subjects[name])
        rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")
        assert len(rows) == 1, f"{name}: {[r.text for r in rows]}"

    # A search with a space: every word must occur, in any order.
    open_folder(driver, "거래처 메일")
    row_with_subject(driver, subjects["거래처 메일"])
    box = driver.find_element(By.ID, "search-input")
    box.send_keys(f"{tag} 회의", Keys.ENTER)
    row_with_subject(driver, subjects["거래처 메일"])
    box.clear()
    box.send_keys("회의 없는낱말", Keys.ENTER)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]"))
