"""Addressing (issue 27): recipients are chips, a pasted list splits into chips (quoted commas stay
in the name), and whoever the user sent to is suggested from the server in any later browser
session (by 초성 or first letters); Enter makes the suggestion a chip, and the mail sent with
chips carries them in its To header (checked over IMAP)."""
import random
import subprocess
import uuid
from email import message_from_bytes, policy
from email.utils import getaddresses

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from harness import DEMO_PASSWORD, E2E_PASSWORD, E2E_USER, ROOT, fetch_mail, imap_for, login, make_driver, unique, wait, wait_for_list

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
CHIP = "[data-testid=recipient-chip]"


def korean_name() -> str:
    """Four random 한글 syllables: a name no earlier run has used."""
    return "".join(chr(0xAC00 + random.randrange(11172)) for _ in range(4))


def initials(name: str) -> str:
    return "".join(INITIALS[(ord(c) - 0xAC00) // 588] for c in name)


def start_compose(driver):
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    return wait(driver).until(EC.visibility_of_element_located((By.ID, "compose-to")))


def chips(driver) -> list[str]:
    return [c.get_attribute("data-value") for c in driver.find_elements(By.CSS_SELECTOR, CHIP)]


def paste(driver, element, text: str) -> None:
    """What Ctrl+V does: a paste event carrying the clipboard's text."""
    driver.execute_script(
        "const data = new DataTransfer(); data.setData('text/plain', arguments[1]);"
        "arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));",
        element, text)


def send_and_wait(driver) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait(driver, 30).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notices"), "메일을 보냈습니다"))


def test_a_pasted_list_becomes_chips_and_chips_edit_and_go(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    to = start_compose(driver)
    paste(driver, to, '이름 <a@b.kr>; c@d.kr, "Kim, J" <e@f.com>')
    wait(driver).until(lambda d: len(chips(d)) == 3)
    assert chips(driver) == ["이름 <a@b.kr>", "c@d.kr", '"Kim, J" <e@f.com>']
    assert [c.text.replace("×", "").strip() for c in driver.find_elements(By.CSS_SELECTOR, CHIP)] == ["이름", "c@d.kr", "Kim, J"]
    assert to.get_attribute("value") == ""

    to.send_keys("홍길동, ")  # not an address: kept as a chip, marked
    wait(driver).until(lambda d: len(chips(d)) == 4)
    assert "invalid" in driver.find_elements(By.CSS_SELECTOR, CHIP)[3].get_attribute("class")
    to.send_keys(Keys.BACKSPACE)  # the last chip back to text
    wait(driver).until(lambda d: to.get_attribute("value") == "홍길동")
    assert len(chips(driver)) == 3
    driver.find_elements(By.CSS_SELECTOR, f"{CHIP} .chip-remove")[1].click()
    wait(driver).until(lambda d: chips(d) == ["이름 <a@b.kr>", '"Kim, J" <e@f.com>'])
    assert to.get_attribute("value") == "홍길동", "the text being typed stays"
    field = driver.find_element(By.CSS_SELECTOR, "[data-testid=recipients-to]")
    assert field.get_attribute("data-value") == '이름 <a@b.kr>, "Kim, J" <e@f.com>, 홍길동'


def test_a_new_correspondent_is_suggested_in_a_later_session_and_the_chips_are_the_to_header(driver, app, downloads):
    token = uuid.uuid4().hex[:8]
    name = korean_name()
    address = f"chips-{token}@zioinfo.co.kr"
    subprocess.run([str(ROOT / "scripts/mailstack"), "adduser", address, DEMO_PASSWORD], check=True, capture_output=True)

    # First session: a mail to the new address (typed, no suggestion for it yet).
    subject = unique("주소 추천")
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    to = start_compose(driver)
    to.send_keys(f"{name} <{address}>")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    wait(driver).until(lambda d: chips(d) == [f"{name} <{address}>"])  # leaving the field makes it a chip
    send_and_wait(driver)

    # A second, fresh browser session: nothing of the first one's in its storage.
    second = make_driver(downloads)
    try:
        login(second, app, E2E_USER, E2E_PASSWORD)
        wait_for_list(second)
        to = start_compose(second)
        for typed in (initials(name)[:3], f"chips-{token[:4]}"):
            to.send_keys(typed)
            option = wait(second).until(EC.presence_of_element_located(
                (By.XPATH, f"//ul[@role='listbox']/li[contains(normalize-space(.), '{address}')]")))
            assert option.get_attribute("data-source") == "collected"
            for _ in range(8):  # to the row of this address
                if option.get_attribute("aria-selected") == "true":
                    break
                to.send_keys(Keys.ARROW_DOWN)
            to.send_keys(Keys.ENTER)
            wait(second).until(lambda d: f"{name} <{address}>" in chips(d))
            assert to.get_attribute("value") == ""
            if typed.startswith("chips-"):
                break
            to.send_keys(Keys.BACKSPACE)  # again by the first letters
            to.send_keys(Keys.CONTROL, "a", Keys.DELETE)
            wait(second).until(lambda d: chips(d) == [])

        paste(second, to, f'"정, 보화" <{E2E_USER}>; ')
        wait(second).until(lambda d: len(chips(d)) == 2)
        subject2 = unique("칩으로 보냄")
        second.find_element(By.ID, "compose-subject").send_keys(subject2)
        send_and_wait(second)
    finally:
        second.quit()

    raw = fetch_mail(address, ("SUBJECT", subject2.split()[-1]))
    header = message_from_bytes(raw, policy=policy.default)["To"]
    assert getaddresses([str(header)]) == [(name, address), ("정, 보화", E2E_USER)], str(header)
    with imap_for(address) as imap:  # the first mail arrived too
        imap.select("INBOX", readonly=True)
        assert imap.uid("SEARCH", None, "SUBJECT", subject.split()[-1])[1][0]


def test_the_browsers_old_address_list_moves_to_the_server_at_sign_in(driver, app):
    name = korean_name()
    address = f"old-{uuid.uuid4().hex[:8]}@example.org"
    key = f"zm.recent.{E2E_USER}"
    driver.get(app.base_url + "/")
    driver.execute_script("localStorage.setItem(arguments[0], JSON.stringify([{name: arguments[1], email: arguments[2]}]))", key, name, address)
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    wait(driver).until(lambda d: not d.execute_script("return localStorage.getItem(arguments[0])", key))
    to = start_compose(driver)
    to.send_keys(initials(name))
    option = wait(driver).until(EC.presence_of_element_located(
        (By.XPATH, f"//ul[@role='listbox']/li[contains(normalize-space(.), '{address}')]")))
    assert option.get_attribute("data-source") == "collected"
    assert name in option.text
