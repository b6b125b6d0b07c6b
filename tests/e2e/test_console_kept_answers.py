"""A refused answer, as the receptionist meets it in a real headless Chromium on an inbox item:
she sends the customer nothing but spaces. The item's page comes back (422) with the box as she
left it, marked and focused, why said beside it in the flash's words; she writes ten lines (299
characters, which the box lets her type; the browser sends each line break as two, and the
answer counts it once) and sends, and the page is sent on to the item with the answer in the
thread. Read at phone and desktop widths (``innerText``, the box's value, focus,
``aria-invalid``) and looked at (screenshots)."""

from __future__ import annotations

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
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_console_kept_forms import answered, flash, salon_at_morning
from tests.e2e.test_console_kept_inbox import change_request_on_an_item
from tests.e2e.test_service import Service
from tests.integration.test_console_kept_answers import LINES, TOO_LONG

EMPTY = "回复内容是空的"
SPACES = "   "

#: The answer box as a person meets it: what it holds, marked or not, focused or not, and the
#: words it is described by, shown or not.
_BOX_STATE = """
const box = document.querySelector("#answer textarea");
const why = box.getAttribute("aria-describedby");
const said = why ? document.getElementById(why) : null;
return {
  value: box.value,
  invalid: box.getAttribute("aria-invalid") === "true",
  focused: document.activeElement === box,
  why: said ? said.innerText.trim() : null,
  why_shown: said ? said.checkVisibility() : null,
};
"""


#: The answer box's size as a person sees it: how many lines of text it shows, how much of its
#: form's width it takes, and whether what it holds scrolls out of sight.
_BOX_SIZE = """
const box = document.getElementById("answer-body");
const style = getComputedStyle(box);
const inside = box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
return {
  lines: Math.floor(inside / parseFloat(style.lineHeight)),
  of_width: box.getBoundingClientRect().width / box.form.getBoundingClientRect().width,
  hidden: box.scrollHeight > box.clientHeight,
  length: box.value.length,
};
"""


def box_state(driver: WebDriver) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(_BOX_STATE)
    return state


def test_a_refused_answer_comes_back_in_the_box_as_she_wrote_it_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with chromium(tmp_path / "profile") as driver:
        item_page = change_request_on_an_item(running, driver, salon_at_morning(running))

        # She sends nothing but spaces (the box's "required" lets them through).
        box = driver.find_element(By.ID, "answer-body")
        box.send_keys(SPACES)
        driver.find_element(By.ID, "answer-send").click()
        _shows(driver, EMPTY)
        assert answered(driver) == 422 and driver.current_url.endswith("/messages")
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert box_state(driver) == {
                "value": SPACES,
                "invalid": True,
                "focused": True,
                "why": EMPTY,
                "why_shown": True,
            }, f"at {width}px"
            assert flash(driver) == EMPTY
        page = reads_as_words(driver, "answer refused")
        assert page.count(EMPTY) == 2  # the flash, and beside the box
        assert "标为已处理" in page and "发可选时间" in page  # still the item, still waiting
        look_at(driver, shots, "answer-refused")
        driver.execute_script("document.activeElement.scrollIntoView({block: 'center'})")
        look_at(driver, shots, "answer-refused-box")

        # She writes ten lines where the focus already is, typed as a person types them (Enter
        # between), and sends them: the page is sent on to the item (PRG), the answer in its
        # thread, the box empty again.
        _set_viewport(driver, *PHONE)
        box = driver.switch_to.active_element
        assert box.get_attribute("name") == "body"
        box.clear()
        box.send_keys(LINES)
        assert box.get_attribute("value") == LINES  # the box took all of it
        first = LINES.splitlines()[0]
        driver.find_element(By.ID, "answer-send").click()
        _shows(driver, "已加入发送队列")
        assert driver.current_url == item_page and answered(driver) == 200
        sent = box_state(driver)
        assert (sent["value"], sent["invalid"], sent["why"]) == ("", False, None)
        assert first in reads_as_words(driver, "answer sent")
        look_at(driver, shots, "answer-sent")

        # The box is a comfortable size to write 300 characters in: six lines across the card
        # to start, and all 300 in sight once written, at a phone's width as at a desktop's;
        # it still takes no more than 300.
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            size = driver.execute_script(_BOX_SIZE)
            assert size["lines"] >= 6 and size["of_width"] > 0.95, f"at {width}px: {size}"
        box = driver.find_element(By.ID, "answer-body")
        box.send_keys(TOO_LONG)  # 301 characters
        look_at(driver, shots, "answer-box-full")
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            size = driver.execute_script(_BOX_SIZE)
            assert (size["length"], size["hidden"]) == (300, False), f"at {width}px: {size}"
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            driver.save_screenshot(str(shots / f"answer-box-full-in-sight-{width}x{height}.png"))
