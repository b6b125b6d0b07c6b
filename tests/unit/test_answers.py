"""What staff fill into an answer template: each field's rule, the provider's limit per value,
and the facts the template's variables are built from, in the customer's locale."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.answers import ANSWER_FIELDS, AnswerRefused, example_values, facts_from
from gateway.domain.texts import TemplateName
from gateway.sms_text import compose, variables

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
SHANGHAI = "Asia/Shanghai"


def _facts(
    template: TemplateName, values: dict[str, object], locale: str = "zh-CN", limit: int | None = 35
) -> dict[str, object]:
    return facts_from(
        template,
        values,
        variables=variables(template, locale),
        locale=locale,
        timezone=SHANGHAI,
        limit=limit,
        now=NOW,
    )


@pytest.mark.parametrize(
    ("locale", "raw", "params"),
    [
        ("zh-CN", "2026-05-03T15:30", (("when", "5月3日 15:30"),)),
        # An offset is honoured: 07:30 UTC is 15:30 in Shanghai.
        ("zh-TW", "2026-05-03T07:30:00+00:00", (("when", "5月3日 15:30"),)),
        ("en", "2026-05-03T15:30", (("date", "Sun 3 May"), ("time", "3:30 pm"))),
    ],
)
def test_a_new_time_is_written_as_every_text_writes_one(
    locale: str, raw: str, params: tuple[tuple[str, str], ...]
) -> None:
    facts = _facts(TemplateName.ANSWER_NEW_TIME, {"new_time": raw}, locale)
    composed = compose(TemplateName.ANSWER_NEW_TIME, locale, facts, sign_name="丽丽美发")
    assert composed.params == params


def test_a_value_over_the_providers_limit_is_refused_not_cut() -> None:
    phone = {"phone": "+86 21 5555 1234"}  # 16 characters
    assert _facts(TemplateName.ANSWER_CALL_US, phone, limit=None)["phone"] == "+86 21 5555 1234"
    with pytest.raises(AnswerRefused) as refused:
        _facts(TemplateName.ANSWER_CALL_US, phone, limit=12)  # a personal Tencent Cloud account
    assert refused.value.field == "values.phone" and "12" in refused.value.message


@pytest.mark.parametrize(
    ("template", "values", "field"),
    [
        (TemplateName.ANSWER_NEW_TIME, {}, "values.new_time"),
        (TemplateName.ANSWER_NEW_TIME, {"new_time": " "}, "values.new_time"),
        (TemplateName.ANSWER_NEW_TIME, {"new_time": "2027-06-01T10:00"}, "values.new_time"),
        (TemplateName.ANSWER_CALL_US, {"phone": "12"}, "values.phone"),
        (TemplateName.ANSWER_CALL_US, {"phone": "+"}, "values.phone"),
        (TemplateName.ANSWER_CALL_US, {"phone": "021 5555\x001234"}, "values.phone"),
        (TemplateName.ANSWER_CALL_SOON, {"phone": "021-55551234"}, "values.phone"),
    ],
)
def test_each_refusal_names_the_field(
    template: TemplateName, values: dict[str, object], field: str
) -> None:
    with pytest.raises(AnswerRefused) as refused:
        _facts(template, values)
    assert refused.value.field == field


@pytest.mark.parametrize("template", list(ANSWER_FIELDS))
def test_the_examples_pass_every_providers_limit(template: TemplateName) -> None:
    for locale in ("zh-CN", "zh-TW", "en"):
        _facts(template, example_values(template, timezone=SHANGHAI, now=NOW), locale, limit=12)
