"""Booking: a salon's CRM creates or moves an appointment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus, new_ref
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Salon
from gateway.services.appointments.changes import move_appointment, withdraw_offers
from gateway.services.appointments.reminders import plan_reminders
from gateway.services.desk.inbox import rescheduled
from gateway.services.errors import Conflict, ServiceError
from gateway.services.salons.accounts import customer_for
from gateway.services.sending.outbox import cancel_queued, queue_about
from gateway.services.sending.template_codes import require_reachable


@dataclass(frozen=True, slots=True)
class Booking:
    """A salon CRM's appointment, validated (phone in E.164, starts_at aware)."""

    external_id: str
    phone: str
    customer_name: str | None
    customer_locale: str | None
    service: str | None
    stylist: str | None
    starts_at: datetime
    duration_minutes: int
    send_confirmation: bool


@dataclass(slots=True)
class BookingResult:
    appointment: Appointment
    created: bool


def book(session: Session, *, salon: Salon, booking: Booking, now: datetime) -> BookingResult:
    """Create or update the salon's appointment ``booking.external_id``.

    A new appointment, or one whose time or customer changed, starts (again) unconfirmed, gets
    its reminders planned and a confirmation request; texts still queued about the old time are
    not sent.
    """
    if booking.starts_at <= now:
        raise ServiceError(
            "starts_at must be in the future", field="starts_at", reason="starts_in_past"
        )
    require_reachable(session, salon, phone=booking.phone, locale=booking.customer_locale)
    # Stored and computed in UTC from here on (see plan_reminder on wall-clock arithmetic).
    booking = replace(booking, starts_at=booking.starts_at.astimezone(UTC))
    customer = customer_for(session, salon=salon, phone=booking.phone)
    if booking.customer_name is not None:
        customer.name = booking.customer_name
    if booking.customer_locale is not None:
        customer.locale = booking.customer_locale

    for _ in range(5):
        appointment = session.scalar(
            select(Appointment)
            .where(Appointment.salon_id == salon.id, Appointment.external_id == booking.external_id)
            .with_for_update()
        )
        if appointment is not None:
            return _update(session, appointment, customer, booking, now)
        appointment = Appointment(
            salon_id=salon.id,
            customer_id=customer.id,
            external_id=booking.external_id,
            # A ref drawn twice among the salon's open appointments (about 1 in 230,000 per
            # open appointment) loses at the unique index below and is drawn again.
            ref=new_ref(()),
            status=AppointmentStatus.UNCONFIRMED,
            service=booking.service,
            stylist=booking.stylist,
            starts_at=booking.starts_at,
            duration_minutes=booking.duration_minutes,
            created_at=now,
            updated_at=now,
        )
        try:
            # A concurrent booking of the same external_id, or a ref drawn twice, loses here and
            # goes round again: the schema, not this code, decides who wins.
            with session.begin_nested():
                session.add(appointment)
        except IntegrityError:
            continue
        appointment.salon, appointment.customer = salon, customer
        return _confirm_new_time(session, appointment, booking, now, created=True)
    raise Conflict("could not store the appointment; try again", reason="try_again")


def _update(
    session: Session,
    appointment: Appointment,
    customer: Customer,
    booking: Booking,
    now: datetime,
) -> BookingResult:
    moved = booking.starts_at != appointment.starts_at or customer.id != appointment.customer_id
    if moved and appointment.status not in OPEN_STATUSES:
        raise Conflict(
            f"appointment is {appointment.status.value}; book the new time under a new external_id",
            field="starts_at",
            reason="appointment_closed",
            values={"status": appointment.status.value},
        )
    appointment.customer_id = customer.id
    appointment.customer = customer
    appointment.service = booking.service
    appointment.stylist = booking.stylist
    appointment.starts_at = booking.starts_at
    appointment.duration_minutes = booking.duration_minutes
    appointment.updated_at = now
    if not moved:
        return BookingResult(appointment, created=False)
    cancel_queued(session, appointment_id=appointment.id)
    withdraw_offers(session, appointment, now=now)
    move_appointment(
        session, appointment, AppointmentStatus.UNCONFIRMED, cause="reschedule", now=now
    )
    rescheduled(session, appointment.id, now=now)
    return _confirm_new_time(session, appointment, booking, now, created=False)


def _confirm_new_time(
    session: Session, appointment: Appointment, booking: Booking, now: datetime, *, created: bool
) -> BookingResult:
    plan_reminders(session, appointment, now=now)
    result = BookingResult(appointment, created=created)
    if booking.send_confirmation:
        queue_about(
            session, appointment, TemplateName.CONFIRMATION_REQUEST, now=now, unprompted=True
        )
    return result
