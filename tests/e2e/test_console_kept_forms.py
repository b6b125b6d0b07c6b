"""A refused form of Today, as the receptionist meets it in a real headless Chromium with the
customer still on the phone: the form she sent is open again with what she typed, the input at
fault marked and focused, why said beside it in the flash's words, on a page answered 422; she
corrects only that and books. A refused move opens that appointment's form, and only it. Read
at phone and desktop widths (``innerText``, ``open``, values, focus, ``aria-invalid``) and
looked at (screenshots)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import (
    DESKTOP,
    EMAIL,
    PASSWORD,
    PHONE,
    _set_viewport,
    _shows,
    chromium,
    look_at,
    sign_in,
)
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_console_actions import _fill, _open
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_service import Service
from tests.support import quiet_hours_away_from_now

BAD_PHONE = "请检查“顾客手机号”：这不是有效的手机号码"
PAST = "请检查“新的预约时间”：这个时间已经过去了，请选以后的时间"

#: A <details> form as a person meets it: open or shut, what its inputs hold, which are marked
#: wrong, which has the focus, and the words the marked ones are described by.
_FORM_STATE = """
const details = document.querySelector(arguments[0]);
const inputs = [...details.querySelectorAll("input:not([type=hidden])")];
const marked = inputs.filter(i => i.getAttribute("aria-invalid") === "true");
const described = [...new Set(marked.map(i => i.getAttribute("aria-describedby")))];
return {
  open: details.open,
  values: Object.fromEntries(inputs.map(i => [i.name, i.value])),
  invalid: marked.map(i => i.name),
  focused: details.contains(document.activeElement) ? document.activeElement.name : null,
  why: described.map(id => document.getElementById(id).innerText.trim()),
  why_shown: described.every(id => document.getElementById(id).checkVisibility()),
};
"""


def form_state(driver: WebDriver, selector: str) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(_FORM_STATE, selector)
    return state


def answered(driver: WebDriver) -> int:
    """The HTTP status of the page in the window, as the browser received it."""
    status: int = driver.execute_script(
        "return performance.getEntriesByType('navigation')[0].responseStatus"
    )
    return status


def flash(driver: WebDriver) -> str:
    text: str = driver.find_element(By.CSS_SELECTOR, ".flash").get_attribute("innerText") or ""
    return text.strip()


@dataclass(frozen=True)
class Morning:
    """A salon where it is morning now (its quiet hours well away), with Lily, its receptionist,
    who signs in as EMAIL / PASSWORD; and its tomorrow, where the tests book."""

    salon: dict[str, Any]
    zone: ZoneInfo
    tomorrow: date


def salon_at_morning(running: Service) -> Morning:
    now = datetime.now(UTC).replace(microsecond=0)
    tz = _timezone_at_morning(now)
    zone = ZoneInfo(tz)
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
    return Morning(salon, zone, (now.astimezone(zone) + timedelta(days=1)).date())


def test_a_refused_form_comes_back_as_she_typed_it_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    salon, zone, tomorrow = morning.salon, morning.zone, morning.tomorrow
    yesterday = tomorrow - timedelta(days=2)
    ids = {}
    for external_id, phone, name, stylist, hour in (
        ("A-1", "13800138000", "王女士", "Lily", 10),
        ("B-1", "13700137000", "李先生", "Mia", 12),
    ):
        starts = datetime.combine(tomorrow, datetime.min.time(), zone) + timedelta(hours=hour)
        status, created = running.call(
            "POST",
            "/api/v1/appointments",
            salon["api_key"],
            {
                "external_id": external_id,
                "customer": {"phone": phone, "name": name},
                "service": "剪发",
                "stylist": stylist,
                "starts_at": starts.isoformat(),
            },
        )
        assert status == 201
        ids[name] = created["id"]
    day_page = f"{running.base}/staff/today?day={tomorrow.isoformat()}"

    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/", "新建预约（电话预约）")
        driver.get(day_page)
        _shows(driver, "李先生")

        # A customer calls; the number is mistyped.
        typed = {
            "phone": "12345",
            "name": "陈先生",
            "service": "烫发",
            "stylist": "Mia",
            "day": tomorrow.isoformat(),
            "time": "15:00",
            "duration_minutes": "90",
        }
        _open(driver, "新建预约（电话预约）")
        _fill(driver, "#new-booking", **typed)
        driver.find_element(By.CSS_SELECTOR, "#new-booking button").click()
        _shows(driver, BAD_PHONE)
        assert answered(driver) == 422
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert form_state(driver, "#new-booking") == {
                "open": True,
                "values": typed,
                "invalid": ["phone"],
                "focused": "phone",
                "why": [BAD_PHONE],
                "why_shown": True,
            }, f"at {width}px"
            assert flash(driver) == BAD_PHONE
            for name in ("王女士", "李先生"):
                assert not form_state(driver, f"#move-{ids[name]}")["open"]
        page = reads_as_words(driver, "booking refused")
        assert page.count(BAD_PHONE) == 2  # the flash, and beside the number
        look_at(driver, shots, "booking-refused")

        # She types the number again, only that, where the focus already is, and books.
        _set_viewport(driver, *PHONE)
        field = driver.switch_to.active_element
        field.clear()
        field.send_keys("135 0013 5000")
        driver.find_element(By.CSS_SELECTOR, "#new-booking button").click()
        _shows(driver, "已预约，确认短信已排队")
        assert driver.current_url == day_page and answered(driver) == 200  # sent on (PRG)
        booked = form_state(driver, "#new-booking")
        assert not booked["open"] and booked["invalid"] == [] and booked["values"]["phone"] == ""
        assert "15:00–16:30" in reads_as_words(driver, "booked")

        # 李先生 calls to move; the day picked is yesterday.
        card = f"#move-{ids['李先生']}"
        driver.find_element(By.CSS_SELECTOR, f"{card} summary").click()
        _fill(driver, card, day=yesterday.isoformat(), time="11:00")
        driver.find_element(By.CSS_SELECTOR, f"{card} button").click()
        _shows(driver, PAST)
        assert answered(driver) == 422
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert form_state(driver, card) == {
                "open": True,
                "values": {"day": yesterday.isoformat(), "time": "11:00", "stylist": "Mia"},
                "invalid": ["day", "time"],
                "focused": "day",
                "why": [PAST],
                "why_shown": True,
            }, f"at {width}px"
            others = [f"#move-{ids['王女士']}", "#new-booking"]
            assert [form_state(driver, other)["open"] for other in others] == [False, False]
        reads_as_words(driver, "move refused")
        look_at(driver, shots, "move-refused")

        # The page still works as the day's page: in English, on the same day.
        driver.find_element(By.CSS_SELECTOR, "footer button[lang='en']").click()
        _shows(driver, "New booking (by phone)")
        assert driver.current_url == day_page and answered(driver) == 200
        assert "12:00–13:00" in reads_as_words(driver, "in English")
