"""A refused offer of new times, as the receptionist meets it in a real headless Chromium: with
nothing published she types two times, previews the text, and meanwhile the salon's CRM cancels
the appointment. Sent, the offer page comes back (422) with her two times still in their rows,
why said above them, and no send button; Back shows the preview page again, refused the same
way, and nothing is sent. A row she got wrong comes back marked and focused, in the place and
with the letter the text would give its time (a time past sorts first: row A). Throughout, the
Inbox tab is lit: the page is an inbox item's. Read at phone and desktop widths (``innerText``,
values, focus, ``aria-invalid``) and looked at (screenshots)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import DESKTOP, PHONE, _set_viewport, _shows, chromium, look_at
from tests.e2e.test_console_actions import _fill
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_console_kept_forms import answered, salon_at_morning
from tests.e2e.test_console_kept_inbox import change_request_on_an_item
from tests.e2e.test_service import Service

CLOSED = "这个预约的状态是“取消”，不能再发新的时间给顾客选"
SLOT_PAST = "时间 A 已经过去了"
INBOX = "待处理"  # the inbox's tab

#: The offer form's rows as a person meets them: what each input holds, which are marked wrong,
#: which has the focus, the words above the rows, whether there is a send button, and the tabs
#: shown lit (bold, the page's colour) by their names.
_ROWS_STATE = """
const form = document.getElementById("offer-slots");
const inputs = [...form.querySelectorAll("input:not([type=hidden])")];
const why = document.getElementById("offer-slots-why");
return {
  values: Object.fromEntries(inputs.map(i => [i.name, i.value])),
  invalid: inputs.filter(i => i.getAttribute("aria-invalid") === "true").map(i => i.name),
  focused: form.contains(document.activeElement) ? document.activeElement.name : null,
  why: why && why.checkVisibility() ? why.innerText.trim() : null,
  can_send: document.getElementById("send-offer") !== null,
  lit: [...document.querySelectorAll(".tabs a")]
    .filter(a => Number(getComputedStyle(a).fontWeight) >= 600)
    .map(a => a.firstChild.textContent.trim()),
};
"""


def rows_state(driver: WebDriver) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(_ROWS_STATE)
    return state


def test_a_refused_offer_keeps_the_times_she_typed_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    later = (morning.tomorrow + timedelta(days=1)).isoformat()
    after = (morning.tomorrow + timedelta(days=2)).isoformat()
    typed = {
        "day0": later,
        "time0": "11:00",
        "stylist0": "Mia",
        "day1": after,
        "time1": "15:30",
        "stylist1": "",
        "day2": "",
        "time2": "",
        "stylist2": "",
    }
    past_first = typed | {
        **{"day0": "2020-01-01", "time0": "15:30", "stylist0": ""},
        **{"day1": later, "time1": "11:00", "stylist1": "Mia"},
    }
    with chromium(tmp_path / "profile") as driver:
        item_page = change_request_on_an_item(running, driver, morning)
        driver.find_element(By.ID, "offer-times").click()
        _shows(driver, "排班里没有合适的空闲时间")
        assert rows_state(driver)["lit"] == [INBOX]  # the tab it was reached from
        _fill(driver, "#offer-slots", **{k: v for k, v in typed.items() if v})
        driver.find_element(By.ID, "preview-offer").click()
        _shows(driver, "顾客将收到：")
        assert rows_state(driver)["can_send"] and rows_state(driver)["lit"] == [INBOX]

        # The preview left open until its second time had passed (its day set back), sent:
        # the rows kept, that time first now (the text's order: row A), its day and time
        # marked, its day focused, why above them.
        driver.execute_script(
            "document.querySelector('#send-offer').form.querySelector('[name=day1]').value"
            " = '2020-01-01'"
        )
        driver.find_element(By.ID, "send-offer").click()
        _shows(driver, SLOT_PAST)
        assert answered(driver) == 422 and driver.current_url.endswith("/offer")
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert rows_state(driver) == {
                "values": past_first,
                "invalid": ["day0", "time0"],
                "focused": "day0",
                "why": SLOT_PAST,
                "can_send": False,
                "lit": [INBOX],
            }, f"at {width}px"
        look_at(driver, shots, "offer-row-refused")

        # She types the day again where the focus is, and previews again.
        _set_viewport(driver, *PHONE)
        assert driver.switch_to.active_element.get_attribute("name") == "day0"
        _fill(driver, "#offer-slots", day0=after)
        driver.find_element(By.ID, "preview-offer").click()
        _shows(driver, "顾客将收到：")
        assert rows_state(driver)["values"] == typed and rows_state(driver)["can_send"]

        # Meanwhile the salon's CRM cancels the appointment; she sends what she previewed.
        status, _ = running.call(
            "PATCH", "/api/v1/appointments/A-1", morning.salon["api_key"], {"status": "cancelled"}
        )
        assert status == 200
        driver.find_element(By.ID, "send-offer").click()
        _shows(driver, CLOSED)
        assert answered(driver) == 422 and driver.current_url.endswith("/offer")
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert rows_state(driver) == {
                "values": typed,
                "invalid": [],
                "focused": None,
                "why": CLOSED,
                "can_send": False,
                "lit": [INBOX],
            }, f"at {width}px"
        page = reads_as_words(driver, "offer refused")
        assert page.count(CLOSED) == 1 and "顾客将收到：" not in page
        look_at(driver, shots, "offer-refused")

        # Reload: the browser sends the refused send again, refused the same way.
        driver.refresh()
        _shows(driver, CLOSED)
        reloaded = rows_state(driver)
        assert answered(driver) == 422 and (reloaded["values"], reloaded["can_send"]) == (
            typed,
            False,
        )

        # Back: the preview page again, asked afresh (no-store), refused the same way; the
        # item's thread has no offer in it.
        driver.back()
        _shows(driver, CLOSED)
        assert answered(driver) == 200
        back = rows_state(driver)
        assert (back["values"], back["can_send"]) == (typed, False)
        driver.get(item_page)
        _shows(driver, "标为已处理")
        assert "可改约的时间" not in reads_as_words(driver, "item after the refusals")
