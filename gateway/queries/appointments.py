"""A salon's day at the front desk, and finding a customer by phone or name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from gateway.models import Appointment, Customer, Salon

SEARCH_LIMIT = 50


def day_bounds(salon: Salon, day: date) -> tuple[datetime, datetime]:
    """The salon's local day as a UTC window [start, end)."""
    tz = ZoneInfo(salon.timezone)
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start, end


def local_day(salon: Salon, now: datetime) -> date:
    return now.astimezone(ZoneInfo(salon.timezone)).date()


def appointments_on(session: Session, *, salon: Salon, day: date) -> Sequence[Appointment]:
    """The salon's appointments starting on its local ``day``, by time."""
    start, end = day_bounds(salon, day)
    return session.scalars(
        select(Appointment)
        .where(
            Appointment.salon_id == salon.id,
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
        .options(selectinload(Appointment.customer))
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()


def appointment_by_id(
    session: Session, *, salon_id: int, appointment_id: int
) -> Appointment | None:
    if not 0 < appointment_id < 2**31:
        return None
    return session.scalar(
        select(Appointment).where(
            Appointment.salon_id == salon_id, Appointment.id == appointment_id
        )
    )


def search_customers(session: Session, *, salon_id: int, text: str) -> Sequence[Customer]:
    """Customers whose number contains the digits typed, or whose name contains the text."""
    text = text.strip()[:50]
    if not text:
        return []
    digits = "".join(c for c in text if c.isdigit())
    matches = [Customer.name.contains(text, autoescape=True)]
    if len(digits) >= 3:
        matches.append(Customer.phone.contains(digits, autoescape=True))
    return session.scalars(
        select(Customer)
        .where(Customer.salon_id == salon_id, Customer.erased_at.is_(None), or_(*matches))
        .order_by(Customer.name, Customer.id)
        .limit(SEARCH_LIMIT)
    ).all()
