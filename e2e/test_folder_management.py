"""Folder management from the folder pane (issue 25): make a folder and a sub-folder, rename it
(the open folder follows), delete one with mail (it asks, the mail lands in 휴지통), 휴지통 비우기
(asks, then empty), drag and drop of three selected messages onto a folder (moved, with 실행 취소),
스팸 신고 / 스팸 아님 (to 스팸함 and back, with the $Junk / $NotJunk keywords).

Names are asked with the browser's prompt and confirmations with its confirm dialog, as the
SPA does. Chromium runs HTML5 drag and drop only for real pointer drags, which WebDriver cannot
make; the drop test dispatches the same DragEvents (one DataTransfer from dragstart to drop)
on the real row and folder, so the SPA's own handlers run in the real browser.
"""
import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import (E2E_PASSWORD, E2E_USER, count_mail, imap_for, login, mutf7, open_folder, open_message, row_with_subject,
                     unique, wait, wait_for_list)


def css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folder_selector(name: str) -> str:
    return f"[data-testid=folder-tree] button.folder[data-folder={css_string(name)}]"


def folder_button(driver, name: str):
    """The tree's button of a folder, by its full name."""
    return wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, folder_selector(name))))


def folder_gone(driver, name: str) -> None:
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, folder_selector(name)))


def open_folder_menu(driver, name: str, item: str) -> None:
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, folder_selector(name) + " + .folder-menu [data-testid=folder-menu]"))).click()
    menu = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, folder_selector(name) + " + .folder-menu [role=menu]")))
    menu.find_element(By.XPATH, f".//button[@role='menuitem' and normalize-space(.)='{item}']").click()


PARENT_IN_TREE = """
const button = [...document.querySelectorAll("[data-testid=folder-tree] button.folder")].find((b) => b.dataset.folder === arguments[0]);
const parent = button && button.closest("ul[role=group]");
return parent ? parent.closest("li").querySelector("button.folder").dataset.folder : null;
"""


def parent_in_tree(driver, name: str):
    """The folder the tree shows `name` under (None: at the top, or not shown)."""
    return driver.execute_script(PARENT_IN_TREE, name)


def answer_prompt(driver, text: str) -> str:
    alert = wait(driver).until(EC.alert_is_present())
    question = alert.text
    alert.send_keys(text)
    alert.accept()
    return question


def toast_with(driver, text: str):
    xpath = f"//div[@data-testid='notice'][contains(normalize-space(.), \"{text}\")]"
    return wait(driver).until(EC.visibility_of_element_located((By.XPATH, xpath)))


def open_folder_name(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-testid=folder-tree] button.folder[aria-current=true]").get_attribute("data-folder")


def keywords(folder: str, tag: str) -> bytes:
    with imap_for(E2E_USER) as imap:
        imap.select(mutf7(folder), readonly=True)
        _, found = imap.uid("SEARCH", None, "SUBJECT", tag)
        uids = found[0].split()
        assert len(uids) == 1, f"{folder}: {uids}"
        _, data = imap.uid("FETCH", uids[0], "(FLAGS)")
        return data[0]


def test_make_rename_and_delete_folders_from_the_folder_pane(driver, app):
    tag = unique("폴더").split()[-1]
    top = f'거래처 "A+B" & #{tag}'
    sub = f"부산3D {tag}"
    renamed = f"완료 {tag}"
    try:
        login(driver, app, E2E_USER, E2E_PASSWORD)
        wait_for_list(driver)

        # + 새 편지함: asked for a name, the folder appears in the tree.
        driver.find_element(By.CSS_SELECTOR, "[data-testid=new-folder]").click()
        assert "새 편지함 이름" in answer_prompt(driver, top)
        folder_button(driver, top)
        toast_with(driver, "편지함을 만들었습니다.")

        # A sub-folder from the folder's menu: it shows nested under its parent.
        open_folder_menu(driver, top, "하위 편지함 만들기")
        answer_prompt(driver, sub)
        wait(driver).until(lambda d: parent_in_tree(d, f"{top}/{sub}") == top)

        # Open the sub-folder, rename its parent: the open folder follows.
        folder_button(driver, f"{top}/{sub}").click()
        wait(driver).until(lambda d: open_folder_name(d) == f"{top}/{sub}")
        open_folder_menu(driver, top, "이름 바꾸기")
        answer_prompt(driver, renamed)
        folder_button(driver, f"{renamed}/{sub}")
        folder_gone(driver, top)
        wait(driver).until(lambda d: open_folder_name(d) == f"{renamed}/{sub}")

        # Delete with mail inside: it asks (declined: nothing changes), then the mail is in 휴지통.
        subject = f"지우는 폴더의 메일 {tag}"
        with imap_for(E2E_USER) as imap:
            imap.append(mutf7(f"{renamed}/{sub}"), None, None, mails.plain(E2E_USER, subject, "휴지통으로 가야 합니다."))
        driver.refresh()
        wait_for_list(driver)
        open_folder_menu(driver, renamed, "편지함 삭제")
        alert = wait(driver).until(EC.alert_is_present())
        assert "하위 편지함 1개" in alert.text and "메일 1개" in alert.text, alert.text
        alert.dismiss()
        folder_button(driver, renamed)
        open_folder_menu(driver, renamed, "편지함 삭제")
        wait(driver).until(EC.alert_is_present()).accept()
        toast_with(driver, "메일 1개는 휴지통으로 옮겼습니다.")
        folder_gone(driver, renamed)
        folder_gone(driver, f"{renamed}/{sub}")
        assert count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 1
        open_folder(driver, "휴지통")
        row_with_subject(driver, subject)
    finally:
        # A failed run must not leave folders behind for other tests (nor one named like theirs).
        with imap_for(E2E_USER) as imap:
            for name in [f"{top}/{sub}", top, f"{renamed}/{sub}", renamed]:
                imap.delete(mutf7(name))


def test_empty_trash_asks_then_empties_it(driver, app):
    tag = unique("휴지통").split()[-1]
    with imap_for(E2E_USER) as imap:
        for index in range(2):
            imap.append("Trash", None, None, mails.plain(E2E_USER, f"버린 메일 {index} {tag}", "본문"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_folder(driver, "휴지통")
    row_with_subject(driver, f"버린 메일 0 {tag}")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=empty-folder]").click()
    alert = wait(driver).until(EC.alert_is_present())
    assert "영구 삭제" in alert.text, alert.text
    alert.dismiss()
    assert count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 2
    driver.find_element(By.CSS_SELECTOR, "[data-testid=empty-folder]").click()
    wait(driver).until(EC.alert_is_present()).accept()
    toast_with(driver, "영구 삭제했습니다.")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=list-empty]")))
    assert count_mail(E2E_USER, ("ALL",), "Trash") == 0


DRAG_AND_DROP = """
const [row, target] = arguments;
const data = new DataTransfer();
const fire = (element, type) => element.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
fire(row, "dragstart");
fire(target, "dragenter");
const accepted = !fire(target, "dragover");  // a drop target cancels dragover
fire(target, "drop");
fire(row, "dragend");
return accepted;
"""


def test_dragging_three_selected_messages_onto_a_folder_moves_them_with_undo(driver, app):
    tag = unique("끌어 옮기기").split()[-1]
    target = f"옮길 곳 {tag}"
    subjects = [f"끌어 옮길 메일 {index} {tag}" for index in range(3)]
    with imap_for(E2E_USER) as imap:
        imap.create(mutf7(target))
        for subject in subjects:
            imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, "본문"))
    try:
        drag_three_then_one(driver, app, tag, target, subjects)
    finally:
        with imap_for(E2E_USER) as imap:
            imap.delete(mutf7(target))


def drag_three_then_one(driver, app, tag: str, target: str, subjects: list[str]) -> None:
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    rows = [row_with_subject(driver, subject) for subject in subjects]
    for row in rows:
        ActionChains(driver).key_down(Keys.CONTROL).click(row.find_element(By.CSS_SELECTOR, ".cell-from")).key_up(Keys.CONTROL).perform()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row][aria-selected=true]")) == 3)

    assert driver.execute_script(DRAG_AND_DROP, rows[1], folder_button(driver, target)), "the folder did not take the drop"
    toast = toast_with(driver, f"‘{target}’ 편지함으로 3개를 옮겼습니다.")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", tag), mutf7(target)) == 3)
    assert count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 0
    toast.find_element(By.CSS_SELECTOR, "[data-testid=notice-action]").click()
    toast_with(driver, "되돌렸습니다.")
    assert count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 3
    for subject in subjects:
        row_with_subject(driver, subject)

    # After the undo nothing is selected: a row drags alone.
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row][aria-selected=true]")
    assert driver.execute_script(DRAG_AND_DROP, row_with_subject(driver, subjects[2]), folder_button(driver, target))
    toast_with(driver, f"‘{target}’ 편지함으로 1개를 옮겼습니다.")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", tag), mutf7(target)) == 1)


def test_report_spam_and_not_spam(driver, app):
    subject = unique("광고 메일")
    tag = subject.split()[-1]
    with imap_for(E2E_USER) as imap:
        imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, "지금 구매하세요"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    spam = driver.find_element(By.CSS_SELECTOR, "[data-testid=message-view] [data-testid=spam]")
    assert spam.text == "스팸 신고"
    spam.click()
    toast_with(driver, "‘스팸함’ 편지함으로 1개를 옮겼습니다.")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", tag), "Junk") == 1)
    assert re.search(rb"[( ]\$Junk[ )]", keywords("Junk", tag))

    open_folder(driver, "스팸함")
    open_message(driver, subject)
    back = driver.find_element(By.CSS_SELECTOR, "[data-testid=message-view] [data-testid=spam]")
    assert back.text == "스팸 아님"
    back.click()
    toast_with(driver, "‘받은편지함’ 편지함으로 1개를 옮겼습니다.")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 1)
    flags = keywords("INBOX", tag)
    assert re.search(rb"[( ]\$NotJunk[ )]", flags) and not re.search(rb"[( ]\$Junk[ )]", flags), flags
