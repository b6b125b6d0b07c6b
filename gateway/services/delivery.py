"""Handing a queued text to the provider, and what the provider tells us about it afterwards.

The send job calls ``claim_for_sending`` (its own transaction), ``start_provider_call`` (another),
then the provider, then ``record_sent`` or ``record_send_failure``: a row is claimed before any
byte leaves, so a second run of the same job finds it taken and sends nothing; and the moment the
provider call starts is on the row before the call, so a worker that died in between leaves a row
that is known not to have gone (the sweep queues it again) rather than one that may have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.schedule import local_day
from gateway.domain.texts import TemplateName
from gateway.models import Message, MessageDirection, MessageStatus, Salon
from gateway.services.changes import opt_out
from gateway.services.events import emit
from gateway.services.inbox import text_delivered
from gateway.services.outbox import SENT_DESPITE_OPT_OUT, TEXT_GIVE_UP_AFTER
from gateway.services.provider_state import Route, held_for_provider, route_for
from gateway.services.strangers import STRANGER_ANSWERS, is_stranger, stranger_allowance

#: Templates about an appointment that are pointless once it is closed or has begun.
_ABOUT_UPCOMING = frozenset(
    {TemplateName.CONFIRMATION_REQUEST, TemplateName.REMINDER, TemplateName.REMINDER_UNCONFIRMED}
)
#: Provider error codes meaning "the recipient has opted out of your texts".
OPTED_OUT_CODES = frozenset({"21610"})
#: Provider errors after which the text may or may not have gone.
UNCERTAIN_CODES = frozenset({"timeout", "connection_lost"})

#: How far along a text is; a status callback never moves a message backwards.
_RANK = {
    MessageStatus.QUEUED: 1,
    MessageStatus.SENDING: 2,
    MessageStatus.UNCERTAIN: 2,
    MessageStatus.SENT: 3,
    MessageStatus.DELIVERED: 4,
    MessageStatus.UNDELIVERED: 4,
    MessageStatus.FAILED: 4,
}
#: Twilio's MessageStatus words, in our terms.
_PROVIDER_STATUS = {
    "accepted": MessageStatus.QUEUED,
    "scheduled": MessageStatus.QUEUED,
    "queued": MessageStatus.QUEUED,
    "sending": MessageStatus.SENDING,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.UNDELIVERED,
    "failed": MessageStatus.FAILED,
}


@dataclass(frozen=True, slots=True)
class SendOrder:
    """What the job needs to call the provider, read inside the claiming transaction."""

    message_id: int
    to: str
    sender: str
    body: str
    #: The claim's time: ``start_provider_call`` goes ahead only if the row is still this claim's.
    claimed_at: datetime
    #: How it goes to the salon's provider (its body, or a template's code and values).
    route: Route | None = None
    #: The template it was rendered from (None for staff's own words), for the metrics.
    template: str | None = None


class TextSkip(StrEnum):
    """Why a send job found nothing to send; the value is what its job record says."""

    NOT_QUEUED = "not queued"
    NOT_DUE = "not due yet"
    NO_RECIPIENT = "no recipient"
    OPTED_OUT = "opted out"
    NO_LONGER_UPCOMING = "appointment no longer upcoming"
    PROVIDER_REFUSES = "held: the salon's provider refuses its texts"
    OVER_DAILY_CAP = "over the daily cap"


@dataclass(frozen=True, slots=True)
class TextNotClaimed:
    """``claim_for_sending``'s answer when there is nothing to send."""

    reason: TextSkip

    def __str__(self) -> str:
        return self.reason.value


def claim_for_sending(
    session: Session, *, message_id: int, now: datetime
) -> SendOrder | TextNotClaimed:
    """Take a queued, due row (queued → sending); otherwise say why there is nothing to send."""
    message = session.scalar(select(Message).where(Message.id == message_id).with_for_update())
    if message is None or message.status != MessageStatus.QUEUED:
        return TextNotClaimed(TextSkip.NOT_QUEUED)
    if message.send_after > now:
        return TextNotClaimed(TextSkip.NOT_DUE)  # quiet hours: the relay enqueues it when they end
    customer = message.customer
    if customer is None or customer.erased_at is not None:
        message.status, message.error_message = MessageStatus.FAILED, "no recipient"
        return TextNotClaimed(TextSkip.NO_RECIPIENT)
    if customer.opted_out and message.template not in SENT_DESPITE_OPT_OUT:
        message.status, message.error_message = MessageStatus.CANCELLED, "the customer opted out"
        return TextNotClaimed(TextSkip.OPTED_OUT)
    appointment = message.appointment
    if message.template in _ABOUT_UPCOMING and appointment is not None:
        if appointment.status not in OPEN_STATUSES or appointment.starts_at <= now:
            message.status = MessageStatus.CANCELLED
            message.error_message = f"the appointment is {appointment.status.value} or has begun"
            return TextNotClaimed(TextSkip.NO_LONGER_UPCOMING)
    if held_for_provider(session, message, now):
        return TextNotClaimed(TextSkip.PROVIDER_REFUSES)
    held_until = _over_daily_cap(session, message, now)
    if held_until is not None:
        return TextNotClaimed(TextSkip.OVER_DAILY_CAP)
    message.status = MessageStatus.SENDING
    message.claimed_at, message.provider_call_at = now, None
    sender = message.salon.sender_number or ""
    return SendOrder(
        message.id,
        customer.phone,
        sender,
        message.body,
        now,
        route_for(session, message),
        template=message.template.value if message.template is not None else None,
    )


def start_provider_call(session: Session, *, order: SendOrder, now: datetime) -> bool:
    """Record that the provider is about to be called for ``order``; False if the claim is no
    longer ours (the sweep took the row back after the claim expired): then send nothing."""
    result = session.execute(
        update(Message)
        .where(
            Message.id == order.message_id,
            Message.status == MessageStatus.SENDING,
            Message.claimed_at == order.claimed_at,
            Message.provider_call_at.is_(None),
        )
        .values(provider_call_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def _over_daily_cap(session: Session, message: Message, now: datetime) -> datetime | None:
    """Hold ``message`` until the salon's next day if today's cap is used up; else None.

    An answer to a number with no appointment is not held but dropped (it would be stale
    tomorrow) once the texts sent today reach ``stranger_allowance``: the rest of the cap is
    kept for texts about appointments. Then ``now`` is returned.

    The salon row is locked while counting, so concurrent workers cannot both take the last
    place: the cap is exact, whatever a bug or a stolen key tries.
    """
    salon = session.scalar(select(Salon).where(Salon.id == message.salon_id).with_for_update())
    assert salon is not None
    day_start, next_day = local_day(now, salon.timezone)
    sent_today = session.scalar(
        select(func.count())
        .select_from(Message)
        .where(
            Message.salon_id == salon.id,
            Message.direction == MessageDirection.OUTBOUND,
            Message.created_at >= day_start - TEXT_GIVE_UP_AFTER,  # bounds the index range read
            Message.claimed_at >= day_start,
        )
    )
    sent_today = sent_today or 0
    if (
        sent_today >= stranger_allowance(salon.daily_sms_cap)
        and message.template in STRANGER_ANSWERS
        and message.appointment_id is None
        and message.customer is not None
        and is_stranger(session, message.customer)
    ):
        message.status, message.enqueued_at = MessageStatus.CANCELLED, None
        message.error_message = (
            "not sent: the rest of today's texts are kept for appointments (this number has none)"
        )
        return now
    if sent_today < salon.daily_sms_cap:
        return None
    first_held_today = not session.scalar(
        select(Message.id)
        .where(
            Message.salon_id == salon.id,
            Message.status == MessageStatus.HELD,
            Message.send_after == next_day,
        )
        .limit(1)
    )
    message.status, message.send_after, message.enqueued_at = MessageStatus.HELD, next_day, None
    message.error_message = (
        f"daily cap of {salon.daily_sms_cap} texts reached; held until the next day"
    )
    if first_held_today:
        emit(session, salon, EventType.SALON_SMS_CAP_REACHED, now=now, message=message)
    return next_day


def record_sent(
    session: Session, *, message_id: int, provider: str, sid: str, now: datetime
) -> None:
    message = session.get_one(Message, message_id)
    message.provider, message.provider_sid = provider, sid
    if _RANK.get(message.status, 0) < _RANK[MessageStatus.SENT]:
        message.status = MessageStatus.SENT
    message.sent_at = now
    message.error_code = message.error_message = None


def record_send_failure(
    session: Session,
    *,
    message_id: int,
    provider: str,
    code: str | None,
    error: str,
    retryable: bool,
    now: datetime,
) -> None:
    """Record why the provider did not take a text, and what that means for the customer."""
    message = session.get_one(Message, message_id)
    message.provider, message.error_code, message.error_message = provider, code, error
    if retryable:
        # Back in the queue for RQ's retry (the provider refused it: nothing went).
        message.status, message.enqueued_at = MessageStatus.QUEUED, now
        message.provider_call_at = None
    elif code in UNCERTAIN_CODES:
        message.status = MessageStatus.UNCERTAIN
    else:
        message.status = MessageStatus.FAILED
        report_failed(session, message, now)
        if code in OPTED_OUT_CODES and message.customer is not None:
            opt_out(session, message.customer, now=now, answer=False)


def report_failed(session: Session, message: Message, now: datetime) -> None:
    """Tell the salon's CRM that ``message`` failed (``message.failed``)."""
    emit(
        session,
        message.salon,
        EventType.MESSAGE_FAILED,
        now=now,
        appointment=message.appointment,
        customer=message.customer,
        message=message,
    )


def record_delivery_receipt(
    session: Session,
    *,
    provider: str,
    provider_sid: str,
    status: str,
    error_code: str | None,
    message_id: int | None,
    now: datetime,
) -> bool:
    """Apply an SMS delivery receipt (a status callback or a push). Receipts come late, twice
    and out of order: a status never moves a message back (delivered stays delivered). Returns
    False for an unknown message.
    """
    message = session.scalar(
        select(Message)
        .where(Message.provider == provider, Message.provider_sid == provider_sid)
        .with_for_update()
    )
    if message is None and message_id is not None:
        # The send timed out before we learnt the sid: the callback settles the uncertainty.
        message = session.scalar(
            select(Message)
            .where(Message.id == message_id, Message.provider_sid.is_(None))
            .with_for_update()
        )
        if message is not None:
            message.provider, message.provider_sid = provider, provider_sid
    if message is None:
        return False
    new = _PROVIDER_STATUS.get(status.lower())
    if error_code and error_code != "0":
        message.error_code = error_code
    if new is not None and _RANK[new] > _RANK.get(message.status, 0):
        message.status = new
        if new == MessageStatus.SENT and message.sent_at is None:
            message.sent_at = now
        if new in (MessageStatus.FAILED, MessageStatus.UNDELIVERED):
            report_failed(session, message, now)
        if new == MessageStatus.DELIVERED:
            text_delivered(session, message, now=now)
    if error_code in OPTED_OUT_CODES and message.customer is not None:
        opt_out(session, message.customer, now=now, answer=False)
    return True
