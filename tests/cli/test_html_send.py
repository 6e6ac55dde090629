"""An HTML mail sent through `zioinfo-mail serve` reads right in Python's `email` (issue 28): the
structure Outlook and Gmail expect, every cid: resolves, and the generated text/plain part is
readable, its table's cells equal to the HTML source's."""
import base64
import email
import email.policy
import html.parser
import imaplib
import os
import time
import uuid

from test_serve import _request, _start, _stop

ROWS = [["항목", "담당", "금액"], ["출장비", "김철수", "120,000"], ["식대", "Lee Younghee", "35,000"]]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


class _Cells(html.parser.HTMLParser):
    """The text of every <td>/<th>, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _fetch(mailstack, user, password, token):
    """The message whose subject carries `token`, from the user's INBOX (delivery is asynchronous: bounded wait)."""
    context = __import__("ssl").create_default_context(cafile=mailstack["MAILSTACK_CA_FILE"])
    with imaplib.IMAP4_SSL(mailstack["MAILSTACK_HOST"], int(mailstack["MAILSTACK_IMAPS_PORT"]), ssl_context=context) as imap:
        imap.login(user, password)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            imap.select("INBOX")
            _, found = imap.uid("SEARCH", None, "SUBJECT", token)
            if found[0].split():
                _, data = imap.uid("FETCH", found[0].split()[-1], "(BODY.PEEK[])")
                return email.message_from_bytes(data[0][1], policy=email.policy.default)
            time.sleep(0.2)
    raise AssertionError(f"{token} never arrived")


def test_html_mail_reads_right_in_python(binary, mailstack, tmp_path):
    users = dict(pair.rsplit(":", 1) for pair in os.environ.get("MAILSTACK_USERS", "").split())
    user = "ythong@zioinfo.co.kr"
    password = users.get(user, "1q2w3e!Q")
    token = "htmlcheck" + uuid.uuid4().hex[:10]
    cells = "".join("<tr>" + "".join(f"<td style=\"border: 1px solid #999\">{c}</td>" for c in row) + "</tr>" for row in ROWS)
    source = (f"<p>안녕하세요, <b>결재</b> 바랍니다.</p><table border=\"1\" width=\"400\">{cells}</table>"
              f"<ul><li>첫째</li><li>둘째</li></ul><p><a href=\"https://zioinfo.co.kr/결재\">결재 문서</a></p>"
              f"<p><img alt=\"붙여넣은 그림\" src=\"data:image/png;base64,{base64.b64encode(PNG).decode()}\"></p>"
              f"<script>alert(1)</script><p>-- <br>홍길동</p>")
    process, base, _ = _start(binary, mailstack, tmp_path)
    try:
        status, login, _ = _request(base + "/auth/login", "POST", {"username": user, "password": password})
        assert status == 200, login
        status, sent, _ = _request(base + "/mail/send", "POST",
                                   {"to": [user], "subject": f"{token} 결재 요청", "html": source}, token=login["access_token"])
        assert status == 200, sent
    finally:
        _stop(process)

    message = _fetch(mailstack, user, password, token)
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, image = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png" and image.get_payload(decode=True) == PNG

    body = html_part.get_content()
    assert "data:" not in body and "<script" not in body
    content_id = image["Content-ID"].strip("<>")
    assert f"cid:{content_id}" in body

    parser = _Cells()
    parser.feed(body)
    assert parser.rows == ROWS

    text = plain.get_content()
    lines = text.splitlines()
    table = [line for line in lines if " | " in line]
    assert [[cell.strip() for cell in line.split(" | ")] for line in table] == ROWS
    # The columns are aligned (Korean counted two columns wide): every separator at the same place.
    widths = {len(line.split(" | ")[0].encode("euc-kr")) for line in table}
    assert len(widths) == 1, table
    assert "- 첫째" in lines and "- 둘째" in lines
    assert "결재 문서 <https://zioinfo.co.kr/결재>" in text
    assert "붙여넣은 그림" in text
    assert "-- " in lines and lines[-1] == "홍길동"
    assert "alert" not in text
