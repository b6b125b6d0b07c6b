"""A customer's stored reply, acted on by a worker: read (the pure ``gateway.domain.replies``),
matched to the right appointment, which changes; the customer is answered and the salon's CRM
told. Storing the reply is ``services.inbound``, on the webhook's path; this is the job's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import metrics
from gateway.domain.events import EventType
from gateway.domain.lifecycle import (
    APPOINTMENT_INTENTS,
    OPEN_STATUSES,
    AppointmentStatus,
    Intent,
    reply_outcome,
)
from gateway.domain.offer_hints import change_with_hint
from gateway.domain.replies import parse_reply
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Message, MessageDirection, Salon
from gateway.services import inbox
from gateway.services.changes import move_appointment, opt_out
from gateway.services.events import emit
from gateway.services.offer_answers import answer_offer
from gateway.services.offers import offer_for_change
from gateway.services.outbox import (
    appointment_context,
    cancel_queued,
    locale_for,
    queue_about,
    queue_text,
)
from gateway.services.strangers import STRANGER_ANSWERS, answered_today, is_stranger


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
    batch_rows += session.scalars(
        select(Salon).where(Salon.id.in_({c.salon_id for c in customers}))
    ).all()
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
            _act_on(session, customer, reply, now)
            inbox.note_reply(session, customer, reply, now=now)
            result.processed += 1
    return result


def _act_on(session: Session, customer: Customer, message: Message, now: datetime) -> None:
    parsed = parse_reply(message.body)
    intent = parsed.intent
    provider_opt_out = message.opt_out_type or ""
    if provider_opt_out == "STOP" and intent not in APPOINTMENT_INTENTS:
        intent = Intent.OPT_OUT
    elif provider_opt_out == "START":
        intent = Intent.OPT_IN
    elif provider_opt_out == "HELP" and intent is Intent.UNKNOWN:
        intent = Intent.HELP
    salon = customer.salon
    if (
        not provider_opt_out
        and intent is Intent.UNKNOWN
        and change_with_hint(
            message.body, original=message.created_at, now=message.created_at, tz=salon.timezone
        )
        is not None
    ):
        intent = Intent.CHANGE  # 变更 周五上午: a change, and when
    if not provider_opt_out and intent in APPOINTMENT_INTENTS | {Intent.UNKNOWN}:
        # While an offer of new times is open, B, 16:30 or 都不行 answer it.
        answered = answer_offer(session, customer, message, intent, now=now)
        if answered is not None and answered is not Intent.UNKNOWN:
            message.intent = answered
            metrics.reply_read(answered.value)
            return
        intent = answered or intent
    message.intent = intent
    metrics.reply_read(intent.value)

    if provider_opt_out == "STOP" and intent in APPOINTMENT_INTENTS:
        # Twilio reads CANCEL as an opt-out; the customer meant the appointment, but Twilio
        # will block our texts from now on, so both are recorded.
        opt_out(session, customer, now=now, answer=False)

    if intent is Intent.OPT_OUT:
        opt_out(session, customer, now=now, answer=True)
    elif intent is Intent.OPT_IN:
        if customer.opted_out:
            customer.opted_out_at = None
            emit(
                session,
                salon,
                EventType.CUSTOMER_OPTED_IN,
                now=now,
                customer=customer,
                message=message,
            )
        _answer(session, customer, TemplateName.OPTED_IN, now=now)
    elif intent is Intent.HELP:
        _answer(session, customer, TemplateName.HELP, now=now)
    else:
        # Which appointments were upcoming is judged at the time the customer wrote, not when
        # a (possibly delayed) worker reads it.
        _about_appointment(session, customer, message, parsed.ref, intent, now)


def _about_appointment(
    session: Session,
    customer: Customer,
    message: Message,
    ref: str | None,
    intent: Intent,
    now: datetime,
) -> None:
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
    target = _target(session, customer, candidates, ref, message.created_at)
    if target is None:
        if intent is Intent.UNKNOWN:
            emit(
                session,
                customer.salon,
                EventType.APPOINTMENT_REPLY_UNCLEAR,
                now=now,
                customer=customer,
                message=message,
            )
        if candidates and intent in APPOINTMENT_INTENTS:
            _answer_ambiguous(session, customer, candidates, now)
        elif intent in APPOINTMENT_INTENTS:
            _answer(session, customer, TemplateName.NO_APPOINTMENT, now=now)
        else:
            _answer(session, customer, TemplateName.HELP, now=now)
        return

    message.appointment_id = target.id
    if intent not in APPOINTMENT_INTENTS:
        # Unclear: nothing changes, staff can read the message, the customer is told how to reply.
        emit(
            session,
            customer.salon,
            EventType.APPOINTMENT_REPLY_UNCLEAR,
            now=now,
            appointment=target,
            customer=customer,
            message=message,
        )
        _answer(session, customer, TemplateName.HELP, now=now, appointment_id=target.id)
        return
    outcome = reply_outcome(target.status, intent)
    # The customer has answered: a request for an answer still waiting (quiet hours, the daily
    # cap) would only ask again.
    cancel_queued(
        session,
        appointment_id=target.id,
        templates=(TemplateName.CONFIRMATION_REQUEST,),
        reason="the customer answered before it went",
    )
    if outcome.new_status is not None:
        if outcome.new_status == AppointmentStatus.CANCELLED:
            cancel_queued(session, appointment_id=target.id)
        move_appointment(
            session, target, outcome.new_status, cause="customer_reply", now=now, message=message
        )
    if (
        intent is Intent.CHANGE
        and target.status == AppointmentStatus.CHANGE_REQUESTED
        and offer_for_change(session, target, now=now, asked_by=message) is not None
    ):
        return  # the offer of new times is the answer
    queue_about(session, target, outcome.answer_template, now=now)


def _target(
    session: Session,
    customer: Customer,
    candidates: Sequence[Appointment],
    ref: str | None,
    now: datetime,
) -> Appointment | None:
    """The appointment a reply is about, or None when it cannot be told for sure."""
    if ref is not None:
        for appointment in candidates:
            if appointment.ref == ref:
                return appointment
        # A ref of an appointment that is no longer open (cancelled): answer about that one.
        return session.scalar(
            select(Appointment)
            .where(
                Appointment.customer_id == customer.id,
                Appointment.ref == ref,
                Appointment.starts_at > now,
            )
            .order_by(Appointment.updated_at.desc())
            .limit(1)
        )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        # Replying to an appointment that was cancelled already is answered about that one.
        return session.scalar(
            select(Appointment)
            .where(
                Appointment.customer_id == customer.id,
                Appointment.status == AppointmentStatus.CANCELLED,
                Appointment.starts_at > now,
            )
            .order_by(Appointment.updated_at.desc())
            .limit(1)
        )
    return None


def _answer(
    session: Session,
    customer: Customer,
    template: TemplateName,
    *,
    now: datetime,
    appointment_id: int | None = None,
) -> None:
    # A number with no appointment here is answered once a salon day: more would let anyone
    # spend the salon's daily cap. The answer stays in the thread, not sent, saying why.
    once_a_day = (
        template in STRANGER_ANSWERS
        and appointment_id is None
        and is_stranger(session, customer)
        and answered_today(session, customer, now)
    )
    queue_text(
        session,
        customer=customer,
        appointment_id=appointment_id,
        template=template,
        locale=locale_for(customer),
        context={"salon_name": customer.salon.name},
        now=now,
        not_sent_because=(
            "not sent: this number, which has no appointment, was answered today"
            if once_a_day
            else None
        ),
    )


def _answer_ambiguous(
    session: Session, customer: Customer, candidates: Sequence[Appointment], now: datetime
) -> None:
    locale = locale_for(customer)
    listed = [appointment_context(a, locale) for a in candidates]
    queue_text(
        session,
        customer=customer,
        appointment_id=None,
        template=TemplateName.AMBIGUOUS,
        locale=locale,
        context={"salon_name": customer.salon.name, "appointments": listed},
        now=now,
    )
