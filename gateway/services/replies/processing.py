"""A customer's stored reply, acted on by a worker: read once (``read_reply``), what the salon
knows of the customer loaded (``ReplyState``), decided by the pure ``gateway.domain.decide``,
and the ``Decision`` applied (``services.decisions``). Storing the reply is
``services.inbound``, on the webhook's path; this is the job's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from gateway.domain.decide import decide
from gateway.domain.inbox import SETTLED_BY_AN_ANSWER, InboxReason
from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus
from gateway.domain.offer_picks import PickKind
from gateway.domain.offer_status import OfferStatus
from gateway.domain.offers import Slot
from gateway.domain.reply_decision import Booked, OfferState, ReplyState, WaitingItem
from gateway.domain.reply_reading import ReadReply, read_reply
from gateway.domain.taught_phrases import TaughtPhrases
from gateway.models import (
    Appointment,
    Customer,
    InboxItem,
    Message,
    MessageDirection,
    Offer,
    Salon,
)
from gateway.services.desk.phrases import phrases_of
from gateway.services.offers.availability import slot_taken
from gateway.services.offers.new_times import slots_of
from gateway.services.replies.decisions import Rows, apply_decision
from gateway.services.replies.strangers import answered_today
from gateway.services.sending.outbox import locale_for
from gateway.services.sending.template_codes import sendable
from gateway.services.surveys.feedback import appointment_asked_at, survey_state
from gateway.sms_text import QUESTION_ANSWER_NAMES


@dataclass(slots=True)
class InboundResult:
    """What became of the replies a worker processed."""

    processed: int = 0


def process_replies(
    session: Session, *, message_ids: Iterable[int], now: datetime
) -> InboundResult:
    """Act on the stored replies ``message_ids`` and on any earlier reply of the same customers
    still waiting: a worker's batch, in one transaction.

    The customers' rows are locked first, in id order (two workers with overlapping batches
    wait for each other instead of dead-locking), so two workers never act on one customer's
    replies at once. Each customer's replies are taken in the order they were received
    (``created_at``, the moment the webhook took them; then id), up to the newest of this
    batch: 确认 then 取消 ends cancelled, whichever batch holds which. Not in id order alone:
    ids are handed out before commit, so a reply received later can hold the smaller id. A
    reply already processed is skipped, so acting on an id twice is harmless.
    """
    result = InboundResult()
    # The newest (created_at, id) of each customer's replies in this batch: where to stop.
    newest: dict[int, tuple[datetime, int]] = {}
    for message_id, customer_id, created_at in session.execute(
        select(Message.id, Message.customer_id, Message.created_at).where(
            Message.id.in_(set(message_ids)),
            Message.customer_id.is_not(None),
            Message.processed_at.is_(None),
        )
    ):
        key = (created_at, message_id)
        if customer_id not in newest or newest[customer_id] < key:
            newest[customer_id] = key
    if not newest:
        return result
    customers = session.scalars(
        select(Customer)
        .where(Customer.id.in_(newest))
        .order_by(Customer.id)
        .with_for_update(of=Customer)
    ).all()
    # What acting on them reads again and again, read once for the batch: their salons and
    # the appointments a reply can be about. The session holds unchanged rows only weakly, so
    # ``batch_rows`` keeps them for the batch; ``customer.salon`` and ``session.get`` then
    # cost no query.
    batch_rows: list[object] = [*customers]
    salon_ids = {c.salon_id for c in customers}
    batch_rows += session.scalars(select(Salon).where(Salon.id.in_(salon_ids))).all()
    taught = phrases_of(session, salon_ids)
    batch_rows += session.scalars(
        select(Appointment).where(
            Appointment.customer_id.in_(newest),
            Appointment.starts_at > min(created_at for created_at, _ in newest.values()),
        )
    ).all()
    waiting: dict[int, list[Message]] = {customer.id: [] for customer in customers}
    for reply in session.scalars(
        select(Message)
        .where(
            Message.customer_id.in_(newest),
            Message.direction == MessageDirection.INBOUND,
            Message.processed_at.is_(None),
        )
        .order_by(Message.created_at, Message.id)
    ):
        assert reply.customer_id is not None
        if (reply.created_at, reply.id) <= newest[reply.customer_id]:
            waiting[reply.customer_id].append(reply)
    for customer in customers:
        for reply in waiting[customer.id]:
            # Set first, so the first flush writes it with the intent: one UPDATE, not two.
            reply.processed_at = now
            _act_on(session, customer, reply, now, taught[customer.salon_id])
            result.processed += 1
    return result


def _act_on(
    session: Session, customer: Customer, message: Message, now: datetime, taught: TaughtPhrases
) -> None:
    """Read the reply once (with the phrases its salon ``taught``), load what deciding needs,
    decide, apply."""
    salon = customer.salon
    read = read_reply(
        message.body,
        keyword=message.opt_out_type,
        received_at=message.created_at,
        tz=salon.timezone,
        taught=taught,
    )
    rows = Rows()
    offer = _offer(session, salon, customer, read, rows)
    # Which appointments were upcoming is judged at the time the customer wrote, not when
    # a (possibly delayed) worker reads it.
    candidates = list(
        session.scalars(
            select(Appointment)
            .where(
                Appointment.customer_id == customer.id,
                Appointment.status.in_(OPEN_STATUSES),
                Appointment.starts_at > message.created_at,
            )
            .order_by(Appointment.starts_at, Appointment.id)
            # Two replies from one customer at once are applied one after the other.
            .with_for_update()
        )
    )
    named = recently_cancelled = None
    if read.ref is not None and all(a.ref != read.ref for a in candidates):
        # A ref of an appointment that is no longer open (cancelled).
        named = session.scalar(
            select(Appointment)
            .where(
                Appointment.customer_id == customer.id,
                Appointment.ref == read.ref,
                Appointment.starts_at > message.created_at,
            )
            .order_by(Appointment.updated_at.desc())
            .limit(1)
        )
    elif read.ref is None and not candidates:
        recently_cancelled = session.scalar(
            select(Appointment)
            .where(
                Appointment.customer_id == customer.id,
                Appointment.status == AppointmentStatus.CANCELLED,
                Appointment.starts_at > message.created_at,
            )
            .order_by(Appointment.updated_at.desc())
            .limit(1)
        )
    has_appointments = bool(
        session.scalar(select(exists().where(Appointment.customer_id == customer.id)))
    )
    locale = locale_for(customer)
    survey = survey_state(session, customer, before=message.created_at)
    state = ReplyState(
        salon_name=salon.name,
        tz=salon.timezone,
        locale=locale,
        auto_offers=salon.auto_offers,
        opted_out=customer.opted_out,
        has_appointments=has_appointments,
        answered_today=not has_appointments and answered_today(session, customer, now),
        candidates=tuple(_booked(a, rows) for a in candidates),
        named=_booked(named, rows) if named is not None else None,
        recently_cancelled=(
            _booked(recently_cancelled, rows) if recently_cancelled is not None else None
        ),
        offer=offer,
        address=salon.address_for(locale),
        question_answers=sendable(session, customer, QUESTION_ANSWER_NAMES, locale=locale),
        survey=survey,
        # Only a reply while a survey is open needs to know which asked last.
        appointment_asked_at=(
            appointment_asked_at(session, customer, before=message.created_at)
            if survey is not None and survey.open_at(message.created_at)
            else None
        ),
        waiting_items=_waiting_items(session, customer),
    )
    apply_decision(session, customer, message, decide(read, state, now=now), rows, now=now)


def _waiting_items(session: Session, customer: Customer) -> tuple[WaitingItem, ...]:
    """The customer's items still waiting that a later answer can settle."""
    return tuple(
        WaitingItem(item_id, InboxReason(reason), appointment_id)
        for item_id, reason, appointment_id in session.execute(
            select(InboxItem.id, InboxItem.reason, InboxItem.appointment_id)
            .where(
                InboxItem.salon_id == customer.salon_id,
                InboxItem.customer_id == customer.id,
                InboxItem.handled_at.is_(None),
                InboxItem.reason.in_(SETTLED_BY_AN_ANSWER | {InboxReason.CHANGE_REQUESTED}),
            )
            .order_by(InboxItem.id)
        )
    )


def _offer(
    session: Session, salon: Salon, customer: Customer, read: ReadReply, rows: Rows
) -> OfferState | None:
    """The customer's newest offer of an open appointment. When the reply picks from it or
    declines it, its appointment and the offer are locked and read again (a sweep that expired
    it meanwhile is seen); a pick of a slot also locks the salon's row, so two customers' picks
    of one slot are taken one after the other and the second sees the first's appointment."""
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
    slots = tuple(slots_of(offer))
    state = _offer_state(offer, offer.appointment, slots, rows)
    pick = read.pick.against(slots, tz=salon.timezone)
    if not state.answerable(read.received_at) or pick.kind is PickKind.NOT_A_PICK:
        return state
    appointment = session.scalars(
        select(Appointment).where(Appointment.id == offer.appointment_id).with_for_update()
    ).one()
    session.refresh(offer, with_for_update=True)
    taken = False
    if pick.index is not None:
        session.scalars(select(Salon.id).where(Salon.id == salon.id).with_for_update()).one()
        taken = slot_taken(session, appointment, slots[pick.index])
    return _offer_state(offer, appointment, slots, rows, taken=taken)


def _offer_state(
    offer: Offer,
    appointment: Appointment,
    slots: tuple[Slot, ...],
    rows: Rows,
    *,
    taken: bool = False,
) -> OfferState:
    rows.offer = offer
    return OfferState(
        id=offer.id,
        appointment=_booked(appointment, rows),
        status=OfferStatus(offer.status),
        slots=slots,
        expires_at=offer.expires_at,
        closed_at=offer.closed_at,
        picked_slot_taken=taken,
    )


def _booked(appointment: Appointment, rows: Rows) -> Booked:
    rows.appointments[appointment.id] = appointment
    return Booked(
        id=appointment.id,
        ref=appointment.ref,
        status=AppointmentStatus(appointment.status),
        starts_at=appointment.starts_at,
        service=appointment.service,
        stylist=appointment.stylist,
    )
