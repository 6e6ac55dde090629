"""Search (issues 25 and 34): the search box looks in subject, From, To and Cc; 상세 검색 adds the
fields (from, dates, …) and 본문 포함; the whole search is in the URL and survives reload."""
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import mails
from harness import E2E_PASSWORD, E2E_USER, imap_for, login, mutf7, open_folder, row_with_subject, unique, wait, wait_for_list

FOLDER = "거래처 메일"
SEOUL = timezone(timedelta(hours=9))


def fill(tag: str) -> dict[str, str]:
    """Three mails in 거래처 메일 received on known days; their subjects by role."""
    subjects = {"old": f"견적서 송부 {tag}", "new": f"견적서 재송부 {tag}", "body": f"회의 안내 {tag}"}
    minsu = "김민수 <minsu@example.com>"
    with imap_for(E2E_USER) as imap:
        imap.delete(mutf7(FOLDER))
        imap.create(mutf7(FOLDER))
        for key, sender, body, day in (("old", minsu, "첨부 확인", 3), ("new", minsu, "다시 보냅니다", 20),
                                       ("body", "박지영 <jiyoung@example.com>", f"본문에만 있는 낱말 zebra{tag}", 10)):
            received = datetime(2026, 11, day, 12, 0, tzinfo=SEOUL)
            imap.append(mutf7(FOLDER), None, received, mails.plain(E2E_USER, subjects[key], body, sender=sender))
    return subjects


def rows(driver) -> list[str]:
    return [r.find_element(By.CSS_SELECTOR, ".subject-button").text.strip() for r in driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")]


def wait_for_rows(driver, expected: list[str]) -> None:
    wait(driver).until(lambda d: sorted(rows(d)) == sorted(expected))


def open_panel(driver):
    driver.find_element(By.CSS_SELECTOR, "[data-testid=advanced-search]").click()
    return wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=search-panel]"))


def set_value(driver, field, value: str) -> None:
    """A date input's value as a person's picking sets it (typing into one depends on the locale)."""
    driver.execute_script(
        "const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;"
        "set.call(arguments[0], arguments[1]); arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, value)


def signed_in_at_folder(driver, app, subjects) -> None:
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_folder(driver, FOLDER)
    row_with_subject(driver, subjects["body"])


def test_a_from_and_date_search_from_the_panel_survives_reload(driver, app):
    tag = unique("search").split()[-1]
    subjects = fill(tag)
    signed_in_at_folder(driver, app, subjects)
    panel = open_panel(driver)
    panel.find_element(By.NAME, "from").send_keys("김민수")
    set_value(driver, panel.find_element(By.NAME, "since"), "2026-11-15")
    panel.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_rows(driver, [subjects["new"]])
    assert "from=" in driver.current_url and "since=2026-11-15" in driver.current_url, driver.current_url

    driver.refresh()
    row_with_subject(driver, subjects["new"])
    wait_for_rows(driver, [subjects["new"]])
    # The panel opens with the search shown.
    panel = open_panel(driver)
    assert panel.find_element(By.NAME, "from").get_attribute("value") == "김민수"
    assert panel.find_element(By.NAME, "since").get_attribute("value") == "2026-11-15"

    # An end date: the last day is included (the API's `before` is the day after it).
    set_value(driver, panel.find_element(By.NAME, "since"), "")
    set_value(driver, panel.find_element(By.NAME, "until"), "2026-11-03")
    panel.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_rows(driver, [subjects["old"]])
    assert "before=2026-11-04" in driver.current_url, driver.current_url

    driver.back()  # the search before
    wait_for_rows(driver, [subjects["new"]])


def test_the_search_box_looks_in_headers_and_the_body_on_request(driver, app):
    tag = unique("search").split()[-1]
    subjects = fill(tag)
    signed_in_at_folder(driver, app, subjects)
    # The quick search box: a sender's name finds both of 김민수's mails, without the panel.
    driver.find_element(By.ID, "search-input").send_keys("김민수", Keys.ENTER)
    wait_for_rows(driver, [subjects["old"], subjects["new"]])

    # A word only in a body: not found by default, found with 본문 포함.
    search = driver.find_element(By.ID, "search-input")
    search.clear()
    search.send_keys(f"zebra{tag}", Keys.ENTER)
    wait(driver).until(lambda d: "검색 결과가 없습니다" in "".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "[data-testid=list-empty]")))
    panel = open_panel(driver)
    assert panel.find_element(By.NAME, "q").get_attribute("value") == f"zebra{tag}"
    panel.find_element(By.NAME, "body").click()
    panel.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_rows(driver, [subjects["body"]])
    assert "body=1" in driver.current_url, driver.current_url

    driver.refresh()
    row_with_subject(driver, subjects["body"])
    wait_for_rows(driver, [subjects["body"]])
    assert driver.find_element(By.ID, "search-input").get_attribute("value") == f"zebra{tag}"


def test_an_all_folders_search_shows_each_rows_folder_and_opens_it_there(driver, app):
    tag = unique("search").split()[-1]
    subjects = fill(tag)
    nested = "프로젝트/부산3D"
    in_nested, in_trash = f"부산 견적 {tag}", f"버린 견적 {tag}"
    with imap_for(E2E_USER) as imap:
        imap.delete(mutf7(nested))
        imap.create(mutf7(nested))
        imap.append(mutf7(nested), None, datetime(2026, 11, 25, 12, 0, tzinfo=SEOUL), mails.plain(E2E_USER, in_nested, "3D 지도"))
        imap.append("Trash", None, None, mails.plain(E2E_USER, in_trash, "휴지통"))
    signed_in_at_folder(driver, app, subjects)
    panel = open_panel(driver)
    panel.find_element(By.NAME, "q").send_keys(f"견적 {tag}")
    panel.find_element(By.CSS_SELECTOR, "input[name=scope][value=all]").click()
    panel.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # 거래처 메일's two 견적 mails and the nested folder's; not the one in Trash.
    wait_for_rows(driver, [subjects["old"], subjects["new"], in_nested])
    assert "scope=all" in driver.current_url, driver.current_url
    chips = {r.find_element(By.CSS_SELECTOR, ".subject-button").text.strip(): r.find_element(By.CSS_SELECTOR, "[data-testid=folder-chip]").text.strip()
             for r in driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")}
    assert chips == {subjects["old"]: FOLDER, subjects["new"]: FOLDER, in_nested: nested}, chips
    assert rows(driver)[0] == in_nested, "newest received first across folders"

    driver.refresh()
    wait_for_rows(driver, [subjects["old"], subjects["new"], in_nested])

    # A row from another folder opens there: the reader shows it, its folder is the one chosen.
    row_with_subject(driver, in_nested).find_element(By.CSS_SELECTOR, ".subject-button").click()
    wait(driver).until(lambda d: in_nested in "".join(v.text for v in d.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]")))
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=folder-tree] [aria-current=true] .folder-name").text.strip() == "부산3D")
    driver.back()  # the search again
    wait_for_rows(driver, [subjects["old"], subjects["new"], in_nested])
