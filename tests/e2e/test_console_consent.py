"""A customer's marketing card in a real headless Chromium against the running service: the
birthday and tags the CRM set, consent recorded at the desk with its evidence, then withdrawn,
read as words (``innerText``) at phone and desktop sizes, and looked at (screenshots)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser import (
    DESKTOP,
    EMAIL,
    PASSWORD,
    PHONE,
    _set_viewport,
    _shows,
    chromium,
    look_at,
    sign_in,
)
from tests.e2e.test_console import _timezone_at_morning
from tests.e2e.test_console_inbox import reads_as_words
from tests.e2e.test_console_kept_forms import answered, form_state
from tests.e2e.test_service import Service
from tests.support import quiet_hours_away_from_now

NO_EVIDENCE = "请检查“凭据”：记录同意需要填写凭据"
STAFF_METHOD = "请检查“同意方式”：前台只能记录店内口头同意或纸质表格，请选一种"

#: The consent form's choice of method as a person meets it: the words it shows, marked or
#: not, focused or not, and the words it is described by.
_METHOD_STATE = """
const choice = document.getElementById("consent-method");
const why = choice.getAttribute("aria-describedby");
return {
  shows: choice.selectedOptions[0].innerText.trim(),
  invalid: choice.getAttribute("aria-invalid") === "true",
  focused: document.activeElement === choice,
  why: why ? document.getElementById(why).innerText.trim() : null,
};
"""


def test_staff_record_and_withdraw_consent_in_a_browser(running: Service, tmp_path: Path) -> None:
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
        *("--password", PASSWORD, "--name", "Lily"),
    )
    starts = now.astimezone(ZoneInfo(tz)) + timedelta(days=1)
    status, _ = running.call(
        "POST",
        "/api/v1/appointments",
        key,
        {
            "external_id": "A-1",
            "customer": {"phone": "13800138000", "name": "王女士"},
            "service": "剪发",
            "starts_at": starts.replace(hour=14, minute=0, second=0).isoformat(),
        },
    )
    assert status == 201
    status, _ = running.call(
        "PATCH",
        "/api/v1/customers/13800138000",
        key,
        {"birthday": "03-15", "tags": ["VIP", "烫发"]},
    )
    assert status == 200

    with chromium(tmp_path / "profile") as driver:
        sign_in(driver, f"{running.base}/staff/login", "今日")
        driver.get(f"{running.base}/staff/customers?q=王")
        driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
        _shows(driver, "营销短信")
        page = reads_as_words(driver, "customer")
        assert "生日: 03-15" in page and "VIP" in page and "烫发" in page
        assert "未同意营销短信" in page
        look_at(driver, shots, "customer-no-consent")

        # A page open since the form offered a method staff cannot witness (an online form):
        # refused, and the page back (422) shows no method chosen instead of the form's first
        # as if she had picked it, the choice marked and focused, why beside it.
        driver.execute_script(
            "const first = document.querySelector('#consent-method option');"
            "first.value = 'online_form'; first.selected = true;"
        )
        driver.find_element(By.ID, "consent-evidence").send_keys("前台")
        driver.find_element(By.ID, "consent-record").click()
        _shows(driver, STAFF_METHOD)
        assert answered(driver) == 422
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert driver.execute_script(_METHOD_STATE) == {
                "shows": "请选择…",
                "invalid": True,
                "focused": True,
                "why": STAFF_METHOD,
            }, f"at {width}px"
            assert form_state(driver, "#consent-form")["values"] == {"evidence": "前台"}
        look_at(driver, shots, "customer-consent-method-refused")
        driver.find_element(By.ID, "consent-evidence").clear()

        # A paper form, the evidence only spaces: refused, the page back (422) as she left it,
        # the evidence marked and focused, why beside it.
        Select(driver.find_element(By.ID, "consent-method")).select_by_value("paper_form")
        driver.find_element(By.ID, "consent-evidence").send_keys("   ")
        driver.find_element(By.ID, "consent-record").click()
        _shows(driver, NO_EVIDENCE)
        assert answered(driver) == 422
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            assert form_state(driver, "#consent-form") == {
                "open": None,
                "values": {"evidence": "   "},
                "invalid": ["evidence"],
                "focused": "evidence",
                "why": [NO_EVIDENCE],
                "why_shown": True,
            }, f"at {width}px"
        method = Select(driver.find_element(By.ID, "consent-method"))
        assert method.first_selected_option.text == "纸质表格"
        assert reads_as_words(driver, "consent refused").count(NO_EVIDENCE) == 2
        look_at(driver, shots, "customer-consent-refused")

        # She types the evidence where the focus already is, and picks what she saw.
        evidence = driver.switch_to.active_element
        assert evidence.get_attribute("name") == "evidence"
        evidence.clear()
        evidence.send_keys("前台口头同意，Lily 在场")
        Select(driver.find_element(By.ID, "consent-method")).select_by_value("in_store")
        driver.find_element(By.ID, "consent-record").click()
        _shows(driver, "已记录同意")
        page = reads_as_words(driver, "consent recorded")
        assert "已同意接收营销短信" in page
        assert "店内口头同意 · " in page and "记录人 Lily" in page
        assert "凭据: 前台口头同意，Lily 在场" in page
        look_at(driver, shots, "customer-consent")

        driver.find_element(By.ID, "consent-withdraw").click()
        _shows(driver, "已撤回同意")
        page = reads_as_words(driver, "consent withdrawn")
        assert "已同意接收营销短信" not in page
        look_at(driver, shots, "customer-withdrawn")

    status, export = running.call("GET", "/api/v1/customers/13800138000/export", key)
    assert status == 200
    assert [(c["marketing"], c["recorded_by_name"]) for c in export["consent_history"]] == [
        (True, "Lily"),
        (False, "Lily"),
    ]
