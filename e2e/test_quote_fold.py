"""이전 내용 보기 (issue 28): the quoted history of replies from Outlook, Naver, Daum and Gmail folds
behind one control and opens on click, in HTML mail (inside the sandboxed frame) and in plain text."""
import base64
from email.utils import formatdate, make_msgid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, login, open_message, unique, wait, wait_for_list

OUTLOOK_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">
<style>p.MsoNormal{margin:0cm;font-family:"맑은 고딕"}</style></head><body lang="KO"><div class="WordSection1">
<p class="MsoNormal">견적 검토 후 회신드리겠습니다.</p><p class="MsoNormal">&nbsp;</p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">
<b>보낸 사람:</b> 김철수 &lt;kim@example.net&gt;<br><b>보낸 날짜:</b> 2026년 12월 7일 월요일 오후 3:00<br>
<b>받는 사람:</b> 홍길동<br><b>제목:</b> 견적 요청</p></div>
<p class="MsoNormal" id="quoted">지난번 견적서 다시 보내드립니다.</p></div></body></html>"""

NAVER_HTML = """<div style="font-size:10pt;font-family:sans-serif"><p>네, 확인했습니다.</p><p><br></p>
<div><p>-----Original Message-----<br>From: "김철수"&lt;kim@naver.com&gt;<br>To: "홍길동"&lt;hong@zioinfo.co.kr&gt;;<br>
Cc: <br>Sent: 2026-12-07 (월) 15:00:00 (GMT+09:00)<br>Subject: 회의 일정</p><p id="quoted">목요일 오후 2시 어떠세요?</p></div></div>"""

GMAIL_HTML = """<div dir="ltr">좋습니다. 그때 뵙겠습니다.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">
2026년 12월 7일 (월) 오후 3:00, 김철수 &lt;kim@example.net&gt;님이 작성:<br></div>
<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">
<p id="quoted">회의실은 3층 대회의실입니다.</p></blockquote></div>"""


def outlook_ks_c(subject: str) -> bytes:
    """An Outlook reply as Korean Outlook sends it: HTML in ks_c_5601-1987, base64."""
    body = base64.encodebytes(OUTLOOK_HTML.encode("cp949")).decode()
    return (f"From: =?ks_c_5601-1987?B?{base64.b64encode('김철수'.encode('cp949')).decode()}?= <kim@example.net>\r\n"
            f"To: {E2E_USER}\r\nSubject: =?ks_c_5601-1987?B?{base64.b64encode(subject.encode('cp949')).decode()}?=\r\n"
            f"Date: {formatdate(localtime=True)}\r\nMessage-ID: {make_msgid(domain='example.net')}\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/html; charset=\"ks_c_5601-1987\"\r\n"
            f"Content-Transfer-Encoding: base64\r\nX-Mailer: Microsoft Outlook 16.0\r\n\r\n{body}").encode()


def frame_fold_state(driver) -> dict:
    return driver.execute_script("""
        const d = document.querySelector('details.zm-quote'), q = document.getElementById('quoted');
        return {found: !!d, open: d ? d.open : null, label: d ? d.querySelector('summary').textContent : null,
                quoteShown: !!q && q.checkVisibility()};""")


@pytest.mark.parametrize("kind", ["outlook", "naver", "gmail"])
def test_html_reply_history_folds_and_opens(driver, app, kind):
    subject = unique({"outlook": "RE: 견적 요청", "naver": "RE: 회의 일정", "gmail": "Re: 회의실"}[kind])
    if kind == "outlook":
        raw = outlook_ks_c(subject)
    else:
        raw = mails.html(E2E_USER, subject, "text alternative", NAVER_HTML if kind == "naver" else GMAIL_HTML)
    app.deliver(E2E_USER, raw)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    frame = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=message-frame]")))
    driver.switch_to.frame(frame)
    wait(driver).until(lambda d: frame_fold_state(d)["found"], "the quote is folded")
    state = frame_fold_state(driver)
    assert state == {"found": True, "open": False, "label": "이전 내용 보기", "quoteShown": False}, state
    own = {"outlook": "견적 검토 후 회신드리겠습니다.", "naver": "네, 확인했습니다.", "gmail": "좋습니다. 그때 뵙겠습니다."}[kind]
    assert own in driver.find_element(By.TAG_NAME, "body").text, "the new text stays visible"
    driver.find_element(By.CSS_SELECTOR, "details.zm-quote > summary").click()
    wait(driver).until(lambda d: frame_fold_state(d)["quoteShown"], "a click opens the history")
    assert frame_fold_state(driver)["open"] is True


PLAIN_REPLIES = {
    "outlook": "첨부 확인했습니다.\n\n________________________________\n보낸 사람: 김철수 <kim@example.net>\n"
               "보낸 날짜: 2026년 12월 7일 월요일 오후 3:00\n받는 사람: 홍길동\n제목: 견적\n\n견적서 원문입니다.\n",
    "naver": "네, 확인했습니다.\n\n-----Original Message-----\nFrom: \"김철수\"<kim@naver.com>\nTo: \"홍길동\"<hong@zioinfo.co.kr>;\n"
             "Cc:\nSent: 2026-12-07 (월) 15:00:00\nSubject: 회의\n\n견적서 원문입니다.\n",
    "daum": "좋습니다.\n\n2026년 12월 7일 (월) 오후 3:00, 김철수 <kim@daum.net>님이 작성:\n> 견적서 원문입니다.\n>\n> 김철수 드림\n",
}


@pytest.mark.parametrize("kind", sorted(PLAIN_REPLIES))
def test_plain_text_reply_history_folds_and_opens(driver, app, kind):
    subject = unique(f"회신: 텍스트 {kind}")
    app.deliver(E2E_USER, mails.plain(E2E_USER, subject, PLAIN_REPLIES[kind]))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, subject)
    fold = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=message-text] [data-testid=quote-fold]")))
    assert fold.find_element(By.TAG_NAME, "summary").text == "이전 내용 보기"
    assert fold.get_property("open") is False
    assert not history_shown(driver), "the history is hidden"
    own = PLAIN_REPLIES[kind].split("\n")[0]
    assert own in driver.find_element(By.CSS_SELECTOR, "[data-testid=message-text]").text, "the new text stays visible"
    fold.find_element(By.TAG_NAME, "summary").click()
    wait(driver).until(history_shown, "a click opens the history")


def history_shown(driver) -> bool:
    """Whether the folded text renders: a closed <details> lays none of its content out (no boxes)."""
    return driver.execute_script("""
        const walker = document.createTreeWalker(document.querySelector('[data-testid=message-text]'), NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode())
          if (n.data.includes('견적서 원문입니다.')) { const r = document.createRange(); r.selectNodeContents(n); return r.getClientRects().length > 0; }
        return false;""")
