"""Request models of availability and offers: ``PUT /availability``,
``POST /appointments/{external_id}/offers``. Rules that need the clock or the salon (in the
future, at most 14 days ahead, ordered) are the services' (``gateway.services.offers.availability``,
``gateway.services.offers.new_times``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Final

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from gateway.api.errors import INVALID, MISSING
from gateway.api.schemas.fields import (
    TEXT_MAX,
    NewDuration,
    StartsAt,
    aware_datetime,
)
from gateway.api.schemas.requests import Body
from gateway.api.schemas.salon_fields import NAME_PATTERN
from gateway.domain.offers import MAX_SLOTS, Interval, Slot
from gateway.services.errors import ServiceError
from gateway.services.offers.availability import StylistFree
from gateway.services.offers.new_times import DEFAULT_EXPIRY, MAX_EXPIRY

#: Enough for every stylist of a large salon, and every break in a fortnight of their days.
MAX_STYLISTS: Final = 100
MAX_INTERVALS: Final = 200
EXPIRY_MIN: Final = 5


def _day(value: Any) -> date:
    if value is None:
        raise PydanticCustomError(MISSING, "is required")
    if not isinstance(value, str):
        raise PydanticCustomError(INVALID, "must be a date, e.g. 2026-12-02")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(INVALID, "must be a date, e.g. 2026-12-02") from None


def _stylist(value: Any) -> str:
    if value is None:
        raise PydanticCustomError(MISSING, "is required")
    if not isinstance(value, str) or not value.strip() or len(value) > TEXT_MAX:
        raise PydanticCustomError(INVALID, f"must be a name of 1 to {TEXT_MAX} characters")
    return value.strip()


def _time(value: Any) -> datetime:
    if value is None:
        raise PydanticCustomError(MISSING, "is required")
    if not isinstance(value, str):
        raise PydanticCustomError(INVALID, "must be an ISO 8601 string")
    return aware_datetime(value)


def _whole(low: int, high: int) -> Any:
    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise PydanticCustomError(INVALID, f"must be a whole number from {low} to {high}")
        return value

    return check


Day = Annotated[date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]
Stylist = Annotated[
    str,
    BeforeValidator(_stylist),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": TEXT_MAX, "pattern": NAME_PATTERN}
    ),
]
OptionalStylist = Annotated[
    str | None,
    BeforeValidator(lambda v: None if v is None else _stylist(v)),
    WithJsonSchema(
        {"type": ["string", "null"], "minLength": 1, "maxLength": TEXT_MAX, "pattern": NAME_PATTERN}
    ),
]
Moment = Annotated[
    datetime,
    BeforeValidator(_time),
    WithJsonSchema({"type": "string", "format": "date-time", "description": "with a UTC offset"}),
]
ExpiresIn = Annotated[
    int,
    BeforeValidator(_whole(EXPIRY_MIN, int(MAX_EXPIRY.total_seconds() // 60))),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": EXPIRY_MIN,
            "maximum": int(MAX_EXPIRY.total_seconds() // 60),
        }
    ),
]


class FreeTime(Body):
    """``[start, end)``: the stylist can take a booking in it."""

    start: Moment
    end: Moment


class StylistAvailability(Body):
    stylist: Stylist
    free: list[FreeTime] = Field(
        max_length=MAX_INTERVALS, description="in order, not overlapping; [] clears the range"
    )


class NewAvailability(Body):
    """``PUT /availability``: for each stylist named, what is free from ``from`` to ``to`` (the
    salon's days, both included) replaces what was published for them there before."""

    first_day: Day = Field(alias="from", description="the first day replaced (salon's date)")
    last_day: Day = Field(alias="to", description="the last day replaced; at most 14 days ahead")
    stylists: list[StylistAvailability] = Field(max_length=MAX_STYLISTS)

    def published(self) -> list[StylistFree]:
        published = []
        for i, entry in enumerate(self.stylists):
            intervals = []
            for j, free in enumerate(entry.free):
                if free.end <= free.start:
                    raise ServiceError(
                        "end must be after start", field=f"stylists.{i}.free.{j}.end"
                    )
                intervals.append(Interval(free.start, free.end))
            published.append(StylistFree(entry.stylist, intervals))
        return published


class OfferSlot(Body):
    starts_at: StartsAt
    stylist: OptionalStylist = Field(None, description="default: the appointment's stylist")
    duration_minutes: NewDuration = Field(None, description="default: the appointment's")


class NewOffer(Body):
    """``POST /appointments/{external_id}/offers``."""

    slots: list[OfferSlot] = Field(min_length=1, max_length=MAX_SLOTS)
    expires_in_minutes: ExpiresIn = Field(
        int(DEFAULT_EXPIRY.total_seconds() // 60),
        description="the offer closes then, or when its first slot starts if that is sooner",
    )

    @property
    def expires_in(self) -> timedelta:
        return timedelta(minutes=self.expires_in_minutes)

    def offered(self, *, stylist: str | None, duration_minutes: int) -> list[Slot]:
        slots = []
        for i, slot in enumerate(self.slots):
            name = slot.stylist or stylist
            if name is None:
                raise ServiceError(
                    "the appointment has no stylist: name one", field=f"slots.{i}.stylist"
                )
            minutes = slot.duration_minutes or duration_minutes
            slots.append(Slot(slot.starts_at, name, timedelta(minutes=minutes)))
        return slots
