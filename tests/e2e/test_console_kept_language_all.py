"""A change of language keeps every form she typed in, not only the last, as a receptionist
meets it in a real headless Chromium: on an unclear reply's item she ticks "remember this reply",
then types a new time in "Move to…" (the form the switch takes to the server) and switches to
English, then to 繁體 — each time the tick is still ticked and the move form open as she typed
it, at phone and desktop widths, nothing treated or moved. (The sign-in page's switch:
test_console_sign_in_language.py.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import (
    DESKTOP,
    PHONE,
    _set_viewport,
    _shows,
    chromium,
    look_at,
)
from tests.e2e.test_console_actions import _fill
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_console_kept_forms import Morning, answered, form_state, salon_at_morning
from tests.e2e.test_console_kept_inbox import reply_on_an_item
from tests.e2e.test_console_kept_language import switch_to
from tests.e2e.test_service import Service


def unclear_reply_on_an_item(running: Service, driver: WebDriver, morning: Morning) -> str:
    """王女士 writes 看情况？ (read as nothing); Lily opens the inbox item it made."""
    return reply_on_an_item(running, driver, morning, "看情况？", "回复无法识别", "记住这句话")


def remembered(driver: WebDriver) -> bool:
    """Whether the "remember this reply" box shows ticked (its checked property)."""
    ticked: bool = driver.execute_script("return document.getElementById('remember').checked")
    return ticked


def test_the_tick_and_the_move_both_go_with_a_switch_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    later = morning.tomorrow + timedelta(days=1)
    typed = {"day": later.isoformat(), "time": "16:30", "stylist": "Mia"}
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        item_page = unclear_reply_on_an_item(running, driver, morning)
        driver.find_element(By.ID, "remember").click()
        driver.find_element(By.CSS_SELECTOR, "#move-to summary").click()
        _fill(driver, "#move-to", day=typed["day"], time=typed["time"])
        stylist = driver.find_element(By.CSS_SELECTOR, "#move-to [name=stylist]")
        stylist.clear()
        stylist.send_keys("Mia")  # the form typed in last: the one the switch takes along

        for name, words in (("EN", "Remember this reply"), ("繁體", "記住這句話")):
            switch_to(driver, name)
            _shows(driver, words)
            assert answered(driver) == 200
            for width, height in (PHONE, DESKTOP):
                _set_viewport(driver, width, height)
                assert remembered(driver), f"{name} at {width}px"
                state: dict[str, Any] = form_state(driver, "#move-to")
                assert (state["open"], state["values"]) == (True, typed), f"{name} at {width}px"
                assert (state["invalid"], state["why"]) == ([], []), f"{name} at {width}px"
            look_at(driver, shots, f"tick-and-move-{name}")
        words = reads_as_words(driver, "switched twice")
        # Nothing treated (no "treated as … by"), the item still waits to be marked handled.
        assert "回覆無法識別" in words and "操作人" not in words and "標為已處理" in words

        # Nothing was moved or treated by the switches: the item still waits, its time as booked.
        driver.get(item_page)
        _shows(driver, "記住這句話")
        assert not remembered(driver)  # a fresh visit starts unticked, as before
        assert form_state(driver, "#move-to")["values"]["time"] == "10:00"
