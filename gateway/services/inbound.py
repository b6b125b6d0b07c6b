"""A customer's SMS: stored once by the webhook, then understood and acted on by a worker:
the right appointment changes, the customer is answered, the salon's CRM is told."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, or_, select, text
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
from gateway.domain.phones import InvalidPhoneNumber, sender_to_e164, to_e164
from gateway.domain.replies import parse_reply
from gateway.domain.segments import count_segments
from gateway.domain.texts import TemplateName
from gateway.models import (
    Appointment,
    Customer,
    Message,
    MessageDirection,
    MessageStatus,
    Salon,
    UTCDateTime,
)
from gateway.services import inbox
from gateway.services.changes import move_appointment, opt_out
from gateway.services.events import emit
from gateway.services.handoff import Work, hand_off
from gateway.services.offers import answer_offer, offer_for_change
from gateway.services.outbox import (
    appointment_context,
    cancel_queued,
    locale_for,
    queue_about,
    queue_text,
)
from gateway.services.salons import customer_for
from gateway.services.strangers import STRANGER_ANSWERS, answered_today, is_stranger

log = logging.getLogger(__name__)


_STORED_COLUMNS = (
    "salon_id customer_id direction body intent opt_out_type status segments provider "
    "provider_sid created_at send_after processed_at"
).split()
# The webhook's one write. Written as SQL because SQLAlchemy compiles its dialect-specific
# ON CONFLICT constructs anew for every execution (they have no cache key), which cost the
# webhook about a millisecond a reply; this text is compiled once and is the same on
# PostgreSQL and SQLite (3.35+).
_STORE_ONCE = text(
    f"INSERT INTO messages ({', '.join(_STORED_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in _STORED_COLUMNS)}) "
    "ON CONFLICT (provider, provider_sid) DO NOTHING RETURNING id"
).bindparams(*(bindparam(c, type_=UTCDateTime()) for c in _STORED_COLUMNS if c.endswith("_at")))


@dataclass(frozen=True, slots=True)
class Received:
    """What the webhook did with an inbound SMS."""

    #: False when no salon owns the number it was sent to (nothing was stored).
    salon_found: bool
    #: True when this provider message was stored before (a webhook retry).
    duplicate: bool = False


def receive_reply(
    session: Session,
    *,
    provider: str,
    provider_sid: str,
    from_number: str,
    to_number: str,
    body: str,
    now: datetime,
    opt_out_type: str | None = None,
    salon: Salon | None = None,
) -> Received:
    """Store a customer's SMS once and hand it off, nothing more: a worker acts on it after
    commit (``process_replies``).

    This is all the webhook does, so Twilio gets its answer in milliseconds however busy the
    salon is. ``opt_out_type`` is the provider's own reading of the text (Twilio's OptOutType).
    ``salon`` is the salon a push was routed to (China providers); without it, ``to_number`` —
    the salon's own sender number — picks it.
    """
    if salon is None:
        salon = session.scalar(select(Salon).where(Salon.sender_number == _e164_or_raw(to_number)))
    if salon is None:
        return Received(salon_found=False)
    try:
        phone: str | None = to_e164(from_number, default_region=None)
    except InvalidPhoneNumber:
        phone = None
    customer = customer_for(session, salon=salon, phone=phone) if phone else None
    values: dict[str, object] = {
        "salon_id": salon.id,
        "customer_id": customer.id if customer else None,
        "direction": MessageDirection.INBOUND,
        "body": body,
        "status": MessageStatus.RECEIVED,
        "segments": count_segments(body),
        "provider": provider,
        "provider_sid": provider_sid,
        "opt_out_type": (opt_out_type or "").upper()[:10] or None,
        "created_at": now,
        "send_after": now,
        "intent": None,
        "processed_at": None,
    }
    if customer is None:
        # Nobody to answer and nothing to change: understood for the record, and done.
        values |= {"intent": parse_reply(body).intent.value, "processed_at": now}
    # The provider retries webhooks, sometimes twice at once: the unique (provider, sid) index
    # decides which delivery stores the row; the others store nothing and act on nothing.
    message_id = session.scalar(_STORE_ONCE, values)
    if message_id is None:
        return Received(salon_found=True, duplicate=True)
    if customer is None:
        log.info("inbound %s from an unusable number; stored only", provider_sid)
        inbox.note_unusable_sender(session, message_id=message_id, now=now)
        return Received(salon_found=True)
    hand_off(session, Work.REPLY, message_id)
    return Received(salon_found=True)


@dataclass(slots=True)
class InboundResult:
    """What became of the replies a worker processed."""

    processed: int = 0


def process_replies(session: Session, *, message_id: int, now: datetime) -> InboundResult:
    """Act on reply ``message_id`` and on any earlier reply of the same customer still waiting.

    The customer's row is locked first, so two workers never act on one customer's replies at
    once, and replies are taken in the order they were received (``created_at``, the moment
    the webhook took them; then id): 确认 then 取消 ends cancelled, whichever job runs first.
    Not in id order alone: ids are handed out before commit, so a reply received later can
    hold the smaller id. A reply already processed is skipped, so running this twice is harmless.
    """
    result = InboundResult()
    message = session.get(Message, message_id)
    if message is None or message.customer_id is None or message.processed_at is not None:
        return result
    customer = session.scalar(
        select(Customer).where(Customer.id == message.customer_id).with_for_update()
    )
    assert customer is not None
    waiting = session.scalars(
        select(Message)
        .where(
            Message.customer_id == customer.id,
            Message.direction == MessageDirection.INBOUND,
            Message.processed_at.is_(None),
            or_(
                Message.created_at < message.created_at,
                and_(Message.created_at == message.created_at, Message.id <= message_id),
            ),
        )
        .order_by(Message.created_at, Message.id)
    ).all()
    for reply in waiting:
        _act_on(session, customer, reply, now, result)
        reply.processed_at = now
        inbox.note_reply(session, customer, reply, now=now)
        result.processed += 1
    return result


def _act_on(
    session: Session, customer: Customer, message: Message, now: datetime, result: InboundResult
) -> None:
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
        _about_appointment(session, customer, message, parsed.ref, intent, now, result)


def _about_appointment(
    session: Session,
    customer: Customer,
    message: Message,
    ref: str | None,
    intent: Intent,
    now: datetime,
    result: InboundResult,
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


def _e164_or_raw(number: str) -> str:
    try:
        return sender_to_e164(number)
    except InvalidPhoneNumber:
        return number.strip()
