"""The list tools of issue 25 in Chromium on the real stack: the order (mail restored from Trash
goes back to its date, not to the top; sort by sender, subject, size), checkboxes up to "all N in
this folder" acted on by the server, the unread and starred filters, 모두 읽음, and the answered and
forwarded marks. Each test fills a folder of its own whose name has a space, over IMAP, with
Korean subjects and senders and received dates that are not the order the messages came in."""
import imaplib
import time
import uuid

import pytest
from email.header import Header
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from harness import E2E_PASSWORD, E2E_USER, count_mail, imap_for, login, mutf7, open_folder, row_with_subject, wait, wait_for_list

KST = timezone(timedelta(hours=9))
BASE = datetime(2026, 11, 2, 9, 0, tzinfo=KST)


def mail(subject: str, sender: str, sent: datetime, body: str = "내용") -> bytes:
    return (
        f"From: {Header(sender, 'utf-8').encode()} <s{uuid.uuid4().hex[:6]}@example.com>\r\n"
        f"To: {E2E_USER}\r\nSubject: {Header(subject, 'utf-8').encode()}\r\n"
        f"Date: {format_datetime(sent)}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{body}\r\n"
    ).encode()


def fill(folder: str, messages: list[tuple[bytes, datetime, str]]) -> None:
    """A fresh folder with each (bytes, received date, flags), appended in the order given."""
    with imap_for(E2E_USER) as imap:
        imap.create(mutf7(folder))
        for raw, received, flags in messages:
            imap.append(mutf7(folder), flags or None, imaplib.Time2Internaldate(received.timestamp()), raw)


@pytest.fixture
def scratch():
    """Names for this test's folders (a space in each); they are deleted afterwards."""
    made = []

    def name(prefix: str) -> str:
        made.append(f"{prefix} {uuid.uuid4().hex[:6]}")
        return made[-1]

    yield name
    with imap_for(E2E_USER) as imap:
        for folder in made:
            imap.delete(mutf7(folder))


def shown(driver, cell: str = ".subject-button") -> list[str]:
    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, f"[data-testid=message-row] {cell}")]


def open_filled(driver, app, folder: str, expected_rows: int) -> None:
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_folder(driver, folder)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]")) == expected_rows)


def test_mail_restored_from_trash_goes_back_to_its_date_not_to_the_top(driver, app, scratch):
    folder = scratch("거래처 메일")
    # Received in the order 0..5 (oldest first); appended in another order.
    subjects = [f"견적 문의 {i}" for i in range(6)]
    order = [3, 0, 5, 1, 4, 2]
    fill(folder, [(mail(subjects[i], "김민수", BASE + timedelta(hours=i)), BASE + timedelta(hours=i), "\\Seen") for i in order])
    open_filled(driver, app, folder, 6)
    newest_first = subjects[::-1]
    assert shown(driver) == newest_first, "newest received first, not the order they came in"
    # Delete the third newest, then 실행 취소: it comes back from Trash (a new UID, the folder's last).
    row_with_subject(driver, subjects[3]).find_element(By.CSS_SELECTOR, ".subject-button").click()
    wait(driver).until(lambda d: subjects[3] in d.find_element(By.CSS_SELECTOR, "[data-testid=message-view]").text)
    driver.find_element(By.TAG_NAME, "body").send_keys("#")
    wait(driver).until(lambda d: subjects[3] not in shown(d))
    toast = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=notice] [data-testid=notice-action]")))
    toast.click()
    wait(driver).until(lambda d: len(shown(d)) == 6)
    assert shown(driver) == newest_first, f"restored mail sits at its date: {shown(driver)}"


def test_sort_by_sender_subject_and_size_both_ways(driver, app, scratch):
    folder = scratch("정렬 시험")
    rows = [("나 회의록", "박지영", 300), ("다 견적서", "김민수", 900), ("가 출장 보고", "이서준", 50), ("라 계약서", "강도윤", 10)]
    fill(folder, [(mail(s, f, BASE + timedelta(hours=i), "가" * size), BASE + timedelta(hours=i), "\\Seen") for i, (s, f, size) in enumerate(rows)])
    open_filled(driver, app, folder, 4)
    sort = Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=sort]"))
    sort.select_by_visible_text("보낸 사람")
    by_sender = ["강도윤", "김민수", "박지영", "이서준"]
    wait(driver).until(lambda d: shown(d, ".cell-from") == by_sender)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=sort-order]").click()
    wait(driver).until(lambda d: shown(d, ".cell-from") == by_sender[::-1])
    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=sort]")).select_by_visible_text("제목")
    wait(driver).until(lambda d: shown(d) == ["가 출장 보고", "나 회의록", "다 견적서", "라 계약서"])
    Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=sort]")).select_by_visible_text("크기")
    wait(driver).until(lambda d: shown(d) == ["다 견적서", "나 회의록", "가 출장 보고", "라 계약서"])
    driver.find_element(By.CSS_SELECTOR, "[data-testid=sort-order]").click()
    wait(driver).until(lambda d: shown(d) == ["라 계약서", "가 출장 보고", "나 회의록", "다 견적서"])


def test_filters_mark_all_read_and_all_n_in_the_folder(driver, app, scratch):
    folder = scratch("일괄 처리")
    messages = []
    for i in range(60):
        flags = ("\\Seen" if i % 3 else "") + (" \\Flagged" if i % 12 == 0 else "")
        messages.append((mail(f"주간 보고 {i:02d}", "정하늘", BASE + timedelta(minutes=i)), BASE + timedelta(minutes=i), flags.strip()))
    fill(folder, messages)
    open_filled(driver, app, folder, 50)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=filter-unread]").click()
    wait(driver).until(lambda d: len(shown(d)) == 20 and "전체 20" in d.find_element(By.CSS_SELECTOR, "[data-testid=page-info]").text)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=filter-flagged]").click()
    wait(driver).until(lambda d: len(shown(d)) == 5)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=filter-all]").click()
    wait(driver).until(lambda d: len(shown(d)) == 50)
    # 모두 읽음: the 20 unread, 10 of them not on this page.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=mark-all-read]").click()
    wait(driver).until(lambda d: any("20개를 읽음으로" in n.text for n in d.find_elements(By.CSS_SELECTOR, "[data-testid=notice]")))
    assert count_mail(E2E_USER, ("UNSEEN",), mutf7(folder)) == 0
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid=message-row].unseen"))
    # One checkbox: the toolbar for one message, without opening it.
    driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row] .cell-check input")[1].click()
    assert "1개 선택됨" in wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".bulk"))).text
    # The header checkbox takes the page; the banner offers all 60; 삭제 asks, then the server deletes them all.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=select-page]").click()
    banner = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=select-all-banner]")))
    assert "50개가 선택되었습니다" in banner.text
    banner.find_element(By.CSS_SELECTOR, "[data-testid=select-all-toggle]").click()
    wait(driver).until(lambda d: "60개가 모두 선택" in d.find_element(By.CSS_SELECTOR, "[data-testid=select-all-banner]").text)
    assert "60개 선택됨" in driver.find_element(By.CSS_SELECTOR, ".bulk").text
    driver.find_element(By.CSS_SELECTOR, ".bulk").find_element(By.XPATH, ".//button[normalize-space(.)='삭제']").click()
    alert = wait(driver).until(EC.alert_is_present())
    assert "60개 모두" in alert.text, alert.text
    alert.accept()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=list-empty]"))
    deadline = time.monotonic() + 10
    while count_mail(E2E_USER, ("ALL",), mutf7(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert count_mail(E2E_USER, ("ALL",), mutf7(folder)) == 0
    assert any("60개를 휴지통으로" in n.text for n in driver.find_elements(By.CSS_SELECTOR, "[data-testid=notice]"))


def test_answered_and_forwarded_marks_in_the_list(driver, app, scratch):
    folder = scratch("표시 시험")
    fill(folder, [
        (mail("답장한 메일", "최유나", BASE), BASE, "\\Seen \\Answered"),
        (mail("전달한 메일", "윤서연", BASE + timedelta(hours=1)), BASE + timedelta(hours=1), "\\Seen $Forwarded"),
        (mail("그냥 메일", "한지민", BASE + timedelta(hours=2)), BASE + timedelta(hours=2), "\\Seen"),
    ])
    open_filled(driver, app, folder, 3)
    answered = row_with_subject(driver, "답장한 메일")
    forwarded = row_with_subject(driver, "전달한 메일")
    plain = row_with_subject(driver, "그냥 메일")
    assert answered.find_element(By.CSS_SELECTOR, "[data-testid=answered-mark]").get_attribute("aria-label") == "답장함"
    assert not answered.find_elements(By.CSS_SELECTOR, "[data-testid=forwarded-mark]")
    assert forwarded.find_element(By.CSS_SELECTOR, "[data-testid=forwarded-mark]").get_attribute("aria-label") == "전달함"
    assert not plain.find_elements(By.CSS_SELECTOR, ".mark")
