"""A customer's reply to an offer of new times: a pick (A, B, C, or the time itself) moves the
appointment, "none of these" declines, and a pick of a slot that is gone is told so and offered
afresh. Read by the pure ``gateway.domain.offer_picks``.

Two customers picking one slot: the pick locks the salon's row, so picks of one salon are taken
one after the other and the second sees the first's appointment in the slot
(``availability.slot_taken``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus, Intent
from gateway.domain.offer_picks import PickKind, read_pick
from gateway.domain.offer_status import OfferStatus
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Message, Offer, Salon
from gateway.services.availability import slot_taken
from gateway.services.changes import move_appointment
from gateway.services.events import emit
from gateway.services.offers import close_offer, expire_offer, offer_for_change, slots_of
from gateway.services.outbox import cancel_queued, queue_about
from gateway.services.reminders import plan_reminders

#: A pick this long after its offer expired or was withdrawn is still read as one (and told
#: the slot is gone); later, a letter is just an unclear reply.
LATE_PICKS: Final = timedelta(days=1)


def _answerable_offer(session: Session, customer: Customer, now: datetime) -> Offer | None:
    """The customer's newest offer of an open appointment a reply may answer: open, or closed
    (expired, withdrawn) within ``LATE_PICKS`` (a late pick is told the slot is gone)."""
    offer = session.scalar(
        select(Offer)
        .join(Appointment, Appointment.id == Offer.appointment_id)
        .where(
            Appointment.customer_id == customer.id,
            Appointment.status.in_(OPEN_STATUSES),
        )
        .order_by(Offer.id.desc())
        .limit(1)
    )
    if offer is None:
        return None
    if offer.status == OfferStatus.OPEN:
        return offer
    if (
        offer.status in (OfferStatus.EXPIRED, OfferStatus.WITHDRAWN)
        and offer.closed_at is not None
        and offer.closed_at > now - LATE_PICKS
    ):
        return offer
    return None


def answer_offer(
    session: Session, customer: Customer, message: Message, intent: Intent, *, now: datetime
) -> Intent | None:
    """Act on ``message`` as an answer to the customer's offer, if it is one; returns the
    intent it was read as (a pick: confirm; none of these: change), or None when it is no answer
    to an offer and the ordinary reading takes it. While an offer is open a bare 确认 or 1 is
    not read as confirming the old time (the customer may mean option one): it is unclear."""
    offer = _answerable_offer(session, customer, message.created_at)
    if offer is None:
        return None
    salon = customer.salon
    pick = read_pick(message.body, slots_of(offer), tz=salon.timezone)
    if pick.kind is PickKind.NOT_A_PICK:
        if offer.status == OfferStatus.OPEN and intent is Intent.CONFIRM:
            return Intent.UNKNOWN
        return None
    # The appointment before its offer, as POST …/offers takes them; the offer read again, so a
    # sweep that expired it meanwhile is seen.
    appointment = session.scalars(
        select(Appointment).where(Appointment.id == offer.appointment_id).with_for_update()
    ).one()
    session.refresh(offer, with_for_update=True)
    message.appointment_id = appointment.id
    cancel_queued(
        session,
        appointment_id=appointment.id,
        templates=(TemplateName.CONFIRMATION_REQUEST,),
        reason="the customer answered before it went",
    )
    if pick.kind is PickKind.DECLINED:
        if offer.status == OfferStatus.OPEN:
            close_offer(offer, OfferStatus.DECLINED, message, now)
            emit(
                session,
                salon,
                EventType.OFFER_DECLINED,
                now=now,
                appointment=appointment,
                offer=offer,
                message=message,
            )
        move_appointment(
            session,
            appointment,
            AppointmentStatus.CHANGE_REQUESTED,
            cause="customer_reply",
            now=now,
            message=message,
        )
        queue_about(session, appointment, TemplateName.CHANGE_RECEIVED, now=now)
        return Intent.CHANGE
    assert pick.index is not None
    _pick(session, offer, appointment, pick.index, message, now)
    return Intent.CONFIRM if offer.status == OfferStatus.ACCEPTED else Intent.CHANGE


def _pick(
    session: Session,
    offer: Offer,
    appointment: Appointment,
    index: int,
    message: Message,
    now: datetime,
) -> None:
    salon = appointment.salon
    # Picks of one salon are taken one at a time: the second of two for one slot sees the
    # first's appointment there. (Replies of one customer are already serialised.)
    session.scalars(select(Salon.id).where(Salon.id == salon.id).with_for_update()).one()
    slot = slots_of(offer)[index]
    if offer.status == OfferStatus.OPEN and offer.expires_at <= message.created_at:
        expire_offer(session, offer, now)
    if (
        offer.status != OfferStatus.OPEN
        or slot.starts_at <= now
        or slot_taken(session, appointment, slot)
    ):
        _gone(session, appointment, message, now)
        return
    close_offer(offer, OfferStatus.ACCEPTED, message, now)
    offer.picked = index
    # Texts about the old time (a reminder held for quiet hours) must not go.
    cancel_queued(session, appointment_id=appointment.id)
    appointment.starts_at = slot.starts_at.astimezone(UTC)
    appointment.stylist = slot.stylist
    appointment.duration_minutes = int(slot.duration.total_seconds() // 60)
    appointment.updated_at = now
    plan_reminders(session, appointment, now=now)
    emit(
        session,
        salon,
        EventType.APPOINTMENT_RESCHEDULED,
        now=now,
        appointment=appointment,
        offer=offer,
        message=message,
        by="customer",
    )
    emit(
        session,
        salon,
        EventType.OFFER_ACCEPTED,
        now=now,
        appointment=appointment,
        offer=offer,
        message=message,
    )
    move_appointment(
        session,
        appointment,
        AppointmentStatus.CONFIRMED,
        cause="offer_pick",
        now=now,
        message=message,
    )
    queue_about(session, appointment, TemplateName.CONFIRMED, now=now)


def _gone(session: Session, appointment: Appointment, message: Message, now: datetime) -> None:
    """The slot picked is no longer to be had: the appointment keeps its time, the customer is
    told, and offered afresh when there is availability; otherwise the customer still wants
    another time, and that waits for staff (``change_requested``, the inbox) as before offers."""
    queue_about(session, appointment, TemplateName.OFFER_GONE, now=now)
    if offer_for_change(session, appointment, now=now, asked_by=message) is not None:
        return
    move_appointment(
        session,
        appointment,
        AppointmentStatus.CHANGE_REQUESTED,
        cause="customer_reply",
        now=now,
        message=message,
    )
    queue_about(session, appointment, TemplateName.CHANGE_RECEIVED, now=now)
