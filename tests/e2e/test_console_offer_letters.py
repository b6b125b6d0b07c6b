"""The offer form's letters, as the receptionist meets them in a real headless Chromium: with
nothing published she leaves row A empty and types two times in rows B and C, the later one
first. Previewed, the rows show the times in the text's order, from A, the empty row last, so
the letter beside each row is the letter the customer reads before that time. Sent after the
first time has passed (its day set back), the page comes back refused (422) naming the row as
shown; she switches the console to English there and the page comes back in English with the
rows as they were. Read at phone and desktop widths (``innerText``, values, focus) and looked at
(screenshots)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import DESKTOP, PHONE, _set_viewport, _shows, chromium, look_at
from tests.e2e.test_console_actions import _fill
from tests.e2e.test_console_kept_forms import answered, salon_at_morning
from tests.e2e.test_console_kept_inbox import change_request_on_an_item
from tests.e2e.test_service import Service

#: Each row of the offer form as a person sees it: the letter beside it, then what its day,
#: time and stylist hold; the words above the rows, the one focused, and the preview's text.
_LETTERED = """
const form = document.getElementById("offer-slots");
const why = document.getElementById("offer-slots-why");
const preview = document.getElementById("offer-preview");
return {
  rows: [...form.querySelectorAll("fieldset")].map(row => [
    row.querySelector("legend").innerText.trim(),
    ...[...row.querySelectorAll("input")].map(i => i.value),
  ]),
  why: why && why.checkVisibility() ? why.innerText.trim() : null,
  focused: form.contains(document.activeElement) ? document.activeElement.name : null,
  text: preview && preview.checkVisibility() ? preview.innerText.trim() : null,
};
"""


def lettered(driver: WebDriver) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(_LETTERED)
    return state


def month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def test_the_form_letters_its_rows_as_the_text_does_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    sooner, later = morning.tomorrow + timedelta(days=1), morning.tomorrow + timedelta(days=2)
    with chromium(tmp_path / "profile") as driver:
        change_request_on_an_item(running, driver, morning)
        driver.find_element(By.ID, "offer-times").click()
        _shows(driver, "排班里没有合适的空闲时间")
        # Row A left empty; row B the later time, with Mia; row C the sooner, with her own.
        _fill(
            driver,
            "#offer-slots",
            **{"day1": later.isoformat(), "time1": "16:00", "stylist1": "Mia"},
            **{"day2": sooner.isoformat(), "time2": "11:00"},
        )
        driver.find_element(By.ID, "preview-offer").click()
        _shows(driver, "顾客将收到：")
        text = f"A {month_day(sooner)} 11:00，B {month_day(later)} 16:00（Mia）。"
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            shown = lettered(driver)
            assert shown["rows"] == [
                ["A", sooner.isoformat(), "11:00", ""],
                ["B", later.isoformat(), "16:00", "Mia"],
                ["C", "", "", ""],
            ], f"at {width}px"
            assert text in shown["text"], f"at {width}px"
        look_at(driver, shots, "offer-lettered")

        # Sent once row A's time has passed (the preview left open, its day set back): refused,
        # the past time still row A, named A, marked and focused.
        driver.execute_script(
            "document.querySelector('#send-offer').form.querySelector('[name=day0]').value"
            " = '2020-01-01'"
        )
        driver.find_element(By.ID, "send-offer").click()
        _shows(driver, "时间 A 已经过去了")
        refused = lettered(driver)
        assert answered(driver) == 422
        assert (refused["why"], refused["focused"], refused["text"]) == (
            "时间 A 已经过去了",
            "day0",
            None,
        )
        assert refused["rows"][0] == ["A", "2020-01-01", "11:00", ""]

        # She switches the console to English there: the same rows, why in English.
        driver.find_element(By.CSS_SELECTOR, "footer button[lang='en']").click()
        _shows(driver, "Time A has already passed")
        assert answered(driver) == 200
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert lettered(driver) == refused | {"why": "Time A has already passed"}, (
                f"at {width}px"
            )
        look_at(driver, shots, "offer-refused-in-english")


#: Whether an element shows inside the window as it stands, without scrolling.
_IN_VIEW = """
const box = document.getElementById(arguments[0]).getBoundingClientRect();
return box.top >= 0 && box.bottom <= window.innerHeight;
"""


def test_a_preview_on_a_phone_opens_at_the_text_and_the_send_button(
    running: Service, tmp_path: Path
) -> None:
    """On a phone the three rows fill the first screen: the previewed page opens scrolled to
    what the customer will read and the button that sends it, not at the top of the form."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    sooner = morning.tomorrow + timedelta(days=1)
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        change_request_on_an_item(running, driver, morning)
        driver.find_element(By.ID, "offer-times").click()
        _shows(driver, "排班里没有合适的空闲时间")
        _fill(driver, "#offer-slots", day0=sooner.isoformat(), time0="11:00")
        driver.find_element(By.ID, "preview-offer").click()
        _shows(driver, "顾客将收到：")
        assert f"A {month_day(sooner)} 11:00" in lettered(driver)["text"]
        assert driver.execute_script(_IN_VIEW, "offer-preview")
        assert driver.execute_script(_IN_VIEW, "send-offer")
        look_at(driver, shots, "offer-preview-phone")
