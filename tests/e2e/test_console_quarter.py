"""The console's quarter view in a real headless Chromium against the running service: an owner
opens Stats, then the quarter, and reads how each stylist is rated, by how many customers,
against the quarter before, and whom to call back — at phone and desktop sizes, in each of the
console's three languages, as words (``innerText``): no markup, no untranslated key, nothing
wider than the window.

The answers are made the way customers make them, at pinned times, by the test's own app on
the service's database; the page asks for its quarter by name, so no date of the run matters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from selenium.webdriver.common.by import By

from gateway.db import Database
from tests.browser import (
    DESKTOP,
    EMAIL,
    PASSWORD,
    PHONE,
    chromium,
    csp_violations,
    overflow,
    sign_in,
)
from tests.e2e.test_console import _service
from tests.e2e.test_console_inbox import LEAKS, inner_text
from tests.e2e.test_console_tour import UNTRANSLATED
from tests.e2e.test_service import _wait_for
from tests.integration.test_api_feedback import NOW
from tests.support import SalonHandle, TestClock
from tests.survey_data import answer_a_year_of_surveys

pytestmark = pytest.mark.clock(NOW.isoformat())

#: What each language must show of 2026Q4: the title, the figures, Lily against Q3, the call
#: backs. (Lily: 5 and 4 this quarter, 3 the last; Mia: 1 and a comment alone.)
EXPECTED = {
    "zh-CN": ("2026Q4 满意度", "平均分", "回复率", "80%", "▲1.5", "需要回访的顾客", "仅留言"),
    "zh-TW": ("2026Q4 滿意度", "平均分", "回覆率", "80%", "▲1.5", "需要回訪的顧客", "僅留言"),
    "en": ("Satisfaction 2026Q4", "Average score", "Response rate", "80%", "▲1.5", "call back"),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_quarter_view_reads_as_words_at_both_sizes_in_every_language(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    clock: TestClock,
    tmp_path: Path,
    redis_url: str,
) -> None:
    answer_a_year_of_surveys(app, client, db, salon, clock)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with _service(tmp_path, redis_url) as running:
        running.flask(
            *("staff", "create", "--salon", str(salon.id), "--email", EMAIL),
            *("--password", PASSWORD, "--name", "Lily", "--owner"),
        )
        with chromium(tmp_path / "profile") as driver:
            sign_in(driver, f"{running.base}/staff/", "今日")
            for lang, expected in EXPECTED.items():
                driver.get(f"{running.base}/staff/today")
                # The footer's button for the language (on Today it sends the booking form
                # along, so it is known by its lang, not by a value).
                driver.find_element(By.CSS_SELECTOR, f"footer button[lang='{lang}']").click()
                _wait_for(
                    lambda lang=lang: bool(
                        driver.find_elements(By.CSS_SELECTOR, f"html[lang='{lang}']")
                    ),
                    f"the console in {lang}",
                )
                # As the owner finds it: Stats, then the quarter's link, then the quarter.
                driver.get(f"{running.base}/staff/stats")
                driver.find_element(By.ID, "quarter-link")
                driver.get(f"{running.base}/staff/stats/quarter?quarter=2026Q4")
                assert csp_violations(driver) == [], lang
                for width, height in (PHONE, DESKTOP):
                    driver.set_window_rect(width=width, height=height)
                    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
                    driver.set_window_rect(
                        width=width + (width - inner[0]), height=height + (height - inner[1])
                    )
                    text = inner_text(driver)
                    where = f"the quarter ({lang}) at {width}x{height}"
                    for words in expected:
                        assert words in text, f"{where} lacks {words!r}:\n{text}"
                    # Each stylist with their average, and the unhappy customers' words.
                    for words in ("Lily", "4.5", "Mia", "1.0", "剪坏了", "等太久了", "CSV"):
                        assert words in text, f"{where} lacks {words!r}:\n{text}"
                    for leak in LEAKS:
                        assert leak not in text, f"{where} shows {leak!r}:\n{text}"
                    assert not UNTRANSLATED.findall(text), f"{where} shows a key:\n{text}"
                    chart = driver.find_element(By.CSS_SELECTOR, "#trend-chart svg")
                    assert chart.size["width"] > 0, where
                    driver.save_screenshot(str(shots / f"{lang}-quarter-{width}.png"))
                    assert overflow(driver) <= 0, f"{where} overflows sideways"
                driver.set_window_rect(width=PHONE[0], height=PHONE[1])
    assert len(list(shots.glob("*.png"))) == 6
