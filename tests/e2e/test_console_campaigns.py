"""Campaigns (营销) in a real headless Chromium against the running service: an owner fills in a
birthday offer on a phone, a form missing its offer comes back saying so beside the field, the
draft's dry run reads as words (how many it reaches, who is left out and why, the cost, the
text with its opt-out line), starting it after the confirmation queues it, and cancelling stops
it; each step read (``innerText``) and photographed at phone and desktop sizes."""

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
from tests.e2e.test_service import Service
from tests.support import quiet_hours_away_from_now


def _customer(
    running: Service, key: str, phone: str, birthday: str, *, consent: bool, starts: datetime
) -> None:
    """A customer who booked once, with a birthday, and consent on paper when ``consent``."""
    status, _ = running.call(
        "POST",
        "/api/v1/appointments",
        key,
        {
            "external_id": "A-" + phone,
            "customer": {"phone": phone},
            "starts_at": starts.isoformat(),
        },
    )
    assert status == 201
    status, _ = running.call("PATCH", f"/api/v1/customers/{phone}", key, {"birthday": birthday})
    assert status == 200
    if consent:
        status, _ = running.call(
            "PUT",
            f"/api/v1/customers/{phone}/consent",
            key,
            {"marketing": True, "method": "paper_form", "evidence": "会员登记表"},
        )
        assert status == 200


def _type(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def test_an_owner_drafts_reads_the_dry_run_starts_and_cancels_a_campaign(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC).replace(microsecond=0)
    tz = _timezone_at_morning(now)
    salon = json.loads(
        running.flask(
            *("salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"),
            *("--timezone", tz, "--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    key = salon["api_key"]
    running.flask(
        *("staff", "create", "--salon", str(salon["id"]), "--email", EMAIL),
        *("--password", PASSWORD, "--name", "Lily", "--owner"),
    )
    local = now.astimezone(ZoneInfo(tz))
    starts = (local + timedelta(days=1)).replace(hour=14, minute=0, second=0)
    soon, later = (local + timedelta(days=2)).strftime("%m-%d"), (local + timedelta(days=60))
    _customer(running, key, "13800138001", soon, consent=True, starts=starts)
    _customer(running, key, "13800138002", soon, consent=False, starts=starts)
    _customer(running, key, "13800138003", later.strftime("%m-%d"), consent=True, starts=starts)

    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/login", "今日")
        driver.find_element(By.CSS_SELECTOR, ".tabs a[href$='/staff/campaigns']").click()
        _shows(driver, "还没有营销活动")
        look_at(driver, shots, "campaigns-empty")
        driver.find_element(By.ID, "new-campaign").click()
        _shows(driver, "发给谁")
        _type(driver, "campaign-name", "生日周")
        _type(driver, "campaign-valid-until", "月底")
        driver.find_element(By.ID, "campaign-draft").click()
        _shows(driver, "没有保存")
        page = reads_as_words(driver, "refused form")
        assert "请填写优惠内容（最多 60 字）和有效期（最多 20 字）" in page
        assert driver.find_element(By.ID, "campaign-name").get_attribute("value") == "生日周"
        look_at(driver, shots, "campaign-form-refused")

        _type(driver, "campaign-offer", "生日当月烫染8折")
        driver.find_element(By.ID, "campaign-draft").click()
        _shows(driver, "草稿已保存")
        page = reads_as_words(driver, "dry run")
        assert "生日周" in page and "草稿（未发送）" in page
        assert "生日在 7 天内的顾客" in page
        assert "将发给 1 位顾客" in page
        assert "1 位 没有同意接收营销短信" in page
        assert "1 位 不在这次的范围内" in page
        assert "每条 1 段计费，预计费用 0.10 CNY" in page
        assert "【丝绒发型】尊敬的会员，生日当月烫染8折，有效期至月底。回复退订" in page
        look_at(driver, shots, "campaign-dry-run")
        driver.find_element(By.CSS_SELECTOR, "footer button[lang=en]").click()
        _shows(driver, "Goes to 1 customer(s)")
        page = reads_as_words(driver, "dry run in English")
        assert "1 did not agree to marketing texts" in page
        assert "1 not in this campaign's audience" in page
        look_at(driver, shots, "campaign-dry-run-en")
        driver.find_element(By.CSS_SELECTOR, "footer button[lang=zh-CN]").click()
        _shows(driver, "将发给 1 位顾客")

        driver.find_element(By.ID, "campaign-start").click()
        _shows(driver, "确认发给 1 位顾客？")
        look_at(driver, shots, "campaign-confirm")
        driver.find_element(By.ID, "campaign-start-yes").click()
        _shows(driver, "已开始")
        page = reads_as_words(driver, "started")
        status = driver.find_element(By.ID, "campaign-status").text
        # Morning in the salon's zone: inside marketing hours, its text is due at once.
        assert status in ("发送中", "已排期"), status
        assert "结果" in page and "开始发送…" not in page
        look_at(driver, shots, "campaign-started")

        driver.find_element(By.ID, "campaign-cancel").click()
        _shows(driver, "已取消：")
        assert driver.find_element(By.ID, "campaign-status").text == "已取消"
        look_at(driver, shots, "campaign-cancelled")

        driver.find_element(By.PARTIAL_LINK_TEXT, "返回营销").click()
        _shows(driver, "生日周")
        page = reads_as_words(driver, "list")
        assert "生日周 已取消" in page.replace("\n", " ")
        look_at(driver, shots, "campaigns-list")

    status, listed = running.call("GET", "/api/v1/campaigns", key)
    assert status == 200
    [campaign] = listed["data"]
    assert campaign["status"] == "cancelled"
    assert campaign["audience_count"] == 1
