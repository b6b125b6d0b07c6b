"""Teaching a reply in a real headless Chromium against the running service: staff tick
"记住这句话" beside the treat-as buttons, the next customer's same words (typed differently) are
acted on by the worker by themselves, and the taught replies page lists the phrase and forgets
it. The pages read as words (``innerText``) at phone and desktop sizes, in three languages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from tests.browser import EMAIL, PASSWORD, _shows, chromium, look_at, sign_in
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_service import Service, _wait_for
from tests.support import quiet_hours_away_from_now

#: What the page says in each language once one reply is taught.
LISTED = {
    "zh-CN": ("记住的话", "ok搞掂\n按此处理：确认"),
    "zh-TW": ("記住的話", "ok搞掂\n按此處理：確認"),
    "en": ("Taught replies", "ok搞掂\nRead as: Confirm"),
}


def test_a_reply_is_taught_listed_and_forgotten_in_a_browser(
    running: Service, tmp_path: Path
) -> None:
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
        *("--password", PASSWORD, "--name", "Lily"),
    )
    starts = datetime.combine(tomorrow, datetime.min.time(), zone) + timedelta(hours=10)
    for external_id, phone, name in (
        ("A-1", "13800138000", "王女士"),
        ("B-1", "13700137000", "李先生"),
    ):
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            key,
            {
                "external_id": external_id,
                "customer": {"phone": phone, "name": name},
                "service": "剪发",
                "stylist": "Lily",
                "starts_at": starts.isoformat(),
            },
        )
        assert status == 201

    def text_in(phone: str, body: str) -> None:
        out = running.flask(
            *("simulate-reply", "--from", phone, "--to", salon["sender_number"]),
            *("--body", body, "--url", running.base),
        )
        assert out.startswith("200"), out

    def status_of(external_id: str) -> str:
        status, body = running.call("GET", f"/api/v1/appointments/{external_id}", key)
        assert status == 200
        return str(body["status"])

    text_in("+8613800138000", "OK搞掂！")

    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/", "今日")

        driver.get(f"{running.base}/staff/phrases")
        page = reads_as_words(driver, "no phrases")
        assert "还没有记住的话" in page
        look_at(driver, shots, "phrases-empty")

        def filed() -> bool:
            driver.get(f"{running.base}/staff/inbox")
            return len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) >= 1

        _wait_for(filed, "the reply to reach the inbox", 60)
        driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
        _shows(driver, "记住这句话")
        page = reads_as_words(driver, "item")
        assert "取消\n记住这句话" in page or "取消 记住这句话" in page
        look_at(driver, shots, "item-remember")
        driver.find_element(By.ID, "remember").click()
        driver.find_element(By.CSS_SELECTOR, "#treat-as button[value='confirm']").click()
        _shows(driver, "已记住：以后同样的回复会自动按此处理")
        assert "已按确认处理" in reads_as_words(driver, "remembered")
        look_at(driver, shots, "item-remembered")

        # The salon's next customer, typing the same words another way: read by themselves.
        text_in("+8613700137000", "ｏｋ 搞掂。")
        _wait_for(lambda: status_of("B-1") == "confirmed", "李先生's reply to be read", 60)
        driver.get(f"{running.base}/staff/inbox")
        assert "李先生" not in reads_as_words(driver, "inbox after")

        driver.get(f"{running.base}/staff/inbox")
        driver.find_element(By.ID, "phrases-link").click()
        for lang, (title, listed) in LISTED.items():
            driver.find_element(By.CSS_SELECTOR, f"footer button[lang='{lang}']").click()
            _shows(driver, title)
            page = reads_as_words(driver, f"phrases {lang}")
            assert listed in page, page
            look_at(driver, shots, f"phrases-{lang}")
        driver.find_element(By.CSS_SELECTOR, "footer button[lang='zh-CN']").click()
        _shows(driver, "记住的话")
        driver.find_element(By.CSS_SELECTOR, ".phrase .act-forget").click()
        _shows(driver, "已删除：这句话不再自动处理")
        page = reads_as_words(driver, "forgotten")
        assert "还没有记住的话" in page and "ok搞掂" not in page
        look_at(driver, shots, "phrases-forgotten")
    status, body = running.call("GET", "/api/v1/phrases", key)
    assert (status, body["data"]) == (200, [])
