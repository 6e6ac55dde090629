#!/usr/bin/env python3
"""Writes the mixed benchmark corpus into DIRECTORY: the repo's MIME fixtures (CPython's test
messages, the generated Korean/CJK mails) plus synthetic office mail — Korean text+HTML with
attachments of 100 KB and 2 MB, a 200-part report, a forwarded chain — built with CPython's
email package so both parsers read the same bytes."""
import os
import random
import shutil
import sys
from email.message import EmailMessage
from email.policy import SMTP

repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
target = sys.argv[1]
os.makedirs(target, exist_ok=True)
fixtures = os.path.join(repo, "Tests", "Fixtures", "mime")
for folder in ("cpython-email", "generated"):
    for name in os.listdir(os.path.join(fixtures, folder)):
        if name.endswith((".txt", ".eml")) and not name.startswith("README"):
            shutil.copy(os.path.join(fixtures, folder, name), os.path.join(target, folder + "-" + name))

rng = random.Random(4)
korean = "안녕하세요 지오정보기술 송년회 보고서 검토 요청드립니다 일정 확인 부탁드립니다 " * 20


def office_mail(index, attachment_size):
    message = EmailMessage()
    message["From"] = "홍길동 <ythong@zioinfo.co.kr>"
    message["To"] = "김영희 <yhkim@example.com>, 이순신 <sslee@example.com>"
    message["Subject"] = "[%d] 2026년 4분기 보고서 검토 요청" % index
    message.set_content(korean)
    message.add_alternative("<html><body><p>%s</p></body></html>" % korean, subtype="html")
    if attachment_size:
        message.add_attachment(rng.randbytes(attachment_size), maintype="application", subtype="pdf",
                               filename="보고서_%d.pdf" % index)
    return message


for index in range(20):
    with open(os.path.join(target, "office-%02d.eml" % index), "wb") as handle:
        handle.write(office_mail(index, 100_000 if index % 2 else 0).as_bytes(policy=SMTP))
with open(os.path.join(target, "office-big.eml"), "wb") as handle:
    handle.write(office_mail(99, 2_000_000).as_bytes(policy=SMTP))
report = EmailMessage()
report["From"] = "reports@example.com"
report["To"] = "ythong@zioinfo.co.kr"
report["Subject"] = "200 parts"
report.set_content("summary")
for index in range(199):
    report.add_attachment("line %d\n" % index * 20, filename="part-%d.txt" % index)
with open(os.path.join(target, "report-200-parts.eml"), "wb") as handle:
    handle.write(report.as_bytes(policy=SMTP))
forward = office_mail(7, 0)
for depth in range(5):
    outer = EmailMessage()
    outer["From"] = "fwd%d@example.com" % depth
    outer["To"] = "ythong@zioinfo.co.kr"
    outer["Subject"] = "Fwd: " + str(forward["Subject"])
    outer.set_content("전달합니다")
    outer.add_attachment(forward)
    forward = outer
with open(os.path.join(target, "forward-chain.eml"), "wb") as handle:
    handle.write(forward.as_bytes(policy=SMTP))
print(target)
