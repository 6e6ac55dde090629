"""Sender identities (issue 27) in Chromium on the real server and Postfix: an alias the mail
server lets this login use is added in 환경설정 (checked with Postfix first), the compose window's
From picker sends as it, and the mail arrives with that From; an address Postfix does not allow
is refused with the reason shown, and nothing is stored."""
import email
import email.policy

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from harness import E2E_PASSWORD, E2E_USER, fetch_mail, login, unique, wait, wait_for_list
from test_settings import open_settings

TEAM = "e2etest-team@zioinfo.co.kr"  # owned by e2etest in scripts/mailstack's sender_login map


def stored_identities(driver) -> list:
    return driver.execute_script("return fetch('/api/settings').then(r => r.json()).then(s => s.identities.map(i => i.email))")


def add_identity(driver, address: str, name: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=identity-email]").send_keys(address)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=identity-name]").send_keys(name)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=add-identity]").click()


def remove_identities(driver) -> None:
    for button in driver.find_elements(By.CSS_SELECTOR, "[data-testid=identity] button"):
        button.click()
    wait(driver).until(lambda d: stored_identities(d) == [])


def test_an_alias_identity_is_added_picked_in_compose_and_arrives_as_the_from(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_settings(driver)
    remove_identities(driver)
    add_identity(driver, TEAM, "E2E 팀")
    listed = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=identity]")))
    assert TEAM in listed.text and "E2E 팀" in listed.text
    wait(driver).until(lambda d: stored_identities(d) == [TEAM])  # the server checked it with Postfix first
    driver.find_element(By.CSS_SELECTOR, "[data-testid=settings-back]").click()
    wait_for_list(driver)

    subject = unique("보낸 사람 별칭")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=compose]").click()
    wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))
    picker = Select(wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=from-picker]"))))
    assert E2E_USER in picker.first_selected_option.text
    picker.select_by_value(TEAM)
    driver.find_element(By.ID, "compose-to").send_keys(E2E_USER + ",")
    driver.find_element(By.ID, "compose-subject").send_keys(subject)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=compose-dialog]")))

    raw = fetch_mail(E2E_USER, ("SUBJECT", subject.split()[-1]))
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["From"].addresses[0].addr_spec == TEAM
    assert received["From"].addresses[0].display_name == "E2E 팀"
    assert received["Return-Path"] == f"<{TEAM}>"

    open_settings(driver)
    remove_identities(driver)


def test_an_address_the_mail_server_does_not_allow_is_refused_with_the_reason(driver, app):
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    open_settings(driver)
    remove_identities(driver)
    add_identity(driver, "sales@zioinfo.co.kr", "영업팀")  # ythong's, not this login's
    error = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=identity-error]")))
    assert "sales@zioinfo.co.kr" in error.text
    assert "허용하지 않습니다" in error.text
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=identity]")
    assert stored_identities(driver) == []
