"""The birthday automation (生日自动优惠) on the console's 营销 page through Flask's test client:
an owner turns it on and the API reads it on, with the text the page shows exactly as the
campaign's; a bad value is refused beside its field with the service's reason in staff's words
and nothing stored; other staff read it and cannot change it (403); another salon's setting
stays as it was; the salon's marketing limits are in the page's intro."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.conftest import china_salon
from tests.integration.test_campaign_templates import _drop_code
from tests.integration.test_console import (
    assert_words_only,
    desk,  # noqa: F401  (the fixture)
    make_staff,
    page_words,
    post,
    sign_in,
    visible,
)
from tests.integration.test_console_campaigns import TEXT
from tests.support import SalonHandle

FORM = {"enabled": "on", "days_before": "3", "offer": "生日当月烫染8折", "valid_until": "3月31日"}
PATH = "/staff/campaigns/birthday-offers"


def _page(client: FlaskClient, path: str = "/staff/campaigns") -> str:
    return page_words(client, path)


def _card(html: str) -> str:
    found = re.search(r'<section class="card birthday-offers.*?</section>', html, re.S)
    assert found, html
    return " ".join(visible(found.group(0)).split())


def _setting(client: FlaskClient, salon: SalonHandle) -> dict[str, Any]:
    answer = client.get("/api/v1/salon", headers=salon.headers)
    assert answer.status_code == 200
    offers: dict[str, Any] = answer.get_json()["birthday_offers"]
    return offers


def test_an_owner_turns_it_on_and_the_api_reads_it_on(
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    card = _card(desk.get("/staff/campaigns").get_data(as_text=True))
    assert "生日自动优惠 已关闭" in card and "发送时间 生日当天" in card
    assert "还没有填写优惠内容" in card
    assert _setting(desk, salon) == {"enabled": False, "days_before": 0, "values": None}

    saved = post(desk, PATH, **FORM)

    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/staff/campaigns")
    assert _setting(desk, salon) == {
        "enabled": True,
        "days_before": 3,
        "values": {"offer": "生日当月烫染8折", "valid_until": "3月31日"},
    }
    page = _page(desk)
    assert "已保存：生日自动优惠已开启" in page
    assert "生日自动优惠 已开启" in page
    assert "发送时间 生日前 3 天 优惠内容 生日当月烫染8折 有效期至 3月31日" in page
    # Exactly what a campaign with the same offer sends (its page's own preview).
    assert f"顾客将收到： {TEXT}" in page

    # Off again: the offer is kept for the next time, and the card says it is off.
    post(desk, PATH, days_before="3", offer="生日当月烫染8折", valid_until="3月31日")
    assert _setting(desk, salon)["enabled"] is False
    page = _page(desk)
    assert "已保存：生日自动优惠已关闭" in page and "生日自动优惠 已关闭" in page
    assert TEXT in page


def test_the_intro_names_the_salons_marketing_limits(
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    changed = desk.patch(
        "/api/v1/salon",
        headers=salon.headers,
        json={"marketing_max_per_30_days": 2, "marketing_daily_budget": 300},
    )
    assert changed.status_code == 200

    page = _page(desk)

    assert (
        "每位顾客 30 天内最多收到 2 条；本店每天最多发 300 条营销短信，每分钟最多 60 条。" in page
    )


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"days_before": "31"}, "days_before", "请填写 0 到 30 之间的整数"),
        ({"days_before": "-1"}, "days_before", "请填写 0 到 30 之间的整数"),
        ({"days_before": "²"}, "days_before", "请填写 0 到 30 之间的整数"),
        ({"days_before": ""}, "days_before", "请填写 0 到 30 之间的整数"),
        ({"offer": "", "valid_until": ""}, "offer", "请填写优惠内容（一行，最多 60 字）"),
        ({"offer": "x" * 61}, "offer", "请填写优惠内容（一行，最多 60 字）"),
        ({"offer": " "}, "offer", "请填写优惠内容"),
        ({"valid_until": ""}, "valid_until", "请填写有效期（一行，最多 20 字）"),
        ({"valid_until": "月\u2028底"}, "valid_until", "请填写有效期"),
        ({"enabled": "yes"}, "enabled", "请勾选或不勾选"),
    ],
)
def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_stored(
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    change: dict[str, str],
    field: str,
    words: str,
) -> None:
    before = {
        "enabled": False,
        "days_before": 1,
        "values": {"offer": "洗吹免费", "valid_until": "月底"},
    }
    assert desk.patch("/api/v1/salon", headers=salon.headers, json={"birthday_offers": before})

    refused = post(desk, PATH, **{**FORM, **change})

    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    error = re.search(rf'id="birthday-error-{field}"[^>]*>([^<]+)<', html)
    assert error and words in error.group(1), html
    card = _card(html)
    assert "没有保存：请修改标出的内容" in card
    # The card still shows what is stored; the form, what was typed.
    assert "生日自动优惠 已关闭" in card and "洗吹免费" in card
    typed = change.get("offer", FORM["offer"]).strip()
    assert f'value="{typed}"' in html
    assert _setting(desk, salon) == before
    # Choosing a language on the refused page reloads its address: the page, not a 405.
    reloaded = desk.get(PATH)
    assert reloaded.status_code == 302 and reloaded.headers["Location"].endswith(
        "/staff/campaigns#birthday-offers"
    )


def test_turning_it_on_needs_an_offer(
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    refused = post(desk, PATH, enabled="on", days_before="2", offer="", valid_until="")

    assert refused.status_code == 422
    error = re.search(r'id="birthday-error-offer"[^>]*>([^<]+)<', refused.get_data(as_text=True))
    assert error and error.group(1) == "开启前请填写优惠内容和有效期"
    assert _setting(desk, salon) == {"enabled": False, "days_before": 0, "values": None}
    # Off, it may wait for its offer: the days are kept.
    assert post(desk, PATH, days_before="2", offer="", valid_until="").status_code == 302
    assert _setting(desk, salon) == {"enabled": False, "days_before": 2, "values": None}


def test_other_staff_read_it_and_cannot_change_it(
    app: Flask,
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    post(desk, PATH, **FORM)
    make_staff(db, salon, "amy@salon.example")
    receptionist = app.test_client()
    assert sign_in(receptionist, "amy@salon.example").status_code == 302

    html = receptionist.get("/staff/campaigns").get_data(as_text=True)
    card = _card(html)
    assert "生日自动优惠 已开启" in card and TEXT in card
    assert "只有店长可以修改生日自动优惠" in card
    assert "修改…" not in card and 'id="birthday-form"' not in html

    refused = post(
        receptionist, PATH, enabled="", days_before="0", offer="全场5折", valid_until="今天"
    )

    assert refused.status_code == 403
    assert "只有店长可以修改生日自动优惠" in visible(refused.get_data(as_text=True))
    assert _setting(desk, salon)["values"] == {"offer": "生日当月烫染8折", "valid_until": "3月31日"}
    assert _setting(desk, salon)["enabled"] is True


def test_a_form_without_its_token_changes_nothing(
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    refused = desk.post(PATH, data=FORM)

    assert refused.status_code == 400
    assert _setting(desk, salon)["enabled"] is False


def test_another_salon_is_unaffected(
    app: Flask,
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    make_salon: Any,
    db: Database,
) -> None:
    other_salon = make_salon("别家")
    make_staff(db, other_salon, "tom@other.example", owner=True)
    other = app.test_client()
    assert sign_in(other, "tom@other.example").status_code == 302

    post(desk, PATH, **FORM)

    assert _setting(other, other_salon) == {"enabled": False, "days_before": 0, "values": None}
    card = _card(other.get("/staff/campaigns").get_data(as_text=True))
    assert "生日自动优惠 已关闭" in card and "生日当月烫染8折" not in card
    post(other, PATH, enabled="on", days_before="0", offer="全场5折", valid_until="今天")
    assert _setting(desk, salon)["values"] == {"offer": "生日当月烫染8折", "valid_until": "3月31日"}
    assert _setting(other, other_salon)["enabled"] is True


def test_a_template_provider_without_the_marketing_templates_code_is_told_it_sends_nothing(
    china_app: Flask, db: Database
) -> None:
    _drop_code(db, "aliyun", "zh-CN")
    salon = china_salon(china_app, "aliyun")
    make_staff(db, salon, "mei@salon.example", owner=True)
    console = china_app.test_client()
    assert sign_in(console, "mei@salon.example").status_code == 302

    saved = post(console, PATH, **FORM)

    # Turning it on is allowed (the code may come later), and the card says what happens now.
    assert saved.status_code == 302
    card = _card(console.get("/staff/campaigns").get_data(as_text=True))
    assert "生日自动优惠 已开启" in card
    assert "营销模板（campaign_offer）还没有审核通过的编号" in card and "不会发出" in card
    assert "【丽丽美发】尊敬的会员，生日当月烫染8折，有效期至3月31日。拒收请回复R" in card


def test_a_template_provider_with_the_code_is_not_warned(china_app: Flask, db: Database) -> None:
    salon = china_salon(china_app, "tencent")
    make_staff(db, salon, "mei@salon.example", owner=True)
    console = china_app.test_client()
    assert sign_in(console, "mei@salon.example").status_code == 302

    card = _card(console.get("/staff/campaigns").get_data(as_text=True))

    assert "生日自动优惠 已关闭" in card and "campaign_offer" not in card


@pytest.mark.parametrize(
    ("api_value", "form_change", "field", "beside"),
    [
        ({"days_before": 31}, {"days_before": "31"}, "birthday_offers.days_before", "days_before"),
        (
            {"values": {"offer": "x" * 61, "valid_until": "3月31日"}},
            {"offer": "x" * 61},
            "birthday_offers.values.offer",
            "offer",
        ),
        (
            {"values": {"offer": "生日当月烫染8折", "valid_until": "月\u2028底"}},
            {"valid_until": "月\u2028底"},
            "birthday_offers.values.valid_until",
            "valid_until",
        ),
        (
            {"enabled": True, "days_before": 2},
            {"offer": "", "valid_until": ""},
            "birthday_offers.values",
            "offer",
        ),
    ],
)
def test_the_console_and_the_api_refuse_the_same_value_for_the_same_reason(
    desk: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    api_value: dict[str, Any],
    form_change: dict[str, str],
    field: str,
    beside: str,
) -> None:
    """One rule, the service's: the API names the part of ``birthday_offers`` it refuses, and
    the console shows its refusal beside the form field for that same part."""
    api = desk.patch("/api/v1/salon", headers=salon.headers, json={"birthday_offers": api_value})
    assert api.status_code == 422
    error = api.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_field", field), error
    assert error["message"].startswith(f"{field} "), error

    console = post(desk, PATH, **{**FORM, **form_change})
    assert console.status_code == 422
    html = console.get_data(as_text=True)
    shown = re.findall(r'id="birthday-error-(\w+)"', html)
    assert shown == [beside], html
    assert _setting(desk, salon) == {"enabled": False, "days_before": 0, "values": None}


def test_a_provider_this_deployment_cannot_send_through_is_refused_as_the_api_refuses_it(
    china_app: Flask, app: Flask, db: Database
) -> None:
    """The salon is on Alibaba Cloud with every template's code, and this deployment (``app``,
    on the same database) has none of Alibaba Cloud's keys: the API refuses every change naming
    the provider, and so does the console's form, in words, storing nothing."""
    salon = china_salon(china_app, "aliyun")
    make_staff(db, salon, "mei@salon.example", owner=True)
    console = app.test_client()
    assert sign_in(console, "mei@salon.example").status_code == 302
    wanted = {"enabled": True, "days_before": 3, "values": {"offer": "8折", "valid_until": "月底"}}
    api = console.patch("/api/v1/salon", headers=salon.headers, json={"birthday_offers": wanted})
    assert api.status_code == 422
    error = api.get_json()["error"]
    assert error["field"] == "provider" and "ALIYUN_ACCESS_KEY_ID" in error["message"], error

    refused = post(console, PATH, **FORM)

    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    card = _card(html)
    assert_words_only(card)
    assert "没有保存：本店的短信服务商在这台服务器上还不能发送短信，请联系系统管理员" in card, card
    assert error["message"] in card
    assert not re.search(r'id="birthday-error-\w+"', html)
    assert _setting(console, salon) == {"enabled": False, "days_before": 0, "values": None}
