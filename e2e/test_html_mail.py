"""HTML mail cannot hurt: none of its script runs, DOMPurify (repaired at bundle time) really
sanitizes in the browser, and a remote image is fetched only after the reader allows it."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import mails
from harness import E2E_PASSWORD, E2E_USER, login, row_with_subject, unique, wait, wait_for_list


def open_xss_mail(driver, app, hit_counter):
    subject = unique("XSS 메일")
    pixel = f"http://127.0.0.1:{hit_counter.port}/pixel-{subject.split()[-1]}.png"
    app.deliver(E2E_USER, mails.xss(E2E_USER, subject, pixel))
    login(driver, app, E2E_USER, E2E_PASSWORD)
    wait_for_list(driver)
    row_with_subject(driver, subject).click()
    frame = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=message-frame]")))
    return frame


def severe_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_xss_mail_runs_nothing_and_remote_image_waits(driver, app, hit_counter):
    frame = open_xss_mail(driver, app, hit_counter)
    assert "allow-scripts" not in (frame.get_attribute("sandbox") or "")
    driver.switch_to.frame(frame)
    visible = wait(driver).until(EC.presence_of_element_located((By.ID, "visible")))
    assert "XSS 테스트 본문" in visible.text
    assert visible.value_of_css_property("color") == "rgba(1, 2, 3, 1)", "the mail's own <head> style applies"
    link = driver.find_element(By.ID, "jslink")
    # Nothing to wait for after the click: the sanitizer removed the javascript: URL, so the click
    # has no script to (not) run; the frame's sandbox and CSP would refuse it besides.
    assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    link.click()
    driver.switch_to.default_content()
    assert "PWNED" not in driver.title
    assert driver.execute_script("return window.__pwned === undefined")
    assert hit_counter.hits == [], "the remote image must not be requested before the reader allows it"
    bar = driver.find_element(By.CSS_SELECTOR, "[data-testid=show-remote]")
    assert bar.text == "외부 이미지 표시"
    bar.click()
    wait(driver).until(lambda _: any(h.startswith("/pixel-") for h in hit_counter.hits),
                       "after 외부 이미지 표시 the image is loaded")
    assert "PWNED" not in driver.title


def test_dompurify_sanitizes_in_the_browser(driver, app, hit_counter):
    frame = open_xss_mail(driver, app, hit_counter)
    srcdoc = frame.get_attribute("srcdoc")
    # DOMPurify ran (Debian's broken build would have thrown and shown no frame at all)
    assert "XSS 테스트 본문" in srcdoc
    for active in ("<script", "onerror", "onload", "javascript:"):
        assert active not in srcdoc.lower(), active
    assert "Content-Security-Policy" in srcdoc and "script-src 'none'" in srcdoc
    assert f"127.0.0.1:{hit_counter.port}" not in srcdoc, "remote src, @import and url() removed until allowed"
    assert "rgb(1, 2, 3)" in srcdoc, "head styles kept"
    assert not [e for e in severe_errors(driver) if "shadowNode" in e["message"]]
