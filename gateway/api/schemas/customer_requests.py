"""The bodies of a customer's marketing facts and consent (``PATCH /customers/{phone}``,
``PUT …/consent``), from which the OpenAPI document is generated too."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from gateway.api.errors import INVALID, MISSING
from gateway.api.schemas.fields import (
    TEXT_PATTERN,
    WORD_PATTERN,
    Text,
    aware_datetime,
    checked_text,
)
from gateway.api.schemas.requests import Body
from gateway.domain.marketing import (
    GRANTING_METHODS,
    MAX_EVIDENCE_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    Birthday,
    ConsentMethod,
    clean_tags,
    parse_birthday,
)
from gateway.services.customers.consent import ConsentStatement
from gateway.services.customers.facts import KEEP, FactsChange


def _birthday(value: Any) -> Birthday | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PydanticCustomError(INVALID, "must be a string, MM-DD or YYYY-MM-DD")
    try:
        return parse_birthday(value)
    except ValueError as exc:
        raise PydanticCustomError(INVALID, str(exc)) from None


def _tags(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise PydanticCustomError(INVALID, "must be a list of words")
    for tag in value:
        checked_text(tag, max_length=MAX_TAG_LENGTH)  # controls, bidi marks, lone surrogates
    try:
        return clean_tags(value)
    except ValueError as exc:
        raise PydanticCustomError(INVALID, str(exc)) from None


def _method(value: Any) -> ConsentMethod | None:
    if value is None:
        return None
    if value not in GRANTING_METHODS:
        raise PydanticCustomError(INVALID, f"must be one of {', '.join(GRANTING_METHODS)}")
    return ConsentMethod(value)


def _evidence(value: Any) -> str | None:
    return checked_text(value, max_length=MAX_EVIDENCE_LENGTH)


def _at(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PydanticCustomError(INVALID, "must be an ISO 8601 string")
    return aware_datetime(value)


def _marketing(value: Any) -> bool:
    if value is None:
        raise PydanticCustomError(MISSING, "is required: true gives consent, false withdraws it")
    if not isinstance(value, bool):
        raise PydanticCustomError(INVALID, "must be true or false")
    return value


BirthdayField = Annotated[
    Birthday | None,
    BeforeValidator(_birthday),
    WithJsonSchema(
        {
            "type": ["string", "null"],
            "pattern": r"^([0-9]{4}-)?[0-9]{2}-[0-9]{2}$",
            "description": "MM-DD, or YYYY-MM-DD when the year is known; a day of the "
            "calendar (02-29 without a year); null clears it",
        }
    ),
]
Tags = Annotated[
    list[str] | None,
    BeforeValidator(_tags),
    WithJsonSchema(
        {
            "type": ["array", "null"],
            "maxItems": MAX_TAGS,
            "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_TAG_LENGTH,
                "pattern": WORD_PATTERN,
            },
            "description": f"at most {MAX_TAGS} words of at most {MAX_TAG_LENGTH} characters, "
            "no spaces or commas; the list replaces the stored one, [] or null clears it",
        }
    ),
]
Method = Annotated[
    ConsentMethod | None,
    BeforeValidator(_method),
    WithJsonSchema({"type": ["string", "null"], "enum": [*GRANTING_METHODS, None]}),
]
Evidence = Annotated[
    str | None,
    BeforeValidator(_evidence),
    WithJsonSchema(
        {"type": ["string", "null"], "maxLength": MAX_EVIDENCE_LENGTH, "pattern": TEXT_PATTERN}
    ),
]
At = Annotated[
    datetime | None,
    BeforeValidator(_at),
    WithJsonSchema(
        {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "when the customer said it, with a UTC offset; not in the future; "
            "now when absent",
        }
    ),
]
Marketing = Annotated[bool, BeforeValidator(_marketing), WithJsonSchema({"type": "boolean"})]


class CustomerFacts(Body):
    """``PATCH /customers/{phone}``: only what is sent changes; a bad value changes nothing."""

    name: Text = None
    birthday: BirthdayField = None
    tags: Tags = None

    def change(self) -> FactsChange:
        sent = self.model_fields_set
        return FactsChange(
            name=self.name if "name" in sent else KEEP,
            birthday=self.birthday if "birthday" in sent else KEEP,
            tags=self.tags if "tags" in sent else KEEP,
        )


class ConsentRequest(Body):
    """``PUT /customers/{phone}/consent``: give consent (with method and evidence) or withdraw
    it; every call is kept as a change in the customer's history."""

    marketing: Marketing = Field(description="true gives consent, false withdraws it")
    method: Method = Field(None, description="how it was given: required with marketing true")
    evidence: Evidence = Field(
        None, description="the form's number, the reply, what staff saw: required with true"
    )
    at: At = None

    def statement(self) -> ConsentStatement:
        return ConsentStatement(
            marketing=self.marketing, method=self.method, evidence=self.evidence, at=self.at
        )
