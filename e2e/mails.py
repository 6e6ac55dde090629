"""Raw test messages, built (and read back) with the standard library like any outside sender would."""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


def plain(to: str, subject: str, body: str, sender: str = "홍길동 <hong@example.net>") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="example.net")
    msg.set_content(body)
    return msg.as_bytes()


def html(to: str, subject: str, text: str, body_html: str, sender: str = "홍길동 <hong@example.net>") -> bytes:
    """multipart/alternative: the text and the HTML, as an HTML mail program sends them."""
    msg = email.message_from_bytes(plain(to, subject, text, sender), policy=email.policy.default)
    msg.add_alternative(body_html, subtype="html")
    return msg.as_bytes()


def xss(to: str, subject: str, image_url: str) -> bytes:
    """Every classic way to run script from HTML mail, plus a remote image (a tracking pixel)."""
    origin = image_url.rsplit("/", 1)[0]
    html = f"""<html><head><style>
@import url({origin}/imported.css);
#visible {{ color: rgb(1, 2, 3); }}
body {{ background: url({origin}/background.png); }}
</style></head><body>
<p id="visible">XSS 테스트 본문</p>
<script>parent.document.title = "PWNED-script"; window.top.__pwned = 1;</script>
<img src="x" onerror="parent.document.title='PWNED-onerror'">
<svg onload="parent.document.title='PWNED-svg'"><circle r="1"/></svg>
<a id="jslink" href="javascript:parent.document.title='PWNED-link'">클릭</a>
<img id="tracker" src="{image_url}" alt="pixel">
</body></html>"""
    msg = EmailMessage()
    msg["From"] = "Attacker <evil@example.net>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg.set_content("plain alternative")
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


def with_attachment(to: str, subject: str, filename: str, data: bytes) -> bytes:
    return with_attachments(to, subject, [(filename, data)])


def with_attachments(to: str, subject: str, files: list[tuple[str, bytes]] | list[tuple[str, bytes, str]]) -> bytes:
    """Files as (name, bytes), PDFs, or (name, bytes, type) with a type like `text/plain; charset=euc-kr`."""
    msg = EmailMessage()
    msg["From"] = "김철수 <kim@example.net>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg.set_content("첨부파일을 확인하세요.")
    for filename, data, *declared in files:
        media, *parameters = (declared[0] if declared else "application/pdf").split(";")
        maintype, subtype = media.strip().split("/")
        params = dict(p.strip().split("=", 1) for p in parameters)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=params)
    return msg.as_bytes()


def attachments_of(raw: bytes) -> list[tuple[str | None, bytes]]:
    """The (filename, decoded bytes) of a received message's attachments, in order."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    return [(part.get_filename(), part.get_payload(decode=True)) for part in message.iter_attachments()]


def subject_of(raw: bytes) -> str:
    return str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])


# A 1x1 PNG, for inline (cid:) images.
PIXEL_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


def with_image_urls(to: str, subject: str, urls: list[str], content_id: str = "own@e2e") -> bytes:
    """HTML with an <img> per URL (ids url-0, url-1 …), a CSS background on the first one, and an
    inline image of its own (`cid:`, id `own`) in multipart/related."""
    images = "".join(f'<img id="url-{i}" src="{url}" alt="">' for i, url in enumerate(urls))
    html = (f'<html><body><p id="visible">이미지 요청 테스트</p>{images}'
            f'<div style="background:url({urls[0]});width:4px;height:4px"></div>'
            f'<img id="own" src="cid:{content_id}" alt="own"></body></html>')
    msg = EmailMessage()
    msg["From"] = "Sender <sender@example.net>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg.set_content("plain alternative")
    msg.add_alternative(html, subtype="html")
    msg.get_payload()[1].add_related(PIXEL_PNG, maintype="image", subtype="png", cid=f"<{content_id}>", filename="own.png")
    return msg.as_bytes()
