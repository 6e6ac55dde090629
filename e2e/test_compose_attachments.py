"""Attachments in compose: a forward carries the original's attachments; a file picked (or dropped)
uploads with progress into a draft, which reopens from Drafts (button, double-click, Enter) and is
sent (and then gone from Drafts). What the recipient got is read back over IMAP, bytes and names."""
import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import (body_text, ARTIFACTS, E2E_PASSWORD, E2E_USER, count_mail, fetch_mail, login, row_with_subject, unique, wait,
                     wait_for_list)

INFO = "info@zioinfo.co.kr"
CHIP = "[data-testid=attachment-chip]"

# Records every state an attachment chip shows (uploading with its progress value, done, failed).
RECORD_CHIP_STATES = """
window.__chipStates = [];
new MutationObserver(() => {
  for (const chip of document.querySelectorAll('[data-testid=attachment-chip]')) {
    const bar = chip.querySelector('progress');
    const seen = chip.dataset.state + (bar ? ':' + bar.value : '');
    if (window.__chipStates[window.__chipStates.length - 1] !== seen) window.__chipStates.push(seen);
  }
}).observe(document.body, {subtree: true, childList: true, attributes: true});
"""


def chip_names(driver) -> list[str]:
    return [c.find_element(By.CSS_SELECTOR, ".name").text for c in driver.find_elements(By.CSS_SELECTOR, CHIP)]


def toolbar_button(driver, label: str):
    return wait(driver).until(EC.element_to_be_clickable((By.XPATH, f"//div[@role='toolbar']//button[normalize-space(.)='{label}']")))


def send_and_wait(driver) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait(driver, 30).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notices"), "메일을 보냈습니다"))


def test_forward_carries_the_originals_attachments(driver, app):
    subject = unique("전달 첨부")
    token = subject.split()[-1]
    keep = f"견적서_{token}_2026년.pdf"
    drop = f"참고자료_{token}.pdf"
    data = b"%PDF-1.4\n% forwarded\n" + bytes(range(256)) * 16
    app.deliver(E2E_USER, mails.with_attachments(E2E_USER, subject, [(keep, data), (drop, b"%PDF-1.4 not forwarded")]))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, subject).click()
    toolbar_button(driver, "전달").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, CHIP)) == 2)
    assert chip_names(driver) == [keep, drop]
    assert all(c.get_attribute("data-state") == "done" for c in driver.find_elements(By.CSS_SELECTOR, CHIP))
    assert re.search(r"\(\d+(\.\d)? KB\)", driver.find_elements(By.CSS_SELECTOR, CHIP)[0].text), "the size is shown"
    driver.find_element(By.CSS_SELECTOR, f"button[aria-label='{drop} 첨부 취소']").click()
    wait(driver).until(lambda d: chip_names(d) == [keep])
    driver.save_screenshot(str(ARTIFACTS / "forward_compose_with_attachment_chips.png"))
    driver.find_element(By.ID, "compose-to").send_keys(INFO)
    assert driver.find_element(By.ID, "compose-subject").get_attribute("value") == f"Fwd: {subject}"
    send_and_wait(driver)
    raw = fetch_mail(INFO, ("SUBJECT", token))
    assert mails.subject_of(raw) == f"Fwd: {subject}"
    assert mails.attachments_of(raw) == [(keep, data)]


def test_uploaded_attachment_goes_into_a_draft_that_reopens_and_is_sent(driver, app, tmp_path):
    token = unique("x").split()[-1]
    name = f"회의록_{token}.txt"
    upload = tmp_path / name
    upload.write_bytes("회의록 내용 — 지오정보기술\n".encode() * 60000)  # ~2 MB: the upload takes a moment
    first, final = f"초안 {token}", f"최종본 {token}"
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to"))).send_keys(INFO)
    driver.find_element(By.ID, "compose-subject").send_keys(first)
    driver.find_element(By.ID, "compose-body").send_keys("첨부한 회의록을 확인해 주세요.")

    # Picked → uploaded at once, its chip showing progress until done; the size limit is shown.
    driver.execute_script(RECORD_CHIP_STATES)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=file-input]").send_keys(str(upload))
    chip = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, CHIP)))
    wait(driver, 30).until(lambda d: chip.get_attribute("data-state") == "done")
    states = driver.execute_script("return window.__chipStates")
    assert states[0].startswith("uploading:"), states
    assert states[-1] == "done", states
    assert name in chip.text
    assert "18.2 MB" in driver.find_element(By.CSS_SELECTOR, ".size-limit").text  # 25 MB message, base64 counted

    # Save as draft, close, reopen it from Drafts.
    driver.find_element(By.XPATH, "//button[normalize-space(.)='임시 저장']").click()
    wait(driver, 30).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notices"), "임시보관함에 저장했습니다"))
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-close]").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    driver.find_element(By.CSS_SELECTOR, "[data-role=drafts]").click()
    row_with_subject(driver, first).click()  # a draft opens in compose, not the reader
    subject_field = wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-subject")))
    assert subject_field.get_attribute("value") == first
    assert INFO in driver.find_element(By.CSS_SELECTOR, "[data-testid=recipients-to]").get_attribute("data-value")
    assert "첨부한 회의록을 확인해 주세요." in body_text(driver.find_element(By.ID, "compose-body"))
    wait(driver).until(lambda d: chip_names(d) == [name])
    assert driver.find_element(By.CSS_SELECTOR, CHIP).get_attribute("data-state") == "done"
    driver.save_screenshot(str(ARTIFACTS / "draft_reopened_in_compose.png"))

    # Change the subject and send: the draft leaves Drafts, the recipient has the file.
    subject_field.send_keys(Keys.CONTROL, "a")
    subject_field.send_keys(final)
    send_and_wait(driver)
    wait(driver).until(lambda d: not d.find_elements(By.XPATH, f"//a[contains(@class,'subject-button') and normalize-space(.)='{first}']"))
    assert count_mail(E2E_USER, ("SUBJECT", token), "Drafts") == 0
    raw = fetch_mail(INFO, ("SUBJECT", token))
    assert mails.subject_of(raw) == final
    assert mails.attachments_of(raw) == [(name, upload.read_bytes())]


# A drop of one file, as the browser delivers it from the desktop (Selenium cannot drag OS files).
DROP_FILE = """
const [target, name, text] = arguments;
const data = new DataTransfer();
data.items.add(new File([text], name, {type: 'text/plain'}));
for (const type of ['dragenter', 'dragover', 'drop'])
  target.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
"""


def test_dropped_file_uploads_and_a_draft_opens_from_the_list_by_double_click_or_enter(driver, app):
    token = unique("x").split()[-1]
    subject, name = f"목록에서 열기 {token}", f"끌어놓기_{token}.txt"
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    dialog = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.execute_script(DROP_FILE, dialog, name, "끌어다 놓은 파일")
    chip = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, CHIP)))
    wait(driver, 30).until(lambda d: chip.get_attribute("data-state") == "done")
    assert name in chip.text
    driver.find_element(By.XPATH, "//button[normalize-space(.)='임시 저장']").click()
    wait(driver, 30).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notices"), "임시보관함에 저장했습니다"))
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-close]").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))

    driver.find_element(By.CSS_SELECTOR, "[data-role=drafts]").click()
    ActionChains(driver).double_click(row_with_subject(driver, subject)).perform()
    subject_field = wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-subject")))
    assert subject_field.get_attribute("value") == subject
    wait(driver).until(lambda d: chip_names(d) == [name])
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-close]").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))

    # The row is the list's cursor now: Enter opens the draft in compose as well.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ENTER)
    subject_field = wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-subject")))
    assert subject_field.get_attribute("value") == subject
    wait(driver).until(lambda d: chip_names(d) == [name])
