"""The field types of ``PATCH /salon``: the shape of each value (type, pattern, range), written
once for the validator and the OpenAPI document. What a value means (a sender another salon
uses, a provider that needs a sign name, a webhook host that is private) is the salon-settings
service's call, shared with the command line (``gateway.services.salons.settings``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Final
from zoneinfo import available_timezones

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from gateway.api.errors import INVALID
from gateway.api.schemas.fields import PHONE_PATTERN, TEXT_PATTERN
from gateway.api.schemas.offer_values import values_schema
from gateway.domain.campaigns import (
    MARKETING_DAILY_BUDGET_LIMIT,
    MARKETING_PER_MINUTE_LIMIT,
    MAX_BIRTHDAY_DAYS_BEFORE,
    MAX_PER_30_DAYS_LIMIT,
)
from gateway.domain.schedule import MAX_OFFSET, MIN_OFFSET
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.providers import PROVIDER_KINDS
from gateway.services.crm.events import EVENT_TYPES
from gateway.services.crm.webhook_urls import URL_MAX_LENGTH
from gateway.services.salons.marketing import BIRTHDAY_OFFERS_SHAPE
from gateway.services.salons.providers import EXTEND_CODE, SIGN_NAME
from gateway.services.salons.settings import (
    ADDRESS_MAX,
    ADDRESS_PATTERN,
    DAILY_CAP_MAX,
    NAME_MAX,
    OFFER_NOTICE_MAX,
    OFFSETS_MAX,
    SURVEY_DELAY_MAX,
    SURVEY_INTERVAL_MAX,
)

_CONTROL_FREE = TEXT_PATTERN[3:-3]  # the control characters of ^[^…]*$
NAME_PATTERN: Final = f"^[^{_CONTROL_FREE}]*[^\\s{_CONTROL_FREE}][^{_CONTROL_FREE}]*$"
_HOUR: Final = "([01][0-9]|2[0-3]):[0-5][0-9]"
QUIET_HOURS_PATTERN: Final = f"^(off|{_HOUR}-{_HOUR})$"
PRICE_PATTERN: Final = r"^[0-9]{1,6}(\.[0-9]{1,4})?$"
CURRENCY_PATTERN: Final = "^[A-Z]{3}$"
SIGN_NAME_PATTERN: Final = f"^({SIGN_NAME.pattern})?$"
EXTEND_CODE_PATTERN: Final = f"^({EXTEND_CODE.pattern})?$"
TIMEZONES: Final = sorted(available_timezones())
#: http(s) and something after it, or "" to remove; whether the host is public is checked then.
WEBHOOK_URL_PATTERN: Final = f"^(https?://[^\\s{_CONTROL_FREE}]+)?$"
#: whsec_ and the base64 of 24 to 64 bytes (Standard Webhooks): 8 to 20 groups of four and an
#: optional padded group (24–62 bytes), or 21 groups and at most one more byte (63–64).
_B64: Final = "[A-Za-z0-9+/]"
WEBHOOK_SECRET_PATTERN: Final = (
    f"^whsec_(?:(?:{_B64}{{4}}){{8,20}}(?:{_B64}{{2}}==|{_B64}{{3}}=)?"
    f"|(?:{_B64}{{4}}){{21}}(?:{_B64}{{2}}==)?)$"
)
WEBHOOK_SECRET_MAX: Final = 6 + 88


def _error(message: str) -> PydanticCustomError:
    return PydanticCustomError(INVALID, message)


def _string(pattern: str, max_length: int, message: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _error("must be a string")
        if len(value) > max_length or not compiled.fullmatch(value):
            raise _error(message)
        return value

    return check


def _choice(allowed: Sequence[str], message: str) -> Callable[[Any], str]:
    known = frozenset(allowed)

    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in known:
            raise _error(message)
        return value

    return check


def _number(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _error(f"must be a whole number from {low} to {high}")
        return value

    return check


def _offsets(value: Any) -> list[int]:
    if not isinstance(value, list) or len(value) > OFFSETS_MAX:
        raise _error(f"must be a list of at most {OFFSETS_MAX} numbers of minutes")
    minutes = _number(MIN_OFFSET, MAX_OFFSET)
    try:
        return [minutes(item) for item in value]
    except PydanticCustomError:
        raise _error(f"each must be minutes from {MIN_OFFSET} to {MAX_OFFSET}") from None


_name = _string(NAME_PATTERN, NAME_MAX, f"must be 1 to {NAME_MAX} characters of text")


def _display_names(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _error(f"must be an object with names for {', '.join(SUPPORTED_LOCALES)}")
    for locale, name in value.items():
        if locale not in SUPPORTED_LOCALES:
            raise _error(f"has {locale!r}; locales are {', '.join(SUPPORTED_LOCALES)}")
        _name(name)
    return dict(value)


def _event_types(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _error("must be a list of event types")
    one = _choice(EVENT_TYPES, f"must be event types from {', '.join(EVENT_TYPES)}")
    return [one(item) for item in value]


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _error("must be true or false")
    return value


# Each type below allows None only as "not sent": a null in the body is refused like any other
# value of the wrong type (the validator runs first).
_NAME_SCHEMA: Final = {"type": "string", "maxLength": NAME_MAX, "pattern": NAME_PATTERN}

Name = Annotated[str | None, BeforeValidator(_name), WithJsonSchema(_NAME_SCHEMA)]
DisplayNames = Annotated[
    dict[str, str] | None,
    BeforeValidator(_display_names),
    WithJsonSchema(
        {
            "type": "object",
            "properties": dict.fromkeys(SUPPORTED_LOCALES, _NAME_SCHEMA),
            "additionalProperties": False,
            "description": "the name texts in each locale show in 【】, replacing all given "
            "before; a locale without one shows name. An en name must keep to the GSM alphabet "
            "(a Chinese character would make every English text UCS-2, three times the cost)",
        }
    ),
]


def _address(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _error(f"must be an object with addresses for {', '.join(SUPPORTED_LOCALES)}")
    for locale, address in value.items():
        if locale not in SUPPORTED_LOCALES:
            raise _error(f"has {locale!r}; locales are {', '.join(SUPPORTED_LOCALES)}")
        if not isinstance(address, str):
            raise _error(f"{locale} must be text")
    return dict(value)


Address = Annotated[
    dict[str, str] | None,
    BeforeValidator(_address),
    WithJsonSchema(
        {
            "type": "object",
            "properties": dict.fromkeys(
                SUPPORTED_LOCALES,
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": ADDRESS_MAX,
                    "pattern": ADDRESS_PATTERN,
                },
            ),
            "additionalProperties": False,
            "description": "where the salon is, per locale, told to a customer who asks where "
            "(在哪里); replaces all given before, {} removes them. A locale without one is "
            "told the salon locale's",
        }
    ),
]
SenderNumber = Annotated[
    str | None,
    BeforeValidator(_string(PHONE_PATTERN, 40, "must be a phone number such as +8610123456789")),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 40,
            "pattern": PHONE_PATTERN,
            "description": "Twilio: the number texts are sent from; no other salon's",
        }
    ),
]
Timezone = Annotated[
    str | None,
    BeforeValidator(_choice(TIMEZONES, "must be an IANA timezone such as Asia/Shanghai")),
    WithJsonSchema({"type": "string", "enum": TIMEZONES}),
]
SalonLocale = Annotated[
    str | None,
    BeforeValidator(_choice(SUPPORTED_LOCALES, f"must be one of {', '.join(SUPPORTED_LOCALES)}")),
    WithJsonSchema({"type": "string", "enum": list(SUPPORTED_LOCALES)}),
]
ReminderOffsets = Annotated[
    list[int] | None,
    BeforeValidator(_offsets),
    WithJsonSchema(
        {
            "type": "array",
            "maxItems": OFFSETS_MAX,
            "items": {"type": "integer", "minimum": MIN_OFFSET, "maximum": MAX_OFFSET},
            "description": "minutes before the appointment; [] sends no reminders",
        }
    ),
]
QuietHours = Annotated[
    str | None,
    BeforeValidator(_string(QUIET_HOURS_PATTERN, 11, "must look like 21:00-09:00, or be off")),
    WithJsonSchema({"type": "string", "pattern": QUIET_HOURS_PATTERN}),
]
DailyCap = Annotated[
    int | None,
    BeforeValidator(_number(1, DAILY_CAP_MAX)),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": DAILY_CAP_MAX}),
]
Price = Annotated[
    str | None,
    BeforeValidator(_string(PRICE_PATTERN, 11, "must be a price such as 0.045 (a string)")),
    WithJsonSchema(
        {"type": "string", "pattern": PRICE_PATTERN, "description": "per SMS part, e.g. 0.045"}
    ),
]
Currency = Annotated[
    str | None,
    BeforeValidator(_string(CURRENCY_PATTERN, 3, "must be an ISO 4217 code such as CNY")),
    WithJsonSchema({"type": "string", "pattern": CURRENCY_PATTERN}),
]
WebhookUrl = Annotated[
    str | None,
    BeforeValidator(
        _string(WEBHOOK_URL_PATTERN, URL_MAX_LENGTH, "must start with https:// or http://")
    ),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": URL_MAX_LENGTH,
            "pattern": WEBHOOK_URL_PATTERN,
            "description": 'http(s) to a public address; "" removes it (pending events fail). '
            "The first URL creates the signing secret, returned this once",
        }
    ),
]
WebhookSecret = Annotated[
    str | None,
    BeforeValidator(
        _string(
            WEBHOOK_SECRET_PATTERN,
            WEBHOOK_SECRET_MAX,
            "must be whsec_ followed by the base64 of 24 to 64 bytes (Standard Webhooks)",
        )
    ),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": WEBHOOK_SECRET_PATTERN,
            "writeOnly": True,
            "description": "a signing secret of your own: whsec_ + base64 of 24 to 64 bytes. "
            "It replaces the current one, which keeps signing beside it for 24 hours; it is "
            "never returned",
        }
    ),
]
EventTypes = Annotated[
    list[str] | None,
    BeforeValidator(_event_types),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "string", "enum": list(EVENT_TYPES)},
            "description": "the event types to send; all of them includes types added later",
        }
    ),
]
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]
OptionalFlag = Annotated[bool | None, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]
OfferNotice = Annotated[
    int | None,
    BeforeValidator(_number(0, OFFER_NOTICE_MAX)),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": OFFER_NOTICE_MAX}),
]
SurveyDelay = Annotated[
    int | None,
    BeforeValidator(_number(0, SURVEY_DELAY_MAX)),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": SURVEY_DELAY_MAX}),
]
SurveyInterval = Annotated[
    int | None,
    BeforeValidator(_number(0, SURVEY_INTERVAL_MAX)),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": SURVEY_INTERVAL_MAX}),
]
Provider = Annotated[
    str | None,
    BeforeValidator(_choice(PROVIDER_KINDS, f"must be one of {', '.join(PROVIDER_KINDS)}")),
    WithJsonSchema({"type": "string", "enum": list(PROVIDER_KINDS)}),
]
SignName = Annotated[
    str | None,
    BeforeValidator(
        _string(
            SIGN_NAME_PATTERN,
            12,
            "must be 2 to 12 Chinese characters, letters or digits, without 【】",
        )
    ),
    WithJsonSchema({"type": "string", "pattern": SIGN_NAME_PATTERN}),
]
ExtendCode = Annotated[
    str | None,
    BeforeValidator(_string(EXTEND_CODE_PATTERN, 6, "must be 1 to 6 digits")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": EXTEND_CODE_PATTERN,
            "description": '"" gives the salon the next free code',
        }
    ),
]


def _limit_schema(high: int, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "integer", "minimum": 1, "maximum": high, "description": description}
    )


MaxPer30Days = Annotated[
    int | None,
    BeforeValidator(_number(1, MAX_PER_30_DAYS_LIMIT)),
    _limit_schema(
        MAX_PER_30_DAYS_LIMIT, "marketing texts a customer gets in 30 days at most (default 4)"
    ),
]
MarketingBudget = Annotated[
    int | None,
    BeforeValidator(_number(1, MARKETING_DAILY_BUDGET_LIMIT)),
    _limit_schema(
        MARKETING_DAILY_BUDGET_LIMIT,
        "campaign texts a salon day (default 500), apart from daily_sms_cap; more wait for "
        "the next day",
    ),
]
MarketingPace = Annotated[
    int | None,
    BeforeValidator(_number(1, MARKETING_PER_MINUTE_LIMIT)),
    _limit_schema(
        MARKETING_PER_MINUTE_LIMIT,
        "campaign texts handed to the workers in any minute (default 60), so appointment "
        "texts never wait behind a campaign",
    ),
]


def _birthday_offers(value: Any) -> Any:
    # The automation's rule is the service's (``services.salons.marketing``), which the PATCH
    # answers from; here only JSON's null, which would otherwise read as "not sent".
    if value is None:
        raise _error(f"must be {BIRTHDAY_OFFERS_SHAPE}")
    return value


BIRTHDAY_OFFERS_SCHEMA: Final = {
    "type": "object",
    "properties": {
        "enabled": {"type": "boolean"},
        "days_before": {"type": "integer", "minimum": 0, "maximum": MAX_BIRTHDAY_DAYS_BEFORE},
        "values": values_schema(),
    },
    "additionalProperties": False,
    "description": "the birthday automation: each salon day, the offer (values) to consenting "
    "customers whose birthday is days_before days away, one offer a birthday. Keys left out "
    "keep their value; turning it on needs values",
}
BirthdayOffersSetting = Annotated[
    Any,
    BeforeValidator(_birthday_offers),
    WithJsonSchema(BIRTHDAY_OFFERS_SCHEMA),
]
