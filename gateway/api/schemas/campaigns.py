"""The body of a new campaign (``POST /campaigns``) and the answers about campaigns, from which
the OpenAPI document is generated too."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, NotRequired

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, with_config
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from gateway.api.errors import INVALID, MISSING
from gateway.api.schemas.fields import NONBLANK_PATTERN, aware_datetime, checked_text
from gateway.api.schemas.offer_values import offer_values, values_schema
from gateway.api.schemas.requests import Body
from gateway.domain.campaigns import (
    MAX_BIRTHDAY_DAYS,
    MAX_BIRTHDAY_DAYS_BEFORE,
    MAX_NAME_LENGTH,
    MAX_NOT_VISITED_DAYS,
    MIN_NOT_VISITED_DAYS,
    Audience,
    CampaignKind,
    CampaignStatus,
    Exclusion,
    parse_audience,
)
from gateway.resources import MaybeTime, Time

#: A tag asked for: longer than any stored tag matches nobody, but is not refused for it.
MAX_AUDIENCE_TAG = 40


def _name(value: Any) -> str:
    name = checked_text(value, max_length=MAX_NAME_LENGTH)
    if name is None:
        raise PydanticCustomError(MISSING, "is required: what staff call this campaign")
    return name


def _kind(value: Any) -> CampaignKind:
    if value is None:
        raise PydanticCustomError(MISSING, "is required")
    if value not in tuple(CampaignKind):
        raise PydanticCustomError(INVALID, f"must be one of {', '.join(CampaignKind)}")
    return CampaignKind(value)


def _audience(value: Any) -> Audience:
    if value is None:
        raise PydanticCustomError(MISSING, "is required")
    try:
        audience = parse_audience(value)
    except ValueError as exc:
        raise PydanticCustomError(INVALID, str(exc)) from None
    for tag in audience.tags or ():
        checked_text(tag, max_length=MAX_AUDIENCE_TAG)  # controls, bidi marks, lone surrogates
    return audience


def _send_at(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PydanticCustomError(INVALID, "must be an ISO 8601 string")
    return aware_datetime(value)


_AUDIENCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "description": "exactly one way of choosing customers",
    "properties": {
        "birthday_within_days": {"type": "integer", "minimum": 0, "maximum": MAX_BIRTHDAY_DAYS},
        "not_visited_days": {
            "type": "integer",
            "minimum": MIN_NOT_VISITED_DAYS,
            "maximum": MAX_NOT_VISITED_DAYS,
        },
        "tags": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "maxLength": MAX_AUDIENCE_TAG, "pattern": NONBLANK_PATTERN},
        },
        "all_consenting": {"type": "boolean", "enum": [True]},
    },
    "additionalProperties": False,
}
#: As a campaign shows it: the birthday automation's campaigns choose by birthday_in_days.
_SHOWN_AUDIENCE_SCHEMA: dict[str, Any] = {
    **_AUDIENCE_SCHEMA,
    "properties": {
        **_AUDIENCE_SCHEMA["properties"],
        "birthday_in_days": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_BIRTHDAY_DAYS_BEFORE,
            "description": "the birthday automation's: birthdays exactly this many days away, "
            "one offer a birthday",
        },
    },
}
_VALUES_SCHEMA: dict[str, Any] = values_schema()

Name = Annotated[
    str,
    BeforeValidator(_name),
    WithJsonSchema({"type": "string", "maxLength": MAX_NAME_LENGTH, "pattern": NONBLANK_PATTERN}),
]
Kind = Annotated[
    CampaignKind,
    BeforeValidator(_kind),
    WithJsonSchema({"type": "string", "enum": [kind.value for kind in CampaignKind]}),
]
AudienceField = Annotated[Audience, BeforeValidator(_audience), WithJsonSchema(_AUDIENCE_SCHEMA)]
Values = Annotated[dict[str, str], BeforeValidator(offer_values), WithJsonSchema(_VALUES_SCHEMA)]
SendAt = Annotated[
    datetime | None,
    BeforeValidator(_send_at),
    WithJsonSchema(
        {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "not before this time, with a UTC offset; as soon as started when "
            "absent",
        }
    ),
]


class NewCampaign(Body):
    """``POST /campaigns``: a draft, counted (the dry run) but not sent until started."""

    name: Name
    kind: Kind
    audience: AudienceField
    values: Values
    send_at: SendAt = Field(None)


_CLOSED = ConfigDict(extra="forbid")
Count = Annotated[int, Field(ge=0)]


@with_config(_CLOSED)
class CampaignResultsJson(TypedDict):
    """What became of the campaign's texts, counted from them."""

    sent: Annotated[int, Field(ge=0, description="handed to the provider, delivered included")]
    delivered: Count
    failed: Annotated[int, Field(ge=0, description="failed or undelivered")]
    cancelled: Annotated[int, Field(ge=0, description="stopped before they went")]
    waiting: Annotated[int, Field(ge=0, description="queued, held or being sent")]
    opted_out_after: Annotated[
        int, Field(ge=0, description="customers who opted out after a text of it reached them")
    ]
    replies: Annotated[int, Field(ge=0, description="texts from its customers since")]


_EXCLUDED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {reason.value: {"type": "integer", "minimum": 0} for reason in Exclusion},
    "required": [reason.value for reason in Exclusion],
    "additionalProperties": False,
    "description": "customers left out, by the first reason that leaves each out",
}


@with_config(_CLOSED)
class CampaignJson(TypedDict):
    """A campaign, its dry run's figures at the top level; ``results`` on reading it."""

    id: int
    name: str
    kind: Annotated[str, WithJsonSchema({"type": "string", "enum": list(CampaignKind)})]
    audience: Annotated[dict[str, Any], WithJsonSchema(_SHOWN_AUDIENCE_SCHEMA)]
    # The birthday automation's offer may have no valid_until.
    values: Annotated[dict[str, str], WithJsonSchema(values_schema())]
    send_at: MaybeTime
    status: Annotated[str, WithJsonSchema({"type": "string", "enum": list(CampaignStatus)})]
    audience_count: Annotated[
        int, Field(ge=0, description="customers it reaches: consenting, reachable, under the cap")
    ]
    excluded: Annotated[dict[str, int], WithJsonSchema(_EXCLUDED_SCHEMA)]
    segments: Annotated[
        int,
        Field(
            ge=1,
            description="SMS parts per text as its customers read it (the longest, when they "
            "read different languages)",
        ),
    ]
    estimated_cost: Annotated[
        str, Field(description="every text's parts × the salon's segment_price, summed")
    ]
    currency: str
    created_at: Time
    started_at: MaybeTime
    cancelled_at: MaybeTime
    finished_at: MaybeTime
    results: NotRequired[CampaignResultsJson]


@with_config(_CLOSED)
class CampaignListJson(TypedDict):
    data: list[CampaignJson]
