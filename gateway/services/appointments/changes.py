"""Changes several use cases make alike: an appointment moving to another status (booking, a
customer's reply, staff), and a customer opting out (their reply, a provider's refusal or
callback). One place, so the services that need them do not import each other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.lifecycle import STATUS_EVENTS, AppointmentStatus
from gateway.domain.offer_status import OfferStatus
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Message, Offer, StatusChange
from gateway.services.crm.events import emit
from gateway.services.customers.consent import withdraw_on_opt_out
from gateway.services.sending.outbox import cancel_queued_to, locale_for, queue_text
from gateway.services.surveys.invitations import drop_survey, plan_survey


def move_appointment(
    session: Session,
    appointment: Appointment,
    to: AppointmentStatus,
    *,
    cause: str,
    now: datetime,
    message: Message | None = None,
) -> None:
    """Change the status and write the audit row; a move to the same status is not a change."""
    if appointment.status == to:
        return
    session.add(
        StatusChange(
            appointment_id=appointment.id,
            from_status=appointment.status,
            to_status=to,
            cause=cause,
            message_id=message.id if message else None,
            created_at=now,
        )
    )
    left = appointment.status
    appointment.status = to
    appointment.updated_at = now
    if to == AppointmentStatus.COMPLETED:
        plan_survey(session, appointment, now=now)
    elif left == AppointmentStatus.COMPLETED:
        drop_survey(session, appointment, now=now)
    if to != AppointmentStatus.CHANGE_REQUESTED:
        # Settled otherwise (confirmed, cancelled, rebooked): an offer of new times is moot.
        withdraw_offers(session, appointment, now=now)
    event = STATUS_EVENTS.get(to)
    if event is not None:
        emit(session, appointment.salon, event, now=now, appointment=appointment, message=message)


def withdraw_offers(session: Session, appointment: Appointment, *, now: datetime) -> None:
    """Close the appointment's open offers of new times: its time or state was settled
    another way, and a pick must not move it now (a late pick is told the slot is gone)."""
    session.execute(
        update(Offer)
        .where(Offer.appointment_id == appointment.id, Offer.status == OfferStatus.OPEN)
        .values(status=OfferStatus.WITHDRAWN, closed_at=now)
    )


def opt_out(session: Session, customer: Customer, *, now: datetime, answer: bool) -> None:
    """Stop all texts to this customer from this salon; confirm it once, never again. Consent
    to marketing goes with it, also when given again after an earlier opt-out."""
    already = customer.opted_out
    if not already:
        customer.opted_out_at = now
        cancel_queued_to(session, customer_id=customer.id)
        # No more texts: an open offer could not even confirm the time picked.
        session.execute(
            update(Offer)
            .where(
                Offer.status == OfferStatus.OPEN,
                Offer.appointment_id.in_(
                    select(Appointment.id).where(Appointment.customer_id == customer.id)
                ),
            )
            .values(status=OfferStatus.WITHDRAWN, closed_at=now)
        )
        emit(session, customer.salon, EventType.CUSTOMER_OPTED_OUT, now=now, customer=customer)
    withdraw_on_opt_out(session, customer, now=now)
    if already or not answer:
        return
    queue_text(
        session,
        customer=customer,
        appointment_id=None,
        template=TemplateName.OPTED_OUT,
        locale=locale_for(customer),
        context={"salon_name": customer.salon.name},
        now=now,
    )
