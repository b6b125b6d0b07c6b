"""What the salon holds about one customer, counted."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.lifecycle import AppointmentStatus
from gateway.models import Appointment, Message, MessageDirection


def appointments_by_status(session: Session, *, salon_id: int, customer_id: int) -> dict[str, int]:
    """How many of the customer's appointments are in each status (every status, 0 included)."""
    counts: dict[str, int] = dict.fromkeys((s.value for s in AppointmentStatus), 0)
    for status, count in session.execute(
        select(Appointment.status, func.count())
        .where(Appointment.salon_id == salon_id, Appointment.customer_id == customer_id)
        .group_by(Appointment.status)
    ):
        counts[status.value] = int(count)
    return counts


def texts_by_direction(session: Session, *, salon_id: int, customer_id: int) -> dict[str, int]:
    """How many texts the customer sent and received."""
    counts: dict[str, int] = {
        MessageDirection.INBOUND: 0,
        MessageDirection.OUTBOUND: 0,
    }
    for direction, count in session.execute(
        select(Message.direction, func.count())
        .where(Message.salon_id == salon_id, Message.customer_id == customer_id)
        .group_by(Message.direction)
    ):
        counts[direction] = int(count)
    return counts
