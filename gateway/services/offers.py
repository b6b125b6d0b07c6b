"""Offers of new times: the CRM publishes when its stylists are free, the gateway offers up to
three slots by SMS (itself when a customer asks for a change, or when the CRM or staff ask), and
a reply A, B or C moves the appointment.

What to offer and how a reply reads are the pure ``gateway.domain.offers``,
``offer_hints`` and ``offer_picks``; this module stores, locks, texts and tells the CRM.
Two customers picking one slot: the pick locks the salon's row, so picks of one salon are taken
one after the other and the second sees the first's appointment in the slot (``_taken``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus, Intent
from gateway.domain.offer_hints import change_with_hint, read_hint
from gateway.domain.offer_picks import PickKind, read_pick
from gateway.domain.offer_status import OfferSource, OfferStatus
from gateway.domain.offers import MAX_SLOTS, Interval, Slot, Visit, choose_slots, offer_values
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, FreeInterval, Message, Offer, Salon
from gateway.providers import TEMPLATE_PROVIDERS
from gateway.services import inbox
from gateway.services.changes import move_appointment, withdraw_offers
from gateway.services.errors import Conflict, ServiceError
from gateway.services.events import emit
from gateway.services.outbox import cancel_queued, locale_for, queue_about, queue_text
from gateway.services.reminders import plan_reminders
from gateway.services.templates import (
    code_for,
    compose_for,
    delivered_locale,
    is_mainland,
    value_limit,
)

log = logging.getLogger(__name__)

#: How far ahead a CRM may publish availability, and offers may reach.
MAX_DAYS_AHEAD: Final = 14
#: An offer left unanswered this long expires (never later than its first slot).
DEFAULT_EXPIRY: Final = timedelta(hours=2)
MAX_EXPIRY: Final = timedelta(days=MAX_DAYS_AHEAD)
OFFER_TEMPLATES: Final = {1: TemplateName.OFFER_1, 2: TemplateName.OFFER_2, 3: TemplateName.OFFER_3}
_SLOT_VARIABLES: Final = ("slot_a", "slot_b", "slot_c")
#: A pick this long after its offer expired or was withdrawn is still read as one (and told
#: the slot is gone); later, a letter is just an unclear reply.
LATE_PICKS: Final = timedelta(days=1)
#: Most offers the sweep expires in one pass; the next takes the rest.
EXPIRY_BATCH: Final = 500


# --- Availability -------------------------------------------------------------------------------


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


def _free(
    session: Session, salon: Salon, since: datetime, until: datetime
) -> dict[str, list[Interval]]:
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


def _booked(
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


def _taken(session: Session, appointment: Appointment, slot: Slot) -> bool:
    """Another open appointment of ours holds ``slot``'s stylist at that time."""
    busy = _booked(session, appointment.salon, slot.starts_at, slot.ends_at, leaving=appointment)
    return any(
        other.start < slot.ends_at and slot.starts_at < other.end
        for other in busy.get(slot.stylist, ())
    )


# --- Making an offer ----------------------------------------------------------------------------


def _slots_of(offer: Offer) -> list[Slot]:
    return [
        Slot(
            datetime.fromisoformat(slot["starts_at"]),
            slot["stylist"],
            timedelta(minutes=slot["duration_minutes"]),
        )
        for slot in offer.slots
    ]


def can_offer(session: Session, customer: Customer, *, slots: int = MAX_SLOTS) -> str | None:
    """Why the salon cannot text this customer an offer of ``slots`` slots (None: it can)."""
    if customer.erased_at is not None:
        return "the customer was erased"
    if customer.opted_out:
        return "the customer opted out of texts"
    salon = customer.salon
    if salon.provider in TEMPLATE_PROVIDERS:
        names = (OFFER_TEMPLATES[slots], TemplateName.OFFER_GONE)
        for name in names:
            locale = delivered_locale(session, customer, name, locale_for(customer))
            code = code_for(
                session,
                provider=salon.provider,
                locale=locale,
                name=name,
                international=not is_mainland(customer.phone),
            )
            if code is None:
                return (
                    f"{salon.provider} has no approved template code for {locale}/{name}; "
                    "record it with `flask --app wsgi templates set-code` (docs/china.md)"
                )
    return None


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
        raise Conflict(
            f"the appointment is {appointment.status.value} and cannot be moved by an offer",
            field="external_id",
        )
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise ServiceError(f"offer 1 to {MAX_SLOTS} slots", field="slots")
    for i, slot in enumerate(slots):
        if slot.starts_at <= now:
            raise ServiceError("a slot must start in the future", field=f"slots.{i}.starts_at")
        if slot.starts_at > now + MAX_EXPIRY:
            raise ServiceError(
                f"a slot must start within {MAX_DAYS_AHEAD} days", field=f"slots.{i}.starts_at"
            )
        if slot in slots[:i]:
            raise ServiceError("the same slot is offered twice", field=f"slots.{i}")
    problem = can_offer(session, customer, slots=len(slots))
    if problem is not None:
        raise Conflict(problem, field="external_id")
    ordered = sorted(slots, key=lambda s: (s.starts_at, s.stylist))
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
        raise ServiceError(str(exc), field="slots") from None
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


def offer_for_change(
    session: Session, appointment: Appointment, *, now: datetime, asked_by: Message | None
) -> Offer | None:
    """The automatic offer when a customer asks for a change: the best slots of the salon's
    published availability (the reply's hint first), or None when the salon has automatic offers
    off, published nothing that fits, or cannot text the customer an offer."""
    if not appointment.salon.auto_offers:
        return None
    return offer_from_availability(
        session, appointment, source=OfferSource.AUTOMATIC, now=now, asked_by=asked_by
    )


def offer_from_availability(
    session: Session,
    appointment: Appointment,
    *,
    source: OfferSource,
    now: datetime,
    asked_by: Message | None = None,
) -> Offer | None:
    """Offer the best slots of the salon's published availability (the hint in ``asked_by``
    first); None when nothing published fits or the customer cannot be texted an offer."""
    salon = appointment.salon
    notice = timedelta(minutes=salon.offer_notice_minutes)
    until = now + timedelta(days=MAX_DAYS_AHEAD)
    free = _free(session, salon, now + notice, until)
    if not free:
        return None
    if can_offer(session, appointment.customer) is not None:
        return None
    hint = None
    if asked_by is not None and asked_by.body:
        when = {"original": appointment.starts_at, "now": asked_by.created_at}
        hint = change_with_hint(asked_by.body, **when, tz=salon.timezone) or read_hint(
            asked_by.body, **when, tz=salon.timezone
        )
    slots = choose_slots(
        Visit(
            appointment.starts_at,
            timedelta(minutes=appointment.duration_minutes),
            appointment.stylist,
        ),
        free=free,
        busy=_booked(session, salon, now, until, leaving=appointment),
        tz=salon.timezone,
        now=now,
        notice=notice,
        hint=hint,
    )
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


def withdraw(session: Session, offer: Offer, *, now: datetime) -> Offer:
    """The salon takes an offer back: a pick of it is answered as gone. Only an open offer."""
    if offer.status != OfferStatus.OPEN:
        raise Conflict(f"the offer is {offer.status.value}", field="offer_id")
    offer.status, offer.closed_at = OfferStatus.WITHDRAWN, now
    return offer


# --- Answers to an offer ------------------------------------------------------------------------


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
    pick = read_pick(message.body, _slots_of(offer), tz=salon.timezone)
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
            _close(offer, OfferStatus.DECLINED, message, now)
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


def _close(offer: Offer, status: OfferStatus, message: Message | None, now: datetime) -> None:
    offer.status, offer.closed_at = status, now
    offer.closed_by_message_id = message.id if message is not None else None


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
    slot = _slots_of(offer)[index]
    if offer.status == OfferStatus.OPEN and offer.expires_at <= message.created_at:
        _expire(session, offer, now)
    if (
        offer.status != OfferStatus.OPEN
        or slot.starts_at <= now
        or _taken(session, appointment, slot)
    ):
        _gone(session, appointment, message, now)
        return
    _close(offer, OfferStatus.ACCEPTED, message, now)
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


# --- Expiry -------------------------------------------------------------------------------------


def _expire(session: Session, offer: Offer, now: datetime) -> None:
    _close(offer, OfferStatus.EXPIRED, None, now)
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
        _expire(session, offer, now)
        if offer.asked_by_message_id is not None:
            inbox.note_offer_expired(session, offer.asked_by_message_id, now=now)
    return len(offers)


def counts(
    session: Session, salon_id: int, *, since: datetime, until: datetime
) -> Mapping[OfferStatus, int]:
    """Offers made in the window, by where they are now."""
    found: dict[OfferStatus, int] = dict.fromkeys(OfferStatus, 0)
    for status in session.scalars(
        select(Offer.status).where(
            Offer.salon_id == salon_id, Offer.created_at >= since, Offer.created_at < until
        )
    ):
        found[status] += 1
    return found
