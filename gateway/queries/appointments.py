"""A salon's day at the front desk, and finding a customer by phone or name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
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
    session: Session, *, salon_id: int, appointment_id: int, for_update: bool = False
) -> Appointment | None:
    """The salon's own appointment; another salon's id is simply not found."""
    if not 0 < appointment_id < 2**31:
        return None
    query = select(Appointment).where(
        Appointment.salon_id == salon_id, Appointment.id == appointment_id
    )
    return session.scalar(query.with_for_update() if for_update else query)


def appointment_by_external_id(
    session: Session, *, salon_id: int, external_id: str, for_update: bool = False
) -> Appointment | None:
    """The salon's own appointment by the CRM's id; another salon's is simply not found."""
    if "\x00" in external_id:
        return None  # an id no appointment can have (PostgreSQL refuses a NUL byte)
    query = select(Appointment).where(
        Appointment.salon_id == salon_id, Appointment.external_id == external_id
    )
    return session.scalar(query.with_for_update() if for_update else query)


def appointments_page(
    session: Session,
    *,
    salon_id: int,
    limit: int,
    statuses: Sequence[str] = (),
    starts_from: datetime | None = None,
    starts_to: datetime | None = None,
    updated_since: datetime | None = None,
    after: tuple[datetime, int] | None = None,
) -> list[Appointment]:
    """Up to ``limit`` + 1 of the salon's appointments by (starts_at, id), from after ``after``
    (the last row of the page before): one more than a page, to tell whether another follows.

    Keyset pagination: rows inserted or removed between pages never shift a page.
    """
    # Each row shows its customer: one query for the page's customers, not one per row.
    query = (
        select(Appointment)
        .where(Appointment.salon_id == salon_id)
        .options(selectinload(Appointment.customer))
    )
    if statuses:
        query = query.where(Appointment.status.in_(statuses))
    if starts_from is not None:
        query = query.where(Appointment.starts_at >= starts_from)
    if starts_to is not None:
        query = query.where(Appointment.starts_at < starts_to)
    if updated_since is not None:
        query = query.where(Appointment.updated_at >= updated_since)
    if after is not None:
        starts_at, appointment_id = after
        query = query.where(
            or_(
                Appointment.starts_at > starts_at,
                and_(Appointment.starts_at == starts_at, Appointment.id > appointment_id),
            )
        )
    return list(
        session.scalars(query.order_by(Appointment.starts_at, Appointment.id).limit(limit + 1))
    )


def search_customers(session: Session, *, salon_id: int, text: str) -> Sequence[Customer]:
    """Customers whose number contains the digits typed, or whose name contains the text."""
    # No name holds a NUL, and PostgreSQL refuses one in a query: a typed %00 finds nothing.
    text = text.replace("\x00", "").strip()[:50]
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
