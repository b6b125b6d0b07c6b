"""Bookings made at the front desk: a customer who calls is booked or moved from the console (or
an inbox item's "move to…"), through the same services as the CRM's POST and PATCH: a new time
starts over unconfirmed, old texts are dropped, reminders re-planned, and the customer is texted
the new time. The CRM did not make these changes, so it hears of them: ``appointment.created``
and ``appointment.rescheduled``, ``by: "staff"``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.models import Appointment, Salon
from gateway.services.appointments.booking import Booking, book
from gateway.services.appointments.staff_edits import KEEP, StaffEdit, edit_appointment
from gateway.services.crm.events import emit
from gateway.services.errors import ServiceError

#: The external_id of an appointment booked at the desk: the CRM sees where it came from.
DESK_PREFIX = "desk-"


@dataclass(frozen=True, slots=True)
class DeskBooking:
    """A booking as the receptionist typed it, validated (phone in E.164, starts_at aware)."""

    phone: str
    customer_name: str | None
    service: str | None
    stylist: str | None
    starts_at: datetime
    duration_minutes: int


def book_at_desk(
    session: Session, *, salon: Salon, booking: DeskBooking, now: datetime
) -> Appointment:
    """Book a customer who called; they are sent the confirmation request as for the CRM's."""
    result = book(
        session,
        salon=salon,
        booking=Booking(
            external_id=DESK_PREFIX + secrets.token_hex(6),
            phone=booking.phone,
            customer_name=booking.customer_name,
            customer_locale=None,
            service=booking.service,
            stylist=booking.stylist,
            starts_at=booking.starts_at,
            duration_minutes=booking.duration_minutes,
            send_confirmation=True,
        ),
        now=now,
    )
    appointment = result.appointment
    emit(
        session, salon, EventType.APPOINTMENT_CREATED, now=now, appointment=appointment, by="staff"
    )
    return appointment


def move_at_desk(
    session: Session,
    *,
    appointment: Appointment,
    starts_at: datetime,
    stylist: str | None = None,
    now: datetime,
) -> Appointment:
    """Move ``appointment`` to ``starts_at`` (and ``stylist``, when one is given), as the CRM's
    PATCH does; the customer is texted the new time to confirm."""
    if starts_at == appointment.starts_at:
        raise ServiceError(
            "the appointment is already at that time", field="starts_at", reason="same_time"
        )
    edit = StaffEdit(starts_at=starts_at, stylist=stylist if stylist else KEEP)
    edit_appointment(session, appointment=appointment, edit=edit, now=now)
    emit(
        session,
        appointment.salon,
        EventType.APPOINTMENT_RESCHEDULED,
        now=now,
        appointment=appointment,
        by="staff",
    )
    return appointment
