"""Every view has its own URL (issue 25, "URLs"): /m/<folder>?q=…&uid=… — reload and back/forward
keep the user's place, and a row's link opens its message in a new tab."""
from urllib.parse import urlsplit

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.mouse_button import MouseButton
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, imap_for, login, mutf7, open_folder, open_message, row_with_subject, unique, wait, wait_for_list

FOLDER = "거래처 메일"


def fill(tag: str) -> dict[str, str]:
    """A message in INBOX and two in 거래처 메일; their subjects by role."""
    subjects = {"inbox": f"받은 메일 {tag}", "open": f"견적서 송부 {tag}", "other": f"회의 일정 안내 {tag}"}
    with imap_for(E2E_USER) as imap:
        imap.delete(mutf7(FOLDER))
        imap.create(mutf7(FOLDER))
        imap.append("INBOX", None, None, mails.plain(E2E_USER, subjects["inbox"], "받은편지함"))
        for key in ("open", "other"):
            imap.append(mutf7(FOLDER), None, None, mails.plain(E2E_USER, subjects[key], "거래처"))
    return subjects


def selected_folder(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-testid=folder-tree] [aria-current=true] .folder-name").text.strip()


def reader_shows(driver, subject: str) -> None:
    wait(driver).until(lambda d: subject in "".join(v.text for v in d.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]")))


def reader_closed(driver) -> None:
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]"))


def path_and_query(driver) -> str:
    url = urlsplit(driver.current_url)
    return url.path + ("?" + url.query if url.query else "")


def signed_in(driver, app) -> None:
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    wait(driver).until(lambda d: path_and_query(d) == "/m/INBOX")  # / became INBOX's URL


def test_reload_keeps_the_folder_and_the_open_message(driver, app):
    subjects = fill(unique("url").split()[-1])
    signed_in(driver, app)
    open_folder(driver, FOLDER)
    open_message(driver, subjects["open"])
    wait(driver).until(lambda d: "uid=" in d.current_url)
    assert path_and_query(driver).startswith("/m/%EA%B1%B0%EB%9E%98%EC%B2%98%20%EB%A9%94%EC%9D%BC?uid="), driver.current_url
    driver.refresh()
    reader_shows(driver, subjects["open"])
    row_with_subject(driver, subjects["other"])
    assert selected_folder(driver) == FOLDER


def test_back_and_forward_between_two_folders_and_a_message(driver, app):
    subjects = fill(unique("url").split()[-1])
    signed_in(driver, app)
    row_with_subject(driver, subjects["inbox"])
    open_folder(driver, FOLDER)
    row_with_subject(driver, subjects["other"])
    open_message(driver, subjects["open"])

    driver.back()  # the folder, message closed
    reader_closed(driver)
    row_with_subject(driver, subjects["other"])
    assert selected_folder(driver) == FOLDER
    driver.back()  # INBOX
    row_with_subject(driver, subjects["inbox"])
    assert selected_folder(driver) == "받은편지함"
    assert path_and_query(driver) == "/m/INBOX"
    driver.forward()
    driver.forward()  # the message again
    reader_shows(driver, subjects["open"])
    assert selected_folder(driver) == FOLDER


def test_a_rows_link_opens_its_message_in_a_new_tab(driver, app):
    subjects = fill(unique("url").split()[-1])
    signed_in(driver, app)
    open_folder(driver, FOLDER)
    link = row_with_subject(driver, subjects["open"]).find_element(By.CSS_SELECTOR, "a.subject-button")
    href = link.get_attribute("href")
    assert urlsplit(href).path.startswith("/m/"), href

    # A middle click is the browser's: a new tab, and this one stays on the list.
    first = driver.current_window_handle
    middle = ActionBuilder(driver)
    middle.pointer_action.move_to(link).click(button=MouseButton.MIDDLE)
    middle.perform()
    wait(driver).until(lambda d: len(d.window_handles) == 2)
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]"), "a middle click opened the message here too"

    # The new tab (the same session cookie) shows that message in its folder.
    driver.switch_to.window(next(h for h in driver.window_handles if h != first))
    reader_shows(driver, subjects["open"])
    assert selected_folder(driver) == FOLDER
    driver.close()

    # A ctrl-click on the link stays multi-select, as anywhere on the row: no tab, the row chosen.
    driver.switch_to.window(first)
    ActionChains(driver).key_down(Keys.CONTROL).click(link).key_up(Keys.CONTROL).perform()
    wait(driver).until(lambda d: row_with_subject(d, subjects["open"]).get_attribute("aria-selected") == "true")
    assert len(driver.window_handles) == 1
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]")

    # The href itself, typed into a fresh tab, does the same.
    driver.switch_to.new_window("tab")
    driver.get(href)
    reader_shows(driver, subjects["open"])
    assert selected_folder(driver) == FOLDER


def test_a_search_in_the_url_survives_reload(driver, app):
    subjects = fill(unique("url").split()[-1])
    signed_in(driver, app)
    open_folder(driver, FOLDER)
    row_with_subject(driver, subjects["other"])
    driver.find_element(By.ID, "search-input").send_keys("견적서 송부", Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")) == 1)
    assert "q=" in driver.current_url
    driver.refresh()
    row_with_subject(driver, subjects["open"])
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")) == 1)
    assert driver.find_element(By.ID, "search-input").get_attribute("value") == "견적서 송부"
    assert selected_folder(driver) == FOLDER


def test_an_unknown_folder_in_the_url_shows_the_folder_load_error(driver, app):
    signed_in(driver, app)
    driver.get(app.base_url + "/m/%EC%97%86%EB%8A%94%20%ED%8E%B8%EC%A7%80%ED%95%A8")  # 없는 편지함
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=list-error]")))
    assert "편지함을 찾을 수 없습니다" in error.text, error.text


def test_closing_a_message_then_back_does_not_reopen_it(driver, app):
    subjects = fill(unique("url").split()[-1])
    signed_in(driver, app)
    open_folder(driver, FOLDER)
    open_message(driver, subjects["open"])
    wait(driver).until(lambda d: "uid=" in d.current_url)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)  # closes the message
    reader_closed(driver)
    wait(driver).until(lambda d: "uid=" not in d.current_url)
    driver.back()  # the entry before the folder: INBOX, not the message again
    wait(driver).until(lambda d: path_and_query(d) == "/m/INBOX")
    row_with_subject(driver, subjects["inbox"])
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]")


def test_sort_and_filter_are_in_the_url_through_reload_and_back(driver, app):
    subjects = fill(unique("url").split()[-1])
    signed_in(driver, app)
    open_folder(driver, FOLDER)
    row_with_subject(driver, subjects["other"])
    driver.find_element(By.CSS_SELECTOR, "[data-testid=sort-order]").click()  # oldest first
    wait(driver).until(lambda d: "order=asc" in d.current_url)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=filter-unread]").click()
    wait(driver).until(lambda d: "filter=unread" in d.current_url)
    driver.refresh()
    row_with_subject(driver, subjects["other"])
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=filter-unread]").get_attribute("aria-pressed") == "true")
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=sort-order]").text == "↑"
    driver.back()  # the filter goes, the order stays
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=filter-unread]").get_attribute("aria-pressed") == "false")
    assert "order=asc" in driver.current_url and "filter=" not in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=sort-order]").text == "↑"
