"""Every template a provider reviews can be described on its application form: a use-case
sentence, an attribute the form knows for each variable, and an example value for each."""

from __future__ import annotations

import pytest

from gateway.domain.template_forms import (
    ALIYUN_ATTRIBUTES,
    PURPOSES,
    VALUE_KINDS,
    ValueKind,
    attribute,
    example_values,
)
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.sms_text import SUBMITTED_TEMPLATE_NAMES, variables


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_submitted_template_has_a_purpose_kinds_and_examples(locale: str) -> None:
    for name in SUBMITTED_TEMPLATE_NAMES:
        assert PURPOSES[name]
        for variable in variables(name, locale):
            assert variable in VALUE_KINDS, f"{locale}/{name}: {variable} has no kind"
            assert example_values(locale, (variable,))[variable]


def test_aliyun_attributes_are_the_template_rule_codes_of_its_documents() -> None:
    # help.aliyun.com document 2806243: {"username": "name", "order": "other_number2"},
    # {"code": "phone_number2"}, {"code": "time"} for notification templates.
    assert attribute("aliyun", "phone").code == "phone_number2"
    assert attribute("aliyun", "ref").code == "other_number2"
    assert attribute("aliyun", "when").code == "time"
    assert {a.code for a in ALIYUN_ATTRIBUTES.values()} >= {"time", "other_number2"}
    assert attribute("tencent", "when").code is None  # Tencent's API takes no attribute


def test_english_dates_are_text_since_no_provider_lists_their_form() -> None:
    assert VALUE_KINDS["date"] is ValueKind.TEXT and VALUE_KINDS["time"] is ValueKind.TEXT


def test_examples_are_built_as_the_gateway_builds_each_value() -> None:
    assert example_values("zh-TW", ("appointment",)) == {
        "appointment": "5月3日 14:00 剪髮，由Lily為您服務"
    }
    assert example_values("en", ("appointment", "date")) == {
        "appointment": "appointment for Haircut with Lily",
        "date": "Sun 3 May",
    }
