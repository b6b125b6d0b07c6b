"""The inbox as a receptionist first sees it, in a real headless Chromium against the running
service: items that were waiting before she opened the page, one that arrives while she looks
(the poll), and the list after she marks one handled. At each step, at phone and desktop
sizes, the page reads as words: no markup, no None/null/undefined."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import DESKTOP, EMAIL, PASSWORD, PHONE, _shows, _text, chromium, look_at, sign_in
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_service import Service, _wait_for
from tests.support import quiet_hours_away_from_now

#: What shows when a page prints markup or a missing value instead of words.
LEAKS = (
    "<li",
    "<a ",
    "<div",
    "&lt;",
    "&gt;",
    "&amp;",
    "class=",
    "href=",
    "None",
    "null",
    "undefined",
)


def inner_text(driver: WebDriver) -> str:
    text: str = driver.execute_script("return document.body.innerText")
    return text


def reads_as_words(driver: WebDriver, step: str) -> str:
    """The page's ``innerText`` at both sizes, with nothing a person should not see."""
    text = ""
    for width, height in (PHONE, DESKTOP):
        driver.set_window_rect(width=width, height=height)
        text = inner_text(driver)
        for leak in LEAKS:
            assert leak not in text, f"{step} at {width}x{height} shows {leak!r}:\n{text}"
    driver.set_window_rect(width=PHONE[0], height=PHONE[1])
    return text


def test_the_inbox_reads_as_words_on_load_after_a_poll_and_after_handling(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC)
    tz = _timezone_at_morning(now)
    salon = json.loads(
        running.flask(
            *("salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"),
            *("--timezone", tz, "--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    running.flask(
        *("staff", "create", "--salon", str(salon["id"]), "--email", EMAIL),
        *("--password", PASSWORD, "--name", "Lily"),
    )
    for external_id, phone, name, starts in (
        ("A-1", "13800138000", "王女士", now + timedelta(hours=3)),
        ("A-2", "13800138000", "王女士", now + timedelta(days=1)),
        ("B-1", "13900139000", "李先生", now + timedelta(days=1, hours=2)),
    ):
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            salon["api_key"],
            {
                "external_id": external_id,
                "customer": {"phone": phone, "name": name},
                "service": "剪发",
                "starts_at": starts.replace(microsecond=0).isoformat(),
            },
        )
        assert status == 201

    def text_in(phone: str, body: str) -> None:
        out = running.flask(
            *("simulate-reply", "--from", phone, "--to", salon["sender_number"]),
            *("--body", body, "--url", running.base),
        )
        assert out.startswith("200")

    # Two items wait before anyone opens the inbox.
    text_in("+8613800138000", "确认")  # two appointments: which one?
    text_in("+8613700137000", "你好，请问周日开门吗")  # a number the salon does not know

    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/inbox", "待处理")

        # First load: the items as words (reloading until the worker has filed both).
        def both_filed() -> bool:
            driver.get(f"{running.base}/staff/inbox")
            return "未能对应预约" in _text(driver) and "陌生号码" in _text(driver)

        _wait_for(both_filed, "both replies to reach the inbox", 40)
        page = reads_as_words(driver, "first load")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) == 2
        assert "王女士" in page and "你好，请问周日开门吗" in page
        look_at(driver, shots, "inbox-first-load")

        # A reply arrives while the page is open: the poll brings it, still as words.
        text_in("+8613900139000", "能改到下午吗")
        _wait_for(
            lambda: len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) == 3,
            "the poll to bring the new item",
            40,
        )
        page = reads_as_words(driver, "after a poll")
        assert "李先生" in page and "能改到下午吗" in page and "王女士" in page
        _wait_for(lambda: driver.title.startswith("(3) "), "the tab title to count three")
        look_at(driver, shots, "inbox-after-poll")

        # Handle 王女士's item: back on the inbox, two wait and the page still reads right.
        driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
        _shows(driver, "标为已处理")
        reads_as_words(driver, "the item")
        driver.find_element(By.ID, "mark-handled").click()
        _wait_for(lambda: "已处理" in _text(driver) and "王女士" not in _text(driver), "the inbox")
        page = reads_as_words(driver, "after handling")
        assert "李先生" in page and "陌生号码" in page
        assert len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) == 2
        look_at(driver, shots, "inbox-after-handling")

        # "All" shows the handled one too, with who handled it.
        driver.find_element(By.LINK_TEXT, "全部").click()
        _shows(driver, f"处理人: {EMAIL}")
        reads_as_words(driver, "all items")
        look_at(driver, shots, "inbox-all")
    assert len(list(shots.glob("*.png"))) == 2 * 4
