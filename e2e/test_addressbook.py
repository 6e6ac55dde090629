"""주소록 (issue 27) in Chromium on the real server: an Outlook CSV in CP949 imported through the page
shows its Korean names and the report; a contact is edited; 초성 search; the 회사 주소록 tab shows the
directory (e2e/directory.csv); two selected contacts become compose chips; "주소록에 추가" on a
received message's sender puts them in the address book; the CSV export is a download with the
Korean names."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, ROOT, login, open_message, unique, wait, wait_for_download, wait_for_list

FIXTURES = ROOT / "Tests" / "Fixtures" / "contacts"


def open_address_book(driver):
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=open-address-book]"))).click()
    return wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=address-book]")))


def names(driver) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-testid=contact-name]")]


def row_of(driver, name: str):
    return next(r for r in driver.find_elements(By.CSS_SELECTOR, "[data-testid=contact-row]")
                if r.find_element(By.CSS_SELECTOR, "[data-testid=contact-name]").text == name)


def retype(element, text: str) -> None:
    """Replaces the field's text as a user does (WebElement.clear() bypasses React's onChange)."""
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.BACKSPACE)
    element.send_keys(text)


def search(driver, text: str) -> None:
    box = driver.find_element(By.CSS_SELECTOR, "[data-testid=contacts-search]")
    retype(box, text)
    box.send_keys(Keys.ENTER)


def test_import_edit_search_directory_and_compose_from_the_address_book(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_address_book(driver)
    assert driver.current_url.endswith("/c/")

    driver.find_element(By.CSS_SELECTOR, "[data-testid=contacts-import]").send_keys(str(FIXTURES / "outlook-ko-cp949.csv"))
    report = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=import-report]")))
    assert "새 연락처 2명" in report.text and "5번째 줄" in report.text, report.text
    wait(driver).until(lambda d: names(d) == ["김철수", "홍영태"])
    assert "정보화팀" in row_of(driver, "홍영태").text
    groups = driver.find_element(By.CSS_SELECTOR, "[data-testid=contact-groups]").text
    assert "거래처 (2)" in groups and "정보화팀 (1)" in groups, groups

    # Edit: the title changes, the rest stays.
    row_of(driver, "홍영태").find_element(By.CSS_SELECTOR, "[data-testid=edit-contact]").click()
    title = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=contact-title]")))
    assert title.get_attribute("value") == "책임"
    retype(title, "수석")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=contact-save]").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=contact-form]"))
    wait(driver).until(lambda d: "수석" in row_of(d, "홍영태").text)

    search(driver, "ㄱㅊㅅ")
    wait(driver).until(lambda d: names(d) == ["김철수"])
    search(driver, "")
    wait(driver).until(lambda d: len(names(d)) == 2)

    driver.find_element(By.CSS_SELECTOR, "[data-testid=tab-company]").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=directory-row]")) == 2)
    assert "e2e.directory.head@zioinfo.co.kr" in driver.find_element(By.CSS_SELECTOR, "[data-testid=directory-table]").text
    driver.find_element(By.CSS_SELECTOR, "[data-testid=tab-mine]").click()
    wait(driver).until(lambda d: len(names(d)) == 2)

    for name in ("홍영태", "김철수"):
        row_of(driver, name).find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-selected]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to")))
    chips = lambda d: [c.get_attribute("data-value") for c in d.find_elements(By.CSS_SELECTOR, "[data-testid=recipient-chip]")]
    wait(driver).until(lambda d: len(chips(d)) == 2)
    assert sorted(chips(driver)) == ["김철수 <cskim@example.com>", "홍영태 <ythong@zioinfo.co.kr>"], chips(driver)
    assert "/m/" in driver.current_url


def test_add_a_sender_from_a_message_then_export_it(driver, app, downloads):
    sender_address = f"yh.park.{uuid.uuid4().hex[:8]}@example.net"
    subject = unique("주소록에 추가")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "본문", sender=f"박영희 <{sender_address}>"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    add = driver.find_element(By.CSS_SELECTOR, "[data-testid=message-view] .headers [data-testid=add-to-contacts]")
    assert "박영희" in add.get_attribute("aria-label")
    add.send_keys(Keys.ENTER)  # keyboard-accessible: a real button
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=add-to-contacts]").get_attribute("data-state") == "there")
    assert "주소록에 있음" in driver.find_element(By.CSS_SELECTOR, "[data-testid=add-to-contacts]").get_attribute("aria-label")
    # The header's text is still the addresses alone (the sign is CSS).
    assert driver.find_element(By.CSS_SELECTOR, ".headers dd").text == f"박영희 <{sender_address}>"

    open_address_book(driver)
    wait(driver).until(lambda d: "박영희" in names(d))
    target = downloads / "주소록.csv"
    target.unlink(missing_ok=True)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=export-csv]").click()
    data = wait_for_download(target).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("이름,이메일") and "박영희" in text and sender_address in text, text
