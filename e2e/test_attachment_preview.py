"""Attachments in the reader (issue 25): image thumbnails, file-type badges, a preview overlay for
images, PDF and text (Esc closes it), and 모두 받기 downloading every attachment as one zip with
the right (Korean, de-duplicated) names and bytes. All against the real server and mail stack."""
import zipfile
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import ARTIFACTS, E2E_PASSWORD, E2E_USER, login, open_message, unique, wait, wait_for_download, wait_for_list



def one_page_pdf() -> bytes:
    """A valid one-page PDF (with its xref table), so the browser's viewer renders it."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj " % number + body + b" endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


PDF = one_page_pdf()
MEMO = "안녕하세요, 회의는 3시입니다"
OVERLAY = "[data-testid=attachment-preview]"


def message(subject: str) -> tuple[bytes, list[tuple[str, bytes]]]:
    """A mail with a PNG, a PDF, an EUC-KR text (labelled as Outlook does), an HWP and a second
    PDF of the same name; and the (name, bytes) the zip must hold."""
    memo = MEMO.encode("euc-kr")
    hwp = b"HWP Document File" + bytes(range(200))
    files = [("현장 사진.png", mails.PIXEL_PNG, "image/png"), ("견적서.pdf", PDF, "application/pdf"),
             ("회의 메모.txt", memo, "text/plain; charset=ks_c_5601-1987"), ("계약서.hwp", hwp, "application/x-hwp"),
             ("견적서.pdf", PDF + b"% second\n", "application/pdf")]
    expected = [("현장 사진.png", mails.PIXEL_PNG), ("견적서.pdf", PDF), ("회의 메모.txt", memo), ("계약서.hwp", hwp),
                ("견적서 (2).pdf", PDF + b"% second\n")]
    return mails.with_attachments(E2E_USER, subject, files), expected


def open_attachments_mail(driver, app) -> tuple[str, list[tuple[str, bytes]]]:
    subject = unique("첨부 미리보기")
    raw, expected = message(subject)
    app.deliver(E2E_USER, raw)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    return subject, expected


def preview_button(driver, name: str):
    xpath = f"//section[contains(@class,'attachments')]//li[.//a[normalize-space(.)='{name}']]//button[@data-testid='preview-button']"
    return wait(driver).until(EC.element_to_be_clickable((By.XPATH, xpath)))


def test_thumbnail_badges_and_image_preview(driver, app):
    open_attachments_mail(driver, app)
    thumbnail = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=thumbnail]")))
    assert thumbnail.get_attribute("loading") == "lazy"
    assert "/attachments/2/preview" in thumbnail.get_attribute("src")
    wait(driver).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", thumbnail) == 1)
    badges = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".attachments .file-badge")]
    assert badges == ["PDF", "TXT", "HWP", "PDF"]
    # Only image, PDF and text attachments offer a preview (not the HWP).
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=preview-button]")) == 4

    preview_button(driver, "현장 사진.png").click()
    image = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, f"{OVERLAY} img")))
    wait(driver).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 1)
    driver.save_screenshot(str(ARTIFACTS / "attachment_preview_image.png"))
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, OVERLAY))
    # Esc closed the overlay only, not the message.
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]")


def test_text_preview_in_the_app_and_pdf_in_a_sandboxed_frame(driver, app):
    open_attachments_mail(driver, app)
    preview_button(driver, "회의 메모.txt").click()
    # Text as text in the app (no frame), decoded from ks_c_5601-1987 by the server: Korean, not mojibake.
    text = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, f"{OVERLAY} pre[data-testid=text-preview]")))
    assert text.text == MEMO
    assert not driver.find_elements(By.CSS_SELECTOR, f"{OVERLAY} iframe")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=preview-truncated]")
    driver.save_screenshot(str(ARTIFACTS / "attachment_preview_text.png"))
    driver.find_element(By.CSS_SELECTOR, f"{OVERLAY} button[aria-label='닫기']").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, OVERLAY))

    preview_button(driver, "견적서.pdf").click()
    frame = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"{OVERLAY} iframe")))
    assert "/attachments/3/preview" in frame.get_attribute("src")
    # The browser's own PDF viewer shows the document despite the sandbox policy (a blocked frame
    # would be Chromium's error page, an HTML document).
    driver.switch_to.frame(frame)
    wait(driver).until(lambda d: d.execute_script("return document.contentType") == "application/pdf")
    driver.switch_to.default_content()
    driver.save_screenshot(str(ARTIFACTS / "attachment_preview_pdf.png"))
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, OVERLAY))


def test_download_all_is_one_zip_with_every_attachment(driver, app, downloads):
    subject, expected = open_attachments_mail(driver, app)
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=download-all]"))).click()
    archive = wait_for_download(downloads / f"{subject}.zip", timeout=30)
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        assert [(i.filename, z.read(i)) for i in z.infolist()] == expected
        assert all(i.flag_bits & 0x800 for i in z.infolist()), "UTF-8 names are flagged (bit 11)"


def test_a_large_text_shows_its_start_with_a_note_and_a_download_link(driver, app):
    subject = unique("큰 텍스트")
    line = "지오정보기술 서버 로그 한 줄입니다: 0123456789\n"
    big = (line * (3 * 1024 * 1024 // len(line.encode("euc-kr")))).encode("euc-kr")  # ~3 MiB, over the 2 MiB preview
    app.deliver(E2E_USER, mails.with_attachments(E2E_USER, subject, [("server.log.txt", big, "text/plain; charset=euc-kr")]))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    preview_button(driver, "server.log.txt").click()
    note = wait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=preview-truncated]")))
    assert "앞부분만" in note.text
    link = note.find_element(By.TAG_NAME, "a")
    assert "/attachments/2?" in link.get_attribute("href") and link.get_attribute("download") is not None
    shown = driver.execute_script("return document.querySelector('[data-testid=text-preview]').textContent")
    assert shown.startswith(line) and shown.endswith("\n"), "whole lines, decoded"
    assert 0 < len(shown.encode("euc-kr")) <= 2 * 1024 * 1024 < len(big)
