"""What staff fill into an answer template: each field's rule, the provider's limit per value,
and the facts the template's variables are built from, in the customer's locale."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.answers import ANSWER_FIELDS, AnswerRefused, example_values, facts_from
from gateway.domain.texts import TemplateName
from gateway.sms_text import variables

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


def test_no_answer_claims_a_new_time() -> None:
    # "Your appointment is now at …" without moving it let reminders go for the old time: a new
    # time is a move (the customer is texted the time the appointment has), never a text alone.
    assert TemplateName.ANSWER_NEW_TIME not in ANSWER_FIELDS
    with pytest.raises(KeyError):
        _facts(TemplateName.ANSWER_NEW_TIME, {"new_time": "2026-05-03T15:30"})


def test_a_value_over_the_providers_limit_is_refused_not_cut() -> None:
    phone = {"phone": "+86 21 5555 1234"}  # 16 characters
    assert _facts(TemplateName.ANSWER_CALL_US, phone, limit=None)["phone"] == "+86 21 5555 1234"
    with pytest.raises(AnswerRefused) as refused:
        _facts(TemplateName.ANSWER_CALL_US, phone, limit=12)  # a personal Tencent Cloud account
    assert refused.value.field == "values.phone" and "12" in refused.value.message


@pytest.mark.parametrize(
    ("template", "values", "field"),
    [
        (TemplateName.ANSWER_CALL_US, {}, "values.phone"),
        (TemplateName.ANSWER_CALL_US, {"phone": " "}, "values.phone"),
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
