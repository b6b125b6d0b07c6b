"""Templates as the China providers see them: flat, within their review rules, and values that
fit their length limits the same way every time, with the 【sign name】 the customer reads."""

from __future__ import annotations

import pytest

from gateway.domain import sms_values
from gateway.domain.provider_templates import Provider, check, for_console, value_limit
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.sms_text import (
    TEMPLATE_NAMES,
    compose,
    render,
    submitted_text,
    template_text,
    variables,
)
from tests.unit.test_sms_text import ctx_for

LONG = {
    "service": "日式头皮深层清洁护理加玻尿酸补水焗油套餐（含肩颈按摩）",
    "stylist": "Alexandra Konstantinopoulou",
}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_passes_the_providers_review_rules(name: str, locale: str) -> None:
    assert check(submitted_text(name, locale), name=name) == ()


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_marketing_template_is_submitted_ending_with_the_providers_opt_out_line(
    locale: str,
) -> None:
    submitted = submitted_text("campaign_offer", locale)
    assert submitted == template_text("campaign_offer", locale) + (
        " 拒收请回复R" if locale == "en" else "拒收请回复R"
    )
    # Without it, the providers refuse it; a notification carrying it is refused too.
    [missing] = check(template_text("campaign_offer", locale), name="campaign_offer")
    assert missing.rule == "marketing_opt_out_line_missing"
    assert [p.rule for p in check(submitted, name="reminder")] == [
        "marketing_opt_out_line",
        "opt_out_word",
    ]
    # The line is its one opt-out: another one before it is still refused.
    twice = "回T退订。" + submitted
    assert "opt_out_word" in {p.rule for p in check(twice, name="campaign_offer")}


def test_a_campaign_text_on_a_china_provider_carries_the_templates_values_and_its_line() -> None:
    values = {"offer": "生日当月烫染8折", "valid_until": "5月31日", "salon_name": "丝绒发型"}
    composed = compose("campaign_offer", "zh-CN", values, sign_name="丽丽美发", value_limit=35)
    assert composed.body == "【丽丽美发】尊敬的会员，生日当月烫染8折，有效期至5月31日。拒收请回复R"
    assert composed.params == (("offer", "生日当月烫染8折"), ("valid_until", "5月31日"))
    # The same source for Twilio and the console, with the locale's own opt-out words.
    assert render("campaign_offer", "zh-CN", **values) == (
        "【丝绒发型】尊敬的会员，生日当月烫染8折，有效期至5月31日。回复退订"
    )


def test_console_syntax_numbers_tencent_variables_in_send_order() -> None:
    console = for_console(template_text("confirmation_request", "zh-CN"), Provider.TENCENT)
    assert console.text.startswith("您预约了 {1}（预约号 {2}）。")
    assert console.variables == variables("confirmation_request", "zh-CN")
    aliyun = for_console(template_text("confirmation_request", "zh-CN"), Provider.ALIYUN)
    assert aliyun.text.startswith("您预约了 ${appointment}（预约号 ${ref}）。")


def test_a_china_provider_text_starts_with_the_sign_name_and_carries_ordered_values() -> None:
    composed = compose("confirmation_request", "zh-CN", ctx_for("zh-CN"), sign_name="丽丽美发")
    assert composed.body == (
        "【丽丽美发】您预约了 11月23日 14:00 剪发烫发，由Sunny为您服务（预约号 K7P3）。"
        "确认请回复“1”或“确认”，改期请回复“2”或“变更”，取消请回复“3”或“取消”。"
    )
    assert composed.params == (
        ("appointment", "11月23日 14:00 剪发烫发，由Sunny为您服务"),
        ("ref", "K7P3"),
    )
    # Twilio and the console keep the salon's name in front.
    assert render("confirmation_request", "zh-CN", **ctx_for("zh-CN")).startswith(
        "【美丽发艺沙龙】"
    )


@pytest.mark.parametrize("provider", list(Provider))
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_long_values_are_cut_to_the_limit_and_never_empty(
    name: str, locale: str, provider: Provider
) -> None:
    limit = value_limit(provider, personal_account=True)
    ctx = ctx_for(locale, **LONG)
    ctx["appointments"] = [*ctx["appointments"], *ctx["appointments"]]  # type: ignore[misc]
    first = compose(name, locale, ctx, sign_name="丽丽美发", value_limit=limit)
    assert all(1 <= len(value) <= (limit or 999) for _, value in first.params), first.params
    assert compose(name, locale, ctx, sign_name="丽丽美发", value_limit=limit) == first


def test_optional_parts_are_cut_last_first_and_dropped_when_too_short() -> None:
    ctx = ctx_for("zh-CN", **LONG)
    assert sms_values.value("appointment", "zh-CN", ctx, 35) == (
        "11月23日 14:00 日式头皮深层清洁护理加玻尿酸补水焗油套餐（…"
    )
    assert sms_values.value("appointment", "zh-CN", ctx_for("zh-CN"), 25) == (
        "11月23日 14:00 剪发烫发，由S…为您服务"
    )
    assert (
        sms_values.value("appointment", "zh-CN", ctx_for("zh-CN"), 24) == "11月23日 14:00 剪发烫发"
    )
    assert sms_values.value("appointment", "zh-CN", ctx_for("zh-CN"), 12) == "11月23日 14:00"
    assert sms_values.value("appointment", "en", ctx_for("en"), 12) == "appointment"


def test_the_appointment_list_drops_services_before_it_is_cut() -> None:
    ctx = ctx_for("zh-CN")
    assert sms_values.value("appointments", "zh-CN", ctx) == (
        "11月23日 14:00 剪发烫发 K7P3；11月30日 10:30 M9XA"
    )
    assert sms_values.value("appointments", "zh-CN", ctx, 35) == (
        "11月23日 14:00 K7P3；11月30日 10:30 M9XA"
    )
