"""A refused move from an inbox item, as the receptionist meets it in a real headless Chromium
while the customer waits for an answer: the item's "改到…" form is open again with what she
typed, the day and time marked and the day focused, why said beside them in the flash's words,
on the item's own page answered 422; the page still works as the item's page (its language
switch comes back to it), and she corrects only the day and moves. Read at phone and desktop
widths (``innerText``, ``open``, values, focus, ``aria-invalid``) and looked at (screenshots)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import (
    DESKTOP,
    PHONE,
    _set_viewport,
    _shows,
    _text,
    chromium,
    look_at,
    sign_in,
)
from tests.e2e.test_console_actions import _fill
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_console_kept_forms import (
    PAST,
    Morning,
    answered,
    flash,
    form_state,
    salon_at_morning,
)
from tests.e2e.test_service import Service, _wait_for

PAST_EN = "Check “New time”: That time has passed; pick a later one"


def reply_on_an_item(
    running: Service, driver: WebDriver, morning: Morning, reply: str, filed_as: str, shows: str
) -> str:
    """王女士 booked tomorrow at 10:00 with Lily writes ``reply``; Lily signs in, waits for the
    inbox to list it as ``filed_as`` and opens the item, whose page shows ``shows``. Its page's
    address."""
    starts = datetime.combine(morning.tomorrow, datetime.min.time(), morning.zone)
    status, _ = running.call(
        "POST",
        "/api/v1/appointments",
        morning.salon["api_key"],
        {
            "external_id": "A-1",
            "customer": {"phone": "13800138000", "name": "王女士"},
            "service": "剪发",
            "stylist": "Lily",
            "starts_at": (starts + timedelta(hours=10)).isoformat(),
        },
    )
    assert status == 201
    out = running.flask(
        *("simulate-reply", "--from", "+8613800138000", "--to", morning.salon["sender_number"]),
        *("--body", reply, "--url", running.base),
    )
    assert out.startswith("200")
    sign_in(driver, f"{running.base}/staff/inbox", "待处理")

    def filed() -> bool:
        driver.get(f"{running.base}/staff/inbox")
        return filed_as in _text(driver)

    _wait_for(filed, f"the reply to reach the inbox as {filed_as}", 40)
    driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
    _shows(driver, shows)
    return str(driver.current_url)


def change_request_on_an_item(running: Service, driver: WebDriver, morning: Morning) -> str:
    """王女士 writes 改时间 (a change request); Lily opens the inbox item it made."""
    return reply_on_an_item(running, driver, morning, "改时间", "要求改期", "标为已处理")


def test_a_refused_move_from_the_inbox_comes_back_as_she_typed_it_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    tomorrow = morning.tomorrow
    yesterday, later = tomorrow - timedelta(days=2), tomorrow + timedelta(days=1)

    with chromium(tmp_path / "profile") as driver:
        item_page = change_request_on_an_item(running, driver, morning)

        # She picks a day for the customer's new time; it is yesterday.
        typed = {"day": yesterday.isoformat(), "time": "11:00", "stylist": "Mia"}
        _fill(driver, "#move-to", **typed)
        driver.find_element(By.CSS_SELECTOR, "#move-to button").click()
        _shows(driver, PAST)
        assert answered(driver) == 422
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert form_state(driver, "#move-to") == {
                "open": True,
                "values": typed,
                "invalid": ["day", "time"],
                "focused": "day",
                "why": [PAST],
                "why_shown": True,
            }, f"at {width}px"
            assert flash(driver) == PAST
        page = reads_as_words(driver, "move refused")
        assert page.count(PAST) == 2  # the flash, and beside the day and time
        assert "标为已处理" in page and "发可选时间" in page  # still the item, still waiting
        look_at(driver, shots, "inbox-move-refused")

        # The page is still the item's page: its language switch comes back to it, the move
        # form holding what she typed (the switch keeps every kept form), nothing marked wrong.
        driver.find_element(By.CSS_SELECTOR, "footer button[lang='en']").click()
        _shows(driver, "Move to…")
        assert driver.current_url == item_page and answered(driver) == 200
        shown = form_state(driver, "#move-to")
        assert (shown["open"], shown["invalid"], shown["values"]) == (True, [], typed)

        # Yesterday again, in English: refused in her words, kept as typed.
        _fill(driver, "#move-to", **typed)
        driver.find_element(By.CSS_SELECTOR, "#move-to button").click()
        _shows(driver, PAST_EN)
        assert answered(driver) == 422
        kept = form_state(driver, "#move-to")
        assert (kept["values"], kept["invalid"], kept["why"]) == (typed, ["day", "time"], [PAST_EN])

        # She types only the day again, where the focus already is, and moves: the item is
        # done and the page sent on to it (PRG).
        day = driver.switch_to.active_element
        assert day.get_attribute("name") == "day"
        driver.execute_script("arguments[0].value = arguments[1]", day, later.isoformat())
        driver.find_element(By.CSS_SELECTOR, "#move-to button").click()
        _shows(driver, "Moved; the customer is told")
        assert driver.current_url == item_page and answered(driver) == 200
        assert driver.find_elements(By.CSS_SELECTOR, "#move-to") == []
        assert f"{later.strftime('%m-%d')} 11:00" in reads_as_words(driver, "moved")
        look_at(driver, shots, "inbox-moved")
