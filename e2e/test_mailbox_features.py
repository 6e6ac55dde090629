"""Korean attachment names, new mail without reload, keyboard navigation, phone width."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC


import mails
from harness import (E2E_PASSWORD, E2E_USER, login, row_with_subject, unique, wait, wait_for_download, wait_for_list,
                     wait_for_push_ready, watch_push)



def test_korean_named_attachment_downloads_under_its_name(driver, app, downloads):
    subject = unique("첨부 테스트")
    name = f"견적서_{subject.split()[-1]}_2026년.pdf"
    data = b"%PDF-1.4\n% zioinfo test\n" + bytes(range(256)) * 8
    app.deliver(E2E_USER, mails.with_attachment(E2E_USER, subject, name, data))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, subject).click()
    link = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=attachment]")))
    assert name in link.text
    link.click()
    assert wait_for_download(downloads / name).read_bytes() == data


def test_new_mail_appears_without_reload(driver, app):
    watch_push(driver)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    driver.execute_script("window.__sameDocument = true")
    wait_for_push_ready(driver)  # the server's IDLE watches INBOX from now on
    subject = unique("실시간 새 메일")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "푸시 테스트"))
    row = row_with_subject(driver, subject, timeout=10)
    assert "unseen" in row.get_attribute("class")
    assert driver.execute_script("return window.__sameDocument === true"), "the page was not reloaded"
    wait(driver).until(lambda d: d.title.startswith("("))
    assert "받은편지함" in driver.title


def test_keyboard_navigation(driver, app):
    subjects = [unique(f"키보드 {i}") for i in range(3)]
    for subject in subjects:
        app.deliver(E2E_USER, mails.plain(E2E_USER, subject, f"본문 {subject}"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    for subject in subjects:
        row_with_subject(driver, subject)
    # Postfix hands the three to Dovecot in no fixed order: they are the newest, in the list's order.
    shown = [b.text.strip() for b in driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row] .subject-button")]
    assert sorted(shown[:3]) == sorted(subjects), shown
    top, second = shown[0], shown[1]
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    body.send_keys("k")
    body.send_keys(Keys.ENTER)
    view = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=message-view]")))
    wait(driver).until(lambda d: top in d.find_element(By.CSS_SELECTOR, "[data-testid=message-view]").text)
    body.send_keys("j")
    body.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: second in d.find_element(By.CSS_SELECTOR, "[data-testid=message-view]").text)
    # s stars, u marks unread and closes
    body.send_keys("s")
    row = row_with_subject(driver, second)
    wait(driver).until(lambda d: row_with_subject(d, second).find_element(By.CSS_SELECTOR, ".star").get_attribute("aria-pressed") == "true")
    # r opens a reply addressed to the sender
    body.send_keys("r")
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to")))
    assert "hong@example.net" in driver.find_element(By.CSS_SELECTOR, "[data-testid=recipients-to]").get_attribute("data-value")
    assert driver.find_element(By.ID, "compose-subject").get_attribute("value") == f"Re: {second}"
    # Esc on a reply asks before discarding
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    if driver.find_elements(By.CSS_SELECTOR, "[role=alertdialog]"):
        driver.find_element(By.XPATH, "//button[normalize-space(.)='버리기']").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    # / focuses search, c composes
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("/")
    assert driver.switch_to.active_element.get_attribute("id") == "search-input"
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    driver.find_element(By.TAG_NAME, "body").send_keys("c")
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    # # deletes the message at the cursor
    row_with_subject(driver, second).click()
    wait(driver).until(lambda d: second in d.find_element(By.CSS_SELECTOR, "[data-testid=message-view]").text)
    driver.find_element(By.TAG_NAME, "body").send_keys("#")
    wait(driver).until(lambda d: not d.find_elements(By.XPATH, f"//button[normalize-space(.)='{second}']"))
    del row


def test_phone_width_shows_one_pane_at_a_time(phone_driver, app):
    driver = phone_driver
    subject = unique("모바일")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, "작은 화면에서 읽기"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    folders = driver.find_element(By.CSS_SELECTOR, ".pane-folders")
    view = driver.find_element(By.CSS_SELECTOR, ".pane-view")
    assert not folders.is_displayed() and not view.is_displayed()
    row_with_subject(driver, subject).click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, ".pane-view").is_displayed())
    assert not driver.find_element(By.CSS_SELECTOR, ".pane-list").is_displayed()
    # the pane shows at once, the message when it has loaded
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=message-view]"), "작은 화면에서 읽기"))
    assert driver.execute_script("return window.innerWidth") == 390
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"no horizontal scrolling at phone width (scrollWidth {width})"
    driver.find_element(By.CSS_SELECTOR, ".back-button").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, ".pane-list").is_displayed())
    driver.find_element(By.CSS_SELECTOR, ".folders-toggle").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, ".pane-folders").is_displayed())
    assert "받은편지함" in driver.find_element(By.CSS_SELECTOR, ".pane-folders").text


def test_attachment_by_picker_is_sent_with_progress_and_arrives(driver, app, downloads, tmp_path):
    name = f"회의록_{unique('x').split()[-1]}.txt"
    upload = tmp_path / name
    upload.write_bytes("회의록 내용\n".encode() * 2000)
    subject = unique("첨부 발송")
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to"))).send_keys(E2E_USER)
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=file-input]").send_keys(str(upload))
    listed = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=attachment-chip]")))
    assert name in listed.text
    wait(driver, 30).until(lambda d: listed.get_attribute("data-state") == "done")  # uploaded at once
    assert "18.2 MB" in driver.find_element(By.CSS_SELECTOR, ".size-limit").text  # 25 MB message, base64 counted
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    notice = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=notice]")))
    assert "메일을 보냈습니다" in notice.text
    row_with_subject(driver, subject, timeout=30).click()
    link = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=attachment]")))
    assert name in link.text
    link.click()
    assert wait_for_download(downloads / name).read_bytes() == upload.read_bytes()
