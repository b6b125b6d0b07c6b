"""A refused form read in a real headless Chromium on a phone-width page: a receptionist who
books a customer for yesterday reads why in Chinese (``innerText`` of the flash and of the
page), and the page is looked at (screenshots at phone and desktop widths)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from tests.browser import EMAIL, PASSWORD, PHONE, _set_viewport, _shows, chromium, look_at, sign_in
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_console_actions import _fill, _open
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_service import Service
from tests.support import quiet_hours_away_from_now

REFUSED = "请检查“新的预约时间”：这个时间已经过去了，请选以后的时间"


def test_a_booking_for_yesterday_is_refused_in_chinese_on_a_phone(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC)
    tz = _timezone_at_morning(now)
    yesterday = (now.astimezone(ZoneInfo(tz)) - timedelta(days=1)).date()
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
    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/", "新建预约（电话预约）")
        _open(driver, "新建预约（电话预约）")
        _fill(
            driver,
            "#new-booking",
            phone="135 0013 5000",
            name="陈先生",
            service="烫发",
            stylist="Mia",
            day=yesterday.isoformat(),
            time="15:00",
            duration_minutes="60",
        )
        driver.find_element(By.CSS_SELECTOR, "#new-booking button").click()
        _shows(driver, REFUSED)
        _set_viewport(driver, *PHONE)  # a phone's width, as the front desk's phone shows it
        assert driver.execute_script("return window.innerWidth") == PHONE[0]
        flash = driver.find_element(By.CSS_SELECTOR, ".flash.error")
        assert flash.get_attribute("innerText").strip() == REFUSED
        page = reads_as_words(driver, "refused")
        assert "must be in the future" not in page and "starts_at" not in page
        assert "陈先生" not in page  # nothing was booked
        look_at(driver, shots, "today-refused")
