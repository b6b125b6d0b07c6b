"""The birthday automation (生日自动优惠) in a real headless Chromium against the running service:
an owner opens the card on the 营销 page, a save without the valid-until comes back saying so
beside the field with nothing changed, then turns it on and reads its state and the text exactly
as customers will (the API agrees); a receptionist reads the same card without a form. Each step
read (``innerText``) and photographed at phone and desktop sizes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import EMAIL, PASSWORD, _shows, chromium, look_at, sign_in
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_service import Service
from tests.support import quiet_hours_away_from_now

TEXT = "【丝绒发型】尊敬的会员，生日当月烫染8折，有效期至生日当月。回复退订"
RECEPTIONIST = "amy@salon.example"


def _type(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def _text_of(driver: WebDriver, element_id: str) -> str:
    text: str = driver.execute_script(f"return document.getElementById('{element_id}').innerText")
    return " ".join(text.split())


def test_an_owner_turns_the_birthday_offer_on_and_a_receptionist_reads_it(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    tz = _timezone_at_morning(datetime.now(UTC))
    salon = json.loads(
        running.flask(
            *("salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"),
            *("--timezone", tz, "--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    key = salon["api_key"]
    for email, owner in ((EMAIL, ("--owner",)), (RECEPTIONIST, ())):
        running.flask(
            *("staff", "create", "--salon", str(salon["id"]), "--email", email),
            *("--password", PASSWORD, "--name", email.split("@")[0], *owner),
        )

    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/login", "今日")
        driver.find_element(By.CSS_SELECTOR, ".tabs a[href$='/staff/campaigns']").click()
        _shows(driver, "生日自动优惠")
        reads_as_words(driver, "card while off")
        assert _text_of(driver, "birthday-state") == "已关闭"
        assert _text_of(driver, "birthday-text") == "还没有填写优惠内容"
        assert "每位顾客 30 天内最多收到 4 条" in _text_of(driver, "campaigns-intro")
        look_at(driver, shots, "birthday-off")

        driver.find_element(By.ID, "birthday-change-open").click()
        driver.find_element(By.ID, "birthday-enabled").click()
        _type(driver, "birthday-days-before", "3")
        _type(driver, "birthday-offer-field", "生日当月烫染8折")
        driver.find_element(By.ID, "birthday-save").click()
        _shows(driver, "没有保存")
        page = reads_as_words(driver, "refused form")
        assert "请填写有效期（一行，最多 20 字）" in _text_of(driver, "birthday-change")
        assert _text_of(driver, "birthday-state") == "已关闭", page
        field = driver.find_element(By.ID, "birthday-offer-field")
        assert field.get_attribute("value") == "生日当月烫染8折"
        look_at(driver, shots, "birthday-refused")

        _type(driver, "birthday-valid-until-field", "生日当月")
        driver.find_element(By.ID, "birthday-save").click()
        _shows(driver, "已保存：生日自动优惠已开启")
        reads_as_words(driver, "card while on")
        assert _text_of(driver, "birthday-state") == "已开启"
        facts = _text_of(driver, "birthday-facts")
        assert facts == "发送时间 生日前 3 天 优惠内容 生日当月烫染8折 有效期至 生日当月", facts
        assert _text_of(driver, "birthday-text") == TEXT
        look_at(driver, shots, "birthday-on")

        driver.find_element(By.CSS_SELECTOR, "footer button[lang=en]").click()
        _shows(driver, "Automatic birthday offer")
        reads_as_words(driver, "card in English")
        assert _text_of(driver, "birthday-state") == "On"
        assert "3 day(s) before the birthday" in _text_of(driver, "birthday-facts")
        # The salon writes to its customers in Chinese, whatever language staff read.
        assert _text_of(driver, "birthday-text") == TEXT
        look_at(driver, shots, "birthday-on-en")
        driver.find_element(By.CSS_SELECTOR, "footer button[lang=zh-CN]").click()
        _shows(driver, "已开启")

        driver.find_element(By.ID, "sign-out").click()
        sign_in(driver, f"{running.base}/staff/login", "今日", email=RECEPTIONIST)
        driver.get(f"{running.base}/staff/campaigns")
        _shows(driver, "生日自动优惠")
        reads_as_words(driver, "receptionist's card")
        assert _text_of(driver, "birthday-state") == "已开启"
        assert _text_of(driver, "birthday-text") == TEXT
        assert "只有店长可以修改生日自动优惠" in _text_of(driver, "birthday-offers")
        assert driver.find_elements(By.ID, "birthday-form") == []
        look_at(driver, shots, "birthday-read-only")

    status, settings = running.call("GET", "/api/v1/salon", key)
    assert status == 200
    assert settings["birthday_offers"] == {
        "enabled": True,
        "days_before": 3,
        "values": {"offer": "生日当月烫染8折", "valid_until": "生日当月"},
    }
