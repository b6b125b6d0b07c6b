"""Salon staff change an appointment from their CRM: move it, edit it, or set its status.

A new time goes through ``book`` (the same reschedule a POST upsert does: back to unconfirmed,
old texts dropped, reminders re-planned, a new request queued). A status set by staff is checked
against ``STAFF_MOVES``, audited with cause "staff" and emits the same events as a customer's reply.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy.orm import Session

from gateway.domain.lifecycle import STAFF_MOVES, AppointmentStatus, staff_move_allowed
from gateway.domain.texts import TemplateName
from gateway.models import Appointment
from gateway.services.appointments.booking import Booking, book
from gateway.services.appointments.changes import move_appointment
from gateway.services.errors import Conflict, ServiceError
from gateway.services.sending.outbox import cancel_queued, queue_about


class _Keep(enum.Enum):
    KEEP = "keep"


#: A field the request did not mention: it stays as it is (``None`` clears it).
KEEP: Final = _Keep.KEEP


@dataclass(frozen=True, slots=True)
class StaffEdit:
    """What the CRM asked to change; ``KEEP`` leaves a field as it is."""

    starts_at: datetime | _Keep = KEEP
    service: str | None | _Keep = KEEP
    stylist: str | None | _Keep = KEEP
    duration_minutes: int | _Keep = KEEP
    status: AppointmentStatus | None = None
    #: Text the customer about the change (a new request after a move, the salon's cancellation).
    notify: bool = True


@dataclass(slots=True)
class StaffResult:
    appointment: Appointment


def edit_appointment(
    session: Session, *, appointment: Appointment, edit: StaffEdit, now: datetime
) -> StaffResult:
    """Apply ``edit`` to ``appointment``; raises Conflict when its state does not allow it."""
    if edit.status is not None and not isinstance(edit.starts_at, _Keep):
        raise ServiceError(
            "set either starts_at or status in one request, not both", field="status"
        )
    result = StaffResult(appointment)
    if not isinstance(edit.starts_at, _Keep) and edit.starts_at != appointment.starts_at:
        _move(session, appointment, edit, edit.starts_at, now)
    else:
        _edit_details(appointment, edit, now)
    if edit.status is not None:
        _set_status(session, appointment, edit, now)
    return result


def _move(
    session: Session, appointment: Appointment, edit: StaffEdit, starts_at: datetime, now: datetime
) -> None:
    """A new time is a reschedule, exactly as a POST with a new starts_at."""
    customer = appointment.customer
    if customer.erased_at is not None:
        raise Conflict(
            "the customer was erased; book the new time under a new external_id",
            field="starts_at",
            reason="customer_erased",
        )
    booking = Booking(
        external_id=appointment.external_id,
        phone=customer.phone,
        customer_name=None,
        customer_locale=None,
        service=appointment.service if isinstance(edit.service, _Keep) else edit.service,
        stylist=appointment.stylist if isinstance(edit.stylist, _Keep) else edit.stylist,
        starts_at=starts_at,
        duration_minutes=(
            appointment.duration_minutes
            if isinstance(edit.duration_minutes, _Keep)
            else edit.duration_minutes
        ),
        send_confirmation=edit.notify,
    )
    book(session, salon=appointment.salon, booking=booking, now=now)


def _edit_details(appointment: Appointment, edit: StaffEdit, now: datetime) -> None:
    """Service, stylist and length change what staff see; the customer's confirmation stands."""
    changed = False
    if not isinstance(edit.service, _Keep) and edit.service != appointment.service:
        appointment.service, changed = edit.service, True
    if not isinstance(edit.stylist, _Keep) and edit.stylist != appointment.stylist:
        appointment.stylist, changed = edit.stylist, True
    if (
        not isinstance(edit.duration_minutes, _Keep)
        and edit.duration_minutes != appointment.duration_minutes
    ):
        appointment.duration_minutes, changed = edit.duration_minutes, True
    if changed:
        appointment.updated_at = now


def _set_status(session: Session, appointment: Appointment, edit: StaffEdit, now: datetime) -> None:
    wanted = edit.status
    assert wanted is not None
    reason = staff_move_allowed(appointment.status, wanted, has_begun=appointment.starts_at <= now)
    if reason is not None:
        # The domain says why in the API's words; the console's key says which rule it was.
        closed = appointment.status not in STAFF_MOVES[wanted]
        raise Conflict(
            reason,
            field="status",
            reason="status_not_from" if closed else "status_not_begun",
            values={"status": appointment.status.value, "wanted": wanted.value},
        )
    if appointment.status == wanted:
        return  # a repeat changes nothing and texts nobody
    # Whatever waited to go (a request, a reminder) was written for the state now left behind.
    cancel_queued(session, appointment_id=appointment.id)
    move_appointment(session, appointment, wanted, cause="staff", now=now)
    if wanted != AppointmentStatus.CANCELLED or not edit.notify:
        return
    queue_about(session, appointment, TemplateName.CANCELLED_BY_SALON, now=now, unprompted=True)
