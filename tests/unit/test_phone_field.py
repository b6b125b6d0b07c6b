"""The customer's phone as the OpenAPI document describes it and as the API reads it agree: a
CRM that writes any spelling the document's pattern allows is refused, if at all, only because
the digits make no number (``invalid_phone``) — never as an empty field it did fill in."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from gateway.api.errors import INVALID_PHONE
from gateway.api.schemas.fields import PHONE_MAX, PHONE_PATTERN
from gateway.api.schemas.requests import NewCustomer


def read(phone: str) -> str:
    return NewCustomer.model_validate({"phone": phone}, context={"region": "CN"}).phone


@given(st.from_regex(PHONE_PATTERN, fullmatch=True).filter(lambda s: len(s) <= PHONE_MAX))
def test_a_spelling_the_document_allows_is_read_or_refused_as_no_number(phone: str) -> None:
    try:
        read(phone)
    except ValidationError as exc:
        assert [error["type"] for error in exc.errors()] == [INVALID_PHONE]


@pytest.mark.parametrize("blank", [" ", "   ", "()", "+", "-.-", "+ ( )"])
def test_a_number_without_digits_is_outside_the_document(blank: str) -> None:
    # The document says so, so a CRM's own schema check catches it before sending.
    assert re.fullmatch(PHONE_PATTERN, blank) is None
    with pytest.raises(ValidationError):
        read(blank)


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("(138) 0013 8000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),
    ],
)
def test_common_spellings_match_the_document_and_are_read(written: str, e164: str) -> None:
    assert re.fullmatch(PHONE_PATTERN, written)
    assert read(written) == e164
