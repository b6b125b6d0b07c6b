"""Answers staff choose where only approved templates go (Alibaba Cloud, Tencent Cloud).

Staff cannot write their own words there, so a salon registers a few answers with its provider
(``templates_sms/<locale>/answer_*.txt``) and staff pick one, filling its fields: a new time for
"your appointment is now at …", the salon's number for "please call us on …". Each field has a
kind whose rule is checked here, before anything is queued, together with the provider's rule
for every template value (Alibaba Cloud 1–35 characters, Tencent Cloud 12 on a personal account):
a value is refused with the field named, never cut as the gateway's own values are.

Pure: the stdlib, zoneinfo and the other domain modules only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from gateway.domain import sms_values
from gateway.domain.texts import TemplateName
from gateway.domain.wording import appointment_when


class FieldKind(StrEnum):
    """What staff type into a field, and so which rule it keeps."""

    #: A date and time, ISO 8601 (``2026-05-03T15:00``); without an offset, the salon's time.
    DATETIME = "datetime"
    #: A number to call: digits, with spaces, ``-`` and a leading ``+`` allowed.
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class AnswerField:
    name: str
    kind: FieldKind
    #: The facts of the template's variables this field fills (``date`` and ``time`` …).
    facts: tuple[str, ...]
    description: str


NEW_TIME: Final = AnswerField(
    "new_time",
    FieldKind.DATETIME,
    ("date", "time"),
    "the appointment's new date and time: ISO 8601, the salon's local time unless an offset is "
    "given; in the future",
)
SALON_PHONE: Final = AnswerField(
    "phone", FieldKind.PHONE, ("phone",), "the number the customer should call"
)

#: Each answer template and the fields staff fill, in the order a form shows them.
ANSWER_FIELDS: Final[dict[TemplateName, tuple[AnswerField, ...]]] = {
    TemplateName.ANSWER_CALL_SOON: (),
    TemplateName.ANSWER_NEW_TIME: (NEW_TIME,),
    TemplateName.ANSWER_CALL_US: (SALON_PHONE,),
}

#: Variables whose value is built from several facts (see ``sms_values``).
_VARIABLE_FACTS: Final = {"when": ("date", "time")}
_PHONE = re.compile(r"\+?[0-9][0-9 -]*[0-9]")
PHONE_DIGITS: Final = (3, 20)
#: A new time further ahead than this is a typing mistake (a year, as the API's windows).
FURTHEST_NEW_TIME: Final = timedelta(days=366)
#: Alibaba Cloud refuses an empty value; the providers' upper limit is the caller's ``limit``.
_SHORTEST_VALUE: Final = 1


class AnswerRefused(ValueError):
    """A field staff filled breaks a rule; ``field`` names it as the API does (``values.phone``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


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
            raise AnswerRefused(where, f"{where} is required for {template}")
        if not isinstance(raw, str):
            raise AnswerRefused(where, f"{where} must be a string")
        if field.kind is FieldKind.DATETIME:
            facts.update(_new_time(where, raw, locale=locale, timezone=timezone, now=now))
        else:
            facts["phone"] = _phone(where, raw)
    for variable in variables:
        value = sms_values.value(variable, locale, facts)
        if limit is not None and not _SHORTEST_VALUE <= len(value) <= limit:
            field = _field_of(fields, variable)
            raise AnswerRefused(
                f"values.{field.name}",
                f"values.{field.name} reads {value!r} in the text: {len(value)} characters, "
                f"over the provider's {limit} per template value",
            )
    return facts


def example_values(template: TemplateName, *, timezone: str, now: datetime) -> dict[str, str]:
    """Values a form or a preview can show: tomorrow at 15:00, a Shanghai landline."""
    tomorrow = now.astimezone(ZoneInfo(timezone)) + timedelta(days=1)
    examples = {
        FieldKind.DATETIME: tomorrow.replace(hour=15, minute=0, second=0, microsecond=0)
        .replace(tzinfo=None)
        .isoformat(timespec="minutes"),
        FieldKind.PHONE: "021-55551234",
    }
    return {field.name: examples[field.kind] for field in ANSWER_FIELDS[template]}


def _new_time(
    where: str, raw: str, *, locale: str, timezone: str, now: datetime
) -> dict[str, object]:
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise AnswerRefused(
            where, f"{where} is a date and time such as 2026-05-03T15:00, not {raw!r}"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(timezone))
    if when <= now:
        raise AnswerRefused(where, f"{where} is in the past")
    if when > now + FURTHEST_NEW_TIME:
        raise AnswerRefused(where, f"{where} is more than {FURTHEST_NEW_TIME.days} days ahead")
    date, time = appointment_when(when, timezone, locale)
    return {"date": date, "time": time}


def _phone(where: str, raw: str) -> str:
    value = " ".join(raw.split())
    digits = sum(c.isdigit() for c in value)
    low, high = PHONE_DIGITS
    if not _PHONE.fullmatch(value) or not low <= digits <= high:
        raise AnswerRefused(
            where,
            f"{where} is a phone number of {low} to {high} digits (spaces, - and a leading + "
            f"allowed), not {raw!r}",
        )
    return value


def _field_of(fields: Sequence[AnswerField], variable: str) -> AnswerField:
    facts = set(_VARIABLE_FACTS.get(variable, (variable,)))
    return next(field for field in fields if facts & set(field.facts))
