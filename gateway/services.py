"""Use cases: book an appointment, understand a customer's reply, create a salon.

Each takes a session and keyword-only arguments and returns a result; none commits — the caller's
transaction does, and only then enqueues the outbound messages the result names.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway import sms_text
from gateway.domain.lifecycle import (
    APPOINTMENT_INTENTS,
    OPEN_STATUSES,
    AppointmentStatus,
    Intent,
    new_ref,
    reply_outcome,
)
from gateway.domain.phones import InvalidPhoneNumber, mask, sender_to_e164, to_e164
from gateway.domain.replies import parse_reply
from gateway.domain.segments import count_segments
from gateway.domain.wording import appointment_when
from gateway.models import (
    Appointment,
    Customer,
    Message,
    MessageDirection,
    MessageStatus,
    Salon,
    StatusChange,
)

log = logging.getLogger(__name__)

#: Templates that may still go to a customer who has opted out: the confirmation of that choice.
_SENT_DESPITE_OPT_OUT = frozenset({"opted_out"})


class ServiceError(Exception):
    """A request the service refuses; ``code`` is stable for API clients."""

    code = "invalid_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(ServiceError):
    code = "conflict"


# ---------------------------------------------------------------------------------------------
# Salons


def hash_api_key(api_key: str) -> str:
    # API keys are 190 random bits, so a plain SHA-256 is enough to make a stolen table useless.
    return hashlib.sha256(api_key.encode()).hexdigest()


def create_salon(
    session: Session, *, name: str, sender_number: str, timezone: str, locale: str
) -> tuple[Salon, str]:
    """A new salon and its API key (returned once, stored only as a hash)."""
    api_key = "sk_" + secrets.token_urlsafe(24)
    salon = Salon(
        name=name,
        sender_number=sender_number,
        timezone=timezone,
        locale=locale,
        api_key_hash=hash_api_key(api_key),
    )
    session.add(salon)
    session.flush()
    return salon, api_key


def salon_for_api_key(session: Session, api_key: str) -> Salon | None:
    return session.scalar(select(Salon).where(Salon.api_key_hash == hash_api_key(api_key)))


# ---------------------------------------------------------------------------------------------
# Booking


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
    queued_message_ids: list[int] = field(default_factory=list)


def book(session: Session, *, salon: Salon, booking: Booking, now: datetime) -> BookingResult:
    """Create or update the salon's appointment ``booking.external_id``.

    A new appointment, or one whose time or customer changed, starts (again) unconfirmed and gets
    a confirmation request; messages still queued about the old time are not sent.
    """
    if booking.starts_at <= now:
        raise ServiceError("starts_at must be in the future", field="starts_at")
    customer = _customer(session, salon=salon, phone=booking.phone)
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
            return _update_booking(session, appointment, customer, booking, now)
        appointment = Appointment(
            salon_id=salon.id,
            customer_id=customer.id,
            external_id=booking.external_id,
            ref=new_ref(_open_refs(session, salon.id)),
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
        result = BookingResult(appointment, created=True)
        if booking.send_confirmation:
            result.queued_message_ids += _queue(
                session, appointment, "confirmation_request", now=now
            )
        return result
    raise Conflict("could not store the appointment; try again")


def _update_booking(
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
        )
    appointment.customer_id = customer.id
    appointment.customer = customer
    appointment.service = booking.service
    appointment.stylist = booking.stylist
    appointment.starts_at = booking.starts_at
    appointment.duration_minutes = booking.duration_minutes
    appointment.updated_at = now
    result = BookingResult(appointment, created=False)
    if moved:
        _cancel_queued(session, appointment_id=appointment.id)
        _move(session, appointment, AppointmentStatus.UNCONFIRMED, cause="reschedule", now=now)
        if booking.send_confirmation:
            result.queued_message_ids += _queue(
                session, appointment, "confirmation_request", now=now
            )
    return result


def _customer(session: Session, *, salon: Salon, phone: str) -> Customer:
    """The salon's customer with this number, created on first sight (safe under concurrency)."""
    for _ in range(3):
        found = session.scalar(
            select(Customer).where(Customer.salon_id == salon.id, Customer.phone == phone)
        )
        if found is not None:
            return found
        customer = Customer(salon_id=salon.id, phone=phone)
        try:
            with session.begin_nested():
                session.add(customer)
        except IntegrityError:
            continue
        return customer
    raise Conflict("could not store the customer; try again")


def _open_refs(session: Session, salon_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Appointment.ref).where(
                Appointment.salon_id == salon_id, Appointment.status.in_(OPEN_STATUSES)
            )
        )
    )


def _move(
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
            from_status=appointment.status.value,
            to_status=to.value,
            cause=cause,
            message_id=message.id if message else None,
            created_at=now,
        )
    )
    appointment.status = to
    appointment.updated_at = now


def _cancel_queued(session: Session, *, appointment_id: int) -> None:
    session.execute(
        update(Message)
        .where(Message.appointment_id == appointment_id, Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.CANCELLED)
    )


# ---------------------------------------------------------------------------------------------
# Outbound messages


def _appointment_context(appointment: Appointment, locale: str) -> dict[str, object]:
    salon = appointment.salon
    date, time = appointment_when(appointment.starts_at, salon.timezone, locale)
    return {
        "salon_name": salon.name,
        "date": date,
        "time": time,
        "service": appointment.service or "",
        "stylist": appointment.stylist or "",
        "ref": appointment.ref,
    }


def _locale_for(customer: Customer) -> str:
    return customer.locale or customer.salon.locale


def _queue(
    session: Session,
    appointment: Appointment,
    template: str,
    *,
    now: datetime,
) -> list[int]:
    """Queue ``template`` about ``appointment`` to its customer; returns the ids to enqueue."""
    customer = appointment.customer
    locale = _locale_for(customer)
    return _queue_text(
        session,
        customer=customer,
        appointment_id=appointment.id,
        template=template,
        locale=locale,
        context=_appointment_context(appointment, locale),
        now=now,
    )


def _queue_text(
    session: Session,
    *,
    customer: Customer,
    appointment_id: int | None,
    template: str,
    locale: str,
    context: dict[str, object],
    now: datetime,
) -> list[int]:
    if customer.opted_out and template not in _SENT_DESPITE_OPT_OUT:
        log.info("not sending %s to %s: opted out", template, mask(customer.phone))
        return []
    body = sms_text.render(template, locale, **context)
    message = Message(
        salon_id=customer.salon_id,
        customer_id=customer.id,
        appointment_id=appointment_id,
        direction=MessageDirection.OUTBOUND,
        body=body,
        template=template,
        locale=locale,
        status=MessageStatus.QUEUED,
        segments=count_segments(body),
        created_at=now,
    )
    session.add(message)
    session.flush()
    return [message.id]


# ---------------------------------------------------------------------------------------------
# Inbound replies


@dataclass(slots=True)
class InboundResult:
    """What became of an inbound SMS."""

    #: False when no salon owns the number it was sent to (nothing was stored).
    salon_found: bool
    #: True when this provider message was stored before (a webhook retry).
    duplicate: bool = False
    message_id: int | None = None
    intent: Intent | None = None
    appointment_id: int | None = None
    queued_message_ids: list[int] = field(default_factory=list)


def handle_inbound(
    session: Session,
    *,
    provider: str,
    provider_sid: str,
    from_number: str,
    to_number: str,
    body: str,
    now: datetime,
    opt_out_type: str | None = None,
) -> InboundResult:
    """Store a customer's SMS once, act on what it means, and queue our answer.

    ``opt_out_type`` is the provider's own reading of the text (Twilio's OptOutType: STOP, START,
    HELP); it is honoured even where our parser reads the words differently.
    """
    salon = session.scalar(select(Salon).where(Salon.sender_number == _e164_or_raw(to_number)))
    if salon is None:
        return InboundResult(salon_found=False)
    try:
        phone = to_e164(from_number, default_region=None)
    except InvalidPhoneNumber:
        phone = None
    customer = _customer(session, salon=salon, phone=phone) if phone else None

    parsed = parse_reply(body)
    intent = parsed.intent
    provider_opt_out = (opt_out_type or "").upper()
    if provider_opt_out == "STOP" and intent not in APPOINTMENT_INTENTS:
        intent = Intent.OPT_OUT
    elif provider_opt_out == "START":
        intent = Intent.OPT_IN
    elif provider_opt_out == "HELP" and intent is Intent.UNKNOWN:
        intent = Intent.HELP

    message = Message(
        salon_id=salon.id,
        customer_id=customer.id if customer else None,
        direction=MessageDirection.INBOUND,
        body=body,
        intent=intent.value,
        status=MessageStatus.RECEIVED,
        segments=count_segments(body),
        provider=provider,
        provider_sid=provider_sid,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # The provider sent this message before (a retry, or two deliveries at once): the
        # first one did all the work.
        return InboundResult(salon_found=True, duplicate=True)

    result = InboundResult(salon_found=True, message_id=message.id, intent=intent)
    if customer is None:
        log.info("inbound %s from an unusable number; stored only", provider_sid)
        return result

    if provider_opt_out == "STOP" and intent in APPOINTMENT_INTENTS:
        # Twilio reads CANCEL as an opt-out; the customer meant the appointment, but Twilio
        # will block our texts from now on, so both are recorded.
        _opt_out(session, customer, now=now, answer=False)

    if intent is Intent.OPT_OUT:
        result.queued_message_ids += _opt_out(session, customer, now=now, answer=True)
    elif intent is Intent.OPT_IN:
        result.queued_message_ids += _opt_in(session, customer, now=now)
    elif intent is Intent.HELP:
        result.queued_message_ids += _answer(session, customer, "help", now=now)
    else:
        _answer_about_appointment(session, customer, message, parsed.ref, intent, now, result)
    return result


def _answer_about_appointment(
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
                Appointment.starts_at > now,
            )
            .order_by(Appointment.starts_at, Appointment.id)
            # Two replies from one customer at once are applied one after the other.
            .with_for_update()
        )
    )
    target = _target(session, customer, candidates, ref, now)
    if target is None:
        if candidates and intent in APPOINTMENT_INTENTS:
            result.queued_message_ids += _answer_ambiguous(session, customer, candidates, now)
        elif intent in APPOINTMENT_INTENTS:
            result.queued_message_ids += _answer(session, customer, "no_appointment", now=now)
        else:
            result.queued_message_ids += _answer(session, customer, "help", now=now)
        return

    message.appointment_id = target.id
    result.appointment_id = target.id
    if intent not in APPOINTMENT_INTENTS:
        # Unclear: nothing changes, staff can read the message, the customer is told how to reply.
        result.queued_message_ids += _answer(
            session, customer, "help", now=now, appointment_id=target.id
        )
        return
    outcome = reply_outcome(target.status, intent)
    if outcome.new_status is not None:
        _move(session, target, outcome.new_status, cause="customer_reply", now=now, message=message)
    result.queued_message_ids += _queue(session, target, outcome.answer_template, now=now)


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
    template: str,
    *,
    now: datetime,
    appointment_id: int | None = None,
) -> list[int]:
    return _queue_text(
        session,
        customer=customer,
        appointment_id=appointment_id,
        template=template,
        locale=_locale_for(customer),
        context={"salon_name": customer.salon.name},
        now=now,
    )


def _answer_ambiguous(
    session: Session, customer: Customer, candidates: Sequence[Appointment], now: datetime
) -> list[int]:
    locale = _locale_for(customer)
    listed = [_appointment_context(a, locale) for a in candidates]
    return _queue_text(
        session,
        customer=customer,
        appointment_id=None,
        template="ambiguous",
        locale=locale,
        context={"salon_name": customer.salon.name, "appointments": listed},
        now=now,
    )


def _opt_out(session: Session, customer: Customer, *, now: datetime, answer: bool) -> list[int]:
    """Stop all texts to this customer from this salon; confirm it once, never again."""
    already = customer.opted_out
    if not already:
        customer.opted_out_at = now
        session.execute(
            update(Message)
            .where(
                Message.customer_id == customer.id,
                Message.direction == MessageDirection.OUTBOUND,
                Message.status == MessageStatus.QUEUED,
            )
            .values(status=MessageStatus.CANCELLED)
        )
    if already or not answer:
        return []
    return _answer(session, customer, "opted_out", now=now)


def _opt_in(session: Session, customer: Customer, *, now: datetime) -> list[int]:
    customer.opted_out_at = None
    return _answer(session, customer, "opted_in", now=now)


def _e164_or_raw(number: str) -> str:
    try:
        return sender_to_e164(number)
    except InvalidPhoneNumber:
        return number.strip()
