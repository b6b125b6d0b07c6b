"""When the salon's stylists are free, as its CRM publishes it (``PUT /availability``), and
which of our own appointments already hold them: what offers of new times are chosen from.

The CRM's diary stays the truth; what is published here only says which slots may be offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.offers import Interval, Slot
from gateway.models import Appointment, FreeInterval, Salon
from gateway.services.errors import ServiceError

#: How far ahead a CRM may publish availability, and offers may reach.
MAX_DAYS_AHEAD: Final = 14


@dataclass(frozen=True, slots=True)
class StylistFree:
    """One stylist's free intervals for the published day range, as the CRM sent them."""

    stylist: str
    free: Sequence[Interval]


def publish_availability(
    session: Session,
    salon: Salon,
    *,
    first_day: date,
    last_day: date,
    stylists: Sequence[StylistFree],
    now: datetime,
) -> int:
    """Replace what each named stylist has free from ``first_day`` to ``last_day`` (the salon's
    days, both included) with ``stylists``; returns how many intervals are stored. Sending the
    same body twice stores the same thing. Intervals must be in order, not overlap, lie in the
    range, end in the future and start at most ``MAX_DAYS_AHEAD`` days ahead."""
    zone = ZoneInfo(salon.timezone)
    today = now.astimezone(zone).date()
    if last_day < first_day:
        raise ServiceError("to must not be before from", field="to")
    if last_day > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ServiceError(
            f"to must be at most {MAX_DAYS_AHEAD} days ahead "
            f"({today + timedelta(days=MAX_DAYS_AHEAD)})",
            field="to",
        )
    if last_day < today:
        raise ServiceError("to must not be in the past", field="to")
    start = datetime.combine(first_day, time(0), zone).astimezone(UTC)
    end = datetime.combine(last_day + timedelta(days=1), time(0), zone).astimezone(UTC)
    seen: set[str] = set()
    for i, entry in enumerate(stylists):
        if entry.stylist in seen:
            raise ServiceError(f"{entry.stylist!r} is listed twice", field=f"stylists.{i}.stylist")
        seen.add(entry.stylist)
        previous: Interval | None = None
        for j, interval in enumerate(entry.free):
            field = f"stylists.{i}.free.{j}"
            if interval.start < start or interval.end > end:
                raise ServiceError(
                    f"{field} lies outside {first_day} to {last_day}", field=f"{field}.start"
                )
            if interval.end <= now:
                raise ServiceError(f"{field} has ended already", field=f"{field}.end")
            if previous is not None and interval.start < previous.end:
                raise ServiceError(
                    f"{field} starts before the one before it ends: send them in order, "
                    "without overlaps",
                    field=f"{field}.start",
                )
            previous = interval
    session.execute(
        delete(FreeInterval).where(
            FreeInterval.salon_id == salon.id,
            FreeInterval.stylist.in_(seen),
            FreeInterval.starts_at >= start,
            FreeInterval.starts_at < end,
        )
    )
    stored = 0
    for entry in stylists:
        for interval in entry.free:
            session.add(
                FreeInterval(
                    salon_id=salon.id,
                    stylist=entry.stylist,
                    starts_at=interval.start.astimezone(UTC),
                    ends_at=interval.end.astimezone(UTC),
                    published_at=now,
                )
            )
            stored += 1
    session.flush()
    return stored


def free_intervals(
    session: Session, salon: Salon, since: datetime, until: datetime
) -> dict[str, list[Interval]]:
    """Each stylist's published free intervals that overlap ``since`` to ``until``, in order."""
    free: dict[str, list[Interval]] = {}
    for row in session.scalars(
        select(FreeInterval)
        .where(
            FreeInterval.salon_id == salon.id,
            FreeInterval.ends_at > since,
            FreeInterval.starts_at < until,
        )
        .order_by(FreeInterval.stylist, FreeInterval.starts_at)
    ):
        free.setdefault(row.stylist, []).append(Interval(row.starts_at, row.ends_at))
    return free


def booked(
    session: Session, salon: Salon, since: datetime, until: datetime, *, leaving: Appointment
) -> dict[str, list[Interval]]:
    """Our own open appointments with a stylist in the window, but the one that is moving."""
    busy: dict[str, list[Interval]] = {}
    for appointment in session.scalars(
        select(Appointment).where(
            Appointment.salon_id == salon.id,
            Appointment.status.in_(OPEN_STATUSES),
            Appointment.stylist.is_not(None),
            Appointment.id != leaving.id,
            # No appointment lasts a day: one that starts a day early has ended by ``since``.
            Appointment.starts_at > since - timedelta(days=1),
            Appointment.starts_at < until,
        )
    ):
        assert appointment.stylist is not None
        ends = appointment.starts_at + timedelta(minutes=appointment.duration_minutes)
        if ends > since:
            busy.setdefault(appointment.stylist, []).append(Interval(appointment.starts_at, ends))
    return busy


def slot_taken(session: Session, appointment: Appointment, slot: Slot) -> bool:
    """Another open appointment of ours holds ``slot``'s stylist at that time."""
    busy = booked(session, appointment.salon, slot.starts_at, slot.ends_at, leaving=appointment)
    return any(
        other.start < slot.ends_at and slot.starts_at < other.end
        for other in busy.get(slot.stylist, ())
    )
