"""Every action of the front desk, done as a receptionist does it in a real headless Chromium
against the running service: sign in with a phone number, book a customer who calls and move
the booking, treat an unclear reply as a confirmation, offer times with a preview, and watch
items close themselves when the customer sorts it out. After each step the page reads as words
(``innerText``) at phone and desktop sizes, and is looked at (screenshots)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import EMAIL, PASSWORD, _shows, chromium, look_at, sign_in
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_service import Service, _wait_for
from tests.support import quiet_hours_away_from_now


def _fill(driver: WebDriver, form: str, **values: str) -> None:
    """Set a form's fields as a person's typing would leave them (date and time inputs take
    their ISO value whatever the browser's locale)."""
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"{form} [name='{name}']")
        driver.execute_script("arguments[0].value = arguments[1]", field, value)


def _open(driver: WebDriver, summary_text: str) -> None:
    driver.find_element(By.XPATH, f"//summary[normalize-space()='{summary_text}']").click()


def test_every_front_desk_action_in_a_browser(running: Service, tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC).replace(microsecond=0)
    tz = _timezone_at_morning(now)
    zone = ZoneInfo(tz)
    tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
    salon = json.loads(
        running.flask(
            *("salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"),
            *("--timezone", tz, "--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    key = salon["api_key"]
    running.flask(
        *("staff", "create", "--salon", str(salon["id"]), "--email", EMAIL),
        *("--phone", "13900139000", "--password", PASSWORD, "--name", "Lily"),
    )
    for external_id, phone, name, hours in (
        ("A-1", "13800138000", "王女士", 30),
        ("B-1", "13700137000", "李先生", 32),
        ("C-1", "13600136000", "赵女士", 34),
    ):
        starts = datetime.combine(tomorrow, datetime.min.time(), zone) + timedelta(hours=9)
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            key,
            {
                "external_id": external_id,
                "customer": {"phone": phone, "name": name},
                "service": "剪发",
                "stylist": "Lily",
                "starts_at": (starts + timedelta(hours=hours - 30)).isoformat(),
            },
        )
        assert status == 201

    def text_in(phone: str, body: str) -> None:
        out = running.flask(
            *("simulate-reply", "--from", phone, "--to", salon["sender_number"]),
            *("--body", body, "--url", running.base),
        )
        assert out.startswith("200"), out

    text_in("+8613800138000", "可以停车吗？")  # unclear: treated as a confirmation
    text_in("+8613700137000", "改时间")  # a change: offered times with a preview
    text_in("+8613600136000", "嗯嗯嗯？")  # unclear, then sorted out by the customer

    with chromium(tmp_path / "profile") as driver:
        # Sign in with the phone number, spelt as it is said.
        driver.get(f"{running.base}/staff/")
        assert "邮箱或手机号" in reads_as_words(driver, "sign-in")
        sign_in(driver, None, "新建预约（电话预约）", email="139 0013 9000")

        # A customer calls: booked for tomorrow 15:00, 90 minutes with Mia …
        _open(driver, "新建预约（电话预约）")
        _fill(
            driver,
            "#new-booking",
            phone="135 0013 5000",
            name="陈先生",
            service="烫发",
            stylist="Mia",
            day=tomorrow.isoformat(),
            time="15:00",
            duration_minutes="90",
        )
        driver.find_element(By.CSS_SELECTOR, "#new-booking button").click()
        _shows(driver, "已预约，确认短信已排队")
        page = reads_as_words(driver, "booked")
        assert "15:00–16:30" in page and "陈先生" in page and "135 0013 5000" in page
        look_at(driver, shots, "today-booked")

        # … and moved to 17:00 when they call back.
        card = driver.find_element(
            By.XPATH, "//li[contains(@class,'appt')][.//a[contains(., '陈先生')]]"
        )
        card.find_element(By.XPATH, ".//summary[normalize-space()='改到…']").click()
        form = card.find_element(By.CSS_SELECTOR, "details.move form")
        driver.execute_script("arguments[0].querySelector('[name=time]').value = '17:00'", form)
        form.find_element(By.TAG_NAME, "button").click()
        _shows(driver, "已改时间，已通知顾客")
        page = reads_as_words(driver, "moved")
        assert "17:00–18:30" in page and "15:00–16:30" not in page
        look_at(driver, shots, "today-moved")

        # 王女士's 可以停车吗？: read as a confirmation in one tap.
        def filed() -> bool:
            driver.get(f"{running.base}/staff/inbox")
            return len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) >= 3

        _wait_for(filed, "the replies to reach the inbox", 60)
        driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
        _shows(driver, "按顾客的意思处理：")
        look_at(driver, shots, "item-unclear")
        driver.find_element(By.CSS_SELECTOR, "#treat-as button[value='confirm']").click()
        _shows(driver, "已按确认处理")
        page = reads_as_words(driver, "treated")
        assert f"按“确认”处理，操作人 {EMAIL}" in page and "按顾客的意思处理：" not in page
        look_at(driver, shots, "item-treated")

        # 李先生's 改时间: times offered from availability, previewed, then sent.
        free_from = datetime.combine(tomorrow, datetime.min.time(), zone) + timedelta(hours=13)
        status, _ = running.call(
            "PUT",
            "/api/v1/availability",
            key,
            {
                "from": tomorrow.isoformat(),
                "to": tomorrow.isoformat(),
                "stylists": [
                    {
                        "stylist": "Lily",
                        "free": [
                            {
                                "start": free_from.isoformat(),
                                "end": (free_from + timedelta(hours=2)).isoformat(),
                            }
                        ],
                    }
                ],
            },
        )
        assert status == 200
        driver.get(f"{running.base}/staff/inbox")
        driver.find_element(By.PARTIAL_LINK_TEXT, "李先生").click()
        _shows(driver, "发可选时间")
        driver.find_element(By.ID, "offer-times").click()
        _shows(driver, "以下是排班里最合适的空闲时间")
        reads_as_words(driver, "offer")
        look_at(driver, shots, "offer-proposed")
        driver.find_element(By.ID, "preview-offer").click()
        _shows(driver, "顾客将收到：")
        page = reads_as_words(driver, "offer preview")
        assert "【丝绒发型】可改约的时间：A " in page and "回复“A”" in page
        look_at(driver, shots, "offer-preview")
        driver.find_element(By.ID, "send-offer").click()
        _shows(driver, "已发送可选时间")

        # The customer picks A: the change request closes by itself; 赵女士 sorts hers out too.
        text_in("+8613700137000", "A")
        text_in("+8613600136000", "确认")

        def settled() -> bool:
            driver.get(f"{running.base}/staff/inbox")
            return len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) == 0

        _wait_for(settled, "the customers' replies to close their items", 60)
        driver.get(f"{running.base}/staff/inbox?show=all")
        page = reads_as_words(driver, "all items")
        assert "李先生\n改时间\n处理人: 系统自动处理" in page
        assert "赵女士\n嗯嗯嗯？\n处理人: 系统自动处理" in page
        assert f"王女士\n可以停车吗？\n处理人: {EMAIL}" in page
        look_at(driver, shots, "inbox-settled")
