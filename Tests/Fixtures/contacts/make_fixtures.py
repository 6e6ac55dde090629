#!/usr/bin/env python3
"""Writes the address-book import fixtures. They are made here, by hand, in the shapes the
real exporters write (Outlook's Korean CSV in CP949, Gmail's CSV, a plausible Naver CSV, vCard
2.1/3.0/4.0); no file comes from a real person's address book. Run it to regenerate them."""
import base64, pathlib

here = pathlib.Path(__file__).parent

outlook_headers = ["제목", "이름", "중간 이름", "성", "호칭", "회사", "부서", "직함", "근무지 주소 번지", "회사 전화", "휴대폰",
                   "전자 메일 주소", "전자 메일 유형", "전자 메일 표시 이름", "전자 메일 2 주소", "메모", "범주"]
outlook_rows = [
    ["", "영태", "", "홍", "", "지오정보기술", "정보화팀", "책임", "서울시 강남구, 테헤란로 1", "02-123-4567", "010-1234-5678",
     "ythong@zioinfo.co.kr", "SMTP", "홍영태 (ythong@zioinfo.co.kr)", "yt.hong@example.com", "점심은\r\n월요일", "거래처;정보화팀"],
    ["", "철수", "", "김", "", "한국전력", "영업부", "대리", "", "", "010-9876-5432",
     "cskim@example.com", "SMTP", "김철수", "", "", "거래처"],
    ["", "", "", "", "", "빈 회사", "", "", "", "", "", "", "", "", "", "", ""],
]

def csv_line(cells):
    def cell(value):
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value
    return ",".join(cell(c) for c in cells) + "\r\n"

(here / "outlook-ko-cp949.csv").write_bytes(
    (csv_line(outlook_headers) + "".join(csv_line(r) for r in outlook_rows)).encode("cp949"))

gmail_headers = ["Name", "Given Name", "Family Name", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value",
                 "E-mail 2 - Type", "E-mail 2 - Value", "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name",
                 "Organization 1 - Title", "Organization 1 - Department", "Notes"]
gmail_rows = [
    ["John Doe", "John", "Doe", "* myContacts ::: Friends", "* Work", "john@example.com", "Home", "jd@example.org",
     "Mobile", "+1 555-0100 ::: +1 555-0101", "Acme, Inc.", "Engineer", "R&D", "Met at \"the\" conference"],
    ["이순신", "순신", "이", "* myContacts", "* Other", "sslee@example.kr", "", "", "", "", "", "", "", ""],
]
(here / "gmail.csv").write_text(csv_line(gmail_headers) + "".join(csv_line(r) for r in gmail_rows), encoding="utf-8")

naver_headers = ["이름", "이메일", "휴대폰", "회사", "부서", "직책", "그룹", "메모"]
naver_rows = [
    ["박지성", "jspark@naver.com", "010-2222-3333", "네이버", "축구팀", "주장", "친구", "여러 줄\n메모, 쉼표"],
    ["최민수", "not-an-address", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", ""],
]
(here / "naver.csv").write_bytes(("\ufeff" + csv_line(naver_headers) + "".join(csv_line(r) for r in naver_rows)).encode("utf-8"))

photo = base64.b64encode(bytes(range(256)) * 4).decode()
photo_lines = "PHOTO;ENCODING=b;TYPE=JPEG:" + photo
folded_photo = photo_lines[:75] + "".join("\r\n " + photo_lines[i:i + 74] for i in range(75, len(photo_lines), 74))
vcard3 = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:홍;영태;;;\r\nFN:홍영태\r\nORG:지오정보기술;정보화팀\r\nTITLE:책임\r\n"
          "EMAIL;TYPE=INTERNET,WORK:ythong@zioinfo.co.kr\r\nEMAIL;TYPE=INTERNET,HOME:YT@Example.com\r\n"
          "TEL;TYPE=CELL:010-1234-5678\r\nTEL;TYPE=WORK:02-123-\r\n 4567\r\n"
          "NOTE:첫 줄\\n둘째 줄\\, 쉼표\\; 세미콜론\r\nCATEGORIES:거래처,정보화팀\r\n" + folded_photo + "\r\nEND:VCARD\r\n"
          "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nitem1.EMAIL;type=INTERNET:jane@example.com\r\nEND:VCARD\r\n")
(here / "vcard3-korean-photo.vcf").write_text(vcard3, encoding="utf-8", newline="")

vcard4 = ("BEGIN:VCARD\nVERSION:4.0\nFN:Anna Müller\nN:Müller;Anna;;;\nEMAIL;TYPE=work;PREF=1:anna@example.de\n"
          "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+49-151-0000\nORG:Beispiel GmbH\nCATEGORIES:Partners\nEND:VCARD\n")
(here / "vcard4.vcf").write_text(vcard4, encoding="utf-8", newline="")

def qp(text, charset):
    """Every byte outside printable ASCII (and `=`) as `=XX`, no line breaks."""
    return "".join(chr(b) if 0x20 <= b < 0x7F and b != 0x3D else "=%02X" % b for b in text.encode(charset))

def soft_wrapped(encoded, width=60):
    """QP soft line breaks (`=` CRLF) between whole `=XX` tokens, as phones write long values."""
    tokens, i = [], 0
    while i < len(encoded):
        size = 3 if encoded[i] == "=" else 1
        tokens.append(encoded[i:i + size]); i += size
    lines, line = [], ""
    for token in tokens:
        if len(line) + len(token) > width: lines.append(line); line = ""
        line += token
    return "=\r\n".join(lines + [line])

vcard21 = ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
           "N;CHARSET=EUC-KR;ENCODING=QUOTED-PRINTABLE:" + qp("김", "euc-kr") + ";" + qp("민지", "euc-kr") + "\r\n"
           "FN;CHARSET=UTF-8;QUOTED-PRINTABLE:" + qp("김민지", "utf-8") + "\r\n"
           "ORG;CHARSET=EUC-KR;ENCODING=QUOTED-PRINTABLE:" + qp("지오정보기술;기술연구소", "euc-kr") + "\r\n"
           "NOTE;CHARSET=EUC-KR;ENCODING=QUOTED-PRINTABLE:" + soft_wrapped(qp("아주 긴 메모입니다 " * 4, "euc-kr")) + "\r\n"
           "TEL;CELL:010-5555-6666\r\nEMAIL;INTERNET:mjkim@zioinfo.co.kr\r\nEND:VCARD\r\n")
(here / "vcard21-qp.vcf").write_bytes(vcard21.encode("ascii"))
