"""Answers staff choose where only approved templates go (Alibaba Cloud, Tencent Cloud).

Staff cannot write their own words there, so a salon registers a few answers with its provider
(``templates_sms/<locale>/answer_*.txt``) and staff pick one, filling its fields: the salon's
number for "please call us on …". (A new time is never a text alone: staff move the
appointment, and the customer is texted the time it now has.) Each field has a
kind whose rule is checked here, before anything is queued, together with the provider's rule
for every template value (Alibaba Cloud 1–35 characters, Tencent Cloud 12 on a personal account):
a value is refused with the field named, never cut as the gateway's own values are.

Pure: the stdlib, zoneinfo and the other domain modules only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from gateway.domain import sms_values
from gateway.domain.texts import TemplateName


class FieldKind(StrEnum):
    """What staff type into a field, and so which rule it keeps."""

    #: A number to call: digits, with spaces, ``-`` and a leading ``+`` allowed.
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class AnswerField:
    name: str
    kind: FieldKind
    #: The facts of the template's variables this field fills (``date`` and ``time`` …).
    facts: tuple[str, ...]
    description: str


SALON_PHONE: Final = AnswerField(
    "phone", FieldKind.PHONE, ("phone",), "the number the customer should call"
)

#: Each answer template and the fields staff fill, in the order a form shows them.
ANSWER_FIELDS: Final[dict[TemplateName, tuple[AnswerField, ...]]] = {
    TemplateName.ANSWER_CALL_SOON: (),
    TemplateName.ANSWER_CALL_US: (SALON_PHONE,),
}

#: Variables whose value is built from several facts (see ``sms_values``).
_VARIABLE_FACTS: Final = {"when": ("date", "time")}
_PHONE = re.compile(r"\+?[0-9][0-9 -]*[0-9]")
PHONE_DIGITS: Final = (3, 20)
#: Alibaba Cloud refuses an empty value; the providers' upper limit is the caller's ``limit``.
_SHORTEST_VALUE: Final = 1


class AnswerRefused(ValueError):
    """A field staff filled breaks a rule; ``field`` names it as the API does (``values.phone``),
    ``reason`` and ``values`` say which rule for the console (``ServiceError``'s)."""

    def __init__(
        self,
        field: str,
        message: str,
        reason: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.field, self.message, self.reason = field, message, reason
        self.values = dict(values or {})


def is_answer_template(name: str) -> bool:
    return name in ANSWER_FIELDS


def facts_from(
    template: TemplateName,
    values: Mapping[str, object],
    *,
    variables: Sequence[str],
    locale: str,
    timezone: str,
    limit: int | None,
    now: datetime,
) -> dict[str, object]:
    """The facts ``template``'s ``variables`` are built from, read from what staff filled in.

    Raises ``AnswerRefused`` naming the first field that is missing, unknown, of the wrong kind,
    or whose value in ``locale`` would be longer than the provider's ``limit``.
    """
    fields = ANSWER_FIELDS[template]
    known = {field.name for field in fields}
    for name in values:
        if name not in known:
            wanted = ", ".join(sorted(known)) or "none"
            raise AnswerRefused(
                f"values.{name}", f"{template} has no field {name!r} (its fields: {wanted})"
            )
    facts: dict[str, object] = {}
    for field in fields:
        raw = values.get(field.name)
        where = f"values.{field.name}"
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise AnswerRefused(where, f"{where} is required for {template}", "missing_field")
        if not isinstance(raw, str):
            raise AnswerRefused(where, f"{where} must be a string")
        facts["phone"] = _phone(where, raw)
    for variable in variables:
        value = sms_values.value(variable, locale, facts)
        if limit is not None and not _SHORTEST_VALUE <= len(value) <= limit:
            field = _field_of(fields, variable)
            raise AnswerRefused(
                f"values.{field.name}",
                f"values.{field.name} reads {value!r} in the text: {len(value)} characters, "
                f"over the provider's {limit} per template value",
                "answer_value_too_long",
                {"n": limit},
            )
    return facts


def example_values(template: TemplateName, *, timezone: str, now: datetime) -> dict[str, str]:
    """Values a form or a preview can show (a Shanghai landline); the salon's ``timezone`` and
    ``now`` for fields of a time, which no answer has since a new time is a move, not a text."""
    del timezone, now
    examples = {FieldKind.PHONE: "021-55551234"}
    return {field.name: examples[field.kind] for field in ANSWER_FIELDS[template]}


def _phone(where: str, raw: str) -> str:
    value = " ".join(raw.split())
    digits = sum(c.isdigit() for c in value)
    low, high = PHONE_DIGITS
    if not _PHONE.fullmatch(value) or not low <= digits <= high:
        raise AnswerRefused(
            where,
            f"{where} is a phone number of {low} to {high} digits (spaces, - and a leading + "
            f"allowed), not {raw!r}",
            "answer_phone",
            {"low": low, "high": high},
        )
    return value


def _field_of(fields: Sequence[AnswerField], variable: str) -> AnswerField:
    facts = set(_VARIABLE_FACTS.get(variable, (variable,)))
    return next(field for field in fields if facts & set(field.facts))
