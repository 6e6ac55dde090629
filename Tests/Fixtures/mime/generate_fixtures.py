#!/usr/bin/env python3
"""Writes the MIME test fixtures in Tests/Fixtures/mime/generated/: real .eml bytes as Korean
and CJK mailers send them (Outlook, Naver/Daum webmail, Thunderbird, old Korean mailers), plus
expected.json with the values a correct reader must show. The expected values come from the
source strings below, never from a parser, so the test checks our parser against ground truth.

Run: python3 Tests/Fixtures/mime/generate_fixtures.py   (deterministic; commit its output)
"""
import base64
import json
import os
import quopri
import urllib.parse
from datetime import datetime

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated")

CP949_ONLY = "똠햏뷁"  # not in strict EUC-KR (KS X 1001); Outlook and Daum still label them euc-kr


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64_lines(data: bytes) -> str:
    text = b64(data)
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def ew(text: str, charset: str, codec: str = None) -> str:
    return "=?%s?B?%s?=" % (charset, b64(text.encode(codec or charset)))


def split_ew(raw: bytes, charset: str, cut: int) -> str:
    """Two encoded words whose byte split falls inside a character (as some mailers do)."""
    return "=?%s?B?%s?=\r\n =?%s?B?%s?=" % (charset, b64(raw[:cut]), charset, b64(raw[cut:]))


def ts(text: str) -> int:
    """Seconds since 1970 for an ISO date with offset."""
    return int(datetime.fromisoformat(text).timestamp())


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


CASES = []


def case(name, raw, **expected):
    if isinstance(raw, str):
        raw = crlf(raw).encode("ascii")
    CASES.append((name, raw, expected))


# 1. Outlook: ks_c_5601-1987 everywhere, encoded words inside quoted name=/filename=.
subject = "[공지] 2026년 송년회 안내 " + CP949_ONLY
text = "안녕하세요.\r\n송년회 일정을 알려드립니다. " + CP949_ONLY + "\r\n"
html = "<html><body><p>안녕하세요.</p><p>송년회 " + CP949_ONLY + "</p></body></html>"
filename = "송년회 안내문.hwp"
case("outlook_ks_c_5601.eml", f"""From: {ew("김영희", "ks_c_5601-1987", "cp949")} <yhkim@zioinfo.co.kr>
To: {ew("홍길동", "ks_c_5601-1987", "cp949")} <ythong@zioinfo.co.kr>, "Park, Minsu" <mspark@example.com>
Subject: {ew(subject, "ks_c_5601-1987", "cp949")}
Date: Tue, 24 Nov 2026 17:03:11 +0900
Message-ID: <000001db3e7f$1a2b3c4d$5e6f7a8b@zioinfo.co.kr>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_0001_01DB3E7F.1A2B3C4D"
X-Mailer: Microsoft Outlook 16.0

This is a multipart message in MIME format.

------=_NextPart_000_0001_01DB3E7F.1A2B3C4D
Content-Type: multipart/alternative;
\tboundary="----=_NextPart_001_0002_01DB3E7F.1A2B3C4D"


------=_NextPart_001_0002_01DB3E7F.1A2B3C4D
Content-Type: text/plain;
\tcharset="ks_c_5601-1987"
Content-Transfer-Encoding: base64

{b64_lines(text.encode("cp949"))}

------=_NextPart_001_0002_01DB3E7F.1A2B3C4D
Content-Type: text/html;
\tcharset="ks_c_5601-1987"
Content-Transfer-Encoding: quoted-printable

{quopri.encodestring(html.encode("cp949")).decode("ascii")}

------=_NextPart_001_0002_01DB3E7F.1A2B3C4D--

------=_NextPart_000_0001_01DB3E7F.1A2B3C4D
Content-Type: application/octet-stream;
\tname="{ew(filename, "ks_c_5601-1987", "cp949")}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{ew(filename, "ks_c_5601-1987", "cp949")}"

{b64_lines(bytes(range(256)) * 4)}

------=_NextPart_000_0001_01DB3E7F.1A2B3C4D--
""", subject=subject, from_=[["김영희", "yhkim@zioinfo.co.kr"]],
     to=[["홍길동", "ythong@zioinfo.co.kr"], ["Park, Minsu", "mspark@example.com"]],
     text=text, html=html + "\r\n", date=ts("2026-11-24T17:03:11+09:00"),
     attachments=[{"filename": filename, "content_type": "application/octet-stream", "section": "2", "size": 1024, "inline": False}])

# 2. Naver webmail: UTF-8, HTML only, subject split mid-character across encoded words,
#    RFC 2231 filename*.
subject = "네이버 메일에서 보낸 긴 제목입니다"
raw = subject.encode("utf-8")
html = "<div style=\"font-size:10pt\"><p>첨부 파일을 확인해 주세요&nbsp;&amp; 감사합니다.</p><br>김철수 드림</div>"
filename = "견적서_2026-11.xlsx"
case("naver_utf8_html_only.eml", f"""Received: from mail.naver.com by mx.zioinfo.co.kr
From: =?UTF-8?B?{b64("김철수".encode())}?= <chulsoo@naver.com>
To: <ythong@zioinfo.co.kr>
Subject: {split_ew(raw, "UTF-8", 10)}
Date: Wed, 25 Nov 2026 09:15:00 +0900 (KST)
Message-ID: <abc123.naver@naver.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_1234_5678.1732490100000"

------=_Part_1234_5678.1732490100000
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64

{b64_lines(html.encode())}
------=_Part_1234_5678.1732490100000
Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
Content-Disposition: attachment; filename*=UTF-8''{urllib.parse.quote(filename)}
Content-Transfer-Encoding: base64

{b64_lines(b"PK" + bytes(100))}
------=_Part_1234_5678.1732490100000--
""", subject=subject, from_=[["김철수", "chulsoo@naver.com"]], to=[["", "ythong@zioinfo.co.kr"]],
     html=html, text="첨부 파일을 확인해 주세요 & 감사합니다.\n\n김철수 드림", date=ts("2026-11-25T09:15:00+09:00"),
     attachments=[{"filename": filename, "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   "section": "2", "size": 102, "inline": False}])

# 3. Daum webmail: euc-kr label with CP949-only syllables, subject EUC-KR split inside a
#    character, quoted-printable body with a soft break inside a two-byte character.
subject = "다음 메일 " + CP949_ONLY + " 테스트"
raw = subject.encode("cp949")
text = "본문에 " + CP949_ONLY + " 이 들어 있습니다. " * 6
# Every byte escaped; soft breaks fall between escapes, so some land inside a two-byte character.
escapes = ["=%02X" % b for b in text.encode("cp949")]
lines, line = [], ""
for i, esc in enumerate(escapes):
    if len(line) + 3 > 75:
        lines.append(line + "=")
        line = ""
    line += esc
lines.append(line)
case("daum_euckr_cp949_only.eml", f"""From: =?euc-kr?B?{b64("이순신".encode("euc-kr"))}?= <sslee@daum.net>
To: ythong@zioinfo.co.kr
Subject: {split_ew(raw, "euc-kr", 7)}
Date: 25 Nov 2026 10:00:00 +0900
MIME-Version: 1.0
Content-Type: text/plain; charset=euc-kr
Content-Transfer-Encoding: quoted-printable

""" + "\r\n".join(lines) + "\r\n", subject=subject, from_=[["이순신", "sslee@daum.net"]], to=[["", "ythong@zioinfo.co.kr"]],
     text=text + "\r\n", date=ts("2026-11-25T10:00:00+09:00"), attachments=[])

# 4. Thunderbird: UTF-8, format=flowed, RFC 2231 continuations for a long Korean filename.
filename = "2026년_4분기_사업계획서_최종_수정본_검토완료.pdf"
quoted = urllib.parse.quote(filename)
pieces = [quoted[i:i + 45] for i in range(0, len(quoted), 45)]
# Keep %XX escapes whole within a piece.
fixed, carry = [], ""
for piece in pieces:
    piece = carry + piece
    carry = ""
    cut = piece.rfind("%")
    if cut != -1 and cut > len(piece) - 3:
        carry = piece[cut:]
        piece = piece[:cut]
    fixed.append(piece)
if carry:
    fixed.append(carry)
params = ";\r\n".join(" filename*%d*=%s%s" % (i, "UTF-8''" if i == 0 else "", p) for i, p in enumerate(fixed))
text = "첨부합니다.\r\n\r\n-- \r\n홍길동"
raw_tb = crlf(f"""Message-ID: <5f1c2a3b-tb@zioinfo.co.kr>
Date: Wed, 25 Nov 2026 11:22:33 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
From: =?UTF-8?B?{b64("홍길동".encode())}?= <ythong@zioinfo.co.kr>
To: Team: a@example.com, =?UTF-8?Q?=EA=B9=80?= <kim@example.com>;
Cc: boss@example.com (Boss Kim)
Subject: =?UTF-8?Q?=EC=82=AC=EC=97=85=EA=B3=84=ED=9A=8D=EC=84=9C_=EC=B2=A8=EB=B6=80?=
In-Reply-To: <prev@example.com>
References: <first@example.com>
 <prev@example.com>
Content-Type: multipart/mixed; boundary="------------tb0123456789"

This is a multi-part message in MIME format.
--------------tb0123456789
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

{text}

--------------tb0123456789
Content-Type: application/pdf;
Content-Disposition: attachment;
{params}
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--------------tb0123456789--
""").encode("utf-8")
case("thunderbird_rfc2231.eml", raw_tb, subject="사업계획서 첨부", from_=[["홍길동", "ythong@zioinfo.co.kr"]],
     to=[["", "a@example.com"], ["김", "kim@example.com"]], cc=[["Boss Kim", "boss@example.com"]],
     text=text + "\r\n", in_reply_to="prev@example.com", references=["first@example.com", "prev@example.com"],
     date=ts("2026-11-25T11:22:33+09:00"),
     attachments=[{"filename": filename, "content_type": "application/pdf", "section": "2", "size": 9, "inline": False}])

# 5. Old Korean mailer: raw 8-bit EUC-KR in Subject and From, body without charset.
subject = "견적 요청드립니다 (긴급)"
text = "안녕하십니까. 견적을 요청드립니다.\r\n"
raw_old = (b"From: " + "담당자".encode("euc-kr") + b" <buyer@oldcorp.co.kr>\r\n"
           b"To: ythong@zioinfo.co.kr\r\n"
           b"Subject: " + subject.encode("euc-kr") + b"\r\n"
           b"Date: 25 Nov 26 09:00 KST\r\n"
           b"\r\n" + text.encode("euc-kr"))
case("old_mailer_raw_euckr.eml", raw_old, subject=subject, from_=[["담당자", "buyer@oldcorp.co.kr"]],
     to=[["", "ythong@zioinfo.co.kr"]], text=text, date=ts("2026-11-25T09:00:00+09:00"), attachments=[])

# 6. ISO-2022-KR subject and body.
subject = "ISO-2022-KR 메일"
text = "한국어 본문입니다.\r\n"
raw_iso = (b"From: sender@example.kr\r\nTo: ythong@zioinfo.co.kr\r\n"
           b"Subject: =?iso-2022-kr?B?" + base64.b64encode(subject.encode("iso-2022-kr")) + b"?=\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-KR\r\n"
           b"Content-Transfer-Encoding: 7bit\r\n\r\n" + text.encode("iso-2022-kr"))
case("iso_2022_kr.eml", raw_iso, subject=subject, from_=[["", "sender@example.kr"]], to=[["", "ythong@zioinfo.co.kr"]],
     text=text, attachments=[])

# 7. RFC 2231 continuations in EUC-KR, split inside a character; raw EUC-KR quoted name=.
filename = "회의록_최종.txt"
enc = "".join("%%%02X" % b for b in filename.encode("euc-kr"))
first, second = enc[:9], enc[9:]  # 3 escapes: the split falls inside the second character
raw_2231 = crlf(f"""From: a@example.com
To: b@example.com
Subject: rfc2231 euc-kr
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=XYZ

--XYZ
Content-Type: text/plain; charset=us-ascii

see attached
--XYZ
Content-Type: text/plain; charset=euc-kr; name="NAMEPLACEHOLDER"
Content-Disposition: attachment; filename*0*=euc-kr'ko'{first};
 filename*1*={second}

{"ignored"}
--XYZ--
""").encode("ascii").replace(b"NAMEPLACEHOLDER", filename.encode("euc-kr"))
case("rfc2231_euckr_continuation.eml", raw_2231, subject="rfc2231 euc-kr", from_=[["", "a@example.com"]],
     to=[["", "b@example.com"]], text="see attached",
     attachments=[{"filename": filename, "content_type": "text/plain", "section": "2", "size": 7, "inline": False}])

# 8. Forwarded message/rfc822 with a Korean subject, plus an inline cid image in related.
inner_subject = "원본: 계약서 검토 요청"
raw_fwd = crlf(f"""From: ythong@zioinfo.co.kr
To: boss@zioinfo.co.kr
Subject: =?UTF-8?B?{b64(("Fwd: " + inner_subject).encode())}?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/related; boundary="rel"; type="text/html"

--rel
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

<p>전달합니다 <img src="cid:sig@zioinfo"></p>
--rel
Content-Type: image/png
Content-ID: <sig@zioinfo>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--

--outer
Content-Type: message/rfc822

From: client@example.com
To: ythong@zioinfo.co.kr
Subject: =?UTF-8?B?{b64(inner_subject.encode())}?=
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

검토 부탁드립니다.
--inner
Content-Type: text/html; charset=utf-8

<p>검토 부탁드립니다.</p>
--inner--

--outer--
""").encode("utf-8")
case("forwarded_rfc822.eml", raw_fwd, subject="Fwd: " + inner_subject, from_=[["", "ythong@zioinfo.co.kr"]],
     to=[["", "boss@zioinfo.co.kr"]], html="<p>전달합니다 <img src=\"cid:sig@zioinfo\"></p>", text="전달합니다",
     attachments=[{"filename": "part-1.2.png", "content_type": "image/png",
                   "section": "1.2", "size": 8, "inline": True, "content_id": "sig@zioinfo"},
                  {"filename": inner_subject.replace(":", "_") + ".eml", "content_type": "message/rfc822",
                   "section": "2", "size": None, "inline": False}],
     sections=["TEXT", "1", "1.1", "1.2", "2", "2.TEXT", "2.1", "2.2"])

# 9. HTML with <meta charset> and no charset in the MIME header.
html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head><body>메타 문자셋 ' + CP949_ONLY + '</body></html>'
raw_meta = (b"From: a@example.com\r\nTo: b@example.com\r\nSubject: meta charset\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/html\r\n\r\n" + html.encode("cp949"))
case("html_meta_charset.eml", raw_meta, subject="meta charset", from_=[["", "a@example.com"]], to=[["", "b@example.com"]],
     html=html, text="메타 문자셋 " + CP949_ONLY, attachments=[])

# 10. Broken structure: preamble, missing close boundary, base64 with bad line lengths and no
#     padding, unknown transfer encoding passed through, missing Date.
payload = "깨진 base64 줄 길이".encode("utf-8")
enc = b64(payload).rstrip("=")
bad_b64 = enc[:5] + "\r\n" + enc[5:17] + " \r\n\t" + enc[17:]
raw_broken = crlf(f"""From: "Broken, Mailer" <broken@example.com>
To: b@example.com
Subject: broken structure
Date: not a date at all
Content-Type: multipart/mixed; boundary="b1"

preamble text
--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{bad_b64}
--b1
Content-Type: application/x-unknown
Content-Transfer-Encoding: x-uuencode
Content-Disposition: attachment; filename="data.uu"

begin 644 data
--b1
Content-Type: text/plain; name="last.txt"
Content-Disposition: attachment

no close delimiter follows
""").encode("utf-8")
case("broken_structure.eml", raw_broken, subject="broken structure", from_=[["Broken, Mailer", "broken@example.com"]],
     to=[["", "b@example.com"]], text=payload.decode(), date=None,
     attachments=[{"filename": "data.uu", "content_type": "application/x-unknown", "section": "2", "size": 14, "inline": False},
                  {"filename": "last.txt", "content_type": "text/plain", "section": "3", "size": 28, "inline": False}])

# 11. Japanese ISO-2022-JP (with a Microsoft extension character), Chinese GB2312 and Big5.
subject = "会議の件について①"
text = "よろしくお願いします。①②\r\n"
jis_subject = subject.encode("iso2022_jp_2004")
jis_text = text.encode("iso2022_jp_2004")
raw_jp = (b"From: =?ISO-2022-JP?B?" + base64.b64encode("山田".encode("iso2022_jp")) + b"?= <yamada@example.jp>\r\n"
          b"To: ythong@zioinfo.co.kr\r\nSubject: =?ISO-2022-JP?B?" + base64.b64encode(jis_subject) + b"?=\r\n"
          b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
          + jis_text)
case("japanese_iso_2022_jp.eml", raw_jp, subject=subject, from_=[["山田", "yamada@example.jp"]],
     to=[["", "ythong@zioinfo.co.kr"]], text=text, attachments=[])

raw_cn = (b"From: =?gb2312?B?" + base64.b64encode("王伟".encode("gb2312")) + b"?= <wang@example.cn>\r\n"
          b"To: ythong@zioinfo.co.kr\r\nSubject: =?GB2312?B?" + base64.b64encode("关于合作的建议".encode("gb2312")) + b"?=\r\n"
          b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=zh\r\n\r\n--zh\r\n"
          b"Content-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: base64\r\n\r\n"
          + base64.b64encode("我們是中國人，謝謝。".encode("big5")) + b"\r\n--zh--\r\n")
case("chinese_gb2312_big5.eml", raw_cn, subject="关于合作的建议", from_=[["王伟", "wang@example.cn"]],
     to=[["", "ythong@zioinfo.co.kr"]], text="我們是中國人，謝謝。", attachments=[])

# 12. Undeclared 8-bit bodies in CJK charsets: detection picks the right one.
for name, sample, codec in [("detect_cp949.eml", "사장님, 이번 주 금요일 회의는 오후 세 시에 시작합니다. " + CP949_ONLY, "cp949"),
                            ("detect_shift_jis.eml", "来週の打ち合わせは午後三時からです。よろしくお願いします。", "shift_jis"),
                            ("detect_gb18030.eml", "我们下周的会议将在下午三点开始，请准时参加。", "gb18030"),
                            ("detect_big5.eml", "我們下週的會議將在下午三點開始，請準時參加。", "big5")]:
    raw_detect = (b"From: a@example.com\r\nTo: b@example.com\r\nSubject: detect\r\nContent-Type: text/plain\r\n"
                  b"Content-Transfer-Encoding: 8bit\r\n\r\n" + sample.encode(codec))
    case(name, raw_detect, subject="detect", from_=[["", "a@example.com"]], to=[["", "b@example.com"]], text=sample,
         attachments=[])


def main():
    os.makedirs(HERE, exist_ok=True)
    expected = {}
    for name, raw, values in CASES:
        with open(os.path.join(HERE, name), "wb") as handle:
            handle.write(raw)
        entry = {k.rstrip("_"): v for k, v in values.items()}
        expected[name] = entry
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    print("wrote %d fixtures to %s" % (len(CASES), HERE))


if __name__ == "__main__":
    main()
