"""A change of language keeps what was typed, as a receptionist meets it in a real headless
Chromium. On the offer page, on her phone, she types two times (nothing is published, so none is
proposed) and, before she previews, switches the console to 繁體 — the page comes back in 繁體
with her rows as she typed them, nothing previewed, nothing sent. At a desk she previews,
changes a stylist, and switches to English — the page comes back in English with the rows as
they stand, the text previewed from them. The item's thread shows nothing sent. The customers
page's search box, and Today's booking form with a customer on the phone, the same way. Read at
phone and desktop widths (``innerText``, values) and looked at (screenshots)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import DESKTOP, PHONE, _set_viewport, _shows, chromium, look_at, sign_in
from tests.e2e.test_console_actions import _fill
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_console_kept_forms import answered, form_state, salon_at_morning
from tests.e2e.test_console_kept_inbox import change_request_on_an_item
from tests.e2e.test_console_offer_letters import _IN_VIEW, month_day
from tests.e2e.test_service import Service

#: The offer form as a person meets it: each row's letter and what its inputs hold, the notice
#: and the words above the rows that show, and the text previewed if one shows.
_SHOWN = """
const form = document.getElementById("offer-slots");
const shown = id => {
  const element = document.getElementById(id);
  return element && element.checkVisibility() ? element.innerText.trim() : null;
};
return {
  rows: [...form.querySelectorAll("fieldset")].map(row => [
    row.querySelector("legend").innerText.trim(),
    ...[...row.querySelectorAll("input")].map(i => i.value),
  ]),
  notice: shown("nothing-fits") || shown("proposed"),
  why: shown("offer-slots-why"),
  text: shown("offer-preview"),
  title: document.querySelector("h1").innerText.trim(),
};
"""


def shown(driver: WebDriver) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(_SHOWN)
    return state


def switch_to(driver: WebDriver, name: str) -> None:
    """Press the footer's button with the language's name on it (简体, 繁體, EN)."""
    driver.find_element(By.XPATH, f"//footer//button[normalize-space()='{name}']").click()


def test_switching_language_keeps_the_times_she_typed_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    sooner, later = morning.tomorrow + timedelta(days=1), morning.tomorrow + timedelta(days=2)
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        item_page = change_request_on_an_item(running, driver, morning)
        driver.find_element(By.ID, "offer-times").click()
        _shows(driver, "排班里没有合适的空闲时间")

        # On her phone: row A left empty, the later time in row B with Mia, the sooner in C.
        _fill(driver, "#offer-slots", day1=later.isoformat(), time1="16:00")
        _fill(driver, "#offer-slots", day2=sooner.isoformat(), time2="11:00")
        driver.find_element(By.NAME, "stylist1").send_keys("Mia")
        typed = [
            ["A", "", "", ""],
            ["B", later.isoformat(), "16:00", "Mia"],
            ["C", sooner.isoformat(), "11:00", ""],
        ]
        assert shown(driver)["rows"] == typed

        # Before previewing she switches to 繁體: her rows as typed, nothing previewed or
        # refused, and no notice telling her to type the times she typed.
        switch_to(driver, "繁體")
        _shows(driver, "傳可選時間")
        assert answered(driver) == 200
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert shown(driver) == {
                "rows": typed,
                "notice": None,
                "why": None,
                "text": None,
                "title": "傳可選時間",
            }, f"at {width}px"
        look_at(driver, shots, "offer-switched-before-preview")

        # At a desk she previews, then changes B's stylist, and switches to English.
        _set_viewport(driver, *DESKTOP)
        driver.find_element(By.ID, "preview-offer").click()
        _shows(driver, "顧客將收到：")
        assert f"B {month_day(later)} 16:00（Mia）" in shown(driver)["text"]
        stylist = driver.find_element(By.NAME, "stylist1")
        stylist.clear()
        stylist.send_keys("Zoe")
        switch_to(driver, "EN")
        _shows(driver, "The customer will read:")
        assert answered(driver) == 200
        text = f"A {month_day(sooner)} 11:00，B {month_day(later)} 16:00（Zoe）。"
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            now = shown(driver)
            assert now["rows"] == [
                ["A", sooner.isoformat(), "11:00", ""],
                ["B", later.isoformat(), "16:00", "Zoe"],
                ["C", "", "", ""],
            ], f"at {width}px"
            assert (now["title"], now["why"]) == ("Offer times", None), f"at {width}px"
            assert text in now["text"], f"at {width}px"
        look_at(driver, shots, "offer-switched-after-preview")

        # Nothing went to the customer: the item's thread holds no offer.
        driver.get(item_page)
        _shows(driver, "Mark handled")
        assert "可改约的时间" not in reads_as_words(driver, "item after the switches")


def test_the_search_box_keeps_what_she_typed_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    salon_at_morning(running)  # its receptionist, Lily, signs in
    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/customers", "搜索")
        for width, height, name, words in ((*PHONE, "EN", "Search"), (*DESKTOP, "简体", "搜索")):
            _set_viewport(driver, width, height)
            box = driver.find_element(By.NAME, "q")
            box.clear()
            box.send_keys(f"王 {width}")
            switch_to(driver, name)
            _shows(driver, words)
            kept = driver.find_element(By.NAME, "q").get_attribute("value")
            assert kept == f"王 {width}", f"at {width}px"
        assert "没有找到顾客" in reads_as_words(driver, "search switched")
        look_at(driver, shots, "search-switched")


def test_the_booking_she_is_typing_goes_with_a_switch_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    """A customer on the phone: she opens Today's booking form, types the number and a name,
    and switches to English — the form is open with what she typed, nothing booked; she books
    from there and the day's page shows the booking."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    day_page = f"{running.base}/staff/today?day={morning.tomorrow.isoformat()}"
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        sign_in(driver, day_page, "新建预约（电话预约）")
        driver.find_element(By.CSS_SELECTOR, "#new-booking summary").click()
        driver.find_element(By.CSS_SELECTOR, "#new-booking [name=phone]").send_keys("135 0013 5000")
        driver.find_element(By.CSS_SELECTOR, "#new-booking [name=name]").send_keys("陈先生")
        _fill(driver, "#new-booking", time="15:00")
        switch_to(driver, "EN")
        _shows(driver, "New booking (by phone)")
        assert answered(driver) == 200
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            state = form_state(driver, "#new-booking")
            assert state["open"], f"at {width}px"
            assert state["values"] | {"duration_minutes": "60"} == {
                "phone": "135 0013 5000",
                "name": "陈先生",
                "service": "",
                "stylist": "",
                "day": morning.tomorrow.isoformat(),
                "time": "15:00",
                "duration_minutes": "60",
            }, f"at {width}px"
            assert (state["invalid"], state["why"]) == ([], []), f"at {width}px"
        assert "15:00–16:00" not in reads_as_words(driver, "booking switched")
        look_at(driver, shots, "booking-switched")

        driver.find_element(By.CSS_SELECTOR, "#new-booking button").click()
        _shows(driver, "Booked; confirmation text queued")
        assert driver.current_url == day_page
        assert "15:00–16:00" in reads_as_words(driver, "booked")


def test_the_answer_she_is_writing_goes_with_a_switch_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    """On an inbox item she writes an answer of two lines and switches to English: the box
    holds her words, nothing is sent; she sends it from there."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        item_page = change_request_on_an_item(running, driver, morning)
        box = driver.find_element(By.ID, "answer-body")
        box.send_keys("明天下午三点可以吗？")
        box.send_keys("\n")
        box.send_keys("——丝绒")
        written = "明天下午三点可以吗？\n——丝绒"
        switch_to(driver, "EN")
        _shows(driver, "Mark handled")
        assert answered(driver) == 200
        # The page opens at her words (the box is below the fold on a phone), focused.
        assert driver.switch_to.active_element.get_attribute("id") == "answer-body"
        assert driver.execute_script(_IN_VIEW, "answer-body")
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert driver.find_element(By.ID, "answer-body").get_property("value") == written, (
                f"at {width}px"
            )
        assert "——丝绒" not in reads_as_words(driver, "answer switched")  # not in the thread
        look_at(driver, shots, "answer-switched")

        driver.find_element(By.ID, "answer-send").click()
        _shows(driver, "Queued to send")
        driver.get(item_page)
        _shows(driver, "Mark handled")
        assert "——丝绒" in reads_as_words(driver, "answer sent")


def test_the_campaign_she_is_writing_goes_with_a_switch_at_both_widths(
    running: Service, tmp_path: Path
) -> None:
    """The new campaign's form: its name, the audience picked and its tags, the offer — back in
    English as she left them, nothing refused."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    salon_at_morning(running)
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        sign_in(driver, f"{running.base}/staff/campaigns/new", "新建营销活动")
        driver.find_element(By.ID, "campaign-name").send_keys("双十二")
        driver.find_element(By.ID, "audience-tags").click()
        driver.find_element(By.ID, "audience-tag-words").send_keys("烫发")
        driver.find_element(By.ID, "campaign-offer").send_keys("烫发八折")
        switch_to(driver, "EN")
        _shows(driver, "New campaign")
        assert answered(driver) == 200
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            kept = driver.execute_script(
                "return ['campaign-name', 'audience-tag-words', 'campaign-offer']"
                ".map(id => document.getElementById(id).value)"
                ".concat([document.getElementById('audience-tags').checked])"
            )
            assert kept == ["双十二", "烫发", "烫发八折", True], f"at {width}px"
            lit = driver.find_element(By.CSS_SELECTOR, ".tabs a.on").get_attribute("innerText")
            assert lit.strip() == "Offers", f"at {width}px"  # the campaigns' tab, as before
            assert driver.find_elements(By.ID, "campaign-not-saved") == [], f"at {width}px"
        look_at(driver, shots, "campaign-switched")


def test_the_move_she_is_typing_on_an_item_goes_with_a_switch_on_her_phone(
    running: Service, tmp_path: Path
) -> None:
    """On an inbox item she types a new day and time in "Move to…" and a stylist, then
    switches to English: that form comes back open as she typed it (the answer box is not what
    goes along: she typed in the move), nothing moved; she moves from there."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    morning = salon_at_morning(running)
    later = morning.tomorrow + timedelta(days=1)
    with chromium(tmp_path / "profile") as driver:
        _set_viewport(driver, *PHONE)
        item_page = change_request_on_an_item(running, driver, morning)
        _fill(driver, "#move-to", day=later.isoformat(), time="16:30")
        stylist = driver.find_element(By.CSS_SELECTOR, "#move-to [name=stylist]")
        stylist.clear()
        stylist.send_keys("Mia")
        switch_to(driver, "EN")
        _shows(driver, "Move and tell the customer")
        assert answered(driver) == 200
        state = form_state(driver, "#move-to")
        assert state["open"]
        assert state["values"] == {"day": later.isoformat(), "time": "16:30", "stylist": "Mia"}
        assert (state["invalid"], state["why"]) == ([], [])
        words = reads_as_words(driver, "move switched")
        assert "Move to…" in words and "Moved; the customer is told" not in words
        look_at(driver, shots, "move-switched")

        driver.find_element(By.CSS_SELECTOR, "#move-to button").click()
        _shows(driver, "Moved; the customer is told")
        assert driver.current_url == item_page
