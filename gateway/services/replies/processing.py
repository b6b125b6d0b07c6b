"""A customer's stored reply, acted on by a worker: read once (``read_reply``), what the salon
knows of the customer loaded (``ReplyState``), decided by the pure ``gateway.domain.decide``,
and the ``Decision`` written: set-wise for the batch (``batch_writes``), or the rarer ones through
the ORM (``decisions``). Storing the reply is ``services.inbound``, on the webhook's path; this
is the job's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.domain.decide import decide
from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus
from gateway.domain.offer_picks import PickKind
from gateway.domain.offer_status import OfferStatus
from gateway.domain.offers import Slot
from gateway.domain.reply_decision import (
    Booked,
    OfferState,
    ReplyState,
)
from gateway.domain.reply_reading import ReadReply, read_reply
from gateway.domain.taught_phrases import TaughtPhrases
from gateway.models import Appointment, Customer, Message, Offer, Salon
from gateway.services.desk.phrases import phrases_of
from gateway.services.offers.availability import slot_taken
from gateway.services.offers.new_times import slots_of
from gateway.services.replies.batch_reads import Known, lock_customers, waiting_replies
from gateway.services.replies.batch_writes import BatchWrites, write_decision, writes_set_wise
from gateway.services.replies.decisions import Rows, apply_decision, without_an_offer
from gateway.services.replies.strangers import answered_today
from gateway.services.sending.outbox import locale_for
from gateway.services.sending.template_codes import sendable
from gateway.services.surveys.feedback import appointment_asked_at
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

    What the batch reads is six statements whatever its size (``batch_reads``): the batch's
    replies with their customers (locked) and salons, the salons' taught phrases, the customers'
    waiting replies, and what deciding reads of them (``Known``: their appointments, locked; their
    offers; their inbox items, surveys and texts in one). What each
    decision changes is kept by ``BatchWrites`` and written set-wise at the end, the rows read
    changed in memory as each reply is written, so a customer's later reply in the batch is
    decided against the state the earlier one left. Only after a change memory does not follow
    (one ``apply_decision`` writes, an inbox item noted, an appointment reopened) is what is
    pending written and the customer's state read again.
    """
    result = InboundResult()
    locked = lock_customers(session, message_ids, now=now)
    if not locked.customers:
        return result
    taught = phrases_of(session, {salon.id for salon in locked.salons})
    waiting, booked = waiting_replies(session, locked.newest)
    if not any(waiting.values()):
        # Another worker held the customers and acted on their replies while this one waited.
        return result
    since = min(reply.created_at for replies in waiting.values() for reply in replies)
    known = Known.load(session, [c.id for c in locked.customers], since=since, booked=booked)
    writes = BatchWrites(session, now=now)
    for customer in locked.customers:
        theirs, followed = known, True
        for reply in waiting[customer.id]:
            if not followed:
                writes.execute()
                theirs = Known.load(session, [customer.id], since=reply.created_at, booked=booked)
            followed = _act_on(
                session,
                customer,
                reply,
                now,
                theirs,
                taught[customer.salon_id],
                writes,
                offering=customer.salon_id in locked.offering,
            )
            result.processed += 1
    writes.execute()
    return result


def _act_on(
    session: Session,
    customer: Customer,
    message: Message,
    now: datetime,
    known: Known,
    taught: TaughtPhrases,
    writes: BatchWrites,
    *,
    offering: bool,
) -> bool:
    """Read the reply once (with the phrases its salon ``taught``), take what deciding needs
    from ``known``, decide, write (a new offer asked for where the salon has nothing to offer
    as ``without_offer``). Whether ``known`` still says what the customer's next reply needs
    (changed in memory as this one was written)."""
    salon = customer.salon
    read = read_reply(
        message.body,
        keyword=message.opt_out_type,
        received_at=message.created_at,
        tz=salon.timezone,
        taught=taught,
    )
    rows = Rows(texts_waiting=known.texts_waiting)
    # The newest offer of an appointment still open (an earlier reply may have settled one).
    newest = next(
        (o for o in known.offers.get(customer.id, ()) if o.appointment.status in OPEN_STATUSES),
        None,
    )
    offer = _offer(session, writes, salon, newest, read, rows)
    # Which appointments were upcoming is judged at the time the customer wrote, not when
    # a (possibly delayed) worker reads it.
    after = [a for a in known.appointments[customer.id] if a.starts_at > message.created_at]
    candidates = [a for a in after if a.status in OPEN_STATUSES]
    named = recently_cancelled = None
    if read.ref is not None and all(a.ref != read.ref for a in candidates):
        # A ref of an appointment that is no longer open (cancelled).
        named = _last_updated(a for a in after if a.ref == read.ref)
    elif read.ref is None and not candidates:
        recently_cancelled = _last_updated(
            a for a in after if a.status is AppointmentStatus.CANCELLED
        )
    has_appointments = customer.id in known.booked
    if not has_appointments:
        writes.execute()  # whether it was answered today is read from the texts written
    locale = locale_for(customer)
    survey = next(
        (s for s in known.surveys.get(customer.id, ()) if s.sent_at <= message.created_at), None
    )
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
        waiting_items=known.waiting_items[customer.id],
        # Only a customer with no open appointment may be answering an offer instead.
        campaign_texted_at=(
            None if candidates else known.campaign_texted_at(customer.id, before=message.created_at)
        ),
    )
    decision = decide(read, state, now=now)
    if decision.new_offer and not offering:
        decision = without_an_offer(decision) or decision
    appointment = rows.appointments.get(decision.appointment_id or 0)
    if writes_set_wise(decision, appointment):
        reopened = (
            decision.new_status in OPEN_STATUSES
            and appointment is not None
            and appointment.status not in OPEN_STATUSES
        )
        write_decision(writes, customer, message, decision, rows)
        if decision.settles:
            items = known.waiting_items[customer.id]
            known.waiting_items[customer.id] = tuple(
                i for i in items if i.id not in decision.settles
            )
        return decision.inbox is None and not reopened
    # The pending rows first: the ORM's writes follow them, in the order decided.
    writes.execute()
    rows.texts_waiting = known.texts_waiting | writes.waiting_about()
    message.processed_at = now
    apply_decision(session, customer, message, decision, rows, now=now)
    session.flush()
    return False


def _last_updated(appointments: Iterable[Appointment]) -> Appointment | None:
    """The one changed last (the newest ``updated_at``; the newest id among equals)."""
    return max(appointments, key=lambda a: (a.updated_at, a.id), default=None)


def _offer(
    session: Session,
    writes: BatchWrites,
    salon: Salon,
    offer: Offer | None,
    read: ReadReply,
    rows: Rows,
) -> OfferState | None:
    """The customer's newest offer of an open appointment. When the reply picks from it or
    declines it, its appointment and the offer are locked and read again (a sweep that expired
    it meanwhile is seen); a pick of a slot also locks the salon's row, so two customers' picks
    of one slot are taken one after the other and the second sees the first's appointment."""
    if offer is None:
        return None
    slots = tuple(slots_of(offer))
    state = _offer_state(offer, offer.appointment, slots, rows)
    pick = read.pick.against(slots, tz=salon.timezone)
    if not state.answerable(read.received_at) or pick.kind is PickKind.NOT_A_PICK:
        return state
    writes.execute()  # read again below: the rows as this batch left them
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
