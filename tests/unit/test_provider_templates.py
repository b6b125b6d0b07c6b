"""The providers' template rules, their placeholder syntax and value limits, as tables."""

from __future__ import annotations

import pytest

from gateway.domain.provider_templates import (
    ConsoleTemplate,
    Provider,
    check,
    fit,
    for_console,
    reply_words,
    shorten,
    value_limit,
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "confirmation_request",
            "您预约了{{ when }}的{{ service }}（预约号{{ ref }}）。确认请回复“1”或“确认”，"
            "改期请回复“2”或“变更”，取消请回复“3”或“取消”。",
        ),
        ("reminder", "温馨提醒：您预约了{{ when }}，如需改期请回复“2”，取消请回复“3”。"),
        ("help", "确认预约请回复“1”。不想再收到短信，请回复“退订”。"),
        ("opted_out", "您已退订，今后不会再收到本店的短信。"),
        ("confirmed", "Reply 1 or YES to confirm, 2 or CHANGE to move it."),
        ("confirmed", "已确认：{{ when }}，期待您的光临。"),
    ],
)
def test_template_within_the_rules_has_no_problem(name: str, text: str) -> None:
    assert check(text, name=name) == ()


@pytest.mark.parametrize(
    ("name", "text", "rule"),
    [
        ("confirmed", "【{{ salon }}】已确认{{ when }}", "brackets"),
        ("confirmed", "已确认】{{ when }}", "brackets"),
        (
            "ambiguous",
            "您有多个预约：{% for a in appointments %}{{ a.ref }}{% endfor %}",
            "flat_variables",
        ),
        ("confirmed", "已确认{{ when|upper }}。", "flat_variables"),
        ("confirmed", "{{ when }}已确认，{{ when }}见", "repeated_variable"),
        ("confirmed", "您预约了 {{ date }}{{ time }}", "adjacent_variables"),
        ("confirmed", "您预约了 {{ date }} {{ time }}", "adjacent_variables"),
        ("confirmed", "详情见 https://example.cn/a", "link"),
        ("confirmed", "详情见 www.example.com", "link"),
        ("confirmed", "详情见 salon.cn", "link"),
        ("reminder", "明天见。回T退订", "opt_out_word"),
        ("reminder", "明天见，回复TD取消提醒", "opt_out_word"),
        ("confirmation_request", "确认请回复“1”，取消请回复“N”。", "opt_out_word"),
        ("confirmation_request", "Reply 1 to confirm, or N to cancel.", "opt_out_word"),
        ("confirmation_request", "Reply Y to confirm or R to reschedule.", "opt_out_word"),
        ("confirmation_request", "取消请回复“退订”", "opt_out_word"),
        ("reminder", "不想收到提醒可退订。", "opt_out_word"),
        ("reminder", "明天见。拒收请回复R", "marketing_opt_out_line"),
        ("help", "拒收请回复R", "marketing_opt_out_line"),
    ],
)
def test_template_breaking_a_rule_is_named(name: str, text: str, rule: str) -> None:
    assert rule in {problem.rule for problem in check(text, name=name)}


def test_every_problem_is_listed_at_once() -> None:
    problems = check("【店】{{ a }}{{ a }} www.x.com 拒收请回复R", name="reminder")
    assert {p.rule for p in problems} == {
        "brackets",
        "repeated_variable",
        "adjacent_variables",
        "link",
        "marketing_opt_out_line",
        "opt_out_word",
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("确认请回复“1”或“确认”，改期请回复“2”", ("1", "确认", "2")),
        ("回T退订", ("T",)),
        ("拒收请回复R", ("R",)),
        ("欢迎回来", ()),
        ("Reply C to cancel.", ("C", "to", "cancel")),
    ],
)
def test_reply_words_are_what_the_customer_is_asked_to_send(
    text: str, words: tuple[str, ...]
) -> None:
    assert reply_words(text) == words


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        (
            Provider.ALIYUN,
            ConsoleTemplate(
                "您预约了${when}，服务${service}，预约号${ref}。", ("when", "service", "ref")
            ),
        ),
        (
            Provider.TENCENT,
            ConsoleTemplate("您预约了{1}，服务{2}，预约号{3}。", ("when", "service", "ref")),
        ),
    ],
)
def test_console_text_uses_the_providers_placeholders(
    provider: Provider, expected: ConsoleTemplate
) -> None:
    text = "您预约了{{ when }}，服务{{service}}，预约号{{ ref }}。"
    assert for_console(text, provider) == expected


@pytest.mark.parametrize(
    ("provider", "personal", "limit"),
    [
        (Provider.ALIYUN, False, 35),
        (Provider.ALIYUN, True, 35),
        (Provider.TENCENT, True, 12),
        (Provider.TENCENT, False, None),
    ],
)
def test_value_limits(provider: Provider, personal: bool, limit: int | None) -> None:
    assert value_limit(provider, personal_account=personal) == limit


@pytest.mark.parametrize(
    ("value", "limit", "shortened"),
    [
        ("剪发", 12, "剪发"),
        ("一二三四五六七八九十一二", 12, "一二三四五六七八九十一二"),
        ("一二三四五六七八九十一二三", 12, "一二三四五六七八九十一…"),
        ("Balayage and cut with wash", 12, "Balayage an…"),
        ("Colour and a cut", 7, "Colour…"),  # no space left before the ellipsis
        ("anything", None, "anything"),
    ],
)
def test_shorten_cuts_at_the_limit_with_an_ellipsis(
    value: str, limit: int | None, shortened: str
) -> None:
    assert shorten(value, limit) == shortened
    assert shorten(value, limit) == shorten(value, limit)
    assert limit is None or len(shortened) <= limit


def test_fit_keeps_names_and_order_and_shortens_long_values() -> None:
    values = (
        (
            "service",
            "染发、护理、修剪、造型，再加一次头皮护理和肩颈按摩以及手部护理与足部护理服务套餐",
        ),
        ("ref", "K7Q2"),
    )
    fitted = fit(values, Provider.ALIYUN)
    assert [name for name, _ in fitted] == ["service", "ref"]
    assert len(fitted[0][1]) == 35 and fitted[0][1].endswith("…")
    assert fitted[1] == ("ref", "K7Q2")
    assert fit(values, Provider.TENCENT, personal_account=True)[0][1] == "染发、护理、修剪、造型…"
