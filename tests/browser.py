"""A real headless Chromium for the console's tests: Debian's chromium and chromium-driver,
driven by selenium. Missing binaries fail the run in CI (CI=true) and skip it elsewhere;
``make test`` installs them first when it can."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.e2e.test_service import _wait_for
from tests.servers import in_ci

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = (390, 844)
DESKTOP = (1280, 800)
#: The staff member the console's browser tests create and sign in as.
EMAIL, PASSWORD = "lily@salon.example", "front desk password"

#: Without the background-networking flags Chromium keeps calling home, which on a closed
#: network is a stream of refused connections.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def require_browser() -> None:
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    message = (
        "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
    )
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium(profile: Path, *, scripts: bool = True) -> Iterator[webdriver.Chrome]:
    """The browser; with ``scripts=False`` it runs none of the pages' scripts (a browser with
    JavaScript turned off), while the test's own ``execute_script`` still reads the page."""
    require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    if not scripts:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={PHONE[0]},{PHONE[1]}")
    # The console log is where Chromium reports what a Content-Security-Policy blocked.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=DriverService(str(CHROMEDRIVER)))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def overflow(driver: webdriver.Chrome) -> int:
    """How many pixels the page is wider than the window (0: nothing overflows)."""
    width: int = driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth"
    )
    return width


def console_errors(driver: webdriver.Chrome) -> list[str]:
    """What the browser logged since the last call: a blocked script, style or frame shows as
    "Refused to …" naming the Content-Security-Policy directive."""
    entries: list[dict[str, str]] = driver.get_log("browser")
    return [entry["message"] for entry in entries]


def csp_violations(driver: webdriver.Chrome) -> list[str]:
    return [line for line in console_errors(driver) if "Content Security Policy" in line]


def _viewport_once_resized(driver: webdriver.Chrome, width: int) -> list[int]:
    """The viewport's size once a resize has reached the page: on a busy machine Chromium can
    answer a script before the window has its new size, and the size read then is the previous
    page's (headless Chromium gives the viewport the window's width, whatever its frame)."""
    inner: list[int] = []
    for _ in range(50):
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        if inner[0] == width:
            break
        time.sleep(0.1)
    return inner


def _set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Make the viewport (what the page gets) exactly ``width`` × ``height``: the window is that
    much bigger than the viewport as its frame needs, never smaller than asked."""
    driver.set_window_rect(width=width, height=height)
    inner_width, inner_height = _viewport_once_resized(driver, width)
    driver.set_window_rect(
        width=width + max(0, width - inner_width), height=height + max(0, height - inner_height)
    )
    _viewport_once_resized(driver, width)


def look_at(driver: webdriver.Chrome, shots: Path, name: str) -> None:
    """Screenshots of the page at phone and desktop sizes; fails if it overflows sideways or
    the browser blocked something of the page's own under its Content-Security-Policy."""
    assert csp_violations(driver) == [], f"{name}: the browser blocked part of the page"
    for width, height in (PHONE, DESKTOP):
        _set_viewport(driver, width, height)
        driver.save_screenshot(str(shots / f"{name}-{width}x{height}.png"))
        assert overflow(driver) <= 0, f"{name} overflows sideways at {width}x{height}"
    driver.set_window_rect(width=PHONE[0], height=PHONE[1])


def _text(driver: WebDriver) -> str:
    """The page's visible text; empty while a click's new page is still loading."""
    try:
        body: str = driver.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        return ""
    return body


def _shows(driver: WebDriver, text: str) -> None:
    """Wait until the page (after a click, the next one) shows ``text``."""
    _wait_for(lambda: text in _text(driver), f"the page to show {text}")


def sign_in(
    driver: WebDriver,
    page: str | None,
    shows: str,
    *,
    email: str = EMAIL,
    password: str = PASSWORD,
) -> None:
    """Sign in as staff do: open ``page`` (the console puts its login form first; None when
    the test has the login form in the window already, to look at it), type the email (or
    phone number) and password, submit, and wait until the page signed into shows ``shows``."""
    if page is not None:
        driver.get(page)
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    _shows(driver, shows)
