"""The shapes of the API's answers that are the API's own (pages, summaries, figures, errors);
records (appointments, messages, deliveries) are ``gateway.resources``'s.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, NotRequired

from pydantic import ConfigDict, Field, WithJsonSchema, with_config
from typing_extensions import TypedDict

from gateway.api.schemas.offer_values import values_schema
from gateway.domain.campaigns import MAX_BIRTHDAY_DAYS_BEFORE
from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import APPOINTMENT_INTENTS, AppointmentStatus
from gateway.resources import (
    AppointmentJson,
    ConsentJson,
    CustomerJson,
    DeliveryJson,
    MaybeTime,
    MessageJson,
    Time,
)

_CLOSED: Final = ConfigDict(extra="forbid")
_STATUSES: Final = [s.value for s in AppointmentStatus]
_INBOX_REASONS: Final = [r.value for r in InboxReason]
_TAUGHT_INTENTS: Final = sorted(i.value for i in APPOINTMENT_INTENTS)
Count = Annotated[int, Field(ge=0)]
BIRTHDAY_OFFERS_JSON: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["enabled", "days_before", "values"],
    "properties": {
        "enabled": {"type": "boolean"},
        "days_before": {"type": "integer", "minimum": 0, "maximum": MAX_BIRTHDAY_DAYS_BEFORE},
        "values": {"oneOf": [values_schema(), {"type": "null"}]},
    },
    "additionalProperties": False,
    "description": "the birthday automation (off until set)",
}
Rate = Annotated[float | None, Field(ge=0, le=1, description="0 to 1; null: nothing to divide")]


def _per_status(value: dict[str, object]) -> WithJsonSchema:
    """An object with one key per appointment status."""
    return WithJsonSchema(
        {
            "type": "object",
            "properties": dict.fromkeys(_STATUSES, value),
            "required": _STATUSES,
            "additionalProperties": False,
        }
    )


@with_config(_CLOSED)
class ErrorDetailJson(TypedDict):
    code: str
    message: str
    field: NotRequired[Annotated[str, Field(description="the field or parameter at fault")]]


@with_config(_CLOSED)
class ErrorJson(TypedDict):
    error: ErrorDetailJson


@with_config(_CLOSED)
class AppointmentPageJson(TypedDict):
    data: list[AppointmentJson]
    next_cursor: Annotated[
        str | None,
        Field(description="pass as cursor for the next page; null on the last page"),
    ]


@with_config(_CLOSED)
class MessageListJson(TypedDict):
    data: list[MessageJson]


class ThreadMessageJson(MessageJson):
    """A message in a customer's whole thread: it may or may not be about an appointment."""

    appointment: Annotated[str | None, Field(description="the appointment's external_id")]


@with_config(_CLOSED)
class ThreadJson(TypedDict):
    data: list[ThreadMessageJson]


@with_config(_CLOSED)
class InboxMessageJson(TypedDict):
    id: int
    direction: str
    body: str
    status: str
    created_at: Time


@with_config(_CLOSED)
class InboxItemJson(TypedDict):
    """Something that needs a person, and why."""

    id: int
    reason: Annotated[str, WithJsonSchema({"type": "string", "enum": _INBOX_REASONS})]
    customer: CustomerJson | None
    message: InboxMessageJson | None
    appointment: Annotated[str | None, Field(description="the appointment's external_id")]
    created_at: Time
    handled_at: MaybeTime
    handled_by: Annotated[
        str | None,
        Field(
            description="a staff member's email, api, or system: settled by itself (an "
            "uncertain text found delivered, a change request whose appointment was rescheduled)"
        ),
    ]
    treated_as: Annotated[
        str | None, Field(description="an unclear reply staff read as confirm, change or cancel")
    ]
    treated_by: Annotated[str | None, Field(description="who read it so: an email, or api")]


@with_config(_CLOSED)
class InboxPageJson(TypedDict):
    data: list[InboxItemJson]
    next_cursor: Annotated[
        str | None,
        Field(description="pass as cursor for the next page; null on the last page"),
    ]


@with_config(_CLOSED)
class PhraseJson(TypedDict):
    """A phrase the salon taught: a reply's words, read as ``intent`` from now on."""

    id: int
    text: Annotated[
        str,
        Field(description="the reply's words as matched: case-folded, Simplified, no punctuation"),
    ]
    intent: Annotated[
        str, WithJsonSchema({"type": "string", "enum": ["confirm", "change", "cancel"]})
    ]
    taught_by: Annotated[str, Field(description="a staff member's email, or api")]
    created_at: Time


@with_config(_CLOSED)
class PhraseListJson(TypedDict):
    data: list[PhraseJson]


@with_config(_CLOSED)
class DeliveryPageJson(TypedDict):
    data: list[DeliveryJson]
    next_cursor: Annotated[
        str | None,
        Field(description="pass as cursor for the next page; null on the last page"),
    ]


@with_config(_CLOSED)
class MessageCountsJson(TypedDict):
    inbound: Count
    outbound: Count


@with_config(_CLOSED)
class CustomerSummaryJson(TypedDict):
    phone: Annotated[str, Field(description="E.164 (+8613800138000)")]
    name: str | None
    locale: str
    opted_out: bool
    birthday: Annotated[str | None, Field(description="MM-DD or YYYY-MM-DD")]
    tags: list[str]
    consent: Annotated[ConsentJson, Field(description="the latest change of consent recorded")]
    marketing_reachable: Annotated[
        bool,
        Field(
            description="consent given and standing, and not opted out of texts: an opt-out "
            "outranks any consent"
        ),
    ]
    appointments: Annotated[dict[str, int], _per_status({"type": "integer", "minimum": 0})]
    messages: MessageCountsJson


@with_config(_CLOSED)
class NoShowRatesJson(TypedDict):
    confirmed: Rate
    unconfirmed: Rate
    all: Annotated[Rate, Field(description="missed among all that ended, as the console shows")]


@with_config(_CLOSED)
class StrangerAnswersJson(TypedDict):
    """Help answers to numbers with no appointment: sent, and held back to save the cap."""

    sent: Count
    suppressed: Count


@with_config(_CLOSED)
class SentCountsJson(TypedDict):
    inbound: Count
    sent: Count
    delivered: Annotated[Count, Field(description="of those sent, confirmed by the handset")]
    failed: Annotated[Count, Field(description="failed, or not delivered")]
    segments: Count
    stranger_answers: StrangerAnswersJson


@with_config(_CLOSED)
class CostJson(TypedDict):
    amount: Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$")]
    currency: Annotated[str, Field(min_length=3, max_length=3)]


_FIGURE: Final[dict[str, object]] = {
    "type": "object",
    "properties": {"count": {"type": "integer", "minimum": 0}, "label": {"type": "string"}},
    "required": ["count", "label"],
    "additionalProperties": False,
}


@with_config(_CLOSED)
class OfferFiguresJson(TypedDict):
    """Offers of new times made in the window, and the change requests they closed."""

    made: Count
    accepted: Count
    expired: Count
    declined: Count
    change_requests: Annotated[Count, Field(description="appointments the customer asked to move")]
    closed_by_sms: Annotated[Count, Field(description="of those, moved to a time they picked")]
    closed_by_sms_rate: Rate
    median_seconds_to_new_time: Annotated[
        float | None, Field(ge=0, description="from the change request to the pick")
    ]


@with_config(_CLOSED)
class FiguresJson(TypedDict):
    """The figures of ``gateway.api.stats.stats_json``."""

    appointments: Annotated[dict[str, dict[str, int | str]], _per_status(_FIGURE)]
    confirmation_rate: Rate
    median_reply_seconds: Annotated[float | None, Field(ge=0)]
    unclear_reply_rate: Rate
    no_show_rate: NoShowRatesJson
    messages: SentCountsJson
    estimated_cost: CostJson
    offers: OfferFiguresJson


#: The window the figures cover (``from`` is a Python keyword: hence the functional form).
WindowJson = TypedDict("WindowJson", {"from": Time, "to": Time})


@with_config(_CLOSED)
class StatsJson(WindowJson, FiguresJson):
    """``GET /stats``: the window, then its figures."""


@with_config(_CLOSED)
class SalonJson(TypedDict):
    """``GET /salon``: the salon's settings. Its webhook secret is never shown here: only in
    the answer to the change that created it."""

    id: int
    name: str
    display_names: Annotated[dict[str, str], Field(description="per locale; others show name")]
    address: Annotated[dict[str, str], Field(description="per locale; told to who asks where")]
    sender_number: str | None
    timezone: str
    locale: str
    reminder_offsets: list[int]
    quiet_hours: str
    daily_sms_cap: int
    segment_price: Annotated[str, Field(description="per SMS part, in currency")]
    currency: str
    provider: str | None
    sign_name: str | None
    extend_code: str | None
    webhook_url: str | None
    webhook_events: list[str]
    webhook_disabled_at: MaybeTime
    webhook_previous_secret_until: Annotated[
        MaybeTime, Field(description="after a rotation, the old secret also signs until then")
    ]
    auto_offers: Annotated[bool, Field(description="offer slots when a customer asks to change")]
    offer_notice_minutes: int
    survey_enabled: Annotated[bool, Field(description="a survey text after completed visits")]
    survey_delay_minutes: int
    survey_min_days_between: int
    marketing_max_per_30_days: Annotated[
        int, Field(description="marketing texts a customer gets in 30 days at most")
    ]
    marketing_daily_budget: Annotated[int, Field(description="campaign texts a salon day")]
    marketing_per_minute: Annotated[int, Field(description="campaign texts handed over a minute")]
    birthday_offers: Annotated[dict[str, Any], WithJsonSchema(BIRTHDAY_OFFERS_JSON)]


class SalonChangedJson(SalonJson):
    """``PATCH /salon``'s answer: the settings, and a new webhook secret when one was made."""

    webhook_secret: NotRequired[
        Annotated[str, Field(description="whsec_…; shown this once: store it now")]
    ]


#: ``PUT /availability``'s answer (``from`` is a keyword, hence the functional form).
AvailabilityJson = TypedDict(
    "AvailabilityJson",
    {
        "from": str,
        "to": str,
        "stylists": Annotated[list[str], Field(description="whose days were replaced")],
        "intervals": Annotated[Count, Field(description="free intervals now stored for them")],
    },
)
AvailabilityJson.__pydantic_config__ = _CLOSED  # type: ignore[attr-defined]


class AnswerFieldJson(TypedDict):
    name: str
    type: Annotated[
        str,
        Field(
            description="datetime: ISO 8601, the salon's time unless an offset is given; "
            "phone: digits, spaces, - and a leading +"
        ),
    ]
    description: str
    example: str


class AnswerTemplateJson(TypedDict):
    name: str
    fields: list[AnswerFieldJson]
    preview: Annotated[str, Field(description="as a customer in the salon's locale reads it")]


@with_config(_CLOSED)
class AnswerTemplatesJson(TypedDict):
    """``GET /answer-templates``: how the salon's staff answer a customer."""

    answers_with: Annotated[
        str,
        Field(
            description="body: staff's own words (Twilio, console); template: one of data "
            "(Alibaba Cloud, Tencent Cloud send approved templates only)",
            json_schema_extra={"enum": ["body", "template"]},
        ),
    ]
    provider: str
    data: list[AnswerTemplateJson]
    problem: Annotated[
        str | None, Field(description="why template answers cannot go yet, if they cannot")
    ]
