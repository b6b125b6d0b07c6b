"""A walk through every console page as a receptionist sees it, in a real headless Chromium
against the running service, with a salon full of data: appointments confirmed, cancelled, in a
change with an offer sent, waiting; inbox items of every reason a customer's text gives; a
stranger's text. Every page, every inbox item and every customer, at phone and desktop sizes, in
each of the console's three languages, must read as words (``innerText``): no markup, no
None/null/undefined, no untranslated key, nothing wider than the window."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from gateway.providers.standins.aliyun import AliyunStub
from gateway.sms_text import SUBMITTED_TEMPLATE_NAMES, variables
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
from tests.e2e.test_console import _service, _timezone_at_morning, aliyun_salon
from tests.e2e.test_console_inbox import LEAKS, inner_text
from tests.e2e.test_service import Service, _wait_for
from tests.support import quiet_hours_away_from_now

#: A console word the table has no entry for prints as its key: ``reason_x``, ``read_y``.
UNTRANSLATED = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")

#: (external id, phone, name, hours from now, minutes, what the customer texts back or None)
BOOKINGS = (
    ("A-1", "13800138000", "王女士", 3, 120, "确认"),  # two appointments: which one? (inbox)
    ("A-2", "13800138000", "王女士", 26, 120, None),
    ("B-1", "13900139000", "李先生", 4, 120, "确认"),  # confirmed
    ("C-1", "13700137000", "张小姐", 5, 120, "取消"),  # cancelled
    ("D-1", "13600136000", "陈先生", 27, 120, "变更 明天下午"),  # a change: an offer goes out
    ("E-1", "13500135000", "赵女士", 6, 120, "看情况？"),  # unclear (inbox)
    ("F-1", "13400134000", "Ms Chan", 28, 120, "HELP"),  # help (inbox)
    ("G-1", "13300133000", "周先生", 29, 120, "退订"),  # opted out (inbox)
    ("H-1", "13100131000", "吴女士", 30, 300, "变更"),  # a change nothing published fits (inbox)
)
#: The inbox reasons those replies and the stranger leave for a person, as zh-CN shows them.
REASONS = ("未能对应预约", "回复无法识别", "请求帮助", "已退订", "要求改期", "陌生号码")
STRANGER = ("+8613200132000", "你好，请问周日开门吗")


def _words_only(driver: WebDriver, page: str, lang: str, shots: Path) -> None:
    assert csp_violations(driver) == [], f"{page} ({lang}): the browser blocked part of it"
    name = re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") or "root"
    for width, height in (PHONE, DESKTOP):
        driver.set_window_rect(width=width, height=height)
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        driver.set_window_rect(
            width=width + (width - inner[0]), height=height + (height - inner[1])
        )
        text = inner_text(driver)
        where = f"{page} ({lang}) at {width}x{height}"
        for leak in LEAKS:
            assert leak not in text, f"{where} shows {leak!r}:\n{text}"
        assert not UNTRANSLATED.findall(text), f"{where} shows a key:\n{text}"
        driver.save_screenshot(str(shots / f"{lang}-{name}-{width}.png"))
        assert overflow(driver) <= 0, f"{where} overflows sideways"
        # The tabs scroll rather than overflow the page: a tab past the edge is a tab unseen.
        hidden_tabs = driver.execute_script(
            "var t = document.querySelector('.tabs');return t ? t.scrollWidth - t.clientWidth : 0"
        )
        assert hidden_tabs <= 0, f"{where}: {hidden_tabs}px of the tabs are past the edge"
    driver.set_window_rect(width=PHONE[0], height=PHONE[1])


def _tour(driver: WebDriver, base: str, urls: list[str], shots: Path) -> None:
    """Each of ``urls`` in each language, chosen as staff choose it (the footer's buttons)."""
    for lang, button in (("zh-CN", "简体"), ("zh-TW", "繁體"), ("en", "EN")):
        driver.get(f"{base}/staff/today")
        driver.find_element(By.XPATH, f"//footer//button[normalize-space()='{button}']").click()
        chosen = f"html[lang='{lang}']"
        _wait_for(
            lambda: bool(driver.find_elements(By.CSS_SELECTOR, chosen)),  # noqa: B023 (used here)
            f"the console in {lang}",
        )
        for url in urls:
            driver.get(url)
            _words_only(driver, url.split("/staff/", 1)[1], lang, shots)


def test_every_console_page_reads_as_words_in_every_language(
    running: Service, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC).replace(microsecond=0)
    tz = _timezone_at_morning(now)
    zone = ZoneInfo(tz)
    salon = json.loads(
        running.flask(
            *("salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"),
            *("--timezone", tz, "--quiet-hours", quiet_hours_away_from_now(tz)),
        )
    )
    running.flask(
        *("staff", "create", "--salon", str(salon["id"]), "--email", EMAIL),
        *("--password", PASSWORD, "--name", "Lily", "--owner"),
    )
    key = salon["api_key"]
    tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
    free_from = datetime.combine(tomorrow, datetime.min.time(), zone) + timedelta(hours=13)
    status, _ = running.call(
        "PUT",
        "/api/v1/availability",
        key,
        {
            "from": tomorrow.isoformat(),
            "to": (tomorrow + timedelta(days=2)).isoformat(),
            "stylists": [
                {
                    "stylist": "Lily",
                    # Four hours on each of two afternoons: five hours fit in neither.
                    "free": [
                        {
                            "start": (free_from + timedelta(days=day)).isoformat(),
                            "end": (free_from + timedelta(days=day, hours=4)).isoformat(),
                        }
                        for day in (0, 1)
                    ],
                }
            ],
        },
    )
    assert status == 200, status
    for external_id, phone, name, hours, minutes, _reply in BOOKINGS:
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            key,
            {
                "external_id": external_id,
                "customer": {"phone": phone, "name": name},
                "service": "烫发",
                # Two stylists: a desktop's Today has a column each.
                "stylist": "Mia" if external_id in ("B-1", "E-1", "G-1") else "Lily",
                "duration_minutes": minutes,
                "starts_at": (now + timedelta(hours=hours)).isoformat(),
            },
        )
        assert status == 201, (external_id, status)

    def text_in(phone: str, body: str) -> None:
        out = running.flask(
            *("simulate-reply", "--from", phone, "--to", salon["sender_number"]),
            *("--body", body, "--url", running.base),
        )
        assert out.startswith("200"), out

    # Campaigns: a draft (its dry run) and one started (its results), both to every customer
    # who agreed: here, Ms Chan on paper; the rest are left out for want of consent.
    status, _ = running.call(
        "PUT",
        "/api/v1/customers/13400134000/consent",
        key,
        {"marketing": True, "method": "paper_form", "evidence": "会员登记表"},
    )
    assert status == 200, status
    campaigns = []
    for name in ("元旦", "春节"):
        status, drafted = running.call(
            "POST",
            "/api/v1/campaigns",
            key,
            {
                "name": name,
                "kind": "holiday",
                "audience": {"all_consenting": True},
                "values": {"offer": "烫染8折", "valid_until": "1月31日"},
            },
        )
        assert status == 201, status
        campaigns.append(f"/staff/campaigns/{drafted['id']}")
    status, _ = running.call("POST", campaigns[-1].replace("/staff/", "/api/v1/") + "/start", key)
    assert status == 200, status

    replies = [(f"+86{phone}", body) for _, phone, _, _, _, body in BOOKINGS if body]
    for phone, body in [*replies, STRANGER]:
        text_in(phone, body)

    with chromium(tmp_path / "profile") as driver:
        driver.get(f"{running.base}/staff/")
        _words_only(driver, "login", "zh-CN", shots)
        sign_in(driver, None, "今日")

        # Wait until the worker has read every reply: six items need a person.
        def all_filed() -> bool:
            driver.get(f"{running.base}/staff/inbox")
            return len(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item")) >= 6

        _wait_for(all_filed, "the replies to reach the inbox", 60)
        waiting = inner_text(driver)
        assert [r for r in REASONS if r in waiting] == list(REASONS), waiting

        def links(path: str, selector: str) -> list[str]:
            driver.get(f"{running.base}{path}")
            found = driver.find_elements(By.CSS_SELECTOR, selector)
            return sorted({str(a.get_attribute("href")) for a in found})

        items = links("/staff/inbox?show=all", "#inbox-items a")
        phones = sorted({phone for _, phone, *_ in BOOKINGS} | {STRANGER[0][3:]})
        customers = sorted(
            {url for phone in phones for url in links(f"/staff/customers?q={phone}", ".items a")}
        )
        assert len(customers) == len(phones), customers
        pages = [
            "/staff/today",
            f"/staff/today?day={tomorrow.isoformat()}",
            "/staff/inbox",
            "/staff/inbox?show=all",
            "/staff/customers",
            "/staff/customers?q=王",
            "/staff/team",
            "/staff/stats",
            "/staff/phrases",
            "/staff/campaigns",
            "/staff/campaigns/new",
            *campaigns,
        ]
        # Each change request's "offer times" page (the slots proposed from availability).
        offers = []
        for url in items:
            driver.get(url)
            offers += [
                str(a.get_attribute("href")) for a in driver.find_elements(By.ID, "offer-times")
            ]
        assert offers, "no change request offers times"
        visited = [running.base + p for p in pages] + items + offers + customers
        _tour(driver, running.base, visited, shots)
    seen = len(list(shots.glob("*.png")))
    assert seen == 2 + 3 * 2 * len(visited), seen


def test_an_alibaba_cloud_salons_console_reads_as_words(tmp_path: Path, redis_url: str) -> None:
    """Where only approved templates go, answers are a picker of templates with their values to
    fill in: that page, the inbox item of a pushed reply and the rest read as words too."""
    codes = {name: f"SMS_9{i:05d}" for i, name in enumerate(SUBMITTED_TEMPLATE_NAMES)}
    templates = {code: variables(name, "zh-CN") for name, code in codes.items()}
    shots = tmp_path / "screenshots"
    shots.mkdir()
    now = datetime.now(UTC).replace(microsecond=0)
    with (
        AliyunStub(templates=templates, sign_names={"丽丽美发"}, send_date=now.date()) as stub,
        _service(
            tmp_path,
            redis_url,
            ALIYUN_ACCESS_KEY_ID=stub.access_key_id,
            ALIYUN_ACCESS_KEY_SECRET=stub.access_key_secret,
            ALIYUN_SMS_ENDPOINT=stub.endpoint,
            SMS_CALLBACK_TOKEN="e2e-push-token",
        ) as running,
    ):
        salon = aliyun_salon(running, codes, now, owner=True)
        status, _ = running.call(
            "POST",
            "/api/v1/appointments",
            salon["api_key"],
            {
                "external_id": "A-1",
                "customer": {"phone": "13800138000", "name": "王女士"},
                "service": "烫发",
                "starts_at": (now + timedelta(hours=3)).isoformat(),
            },
        )
        assert status == 201
        _wait_for(lambda: len(stub.sent) == 1, "the confirmation request to reach the provider")
        running.flask(
            *("simulate-push", "--provider", "aliyun", "--from", "+8613800138000"),
            *("--body", "看情况？", "--sign-name", "丽丽美发", "--url", running.base),
        )

        with chromium(tmp_path / "profile") as driver:
            sign_in(driver, f"{running.base}/staff/", "今日")

            def filed() -> bool:
                driver.get(f"{running.base}/staff/inbox")
                return bool(driver.find_elements(By.CSS_SELECTOR, "#inbox-items .item a"))

            _wait_for(filed, "the pushed reply to reach the inbox", 60)
            item = str(
                driver.find_element(By.CSS_SELECTOR, "#inbox-items .item a").get_attribute("href")
            )
            driver.get(f"{running.base}/staff/customers?q=138")
            customer = str(driver.find_element(By.CSS_SELECTOR, ".items a").get_attribute("href"))
            pages = ["/staff/today", "/staff/inbox", "/staff/team", "/staff/stats"]
            _tour(driver, running.base, [running.base + p for p in pages] + [item, customer], shots)
            assert driver.find_elements(By.ID, "answer-answer_call_us")  # the picker was seen
    assert len(list(shots.glob("*.png"))) == 3 * 2 * (len(pages) + 2)
