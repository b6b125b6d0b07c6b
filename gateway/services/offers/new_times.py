"""Offers of new times: up to three slots texted to a customer to pick from by letter, made
by the CRM (``POST …/offers``), by staff, or by the gateway itself when a customer asks for a
change and the salon has published availability; taken back by the CRM, expired by the sweep.

What to offer is the pure ``gateway.domain.offers``; when stylists are free is
``services.availability``; how a reply answers an offer is ``gateway.domain.decide``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.offer_hints import Hint
from gateway.domain.offer_status import OfferSource, OfferStatus
from gateway.domain.offers import (
    MAX_SLOTS,
    Slot,
    Visit,
    choose_slots,
    offer_order,
    offer_values,
)
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Message, Offer
from gateway.services.appointments.changes import withdraw_offers
from gateway.services.crm.events import emit
from gateway.services.desk import inbox
from gateway.services.errors import Conflict, ServiceError
from gateway.services.offers.availability import MAX_DAYS_AHEAD, booked, free_intervals
from gateway.services.sending.outbox import locale_for, queue_text
from gateway.services.sending.template_codes import (
    compose_for,
    delivered_locale,
    missing_code,
    value_limit,
)

#: An offer left unanswered this long expires (never later than its first slot).
DEFAULT_EXPIRY: Final = timedelta(hours=2)
MAX_EXPIRY: Final = timedelta(days=MAX_DAYS_AHEAD)
OFFER_TEMPLATES: Final = {1: TemplateName.OFFER_1, 2: TemplateName.OFFER_2, 3: TemplateName.OFFER_3}
_SLOT_VARIABLES: Final = ("slot_a", "slot_b", "slot_c")
#: Most offers the sweep expires in one pass; the next takes the rest.
EXPIRY_BATCH: Final = 500


def slots_of(offer: Offer) -> list[Slot]:
    return [
        Slot(
            datetime.fromisoformat(slot["starts_at"]),
            slot["stylist"],
            timedelta(minutes=slot["duration_minutes"]),
        )
        for slot in offer.slots
    ]


def _not_offerable(appointment: Appointment) -> Conflict:
    """An appointment closed, or already begun, takes no offer: the API's sentence, and the
    console's reason (its status, or that its time has come)."""
    status = appointment.status
    return Conflict(
        f"the appointment is {status.value} and cannot be moved by an offer",
        field="external_id",
        reason="offer_closed" if status not in OPEN_STATUSES else "offer_begun",
        values={"status": status.value},
    )


#: ``can_offer``'s sentences that say the customer cannot be texted, by the console's reason.
_CANNOT_TEXT: Final = {
    "the customer was erased": "customer_erased",
    "the customer opted out of texts": "customer_opted_out",
}


def _cannot_text(problem: str) -> Conflict:
    """The customer cannot be texted an offer; any other problem is a missing template code."""
    reason = _CANNOT_TEXT.get(problem, "template_missing")
    return Conflict(problem, field="external_id", reason=reason)


def can_offer(session: Session, customer: Customer, *, slots: int = MAX_SLOTS) -> str | None:
    """Why the salon cannot text this customer an offer of ``slots`` slots (None: it can)."""
    if customer.erased_at is not None:
        return "the customer was erased"
    if customer.opted_out:
        return "the customer opted out of texts"
    names = (OFFER_TEMPLATES[slots], TemplateName.OFFER_GONE)
    return missing_code(session, customer, names, locale=locale_for(customer))


def make_offer(
    session: Session,
    appointment: Appointment,
    slots: Sequence[Slot],
    *,
    source: OfferSource,
    now: datetime,
    expires_in: timedelta = DEFAULT_EXPIRY,
    asked_by: Message | None = None,
) -> Offer:
    """Text the appointment's customer ``slots`` (in letter order) to pick from, and tell the
    CRM (``offer.sent``). A newer offer replaces an open one. Expires after ``expires_in``,
    never after the first slot starts. Raises ServiceError (field ``slots``) for slots that
    cannot be offered, Conflict when the appointment or its customer cannot take one."""
    salon = appointment.salon
    customer = appointment.customer
    if appointment.status not in OPEN_STATUSES or appointment.starts_at <= now:
        raise _not_offerable(appointment)
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise ServiceError(
            f"offer 1 to {MAX_SLOTS} slots",
            field="slots",
            reason="slot_count",
            values={"n": MAX_SLOTS},
        )
    for i, slot in enumerate(slots):
        if slot.starts_at <= now:
            raise ServiceError(
                "a slot must start in the future",
                field=f"slots.{i}.starts_at",
                reason="slot_past",
                values={"n": i + 1},
            )
        if slot.starts_at > now + MAX_EXPIRY:
            raise ServiceError(
                f"a slot must start within {MAX_DAYS_AHEAD} days",
                field=f"slots.{i}.starts_at",
                reason="slot_too_far",
                values={"n": i + 1, "days": MAX_DAYS_AHEAD},
            )
        if slot in slots[:i]:
            raise ServiceError(
                "the same slot is offered twice",
                field=f"slots.{i}",
                reason="slot_twice",
                values={"n": i + 1},
            )
    problem = can_offer(session, customer, slots=len(slots))
    if problem is not None:
        raise _cannot_text(problem)
    ordered = sorted(slots, key=offer_order)
    template = OFFER_TEMPLATES[len(ordered)]
    locale = delivered_locale(session, customer, template, locale_for(customer))

    def context(values: tuple[str, ...]) -> dict[str, object]:
        return {"salon_name": salon.name, **dict(zip(_SLOT_VARIABLES, values, strict=False))}

    try:
        values = offer_values(
            ordered,
            stylist=appointment.stylist,
            tz=salon.timezone,
            locale=locale,
            limit=value_limit(session, salon.provider) if salon.provider else None,
            render=lambda values: compose_for(
                session, customer, template, locale, context(values)
            ).body,
            one_per_slot=True,
        )
    except ValueError as exc:
        raise ServiceError(str(exc), field="slots", reason="slots_too_long") from None
    withdraw_offers(session, appointment, now=now)
    offer = Offer(
        salon_id=salon.id,
        appointment_id=appointment.id,
        status=OfferStatus.OPEN,
        source=source,
        slots=[
            {
                "starts_at": slot.starts_at.astimezone(UTC).isoformat(),
                "stylist": slot.stylist,
                "duration_minutes": int(slot.duration.total_seconds() // 60),
            }
            for slot in ordered
        ],
        expires_at=min(now + expires_in, ordered[0].starts_at),
        asked_by_message_id=asked_by.id if asked_by is not None else None,
        created_at=now,
    )
    offer.appointment = appointment
    session.add(offer)
    session.flush()
    message = queue_text(
        session,
        customer=customer,
        appointment_id=appointment.id,
        template=template,
        locale=locale,
        context=context(values),
        now=now,
    )
    if message is not None:
        session.flush()  # the offer keeps its text's id, and the event names it
    offer.message_id = message.id if message is not None else None
    emit(
        session,
        salon,
        EventType.OFFER_SENT,
        now=now,
        appointment=appointment,
        offer=offer,
        message=message,
    )
    return offer


def proposed_slots(
    session: Session, appointment: Appointment, *, now: datetime, hint: Hint | None = None
) -> tuple[Slot, ...]:
    """The best slots of the salon's published availability for ``appointment`` (those that
    fit ``hint`` first), best first; none when nothing published fits."""
    salon = appointment.salon
    notice = timedelta(minutes=salon.offer_notice_minutes)
    until = now + timedelta(days=MAX_DAYS_AHEAD)
    free = free_intervals(session, salon, now + notice, until)
    if not free:
        return ()
    return choose_slots(
        Visit(
            appointment.starts_at,
            timedelta(minutes=appointment.duration_minutes),
            appointment.stylist,
        ),
        free=free,
        busy=booked(session, salon, now, until, leaving=appointment),
        tz=salon.timezone,
        now=now,
        notice=notice,
        hint=hint,
    )


def offer_from_availability(
    session: Session,
    appointment: Appointment,
    *,
    source: OfferSource,
    now: datetime,
    asked_by: Message | None = None,
    hint: Hint | None = None,
) -> Offer | None:
    """Offer the best slots of the salon's published availability (those that fit ``hint``
    first), for the change asked in ``asked_by``; None when nothing published fits or the
    customer cannot be texted an offer."""
    if can_offer(session, appointment.customer) is not None:
        return None
    slots = proposed_slots(session, appointment, now=now, hint=hint)
    # Fewer slots when three do not fit two segments (long stylists' names).
    for count in range(len(slots), 0, -1):
        try:
            return make_offer(
                session,
                appointment,
                slots[:count],
                source=source,
                now=now,
                asked_by=asked_by,
            )
        except ServiceError:
            continue
    return None


class NoSlotsToOffer(Conflict):
    """Nothing the salon published fits the appointment: there is no offer to make."""


def offer_on_request(
    session: Session, appointment: Appointment, *, source: OfferSource, now: datetime
) -> Offer:
    """Staff's "offer new times": the best published slots, or Conflict saying why there is no
    offer (``NoSlotsToOffer`` when nothing fits; the appointment or customer cannot take one)."""
    if appointment.status not in OPEN_STATUSES or appointment.starts_at <= now:
        raise _not_offerable(appointment)
    problem = can_offer(session, appointment.customer)
    if problem is not None:
        raise _cannot_text(problem)
    offer = offer_from_availability(session, appointment, source=source, now=now)
    if offer is None:
        raise NoSlotsToOffer("nothing the salon published fits this appointment")
    return offer


def withdraw(session: Session, offer: Offer, *, now: datetime) -> Offer:
    """The salon takes an offer back: a pick of it is answered as gone. Only an open offer."""
    if offer.status != OfferStatus.OPEN:
        raise Conflict(f"the offer is {offer.status.value}", field="offer_id")
    close_offer(offer, OfferStatus.WITHDRAWN, None, now)
    return offer


def close_offer(offer: Offer, status: OfferStatus, message: Message | None, now: datetime) -> None:
    """Close ``offer`` as ``status``, by ``message`` when a reply closed it."""
    offer.status, offer.closed_at = status, now
    offer.closed_by_message_id = message.id if message is not None else None


# --- Expiry -------------------------------------------------------------------------------------


def expire_offer(session: Session, offer: Offer, now: datetime) -> None:
    """Close ``offer`` as expired and tell the CRM (``offer.expired``)."""
    close_offer(offer, OfferStatus.EXPIRED, None, now)
    emit(
        session,
        offer.appointment.salon,
        EventType.OFFER_EXPIRED,
        now=now,
        appointment=offer.appointment,
        offer=offer,
    )


def expire_offers(session: Session, *, now: datetime, limit: int = EXPIRY_BATCH) -> int:
    """Close open offers past their expiry and tell the CRM (``offer.expired``); the change
    the customer asked for then waits for staff in the inbox. Returns how many."""
    offers = session.scalars(
        select(Offer)
        .where(Offer.status == OfferStatus.OPEN, Offer.expires_at <= now)
        .order_by(Offer.id)
        .limit(limit)
        # Two sweeps at once: each offer is expired (and its event sent) by one of them.
        .with_for_update(skip_locked=True)
    ).all()
    for offer in offers:
        expire_offer(session, offer, now)
        if offer.asked_by_message_id is not None:
            inbox.note_offer_expired(session, offer.asked_by_message_id, now=now)
    return len(offers)
