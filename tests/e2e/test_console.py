"""The staff console in a real headless Chromium against the whole running service (gunicorn,
an RQ worker, the console SMS provider) and a CRM that receives signed events.

A receptionist signs in on a phone, sees today's appointment, finds in the inbox the 确认 of a
customer with two appointments, answers it, marks it handled, cancels an appointment (the CRM
hears of it) and reads the stats' charts. At a salon on Alibaba Cloud (a local stand-in) the
answer box is a picker of approved answer templates, and the one filled in reaches the provider.
Every page is photographed at phone and desktop sizes and must not overflow sideways.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from gateway.domain.texts import TemplateName
from gateway.providers.standins.aliyun import AliyunStub
from gateway.sms_text import SUBMITTED_TEMPLATE_NAMES, variables
from tests.browser import EMAIL, PASSWORD, _shows, _text, chromium, console_errors, look_at, sign_in
from tests.e2e.test_service import BIN, REPO, Service, _free_port, _listening, _wait_for
from tests.support import quiet_hours_away_from_now


def _timezone_at_morning(now: datetime) -> str:
    """A fixed-offset zone where it is morning now, so "today" has hours left whatever the
    time of the run (Etc/GMT-N is UTC+N)."""
    for offset in range(-12, 15):
        if 8 <= (now.hour + offset) % 24 <= 11:
            return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
    raise AssertionError("no offset gives a morning")


class Crm:
    """A CRM endpoint that records the events it receives."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        crm = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                crm.events.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def types(self) -> list[str]:
        return [e["type"] for e in self.events]


@contextmanager
def _service(tmp_path: Path, redis_url: str, **extra_env: str) -> Iterator[Service]:
    """gunicorn and a worker on a fresh SQLite database, with ``extra_env`` on top."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.sqlite3'}",
        "REDIS_URL": redis_url,
        "SMS_PROVIDER": "console",
        "TWILIO_AUTH_TOKEN": "e2e-token",
        "PUBLIC_BASE_URL": "",
        "PORT": str(port),
        "QUEUE_NAME": f"e2e-console-{port}",
        "SECRET_KEY": "e2e-console-secret",
        "ALLOW_PRIVATE_WEBHOOKS": "1",
        **extra_env,
    }
    service = Service(env, port, tmp_path)
    service.flask("db", "upgrade")
    service.start("web", str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app")
    service.start("worker", sys.executable, str(REPO / "worker.py"))
    try:
        _wait_for(lambda: _listening(port), "gunicorn to listen")
        yield service
    finally:
        service.stop()


def test_front_desk_on_a_phone(running: Service, tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC)
    tz = _timezone_at_morning(now)
    crm = Crm()
    salon = json.loads(
        running.flask(
            *("salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"),
            *("--timezone", tz, "--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    running.flask("salon", "update", str(salon["id"]), "--webhook-url", crm.url)
    running.flask(
        *("staff", "create", "--salon", str(salon["id"]), "--email", EMAIL),
        *("--password", PASSWORD, "--name", "Lily", "--owner"),
    )
    key = salon["api_key"]
    for external_id, starts in (
        ("A-1", now + timedelta(hours=3)),
        ("A-2", now + timedelta(days=1)),
    ):
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            key,
            {
                "external_id": external_id,
                "customer": {"phone": "13800138000", "name": "王女士"},
                "service": "剪发",
                "starts_at": starts.replace(microsecond=0).isoformat(),
            },
        )
        assert status == 201

    with chromium(tmp_path / "profile") as driver:
        driver.get(f"{running.base}/staff/")
        look_at(driver, shots, "login")
        sign_in(driver, None, "王女士")

        # Today: the appointment, not yet confirmed.
        page = _text(driver)
        assert "未确认: 1" in page and "剪发" in page
        look_at(driver, shots, "today")

        # Picking a day opens it (the console's own script, no inline handler).
        tomorrow = (now.astimezone(ZoneInfo(tz)) + timedelta(days=1)).date().isoformat()
        picker = driver.find_element(By.CSS_SELECTOR, "input[type=date][name=day]")
        driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            picker,
            tomorrow,
        )
        day = date.fromisoformat(tomorrow)
        named = f"{day.year}年{day.month}月{day.day}日"  # the title names the day it shows
        _wait_for(lambda: named in driver.title, "the picked day to open")
        assert "今日" not in driver.title
        assert "未确认: 1" in _text(driver)  # tomorrow's appointment, A-2
        look_at(driver, shots, "tomorrow")

        # The inbox is open when the unclear 确认 arrives: it shows up without a reload.
        driver.find_element(By.LINK_TEXT, "待处理").click()
        _shows(driver, "没有待处理的消息")
        out = running.flask(
            *("simulate-reply", "--from", "+8613800138000", "--to", salon["sender_number"]),
            *("--body", "确认", "--url", running.base),
        )
        assert out.startswith("200")
        _wait_for(lambda: "未能对应预约" in _text(driver), "the inbox to show the reply", 40)
        _wait_for(lambda: driver.title.startswith("(1) "), "the tab title to count it")
        look_at(driver, shots, "inbox")

        # Answer it, then mark it handled.
        driver.find_element(By.CSS_SELECTOR, "#inbox-items a").click()
        _shows(driver, "标为已处理")
        driver.find_element(By.ID, "answer-body").send_keys("请问您确认的是哪一天的预约？")
        driver.find_element(By.ID, "answer-send").click()
        _shows(driver, "已加入发送队列")
        _wait_for(
            lambda: "请问您确认的是哪一天的预约？" in running.log("worker"), "the answer to be sent"
        )
        look_at(driver, shots, "inbox-item")
        driver.find_element(By.ID, "mark-handled").click()
        _shows(driver, "没有待处理的消息")  # back on the inbox, nothing waits
        _wait_for(lambda: not driver.title.startswith("("), "the count to clear")

        # Staff cancel today's appointment; the CRM hears of it.
        driver.find_element(By.LINK_TEXT, "今日").click()
        _shows(driver, "未确认: 1")
        card = driver.find_element(By.CSS_SELECTOR, ".appt.st-unconfirmed")
        card.find_element(By.CSS_SELECTOR, "button[value=cancelled]").click()
        _shows(driver, "已更新")
        assert driver.find_elements(By.CSS_SELECTOR, ".appt.st-cancelled")
        _wait_for(lambda: "appointment.cancelled" in crm.types(), "the CRM to get the event")
        look_at(driver, shots, "today-after")

        # Customers and staff pages.
        driver.find_element(By.LINK_TEXT, "顾客").click()
        _shows(driver, "搜索")
        driver.find_element(By.ID, "q").send_keys("王\n")
        _shows(driver, "王女士")
        driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
        _shows(driver, "拨打")
        assert driver.find_element(By.CSS_SELECTOR, "a[href='tel:+8613800138000']")
        look_at(driver, shots, "customer")
        driver.find_element(By.LINK_TEXT, "员工").click()
        _shows(driver, "添加员工")
        look_at(driver, shots, "team")

        # Stats: figures and both charts.
        driver.find_element(By.LINK_TEXT, "统计").click()
        _shows(driver, "确认率")
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 2
        assert "确认率" in _text(driver)
        look_at(driver, shots, "stats")

        # A page of another origin on the same site frames the signed-in console: the
        # browser refuses to show it there.
        with _framing_page(f"{running.base}/staff/today") as framer:
            driver.get(framer)
            _wait_for(
                lambda: any("frame-ancestors" in line for line in console_errors(driver)),
                "the browser to refuse the frame",
            )
            driver.switch_to.frame(driver.find_element(By.ID, "framed"))
            assert "王女士" not in _text(driver)
            assert not driver.find_elements(By.ID, "sign-out")
            driver.switch_to.default_content()

    crm.server.shutdown()
    assert len(list(shots.glob("*.png"))) == 2 * 9


@contextmanager
def _framing_page(target: str) -> Iterator[str]:
    """Another origin (another port of 127.0.0.1: the same site, so the console's SameSite
    cookie goes along) whose page frames ``target``."""
    page = f'<!doctype html><title>x</title><iframe id="framed" src="{target}"></iframe>'.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def aliyun_salon(
    running: Service, codes: dict[str, str], now: datetime, *, owner: bool = False
) -> dict[str, Any]:
    """A salon on Alibaba Cloud (sign 丽丽美发) whose every template has its approved code, where
    it is morning, with Mei signed up to its console (as its owner when ``owner``)."""
    for name, code in codes.items():
        running.flask(
            *("templates", "set-code", "--provider", "aliyun", "--locale", "zh-CN"),
            *("--name", name, "--code", code),
        )
    tz = _timezone_at_morning(now)
    salon: dict[str, Any] = json.loads(
        running.flask(
            *("salon", "create", "--name", "丽丽美发沙龙", "--provider", "aliyun"),
            *("--sign-name", "丽丽美发", "--timezone", tz),
            *("--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    running.flask(
        *("staff", "create", "--salon", str(salon["id"]), "--email", EMAIL),
        *("--password", PASSWORD, "--name", "Mei", *(("--owner",) if owner else ())),
    )
    return salon


def test_an_alibaba_cloud_salon_answers_with_a_picked_template(
    tmp_path: Path, redis_url: str
) -> None:
    """Where only approved templates go, the answer box is a picker: the receptionist fills the
    salon's number into "please call us", and Alibaba Cloud (a stand-in) gets that template's
    code with the number as its value."""
    codes = {name: f"SMS_9{i:05d}" for i, name in enumerate(SUBMITTED_TEMPLATE_NAMES)}
    templates = {code: variables(name, "zh-CN") for name, code in codes.items()}
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC)
    with (
        AliyunStub(templates=templates, sign_names={"丽丽美发"}, send_date=now.date()) as stub,
        _service(
            tmp_path,
            redis_url,
            ALIYUN_ACCESS_KEY_ID=stub.access_key_id,
            ALIYUN_ACCESS_KEY_SECRET=stub.access_key_secret,
            ALIYUN_SMS_ENDPOINT=stub.endpoint,
        ) as running,
    ):
        salon = aliyun_salon(running, codes, now)
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            salon["api_key"],
            {
                "external_id": "A-1",
                "customer": {"phone": "13800138000", "name": "王女士"},
                "starts_at": (now + timedelta(hours=3)).replace(microsecond=0).isoformat(),
            },
        )
        assert status == 201
        _wait_for(lambda: len(stub.sent) == 1, "the confirmation request to reach the provider")

        with chromium(tmp_path / "profile") as driver:
            sign_in(driver, f"{running.base}/staff/customers", "搜索")
            driver.find_element(By.ID, "q").send_keys("王\n")
            _shows(driver, "王女士")
            driver.find_element(By.PARTIAL_LINK_TEXT, "王女士").click()
            _shows(driver, "请顾客致电门店")
            assert not driver.find_elements(By.ID, "answer-body")  # no free text here
            look_at(driver, shots, "customer-templates")
            form = driver.find_element(By.ID, "answer-answer_call_us")
            form.find_element(By.NAME, "value.phone").send_keys("021-55551234")
            form.find_element(By.TAG_NAME, "button").click()
            _shows(driver, "已加入发送队列")
            _wait_for(lambda: len(stub.sent) == 2, "the answer to reach the provider")
    answer = stub.sent[-1]
    assert answer.template_code == codes[TemplateName.ANSWER_CALL_US]
    assert answer.params == {"phone": "021-55551234"}
    assert len(list(shots.glob("*.png"))) == 2
