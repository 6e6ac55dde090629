"""Compose that does not block, the phone, and ! (issue 25, "What every mail client has"): compose
docks at the bottom right and the list and reader stay usable; two drafts open at once are each
saved with their own text; at phone width a long press starts selecting and taps then tick rows,
the reader's actions sit in one compact bar of 44 px targets, compose fills the screen; ! reports
spam, also while the Korean input method is on."""
import re

from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import (COMPOSE_BODY, body_text, mail_text, ARTIFACTS, E2E_PASSWORD, E2E_USER, count_mail, fetch_mail, imap_for, login, open_folder, open_message, row_with_subject,
                     unique, wait, wait_for_list)

DIALOG = "[data-testid=compose-dialog]"


def put_in_inbox(*subjects: str) -> None:
    with imap_for(E2E_USER) as imap:
        for subject in subjects:
            imap.append("INBOX", None, None, mails.plain(E2E_USER, subject, f"{subject} 본문"))


def toast_with(driver, text: str):
    xpath = f"//div[@data-testid='notice'][contains(normalize-space(.), \"{text}\")]"
    return wait(driver).until(EC.visibility_of_element_located((By.XPATH, xpath)))


def open_compose(driver, count: int):
    """Clicks 편지 쓰기 and returns the window it opened (the count-th)."""
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, DIALOG)) == count)
    return driver.find_elements(By.CSS_SELECTOR, DIALOG)[count - 1]


def rect(driver, element) -> dict:
    return driver.execute_script("const r = arguments[0].getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height, right: r.right, bottom: r.bottom};", element)


def saved(window) -> bool:
    return window.find_element(By.CSS_SELECTOR, "[data-testid=draft-status]").get_attribute("data-state") == "saved"


def test_writing_in_the_docked_compose_while_reading_other_mail(driver, app):
    first, second = unique("읽으며 쓰기 하나"), unique("읽으며 쓰기 둘")
    put_in_inbox(first, second)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    window = open_compose(driver, 1)
    box = rect(driver, window)
    width, height = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    assert box["bottom"] == height and width - 40 < box["right"] <= width, f"docked at the bottom right: {box}"
    assert box["w"] < width / 2, "the page beside it stays visible"
    driver.find_element(By.ID, "compose-to").send_keys("kim@example.net")
    driver.find_element(By.ID, "compose-body").send_keys("읽으면서 ")

    # The list and the reader work while compose is open; what was typed stays.
    open_message(driver, first)
    open_message(driver, second)
    assert body_text(driver.find_element(By.ID, "compose-body")) == "읽으면서 "
    driver.find_element(By.ID, "compose-body").send_keys("씁니다")
    assert body_text(driver.find_element(By.ID, "compose-body")) == "읽으면서 씁니다"
    # A list shortcut typed in the window is text, not a move of the list's cursor.
    cursor = driver.find_element(By.CSS_SELECTOR, ".row.cursor").get_attribute("data-uid")
    driver.find_element(By.ID, "compose-body").send_keys("j")
    assert body_text(driver.find_element(By.ID, "compose-body")) == "읽으면서 씁니다j"
    assert driver.find_element(By.CSS_SELECTOR, ".row.cursor").get_attribute("data-uid") == cursor

    # Minimise: only the title bar (the subject) stays; the title brings it back.
    subject = unique("최소화 시험")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    window.find_element(By.CSS_SELECTOR, "[data-testid=compose-minimize]").click()
    wait(driver).until(lambda d: not d.find_element(By.ID, "compose-body").is_displayed())
    assert window.get_attribute("data-state") == "minimized"
    assert window.find_element(By.CSS_SELECTOR, "[data-testid=compose-title]").text == subject
    window.find_element(By.CSS_SELECTOR, "[data-testid=compose-title]").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "compose-body").is_displayed())

    # Maximise: over the whole page; Esc puts it back in the dock, Esc again closes it (keeping the draft).
    window.find_element(By.CSS_SELECTOR, "[data-testid=compose-maximize]").click()
    wait(driver).until(lambda d: window.get_attribute("data-state") == "maximized")
    assert rect(driver, window)["w"] > width * 0.9
    driver.find_element(By.ID, "compose-body").send_keys("\ue00c")  # Esc
    wait(driver).until(lambda d: window.get_attribute("data-state") == "docked")
    driver.find_element(By.ID, "compose-body").send_keys("\ue00c")
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, DIALOG))
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Drafts") == 1)


def test_compose_has_a_url_a_reload_reopens_the_draft_and_back_closes_it(driver, app, tmp_path):
    """?compose=new, then the autosaved draft's UID; a reload reopens that draft with its typed
    recipients, subject, body and file; Back closes the window (the draft stays in Drafts); the
    draft's own URL (/m/Drafts?uid=N) opens it in compose, not the reader."""
    subject = unique("주소 있는 초안")
    memo = tmp_path / "메모.txt"
    memo.write_text("첨부 메모", encoding="utf-8")
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    start = driver.current_url
    window = open_compose(driver, 1)
    wait(driver).until(lambda d: d.current_url.endswith("?compose=new"))
    driver.find_element(By.ID, "compose-to").send_keys("kim@example.net, 홍길동")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.ID, "compose-body").send_keys("새로 고쳐도 남습니다")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=file-input]").send_keys(str(memo))
    wait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=attachment-chip]").get_attribute("data-state") == "done")
    wait(driver, 30).until(lambda d: saved(window) and re.search(r"compose=\d+$", d.current_url))
    uid = re.search(r"compose=(\d+)$", driver.current_url).group(1)

    driver.refresh()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, DIALOG)))
    wait(driver).until(lambda d: d.find_element(By.ID, "compose-subject").get_attribute("value") == subject)
    to = driver.find_element(By.CSS_SELECTOR, "[data-testid=recipients-to]").get_attribute("data-value")
    assert "kim@example.net" in to and "홍길동" in to, to
    assert body_text(driver.find_element(By.ID, "compose-body")) == "새로 고쳐도 남습니다"
    assert "메모.txt" in driver.find_element(By.CSS_SELECTOR, "[data-testid=attachment-chip]").text

    driver.back()  # to the list's entry: the window closes, its draft stays
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, DIALOG))
    assert driver.current_url == start
    assert count_mail(E2E_USER, ("SUBJECT", subject.split()[-1]), "Drafts") == 1

    driver.get(app.base_url + f"/m/Drafts?uid={uid}")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, DIALOG))
    wait(driver).until(lambda d: d.find_element(By.ID, "compose-subject").get_attribute("value") == subject)
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-view]")
    wait(driver).until(lambda d: d.current_url.endswith(f"/m/Drafts?compose={uid}"))


def test_two_drafts_open_at_once_are_each_saved_with_their_own_text(driver, app):
    subject_a, subject_b = unique("첫째 초안"), unique("둘째 초안")
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    a = open_compose(driver, 1)
    a.find_element(By.NAME, "subject").send_keys(subject_a)
    a.find_element(By.CSS_SELECTOR, COMPOSE_BODY).send_keys("첫째 창의 본문")
    b = open_compose(driver, 2)
    assert rect(driver, b)["right"] <= rect(driver, a)["x"], "side by side, the newer on the left"
    b.find_element(By.NAME, "subject").send_keys(subject_b)
    b.find_element(By.CSS_SELECTOR, COMPOSE_BODY).send_keys("둘째 창의 본문")
    # Typing in the second did not touch the first.
    assert body_text(a.find_element(By.CSS_SELECTOR, COMPOSE_BODY)) == "첫째 창의 본문"
    wait(driver, 30).until(lambda d: saved(a) and saved(b))

    # A reload reopens both windows from their drafts (their UIDs are in the URL); × closes them.
    driver.refresh()
    wait_for_list(driver)
    wait(driver).until(lambda d: sorted(w.get_attribute("value") for w in d.find_elements(By.CSS_SELECTOR, f"{DIALOG} [name=subject]")) == sorted([subject_a, subject_b]))
    while driver.find_elements(By.CSS_SELECTOR, DIALOG):
        count = len(driver.find_elements(By.CSS_SELECTOR, DIALOG))
        driver.find_element(By.CSS_SELECTOR, f"{DIALOG} [data-testid=compose-close]").click()
        wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, DIALOG)) == count - 1)
    open_folder(driver, "임시보관함")
    row_with_subject(driver, subject_a)
    row_with_subject(driver, subject_b)
    for subject, text in ((subject_a, "첫째 창의 본문"), (subject_b, "둘째 창의 본문")):
        tag = subject.split()[-1]
        assert count_mail(E2E_USER, ("SUBJECT", tag), "Drafts") == 1, "one draft per window, each replaced by its own saves"
        assert mail_text(fetch_mail(E2E_USER, ("SUBJECT", tag), "Drafts")).strip() == text

    # A third and fourth: three windows at most, the fourth asks to close one.
    for count in (1, 2, 3):
        open_compose(driver, count)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    toast_with(driver, "작성 창은 3개까지 열 수 있습니다.")
    assert len(driver.find_elements(By.CSS_SELECTOR, DIALOG)) == 3


def touch(driver):
    return ActionBuilder(driver, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))


def long_press(driver, element) -> None:
    actions = touch(driver)
    actions.pointer_action.move_to(element).pointer_down().pause(0.8).pointer_up()  # a finger held 0.8 s
    actions.perform()


def tap(driver, element) -> None:
    actions = touch(driver)
    actions.pointer_action.move_to(element).pointer_down().pointer_up()
    actions.perform()


def is_selected(driver, subject: str) -> bool:
    return row_with_subject(driver, subject).get_attribute("aria-selected") == "true"


def assert_targets(driver, elements, what: str) -> None:
    shown = [e for e in elements if e.is_displayed()]
    assert shown, what
    for element in shown:
        box = rect(driver, element)
        assert box["w"] >= 44 and box["h"] >= 44, f"{what}: {element.get_attribute('outerHTML')[:80]} is {box['w']}×{box['h']}"


def test_phone_long_press_selects_compact_bar_and_full_screen_compose(phone_driver, app):
    driver = phone_driver
    one, two, three = unique("폰 하나"), unique("폰 둘"), unique("폰 셋")
    put_in_inbox(one, two, three)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    assert_targets(driver, driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row] .cell-check"), "row checkboxes")
    assert_targets(driver, driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row] .star"), "row stars")
    assert all(rect(driver, r)["h"] >= 44 for r in driver.find_elements(By.CSS_SELECTOR, "[data-testid=message-row]"))

    # A long press selects without opening; then taps tick and untick.
    long_press(driver, row_with_subject(driver, one))
    wait(driver).until(lambda d: is_selected(d, one))
    assert driver.find_element(By.CSS_SELECTOR, ".pane-list").is_displayed(), "nothing opened"
    toolbar = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".bulk")))
    assert "1개 선택됨" in toolbar.text
    tap(driver, row_with_subject(driver, two))
    wait(driver).until(lambda d: is_selected(d, two))
    assert "2개 선택됨" in driver.find_element(By.CSS_SELECTOR, ".bulk").text
    # The selection's bar: icons, each labelled in Korean, 44 px targets, on one line.
    buttons = driver.find_elements(By.CSS_SELECTOR, ".bulk button")
    labels = [b.get_attribute("aria-label") for b in buttons]
    assert labels == ["삭제", "읽음으로 표시", "읽지 않음으로 표시", "별표", "스팸 신고"], labels
    assert all(b.get_attribute("title") == b.get_attribute("aria-label") for b in buttons)
    for button in buttons:
        assert button.find_element(By.CSS_SELECTOR, "svg").is_displayed(), button.get_attribute("aria-label")
        assert button.text == "", f"words instead of an icon: {button.text}"
    assert_targets(driver, buttons, "selection bar buttons")
    assert len({round(rect(driver, b)["y"]) for b in buttons}) == 1, "one line"
    driver.save_screenshot(str(ARTIFACTS / "phone_selection_bar_icons.png"))
    tap(driver, row_with_subject(driver, one))
    wait(driver).until(lambda d: not is_selected(d, one))
    assert is_selected(driver, two) and driver.find_element(By.CSS_SELECTOR, ".pane-list").is_displayed()
    tap(driver, row_with_subject(driver, two))
    wait(driver).until(lambda d: not is_selected(d, two))

    # With nothing ticked a tap opens again; the reader's actions are one compact bar.
    tap(driver, row_with_subject(driver, three))
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=message-view]"), f"{three} 본문"))
    bar = driver.find_element(By.CSS_SELECTOR, "[data-testid=message-actions]")
    assert rect(driver, bar)["h"] < 60, "one row"
    assert_targets(driver, bar.find_elements(By.CSS_SELECTOR, "button"), "reader actions")
    assert not driver.find_element(By.CSS_SELECTOR, "[data-testid=print]").is_displayed(), "the rest is behind ⋯"
    delete = driver.find_element(By.CSS_SELECTOR, "[data-testid=delete]")
    # An icon, its text kept as the button's name (read out, shown as the tooltip).
    assert delete.get_attribute("title") == "삭제" and delete.accessible_name == "삭제"
    assert driver.execute_script("return getComputedStyle(arguments[0], '::before').content", delete) == '"🗑"'
    more = driver.find_element(By.CSS_SELECTOR, "[data-testid=more-actions]")
    more.click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=print]").is_displayed())
    assert_targets(driver, bar.find_elements(By.CSS_SELECTOR, ".more-actions > *"), "the actions behind ⋯")
    more.click()
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390

    tag = three.split()[-1]
    delete.click()
    toast = toast_with(driver, "1개를 휴지통으로 옮겼습니다.")
    assert count_mail(E2E_USER, ("SUBJECT", tag), "Trash") == 1
    toast.find_element(By.CSS_SELECTOR, "[data-testid=notice-action]").click()
    toast_with(driver, "되돌렸습니다.")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", tag), "INBOX") == 1)

    # Compose fills the screen, with 44 px buttons.
    window = open_compose(driver, 1)
    assert rect(driver, window) == {"x": 0, "y": 0, "w": 390, "h": 844, "right": 390, "bottom": 844}
    assert_targets(driver, window.find_elements(By.CSS_SELECTOR, "button"), "compose buttons")


def test_bang_reports_spam_also_through_the_korean_input_method(driver, app):
    first, second = unique("스팸 단축키"), unique("스팸 한글")
    put_in_inbox(first, second)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_message(driver, first)
    driver.find_element(By.CSS_SELECTOR, "body").send_keys("!")
    toast_with(driver, "‘스팸함’ 편지함으로 1개를 옮겼습니다.")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", first.split()[-1]), "Junk") == 1)

    # The Korean input method sends "Process" for the key; its code says Shift+1 was pressed.
    row_with_subject(driver, second).find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    driver.execute_script("document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'Process', code: 'Digit1', shiftKey: true, bubbles: true}))")
    wait(driver).until(lambda d: count_mail(E2E_USER, ("SUBJECT", second.split()[-1]), "Junk") == 1)
    assert count_mail(E2E_USER, ("SUBJECT", second.split()[-1]), "INBOX") == 0

    driver.find_element(By.CSS_SELECTOR, "body").send_keys("?")
    sheet = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=shortcut-help]")))
    assert "스팸 신고" in sheet.text
