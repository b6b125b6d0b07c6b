"""Outbound SMS as rows: queue them (respecting quiet hours), and relay what the queue lost.

A message is a row first, committed with whatever caused it; the job queue only carries its id.
The relay finds rows still ``queued`` whose time has come and hands them to the queue again, so
a Redis outage or a lost job delays a text but never loses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from gateway.domain.phones import mask
from gateway.domain.schedule import QuietHours, next_decent_time
from gateway.domain.segments import count_segments
from gateway.domain.wording import appointment_when
from gateway.models import Appointment, Customer, Message, MessageDirection, MessageStatus
from gateway.services.provider_state import not_held
from gateway.services.templates import compose_for

log = logging.getLogger(__name__)

#: Templates that may still go to a customer who has opted out: the confirmation of that choice.
SENT_DESPITE_OPT_OUT = frozenset({"opted_out"})
#: A queued row not picked up this long after it was enqueued is enqueued again.
RELAY_AFTER = timedelta(minutes=3)
#: A row claimed by a worker this long ago without a result: the worker died mid-send.
STALE_SENDING = timedelta(minutes=10)
#: A text that could not be sent for this long is given up (it would arrive out of context).
GIVE_UP_AFTER = timedelta(hours=24)
RELAY_BATCH = 1000


def locale_for(customer: Customer) -> str:
    return customer.locale or customer.salon.locale


def appointment_context(appointment: Appointment, locale: str) -> dict[str, object]:
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


def queue_text(
    session: Session,
    *,
    customer: Customer,
    appointment_id: int | None,
    template: str,
    locale: str,
    context: dict[str, object],
    now: datetime,
    send_after: datetime | None = None,
) -> list[int]:
    """Store ``template`` for ``customer`` as a queued row.

    Returns the ids to enqueue once the transaction commits: this row's, unless it waits for
    ``send_after`` (the relay enqueues it then) or the customer has opted out (no row at all).
    """
    if customer.erased_at is not None:
        return []  # erased: there is no number any more, and no one to write to
    if customer.opted_out and template not in SENT_DESPITE_OPT_OUT:
        log.info("not sending %s to %s: opted out", template, mask(customer.phone))
        return []
    due_now = send_after is None or send_after <= now
    message = _message(session, customer, appointment_id, template, locale, context, now)
    message.send_after = send_after or now
    # Enqueued right after commit; if that fails, the relay tries again after RELAY_AFTER.
    message.enqueued_at = now if due_now else None
    session.add(message)
    session.flush()
    return [message.id] if due_now else []


def queue_about(
    session: Session,
    appointment: Appointment,
    template: str,
    *,
    now: datetime,
    unprompted: bool = False,
) -> list[int]:
    """Queue ``template`` about ``appointment`` to its customer.

    ``unprompted`` texts (requests, reminders, the salon's own news) wait out quiet hours; an
    answer to the customer's own message goes at once.
    """
    customer = appointment.customer
    locale = locale_for(customer)
    context = appointment_context(appointment, locale)
    send_after = None
    if unprompted:
        salon = appointment.salon
        send_after = next_decent_time(now, salon.timezone, QuietHours.parse(salon.quiet_hours))
        if send_after >= appointment.starts_at:
            _record_not_sent(
                session,
                appointment,
                template,
                locale,
                context,
                now,
                "quiet hours last until the appointment; not sent",
            )
            return []
    return queue_text(
        session,
        customer=customer,
        appointment_id=appointment.id,
        template=template,
        locale=locale,
        context=context,
        now=now,
        send_after=send_after,
    )


def _record_not_sent(
    session: Session,
    appointment: Appointment,
    template: str,
    locale: str,
    context: dict[str, object],
    now: datetime,
    reason: str,
) -> None:
    """Keep a text we decided not to send in the thread, so staff can see the decision."""
    message = _message(
        session, appointment.customer, appointment.id, template, locale, context, now
    )
    message.status, message.error_message = MessageStatus.CANCELLED, reason
    session.add(message)


def _message(
    session: Session,
    customer: Customer,
    appointment_id: int | None,
    template: str,
    locale: str,
    context: dict[str, object],
    now: datetime,
) -> Message:
    """A queued outbound row for ``template``, written as the salon's provider delivers it (the
    customer's locale where that provider has the template, else the salon's) and measured."""
    text = compose_for(session, customer, template, locale, context)
    body, locale = text.body, text.locale
    return Message(
        salon_id=customer.salon_id,
        customer_id=customer.id,
        appointment_id=appointment_id,
        direction=MessageDirection.OUTBOUND,
        body=body,
        template=template,
        locale=locale,
        status=MessageStatus.QUEUED,
        segments=count_segments(body),
        template_params=text.params,
        created_at=now,
        send_after=now,
    )


#: Texts not yet handed to the provider: queued, or held over a daily cap until tomorrow. A
#: held text is as much about the old state as a queued one, so both are dropped together.
WAITING = (MessageStatus.QUEUED, MessageStatus.HELD)


def cancel_queued(session: Session, *, appointment_id: int) -> None:
    """Drop texts still waiting about this appointment (it moved, or was cancelled)."""
    session.execute(
        update(Message)
        .where(Message.appointment_id == appointment_id, Message.status.in_(WAITING))
        .values(status=MessageStatus.CANCELLED, error_message="the appointment changed")
    )


def cancel_queued_to(
    session: Session, *, customer_id: int, reason: str = "the customer opted out"
) -> int:
    """Drop every text still waiting for this customer; returns how many."""
    result = session.execute(
        update(Message)
        .where(
            Message.customer_id == customer_id,
            Message.direction == MessageDirection.OUTBOUND,
            Message.status.in_(WAITING),
        )
        .values(status=MessageStatus.CANCELLED, error_message=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(slots=True)
class RelayResult:
    to_enqueue: list[int] = field(default_factory=list)
    #: Stored replies no worker has acted on yet (their job was lost), for ``enqueue_replies``.
    replies: list[int] = field(default_factory=list)
    marked_uncertain: int = 0
    given_up: int = 0


def relay(session: Session, *, now: datetime, limit: int = RELAY_BATCH) -> RelayResult:
    """Find queued rows due and not (recently) enqueued; settle rows abandoned mid-send."""
    result = RelayResult()
    due = session.scalars(
        select(Message)
        .where(
            # Held rows (over yesterday's cap) go again like queued ones once their day comes.
            Message.status.in_((MessageStatus.QUEUED, MessageStatus.HELD)),
            Message.send_after <= now,
            or_(Message.enqueued_at.is_(None), Message.enqueued_at < now - RELAY_AFTER),
            # A salon whose provider refuses its texts gets one probe now and then instead.
            not_held(Message.salon_id),
        )
        .order_by(Message.send_after)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for message in due:
        if message.send_after < now - GIVE_UP_AFTER:
            message.status = MessageStatus.FAILED
            message.error_message = "could not be sent within 24 hours; given up"
            result.given_up += 1
            continue
        message.status, message.enqueued_at = MessageStatus.QUEUED, now
        result.to_enqueue.append(message.id)

    # Replies are processed within moments; one still waiting this long lost its job.
    result.replies = list(
        session.scalars(
            select(Message.id)
            .where(
                Message.direction == MessageDirection.INBOUND,
                Message.processed_at.is_(None),
                Message.created_at < now - RELAY_AFTER,
            )
            .order_by(Message.created_at)
            .limit(limit)
        )
    )

    # A worker that died between claiming a row and recording the provider's answer leaves it
    # 'sending'. The SMS may have gone: never resend blindly; a status callback can settle it.
    stale = session.execute(
        update(Message)
        .where(Message.status == MessageStatus.SENDING, Message.claimed_at < now - STALE_SENDING)
        .values(
            status=MessageStatus.UNCERTAIN,
            error_message="the worker stopped while sending; it may or may not have been sent",
        )
    )
    result.marked_uncertain = int(getattr(stale, "rowcount", 0) or 0)
    return result
