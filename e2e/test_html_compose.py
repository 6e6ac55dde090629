"""The HTML editor of compose (issue 28) in Chromium: typing and formatting (Ctrl+B and the toolbar),
a table, pasting the clipboard fixtures (e2e/fixtures/clipboard, made here) through a real paste
event, an image pasted as an inline image, Korean IME composition through CDP (at the start of a
line, in a table cell, right before a link), sending HTML and reading it over IMAP with `email`,
a reply to an HTML mail quoting its table and links under the header block, plain mode."""
import email
import email.policy
import re
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, fetch_mail, login, open_folder, open_message, row_with_subject, unique, wait, wait_for_list

FIXTURES = Path(__file__).parent / "fixtures" / "clipboard"
EDITOR = "[data-testid=html-editor]"


def start_compose(driver):
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    return wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, EDITOR)))


def compose_to_self(driver, app, subject: str):
    """Signed in, a new form to ourselves with `subject`; returns the editor, clicked into."""
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start_compose(driver)
    driver.find_element(By.ID, "compose-to").send_keys(E2E_USER)
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    editor = driver.find_element(By.CSS_SELECTOR, EDITOR)
    editor.click()
    return editor


def send_and_wait(driver) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait(driver, 30).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=compose-dialog]"))


def parts(raw: bytes) -> dict[str, str]:
    """The text parts of a mail by type (text/plain, text/html), decoded."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    found: dict[str, str] = {}
    for part in msg.walk():
        if part.get_content_maintype() == "text" and not part.is_attachment():
            found.setdefault(part.get_content_type(), part.get_content())
    return found


def table_cells(driver, selector: str = EDITOR) -> list[list[str]]:
    return driver.execute_script(
        "return [...document.querySelector(arguments[0]).querySelectorAll('tr')].map(r => [...r.cells].map(c => c.innerText.trim().replace(/\\s+/g, ' ')))",
        selector,
    )


def paste_html(driver, html: str) -> None:
    """A real paste event (the one Ctrl+V fires) whose clipboard holds `html` as text/html."""
    driver.execute_script(
        """const editor = document.querySelector(arguments[0]);
        editor.focus();
        const data = new DataTransfer();
        data.setData('text/html', arguments[1]);
        data.setData('text/plain', 'plain flavour');
        editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));""",
        EDITOR,
        html,
    )


def paste_png(driver) -> None:
    """A real paste event whose clipboard holds a 1×1 PNG file (a screenshot, as Windows pastes it)."""
    driver.execute_script(
        """const editor = document.querySelector(arguments[0]);
        const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([png], 'screenshot.png', {type: 'image/png'}));
        editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));""",
        EDITOR,
    )


def caret_at_end(driver, selector: str = EDITOR) -> None:
    """The caret at the end of the last line (inside it, where a click puts it)."""
    driver.execute_script(
        """const el = document.querySelector(arguments[0]); el.focus();
        const line = el.lastElementChild, r = document.createRange();
        // An empty line is "<div><br></div>": the caret goes before its <br>, as a click puts it.
        if (line && !line.textContent) r.setStart(line, 0); else { r.selectNodeContents(line ?? el); r.collapse(false); }
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);""",
        selector,
    )


def compose_korean(driver, syllables: list[list[str]]) -> None:
    """Types with the Korean IME as Chromium sees it: each syllable built up by composition updates
    (ㅎ → 하 → 한) and committed, through CDP's Input domain (real compositionstart/update/end)."""
    for steps in syllables:
        for step in steps:
            driver.execute_cdp_cmd("Input.imeSetComposition", {"text": step, "selectionStart": len(step), "selectionEnd": len(step)})
        driver.execute_cdp_cmd("Input.insertText", {"text": steps[-1]})


HANGUL = [["ㅎ", "하", "한"], ["ㄱ", "그", "글"]]


def test_type_format_insert_a_table_and_send_html(driver, app):
    token = unique("html-send").split()[-1]
    editor = compose_to_self(driver, app, f"HTML 메일 {token}")
    editor.send_keys("보통 ")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("b").key_up(Keys.CONTROL).perform()
    editor.send_keys("굵게단축키")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("b").key_up(Keys.CONTROL).perform()
    editor.send_keys(" 다시 보통 ")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-bold]").click()
    editor.send_keys("굵게도구")
    assert driver.execute_script("return document.queryCommandState('bold')"), "the toolbar's B turned bold on"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-bold]").click()
    editor.send_keys(Keys.ENTER)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-tableInsert]").click()
    driver.execute_script(
        "const cells = document.querySelector(arguments[0]).querySelectorAll('td'); cells[0].textContent = '품목'; cells[1].textContent = '수량'; cells[3].textContent = '노트북'; cells[4].textContent = '12';"
        "document.querySelector(arguments[0]).dispatchEvent(new InputEvent('input', {bubbles: true}));",
        EDITOR,
    )
    # The toolbar's row and column tools work on the cell the caret is in.
    driver.execute_script(
        "const c = document.querySelector(arguments[0]).querySelector('td'); const r = document.createRange(); r.selectNodeContents(c); r.collapse(true); getSelection().removeAllRanges(); getSelection().addRange(r);",
        EDITOR,
    )
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-rowAdd]").click()
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-columnRemove]").click()
    cells = table_cells(driver)
    assert cells[0] == ["수량", ""] and cells[1] == ["", ""] and len(cells) == 4, cells
    send_and_wait(driver)

    raw = fetch_mail(E2E_USER, ("SUBJECT", token))
    found = parts(raw)
    html = found["text/html"]
    for bold in ("굵게단축키", "굵게도구"):  # Ctrl+B's, the toolbar's
        assert re.search(rf"<(b|strong)>{bold}<|font-weight: ?(bold|700)[^>]*>{bold}<", html), html
    assert not re.search(r"<(b|strong)>[^<]*보통|font-weight: ?(bold|700)[^>]*>[^<]*보통", html), html
    assert "<table" in html and ">수량<" in html and ">12<" in html and ">노트북<" not in html, "the first column was removed"
    assert "cid:" not in html and "data-zm" not in html
    # The server wrote the text/plain alternative from the HTML: the words and the table's cells
    # (its second column is empty, so the text has one column: the cells one under the other).
    text = found["text/plain"]
    assert "굵게단축키" in text and "굵게도구" in text, text
    assert "12" in text.split("수량", 1)[1], text
    assert email.message_from_bytes(raw, policy=email.policy.default).get_content_type() == "multipart/alternative"


FIXTURE_CELLS = {
    "excel.html": [["품목", "2026년 4분기"], ["수량", "금액(원)"], ["노트북 (LG gram)", "12", "18,600,000"], ["모니터", "8", "2,320,000"], ["합계", "20", "20,920,000"]],
    "word.html": [["담당", "진척률"], ["홍영태", "80%"]],
    "hwp.html": [["구분", "금액"], ["교통비", "59,800"], ["12,000"]],
    "web.html": [["과정", "날짜"], ["보안 교육", "12월 9일"]],
}


def test_pasting_excel_word_hwp_and_a_web_page_keeps_their_tables_and_nothing_active(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start_compose(driver)
    for name, expected in FIXTURE_CELLS.items():
        driver.execute_script("document.querySelector(arguments[0]).innerHTML = '<div><br></div>'", EDITOR)
        caret_at_end(driver)
        paste_html(driver, (FIXTURES / name).read_text(encoding="utf-8"))
        html = driver.find_element(By.CSS_SELECTOR, EDITOR).get_attribute("innerHTML")
        assert table_cells(driver) == expected, (name, html)
        assert "mso-" not in html and "<o:p" not in html and "<!--" not in html and " class=" not in html, (name, html)
        assert "<script" not in html and "onerror" not in html and "onclick" not in html and "javascript:" not in html, (name, html)
        assert "<form" not in html and "<input" not in html and "<iframe" not in html and "<style" not in html, (name, html)
    assert driver.execute_script("return window.__pasted_script_ran === undefined && window.__pasted_handler_ran === undefined")

    # Excel's class rules became inline styles: the header's fill and borders, the total's red bold.
    paste_html(driver, (FIXTURES / "excel.html").read_text(encoding="utf-8"))
    looks = driver.execute_script(
        """const cells = [...document.querySelector(arguments[0]).querySelectorAll('td')];
        const cell = (t) => cells.find((c) => c.innerText.trim() === t);
        const st = (c) => ({bg: c.style.backgroundColor || c.style.background, border: c.style.borderBottomStyle || c.style.borderStyle, align: c.style.textAlign, colspan: c.colSpan, rowspan: c.rowSpan, color: c.style.color});
        return {head: st(cell('품목')), quarter: st(cell('2026년 4분기')), number: st(cell('18,600,000')), total: st(cell('20,920,000'))};""",
        EDITOR,
    )
    assert "217, 225, 242" in looks["head"]["bg"] or "d9e1f2" in looks["head"]["bg"].lower(), looks
    assert looks["head"]["rowspan"] == 2 and looks["quarter"]["colspan"] == 2, looks
    assert looks["head"]["border"] == "solid", looks
    assert looks["number"]["align"] == "right", looks
    assert looks["total"]["color"] == "red", looks

    # Word: the list's numbers, bold and colour came along.
    driver.execute_script("document.querySelector(arguments[0]).innerHTML = '<div><br></div>'", EDITOR)
    caret_at_end(driver)
    paste_html(driver, (FIXTURES / "word.html").read_text(encoding="utf-8"))
    # Its numbered paragraphs became a real list (the typed "1." and "2." gone).
    items = driver.execute_script("return [...document.querySelector(arguments[0]).querySelectorAll('ol > li')].map(li => li.innerText.trim())", EDITOR)
    assert items == ["웹메일 HTML 편집기 개발", "결재 양식 검토"], items
    assert "1." not in driver.find_element(By.CSS_SELECTOR, EDITOR).text
    assert driver.execute_script("return [...document.querySelector(arguments[0]).querySelectorAll('b')].some(b => b.innerText === 'HTML 편집기')", EDITOR)


def test_word_lists_paste_as_nested_lists_and_are_sent_as_lists(driver, app):
    token = unique("word-lists").split()[-1]
    compose_to_self(driver, app, f"회의록 {token}")
    driver.execute_script("document.querySelector(arguments[0]).innerHTML = '<div><br></div>'", EDITOR)
    caret_at_end(driver)
    paste_html(driver, (FIXTURES / "word-lists.html").read_text(encoding="utf-8"))
    outline = """const walk = (list, depth) => [...list.children].flatMap(li => [
          [depth, list.tagName.toLowerCase(), [...li.childNodes].filter(n => !(n.nodeType === 1 && /^(OL|UL)$/.test(n.tagName))).map(n => n.textContent).join('').trim()],
          ...[...li.children].filter(c => /^(OL|UL)$/.test(c.tagName)).flatMap(c => walk(c, depth + 1))]);
        return [...arguments[0].querySelectorAll(':scope > ol, :scope > ul, :scope > div > ol, :scope > div > ul')].flatMap(l => walk(l, 0));"""
    expected = [
        [0, "ol", "영업 보고"], [1, "ul", "서울 지사: 신규 계약 12건"], [1, "ul", "부산 지사: 신규 계약 8건"],
        [0, "ol", "개발 현황"], [1, "ol", "웹메일 필터"], [2, "ul", "드래그로 순서 바꾸기"], [1, "ol", "부재중 HTML 본문"],
        [0, "ol", "기타 안건"], [0, "ul", "참석: 홍영태, 김지오"], [0, "ul", "다음 회의: 12월 14일"],
    ]
    editor = driver.find_element(By.CSS_SELECTOR, EDITOR)
    assert driver.execute_script(outline, editor) == expected, editor.get_attribute("innerHTML")
    assert "Ø" not in editor.text and "·" not in editor.text and "§" not in editor.text
    send_and_wait(driver)

    found = parts(fetch_mail(E2E_USER, ("SUBJECT", token)))
    html = found["text/html"]
    # The sent HTML carries the lists themselves, nested as pasted.
    assert re.search(r"<ol[^>]*>\s*<li[^>]*>\s*<b>영업</b> 보고\s*<ul[^>]*>\s*<li[^>]*>서울 지사", html), html
    assert re.search(r"<li[^>]*>\s*웹메일 필터\s*<ul[^>]*>\s*<li[^>]*>\s*드래그로 순서 바꾸기", html), html
    assert re.search(r"<ul[^>]*>\s*<li[^>]*>\s*참석: 홍영태, 김지오", html), html
    assert "mso-list" not in html and "Ø" not in html
    text = found["text/plain"]
    assert "영업 보고" in text and "드래그로 순서 바꾸기" in text and "다음 회의: 12월 14일" in text, text


def test_a_pasted_image_becomes_an_inline_image_not_an_attachment_chip(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start_compose(driver)
    caret_at_end(driver)
    paste_png(driver)
    img = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, f"{EDITOR} img[data-zm-cid]"))
    assert img.get_attribute("src").startswith("blob:")
    assert img.get_attribute("data-zm-cid").endswith("@zioinfo-mail")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth === 1", img), "shown from its local URL"
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=attachment-chip]"), "an inline image is no attachment chip"


def test_korean_composition_is_never_lost_or_doubled(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start_compose(driver)
    editor = driver.find_element(By.CSS_SELECTOR, EDITOR)

    # At the start of a line (the empty editor).
    caret_at_end(driver)
    compose_korean(driver, HANGUL)
    assert editor.text.strip() == "한글"

    # Inside a table cell.
    driver.execute_script("document.querySelector(arguments[0]).innerHTML = '<table><tbody><tr><td>가</td><td><br></td></tr></tbody></table>'", EDITOR)
    driver.execute_script(
        "const c = document.querySelectorAll(arguments[0] + ' td')[1]; document.querySelector(arguments[0]).focus(); const r = document.createRange(); r.setStart(c, 0); r.collapse(true); getSelection().removeAllRanges(); getSelection().addRange(r);",
        EDITOR,
    )
    compose_korean(driver, HANGUL)
    assert table_cells(driver) == [["가", "한글"]]

    # Right before a link: the syllables go in front of it, once, and the link stays whole.
    driver.execute_script("document.querySelector(arguments[0]).innerHTML = '<div><a href=\"https://intra.zioinfo.co.kr/\">포털</a></div>'", EDITOR)
    driver.execute_script(
        "const a = document.querySelector(arguments[0] + ' a'); document.querySelector(arguments[0]).focus(); const r = document.createRange(); r.setStartBefore(a); r.collapse(true); getSelection().removeAllRanges(); getSelection().addRange(r);",
        EDITOR,
    )
    compose_korean(driver, HANGUL)
    assert editor.text.strip() == "한글포털"
    assert driver.execute_script("return document.querySelector(arguments[0] + ' a').textContent", EDITOR) == "포털"

    # The caret stayed where the composition ended: right after it, still before the link.
    editor.send_keys("!")
    assert editor.text.strip() == "한글!포털"


APPROVAL_HTML = """<html><head><style>.cell { border: 1px solid #333; background: #eef; }</style></head><body>
<p>결재 요청드립니다. <a href="https://intra.zioinfo.co.kr/approval/42">결재 문서</a></p>
<table><tr><td class="cell">품목</td><td class="cell">수량</td></tr><tr><td class="cell">노트북</td><td class="cell">12</td></tr></table>
</body></html>"""


def test_a_reply_to_an_html_mail_quotes_its_table_and_links_under_the_header_block(driver, app):
    token = unique("html-reply").split()[-1]
    subject = f"결재 요청 {token}"
    app.deliver(E2E_USER, mails.html(E2E_USER, subject, "결재 요청\n품목 수량\n노트북 12\n", APPROVAL_HTML, sender=f"김철수 <{E2E_USER}>"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=reply]").click()
    editor = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, EDITOR)))
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{EDITOR} blockquote table"))
    assert table_cells(driver) == [["품목", "수량"], ["노트북", "12"]]
    text = editor.text
    for label in ("보낸 사람:", "보낸 날짜:", "받는 사람:", "제목:"):
        assert label in text, text
    assert text.index("보낸 사람:") < text.index("결재 요청드립니다"), "the header block is above the quote"
    # Top-posted: the caret starts above the quote.
    editor.send_keys("승인합니다.")
    assert editor.text.index("승인합니다.") < editor.text.index("보낸 사람:")
    send_and_wait(driver)

    raw = fetch_mail(E2E_USER, ("SUBJECT", token), folder="Sent")  # the inbox has the original too: Sent has the reply alone
    html = parts(raw)["text/html"]
    assert "승인합니다." in html and "<blockquote" in html
    assert 'href="https://intra.zioinfo.co.kr/approval/42"' in html
    assert ">품목<" in html and ">노트북<" in html and ">12<" in html
    assert "보낸 사람:" in html and "<style" not in html
    assert "border" in html.split(">품목<")[0].rsplit("<td", 1)[1], "the original's class styles came along inline"


def test_plain_mode_warns_and_sends_text_plain(driver, app):
    token = unique("plain-mode").split()[-1]
    editor = compose_to_self(driver, app, f"텍스트 메일 {token}")
    editor.send_keys("서식이 없어질 본문")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-to-plain]").click()
    warning = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[role=alertdialog]")))
    assert "서식" in warning.text
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-to-plain-yes]").click()
    body = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "textarea#compose-body")))
    assert body.get_attribute("value") == "서식이 없어질 본문"
    body.send_keys(" 그대로 갑니다.")
    send_and_wait(driver)
    raw = fetch_mail(E2E_USER, ("SUBJECT", token))
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg.get_content_type() == "text/plain", msg.get_content_type()
    assert msg.get_content().strip() == "서식이 없어질 본문 그대로 갑니다."


def test_an_html_draft_reopens_with_its_formatting(driver, app):
    token = unique("html-draft").split()[-1]
    editor = compose_to_self(driver, app, f"HTML 초안 {token}")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("b").key_up(Keys.CONTROL).perform()
    editor.send_keys("굵은 초안")
    driver.find_element(By.XPATH, "//button[normalize-space(.)='임시 저장']").click()
    wait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=draft-status]").get_attribute("data-state") == "saved")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose-close]").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=compose-dialog]"))
    raw = fetch_mail(E2E_USER, ("SUBJECT", token), folder="Drafts")
    assert "굵은 초안" in parts(raw)["text/html"]

    driver.refresh()
    wait_for_list(driver)
    open_folder(driver, "임시보관함")
    row_with_subject(driver, f"HTML 초안 {token}").click()  # a draft opens in compose
    editor = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, EDITOR)))
    assert editor.text.strip() == "굵은 초안"
    assert driver.execute_script(
        "const el = [...document.querySelectorAll(arguments[0] + ' *')].filter(e => e.textContent === '굵은 초안').pop(); return !!el && getComputedStyle(el).fontWeight >= 600",
        EDITOR,
    )


def test_ctrl_k_links_the_selection_and_edits_the_link(driver, app):
    editor = compose_to_self(driver, app, unique("링크"))
    editor.send_keys("사내 포털")
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.HOME).key_up(Keys.SHIFT).perform()  # select the line
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    url = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=editor-link-url]")))
    url.send_keys(Keys.CONTROL, "a")
    url.send_keys("intra.zioinfo.co.kr" + Keys.ENTER)
    link = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, f"{EDITOR} a"))
    assert link.text == "사내 포털" and link.get_attribute("href") == "https://intra.zioinfo.co.kr/"
    # The popup again, on the link: it shows the address and changes it.
    driver.execute_script("const t = arguments[0].firstChild; const r = document.createRange(); r.setStart(t, 2); r.collapse(true); getSelection().removeAllRanges(); getSelection().addRange(r);", link)
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    url = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=editor-link-url]")))
    assert url.get_attribute("value") == "https://intra.zioinfo.co.kr"  # as written in the href
    url.send_keys(Keys.CONTROL, "a")
    url.send_keys("https://intra.zioinfo.co.kr/edu")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-link-apply]").click()
    assert driver.find_element(By.CSS_SELECTOR, f"{EDITOR} a").get_attribute("href") == "https://intra.zioinfo.co.kr/edu"
    assert len(driver.find_elements(By.CSS_SELECTOR, f"{EDITOR} a")) == 1


def test_a_forward_keeps_the_html_and_the_attachments(driver, app):
    token = unique("html-forward").split()[-1]
    subject = f"주간 보고 {token}"
    original = email.message_from_bytes(mails.html(E2E_USER, subject, "결재 요청", APPROVAL_HTML, sender=f"김철수 <{E2E_USER}>"), policy=email.policy.default)
    original.add_attachment("회의록 내용".encode(), maintype="application", subtype="octet-stream", filename="회의록.txt")
    app.deliver(E2E_USER, original.as_bytes())
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=message-actions] button[aria-label='전달']").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{EDITOR} blockquote table"))
    assert "회의록.txt" in driver.find_element(By.CSS_SELECTOR, "[data-testid=attachment-chip]").text
    assert "전달된 메일" in driver.find_element(By.CSS_SELECTOR, EDITOR).text
    driver.find_element(By.ID, "compose-to").send_keys(E2E_USER)
    send_and_wait(driver)

    raw = fetch_mail(E2E_USER, ("SUBJECT", token), folder="Sent")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    html = parts(raw)["text/html"]
    assert ">품목<" in html and ">노트북<" in html and 'href="https://intra.zioinfo.co.kr/approval/42"' in html
    assert "전달된 메일" in html and "<blockquote" in html
    files = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
    assert files.get("회의록.txt") == "회의록 내용".encode(), files


def test_a_pasted_image_arrives_as_a_cid_part_of_multipart_related(driver, app):
    """The editor (r-editor) uploads a pasted picture and names it cid: on send; the server
    (q-html-send) puts the HTML and the picture in multipart/related: the cid resolves."""
    token = unique("html-inline").split()[-1]
    editor = compose_to_self(driver, app, f"그림 붙여넣기 {token}")
    editor.send_keys("화면 캡처입니다")
    caret_at_end(driver)
    paste_png(driver)
    img = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, f"{EDITOR} img[data-zm-cid]"))
    cid = img.get_attribute("data-zm-cid")
    send_and_wait(driver)

    raw = fetch_mail(E2E_USER, ("SUBJECT", token))
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative", msg.get_content_type()
    related = [p for p in msg.walk() if p.get_content_type() == "multipart/related"]
    assert len(related) == 1, [p.get_content_type() for p in msg.walk()]
    html = parts(raw)["text/html"]
    assert f"cid:{cid}" in html and "blob:" not in html and "data:" not in html, html
    images = {p.get("Content-ID", "").strip("<>"): p for p in related[0].walk() if p.get_content_maintype() == "image"}
    assert cid in images, images.keys()
    assert images[cid].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(msg.iter_attachments()), "an inline picture is no attachment"
    assert "화면 캡처입니다" in parts(raw)["text/plain"]


def test_forward_as_attachment_sends_the_original_as_an_eml(driver, app):
    token = unique("html-eml").split()[-1]
    subject = f"견적서 회신 {token}"
    app.deliver(E2E_USER, mails.html(E2E_USER, subject, "견적", APPROVAL_HTML, sender=f"김철수 <{E2E_USER}>"))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    # On a wide screen every action shows; narrower, the rest is behind ⋯.
    if not driver.find_element(By.CSS_SELECTOR, "[data-testid=forward-as-attachment]").is_displayed():
        driver.find_element(By.CSS_SELECTOR, "[data-testid=more-actions]").click()
    wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=forward-as-attachment]"))).click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, EDITOR)))
    driver.find_element(By.ID, "compose-to").send_keys(E2E_USER)
    send_and_wait(driver)

    raw = fetch_mail(E2E_USER, ("SUBJECT", token), folder="Sent")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    attached = [p for p in msg.walk() if p.get_content_type() == "message/rfc822"]
    assert len(attached) == 1, [p.get_content_type() for p in msg.walk()]
    assert attached[0].get_filename().endswith(".eml") and token in attached[0].get_filename()
    inner = attached[0].get_payload()[0]
    assert token in str(inner["Subject"])
