"""The field types of CRM requests. Each is one ``Annotated`` type holding both its rule (a
validator that raises our error codes and messages) and its description in the OpenAPI document
(``WithJsonSchema``), built from the same constants, so the two cannot disagree.

Messages are predicates; ``gateway.api.errors`` puts the field's name in front of them.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from gateway.api.errors import INVALID, INVALID_PHONE, MISSING
from gateway.domain.answers import ANSWER_FIELDS, FieldKind
from gateway.domain.bidi import BIDI_CONTROL_CLASS, BIDI_REFUSAL, has_bidi_control
from gateway.domain.lifecycle import STAFF_MOVES, AppointmentStatus
from gateway.domain.phones import refuse_letters, to_e164
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.queries.inbox import InvalidCursor, decode_cursor
from gateway.services.desk.answers import MAX_ANSWER_LENGTH

#: Free text a CRM sets (service, stylist, names): at most this long, measured as sent, so the
#: limit a client reads in the document is the one applied.
TEXT_MAX: Final = 100
PHONE_MAX: Final = 40
LOCALE_MAX: Final = 10
DURATION_MIN, DURATION_MAX, DURATION_DEFAULT = 5, 24 * 60, 60
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
#: Ids are 32-bit integers in the schema (and SQLite cannot even compare a larger one).
MAX_ID: Final = 2**31 - 1
ISO_EXAMPLE: Final = "2026-11-23T14:00:00+08:00"
#: Stored in UTC and shown in the salon's timezone: the calendar's first and last days cannot be.
_EDGE: Final = timedelta(days=2)

#: Control characters other than tab and newlines: PostgreSQL refuses NUL in text, and none of
#: them belongs in a name, a service or an id; nor do bidirectional controls, which reorder
#: what staff read. The same class, written for JSON Schema.
_CONTROL_CLASS: Final = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f" + BIDI_CONTROL_CLASS
_CONTROL: Final = re.compile(f"[{_CONTROL_CLASS}]")
TEXT_PATTERN: Final = f"^[^{_CONTROL_CLASS}]*$"
#: Text with at least one character that is not a space (what trimming leaves non-empty).
NONBLANK_PATTERN: Final = f"^[^{_CONTROL_CLASS}]*[^\\s\\x85{_CONTROL_CLASS}][^{_CONTROL_CLASS}]*$"
#: One word: no space (\x85 is one to Python, not to JSON Schema's \s) and no comma.
WORD_PATTERN: Final = f"^[^\\s\\x85,{_CONTROL_CLASS}]+$"
#: external_id: text with something besides spaces, and no '/' (it names the appointment in URLs).
EXTERNAL_ID_PATTERN: Final = f"^[^/{_CONTROL_CLASS}]*[^/\\s{_CONTROL_CLASS}][^/{_CONTROL_CLASS}]*$"
_EXTERNAL_ID: Final = re.compile(EXTERNAL_ID_PATTERN)
#: How numbers are written: digits (full-width ones too, as Chinese keyboards type them), spaces,
#: + ( ) . - and nothing else, with at least one digit (a blank " " is no spelling of a number,
#: and the document must not call valid what the API refuses as missing). Whether the digits
#: make a number is ``gateway.domain.phones``'s call.
PHONE_PATTERN: Final = r"^[+＋]?[ ().\-]*[0-9０-９][0-9０-９ ().\-]*$"
_PHONE: Final = re.compile(PHONE_PATTERN)
#: Appointment cursors are base64url without padding; delivery cursors are ids.
APPOINTMENT_CURSOR_PATTERN: Final = r"^[A-Za-z0-9_-]+$"
_DIGITS: Final = re.compile(r"[0-9]+")


def _error(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, message)


def _text(value: Any, *, max_length: int, required: bool) -> str | None:
    if value is None:
        if required:
            raise _error(MISSING, "is required")
        return None
    if not isinstance(value, str):
        raise _error(INVALID, "must be a string")
    if len(value) > max_length:
        raise _error(INVALID, f"is longer than {max_length} characters")
    value = value.strip()
    if has_bidi_control(value):
        raise _error(INVALID, BIDI_REFUSAL)
    if _CONTROL.search(value) or not _encodable(value):
        raise _error(INVALID, "contains characters that are not text")
    if required and not value:
        raise _error(MISSING, "must not be empty")
    return value or None


def checked_text(value: Any, *, max_length: int) -> str | None:
    """Free text as every field of the API takes it: a string, not too long, no control or
    bidi characters, trimmed; None when empty."""
    return _text(value, max_length=max_length, required=False)


def _encodable(value: str) -> bool:
    # A JSON body may carry a lone surrogate ("\ud800"), which no database can store.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _optional_text(value: Any) -> str | None:
    return _text(value, max_length=TEXT_MAX, required=False)


def _external_id(value: Any) -> str:
    text = _text(value, max_length=TEXT_MAX, required=True)
    assert text is not None
    if not _EXTERNAL_ID.fullmatch(text):
        raise _error(INVALID, "must not contain '/'")
    return text


def _phone(value: Any, info: ValidationInfo) -> str:
    """E.164, read in the salon's home region (``context["region"]``) when it has no country
    code: the sender number's country, or mainland China for a salon on a China provider."""
    raw = _text(value, max_length=PHONE_MAX, required=True)
    assert raw is not None
    region: str | None = (info.context or {}).get("region")
    try:
        refuse_letters(raw)  # the domain's own words for the commonest wrong number
        if not _PHONE.fullmatch(raw):
            raise ValueError("not a phone number")
        # The one parser of numbers; any ValueError it raises is the client's number at fault.
        return to_e164(raw, default_region=region)
    except ValueError as exc:
        raise _error(INVALID_PHONE, f"{exc} ({raw!r})") from None


def _locale(value: Any) -> str | None:
    locale = _text(value, max_length=LOCALE_MAX, required=False)
    if locale is not None and locale not in SUPPORTED_LOCALES:
        raise _error(INVALID, f"must be one of {', '.join(SUPPORTED_LOCALES)}")
    return locale


def aware_datetime(raw: str) -> datetime:
    """An aware datetime from ISO 8601 with a UTC offset (``Z`` or ``+08:00``)."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise _error(INVALID, f"must be ISO 8601, e.g. {ISO_EXAMPLE}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise _error(INVALID, "needs a UTC offset, e.g. +08:00 or Z")
    try:
        value.astimezone(UTC) + _EDGE
        value.astimezone(UTC) - _EDGE
    except OverflowError:
        raise _error(INVALID, "is out of range") from None
    return value


def _starts_at(value: Any) -> datetime:
    if value is None:
        raise _error(MISSING, "is required")
    if not isinstance(value, str):
        raise _error(INVALID, "must be an ISO 8601 string")
    return aware_datetime(value)


def _query_time(value: Any) -> datetime:
    return aware_datetime(str(value))


def _whole_number(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        # JSON Schema counts 45.0 as an integer, so the document's "integer" does too.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        # bool is an int in Python; true is not a duration.
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _error(INVALID, f"must be a whole number from {low} to {high}")
        return value

    return check


def _query_number(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        text = str(value)
        if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
            raise _error(INVALID, f"must be a whole number from {low} to {high}")
        return int(text)

    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _error(INVALID, "must be true or false")
    return value


def _one_of(values: Iterable[str]) -> Callable[[Any], str]:
    allowed = list(values)

    def check(value: Any) -> str:
        if value not in allowed:
            raise _error(INVALID, f"must be one of {', '.join(allowed)}")
        return str(value)

    return check


def _each_one_of(values: Iterable[str]) -> Callable[[Any], list[str]]:
    allowed = list(values)

    def check(values: Any) -> list[str]:
        for value in values:
            if value not in allowed:
                raise _error(INVALID, f"must be one of {', '.join(allowed)} (not {value!r})")
        return list(values)

    return check


def encode_appointment_cursor(starts_at: datetime, appointment_id: int) -> str:
    raw = json.dumps([starts_at.isoformat(), appointment_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _appointment_cursor(value: Any) -> tuple[datetime, int]:
    """The (starts_at, id) after which the next page begins."""
    cursor = str(value)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        starts_at, appointment_id = json.loads(raw)
        if not isinstance(starts_at, str) or type(appointment_id) is not int:
            raise ValueError(cursor)
        if not 0 <= appointment_id <= MAX_ID:
            raise ValueError(cursor)
        return aware_datetime(starts_at), appointment_id
    except (ValueError, TypeError, binascii.Error, PydanticCustomError):
        raise _error(INVALID, "must be a next_cursor this endpoint gave") from None


def _inbox_cursor(value: Any) -> int:
    """The inbox item id below which the next page begins."""
    try:
        return decode_cursor(str(value))
    except InvalidCursor:
        raise _error(INVALID, "must be a next_cursor this endpoint gave") from None


def _answer_text(value: Any) -> str:
    text = _text(value, max_length=MAX_ANSWER_LENGTH, required=True)
    assert text is not None
    return text


def _answer_values(value: Any) -> dict[str, Any]:
    """An object; each value's rule is its answer template's (``gateway.domain.answers``), so
    that a wrong one is named ``values.<field>``."""
    if not isinstance(value, dict):
        raise _error(INVALID, "must be an object of the template's fields")
    return value


def _delivery_cursor(value: Any) -> int:
    """Deliveries older than this id (ids only grow); past any id is no cursor we gave."""
    text = str(value)
    if not _DIGITS.fullmatch(text) or int(text) > MAX_ID:
        raise _error(INVALID, "must be a next_cursor this endpoint gave")
    return int(text)


Text = Annotated[
    str | None,
    BeforeValidator(_optional_text),
    WithJsonSchema({"type": ["string", "null"], "maxLength": TEXT_MAX, "pattern": TEXT_PATTERN}),
]
ExternalId = Annotated[
    str,
    BeforeValidator(_external_id),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": TEXT_MAX,
            "pattern": EXTERNAL_ID_PATTERN,
            "description": "your CRM's id; unique in the salon (no '/': it goes in URLs)",
        }
    ),
]
PHONE_SCHEMA: Final = {
    "type": "string",
    "minLength": 1,
    "maxLength": PHONE_MAX,
    "pattern": PHONE_PATTERN,
    "description": "any common spelling (13800138000, +86 138-0013-8000, 0086…), read in the "
    "salon's home region (its sender's country; mainland China on a China provider) when it "
    "has no country code; letters are refused",
}
Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema(PHONE_SCHEMA)]
Locale = Annotated[
    str | None,
    BeforeValidator(_locale),
    WithJsonSchema({"type": ["string", "null"], "enum": [*SUPPORTED_LOCALES, None]}),
]
_STARTS_AT = WithJsonSchema(
    {"type": "string", "format": "date-time", "description": "with a UTC offset; in the future"}
)
StartsAt = Annotated[datetime, BeforeValidator(_starts_at), _STARTS_AT]
#: The same, where leaving it out keeps the appointment's time (PATCH).
NewStartsAt = Annotated[datetime | None, BeforeValidator(_starts_at), _STARTS_AT]
_DURATION_SCHEMA = WithJsonSchema(
    {"type": "integer", "minimum": DURATION_MIN, "maximum": DURATION_MAX}
)
Duration = Annotated[
    int, BeforeValidator(_whole_number(DURATION_MIN, DURATION_MAX)), _DURATION_SCHEMA
]
NewDuration = Annotated[
    int | None, BeforeValidator(_whole_number(DURATION_MIN, DURATION_MAX)), _DURATION_SCHEMA
]
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]
_STAFF_STATUSES = [s.value for s in STAFF_MOVES]
StaffStatus = Annotated[
    str | None,
    BeforeValidator(_one_of(_STAFF_STATUSES)),
    WithJsonSchema({"type": "string", "enum": _STAFF_STATUSES}),
]

_ANSWER_INTENTS = ["confirm", "change", "cancel"]
AnswerIntent = Annotated[
    str,
    BeforeValidator(_one_of(_ANSWER_INTENTS)),
    WithJsonSchema({"type": "string", "enum": _ANSWER_INTENTS}),
]


QueryTime = Annotated[
    datetime | None,
    BeforeValidator(_query_time),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def each_one_of(values: Iterable[str]) -> BeforeValidator:
    """A repeatable query parameter's rule (``?status=a&status=b``): each value one of these."""
    return BeforeValidator(_each_one_of(values))


def choices_schema(values: Iterable[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "array", "items": {"type": "string", "enum": list(values)}})


Limit = Annotated[
    int,
    BeforeValidator(_query_number(1, MAX_PAGE_SIZE)),
    WithJsonSchema(
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "description": "page size"}
    ),
]
AppointmentCursor = Annotated[
    tuple[datetime, int] | None,
    BeforeValidator(_appointment_cursor),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": APPOINTMENT_CURSOR_PATTERN,
            "description": "next_cursor of the previous page (opaque: only a cursor this "
            "endpoint gave is accepted)",
        }
    ),
]
DeliveryCursor = Annotated[
    int | None,
    BeforeValidator(_delivery_cursor),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_ID,
            "description": "next_cursor of the previous page",
        }
    ),
]
InboxCursor = Annotated[
    int | None,
    BeforeValidator(_inbox_cursor),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": APPOINTMENT_CURSOR_PATTERN,
            "description": "next_cursor of the previous page (opaque)",
        }
    ),
]
#: A yes/no query parameter, written as the words a URL carries.
QueryFlag = Annotated[
    str | None,
    BeforeValidator(_one_of(["true", "false"])),
    WithJsonSchema({"type": "string", "enum": ["true", "false"]}),
]
#: Staff's own words to a customer (one answer, at most a few SMS parts).
AnswerText = Annotated[
    str | None,
    BeforeValidator(_answer_text),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_ANSWER_LENGTH,
            "pattern": TEXT_PATTERN,
            "description": "what the customer reads, after the salon's name",
        }
    ),
]
#: One of the answer templates a salon on a template provider registers.
AnswerTemplate = Annotated[
    str | None,
    BeforeValidator(_one_of(ANSWER_FIELDS)),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(ANSWER_FIELDS),
            "description": "Alibaba/Tencent Cloud salons: one of GET /answer-templates",
        }
    ),
]
_ANSWER_VALUE_SCHEMA: Final = {
    FieldKind.PHONE: {"type": "string", "pattern": r"^\+?[0-9][0-9 -]*[0-9]$"},
}
AnswerValues = Annotated[
    dict[str, Any] | None,
    BeforeValidator(_answer_values),
    WithJsonSchema(
        {
            "type": "object",
            "properties": {
                field.name: {**_ANSWER_VALUE_SCHEMA[field.kind], "description": field.description}
                for fields in ANSWER_FIELDS.values()
                for field in fields
            },
            "additionalProperties": False,
            "description": "the template's fields (GET /answer-templates lists each one's)",
        }
    ),
]
APPOINTMENT_STATUSES: Final = [s.value for s in AppointmentStatus]
