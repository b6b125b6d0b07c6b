"""Outbound SMS as rows: queue them (respecting quiet hours), and relay what the queue lost.

A message is a row first, committed with whatever caused it; the job queue only carries its id.
The relay finds rows still ``queued`` whose time has come and hands them to the queue again, so
a Redis outage or a lost job delays a text but never loses it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from gateway.bulk import insert_rows
from gateway.domain.events import EventType
from gateway.domain.phones import mask
from gateway.domain.schedule import QuietHours, next_decent_time
from gateway.domain.segments import count_segments
from gateway.domain.texts import TemplateName
from gateway.domain.wording import appointment_when
from gateway.models import Appointment, Customer, Message, MessageDirection, MessageStatus
from gateway.services.events import emit
from gateway.services.handoff import Work, hand_off
from gateway.services.provider_state import not_held
from gateway.services.templates import compose_for

log = logging.getLogger(__name__)

#: Templates that may still go to a customer who has opted out: the confirmation of that choice.
SENT_DESPITE_OPT_OUT = frozenset({TemplateName.OPTED_OUT})
#: A queued row whose job Redis still holds is enqueued again only this long after it was
#: enqueued (in case the worker running it died). A row whose job Redis no longer holds (Redis
#: restarted empty, or was down when the row was committed) goes again at the next sweep.
RELAY_AFTER = timedelta(minutes=3)
#: A row claimed this long ago that never reached the provider: the worker died in between.
CLAIM_EXPIRES = timedelta(minutes=1)
#: A row claimed by a worker this long ago without a result: the worker died mid-send.
STALE_SENDING = timedelta(minutes=10)
#: An uncertain text no status callback settled within this long is reported to the salon.
UNCERTAIN_REPORT_AFTER = timedelta(hours=1)
#: A text that could not be sent for this long is given up (it would arrive out of context).
TEXT_GIVE_UP_AFTER = timedelta(hours=24)
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
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
    send_after: datetime | None = None,
    not_sent_because: str | None = None,
) -> Message | None:
    """Store ``template`` for ``customer`` as a queued row, handed off to be sent once the
    transaction commits unless it waits for ``send_after`` (the relay hands it off then).

    Returns the row; None when the customer has opted out or was erased (no row at all). With
    ``not_sent_because``, the row is kept in the thread as cancelled, saying why, and not sent.
    """
    if customer.erased_at is not None:
        return None  # erased: there is no number any more, and no one to write to
    if customer.opted_out and template not in SENT_DESPITE_OPT_OUT:
        log.info("not sending %s to %s: opted out", template, mask(customer.phone))
        return None
    message = _message(session, customer, appointment_id, template, locale, context, now)
    if not_sent_because is not None:
        message.status, message.error_message = MessageStatus.CANCELLED, not_sent_because
        session.add(message)
        session.flush()
        return message
    due_now = send_after is None or send_after <= now
    message.send_after = send_after or now
    # Handed off right after commit; if that fails, the relay tries again after RELAY_AFTER.
    message.enqueued_at = now if due_now else None
    session.add(message)
    session.flush()
    if due_now:
        hand_off(session, Work.SEND, message.id)
    return message


def queue_about(
    session: Session,
    appointment: Appointment,
    template: TemplateName,
    *,
    now: datetime,
    unprompted: bool = False,
) -> Message | None:
    """Queue ``template`` about ``appointment`` to its customer (see ``queue_text``).

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
            return None
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
    template: TemplateName,
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
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
) -> Message:
    """A queued outbound row for ``template`` (see ``text_row``)."""
    return Message(**text_row(session, customer, appointment_id, template, locale, context, now))


def text_row(
    session: Session,
    customer: Customer,
    appointment_id: int | None,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
) -> dict[str, Any]:
    """The columns of a queued outbound text for ``template``, written as the salon's provider
    delivers it (the customer's locale where that provider has the template, else the salon's)
    and measured; due now, not yet handed off."""
    text = compose_for(session, customer, template, locale, context)
    body = text.body
    return {
        "salon_id": customer.salon_id,
        "customer_id": customer.id,
        "appointment_id": appointment_id,
        "direction": MessageDirection.OUTBOUND,
        "body": body,
        "template": template,
        "locale": text.locale,
        "status": MessageStatus.QUEUED,
        "segments": count_segments(body),
        "template_params": text.params,
        "created_at": now,
        "send_after": now,
        "enqueued_at": None,
        "error_message": None,
    }


def store_texts(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many texts built by ``text_row`` in one statement; hand off those due now
    (``enqueued_at`` set) once the transaction commits. Their ids, in the order of ``rows``."""
    ids = insert_rows(session, Message, rows)
    for row, message_id in zip(rows, ids, strict=True):
        if row["status"] == MessageStatus.QUEUED and row["enqueued_at"] is not None:
            hand_off(session, Work.SEND, message_id)
    return ids


#: Texts not yet handed to the provider: queued, or held over a daily cap until tomorrow. A
#: held text is as much about the old state as a queued one, so both are dropped together.
WAITING = (MessageStatus.QUEUED, MessageStatus.HELD)


def cancel_queued(
    session: Session,
    *,
    appointment_id: int,
    templates: tuple[TemplateName, ...] | None = None,
    reason: str = "the appointment changed",
) -> None:
    """Drop texts still waiting about this appointment (it moved, or was cancelled), or only
    those made from ``templates``."""
    waiting = [Message.appointment_id == appointment_id, Message.status.in_(WAITING)]
    if templates is not None:
        waiting.append(Message.template.in_(templates))
    session.execute(
        update(Message)
        .where(*waiting)
        .values(status=MessageStatus.CANCELLED, error_message=reason),
        # Refresh only the rows the UPDATE matched (RETURNING). The default tests every object
        # the session holds against the criteria: a worker's batch of replies holds hundreds,
        # and that test cost more than the rest of acting on a reply.
        execution_options={"synchronize_session": "fetch"},
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


#: Asks the job queue which of these row ids it no longer holds a job for (``SmsQueue``).
LostJobs = Callable[[list[int]], list[int]]


@dataclass(slots=True)
class RelayResult:
    #: Queued texts handed off again (their job was lost, or their time came).
    relayed: int = 0
    #: Stored replies no worker has acted on yet (their job was lost), handed off again.
    replies: int = 0
    marked_uncertain: int = 0
    #: Rows a worker claimed and died before calling the provider with: queued again.
    reclaimed: int = 0
    #: Uncertain texts nothing settled within UNCERTAIN_REPORT_AFTER: the CRM was told.
    reported_uncertain: int = 0
    given_up: int = 0


def relay(
    session: Session,
    *,
    now: datetime,
    limit: int = RELAY_BATCH,
    lost_sends: LostJobs | None = None,
    lost_replies: LostJobs | None = None,
) -> RelayResult:
    """Find queued rows due whose job is gone; settle rows abandoned mid-send.

    A row enqueued less than RELAY_AFTER ago is re-enqueued only when ``lost_sends`` /
    ``lost_replies`` (the job queue) say its job is gone, e.g. Redis restarted empty or was
    down when the row was committed; without them, it is left to its job until then.
    """
    result = RelayResult()
    _take_back_unsent_claims(session, now=now, result=result)
    recently_enqueued = Message.enqueued_at >= now - RELAY_AFTER
    lost: list[int] = []
    if lost_sends is not None:
        in_queue = session.scalars(
            select(Message.id)
            .where(
                Message.status == MessageStatus.QUEUED,
                Message.send_after <= now,
                recently_enqueued,
            )
            .order_by(Message.send_after)
            .limit(limit)
        ).all()
        lost = lost_sends(list(in_queue))
    due = session.scalars(
        select(Message)
        .where(
            # Held rows (over yesterday's cap) go again like queued ones once their day comes.
            Message.status.in_((MessageStatus.QUEUED, MessageStatus.HELD)),
            Message.send_after <= now,
            or_(
                Message.enqueued_at.is_(None),
                ~recently_enqueued,
                Message.id.in_(lost),
            ),
            # A salon whose provider refuses its texts gets one probe now and then instead.
            not_held(Message.salon_id),
        )
        .order_by(Message.send_after)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for message in due:
        if message.send_after < now - TEXT_GIVE_UP_AFTER:
            message.status = MessageStatus.FAILED
            message.error_message = "could not be sent within 24 hours; given up"
            result.given_up += 1
            continue
        message.status, message.enqueued_at = MessageStatus.QUEUED, now
        hand_off(session, Work.SEND, message.id)
        result.relayed += 1

    # Replies are processed within moments; one whose job Redis lost, or still waiting this
    # long, is handed to the workers again (acting on a reply twice is a no-op).
    waiting = [
        (message_id, created_at)
        for message_id, created_at in session.execute(
            select(Message.id, Message.created_at)
            .where(Message.direction == MessageDirection.INBOUND, Message.processed_at.is_(None))
            .order_by(Message.created_at, Message.id)
            .limit(limit)
        )
    ]
    recent = [i for i, created_at in waiting if created_at >= now - RELAY_AFTER]
    lost_reply_ids = set(lost_replies(recent)) if lost_replies is not None and recent else set()
    for message_id, created_at in waiting:
        if created_at < now - RELAY_AFTER or message_id in lost_reply_ids:
            hand_off(session, Work.REPLY, message_id)
            result.replies += 1

    _settle_stale_sends(session, now=now, result=result)
    return result


def _take_back_unsent_claims(session: Session, *, now: datetime, result: RelayResult) -> None:
    """Queue again rows a worker claimed but never handed to the provider (it died or hung in
    between): nothing went, so they are safe to send. ``start_provider_call`` refuses a worker
    that comes back to a row taken this way, so it is still sent once."""
    taken = session.execute(
        update(Message)
        .where(
            Message.status == MessageStatus.SENDING,
            Message.claimed_at < now - CLAIM_EXPIRES,
            Message.provider_call_at.is_(None),
        )
        .values(
            status=MessageStatus.QUEUED,
            enqueued_at=None,
            error_message="the worker stopped before sending it; queued again",
        )
    )
    result.reclaimed = int(getattr(taken, "rowcount", 0) or 0)


def _settle_stale_sends(session: Session, *, now: datetime, result: RelayResult) -> None:
    # A worker that died after the provider call started leaves the row 'sending'. The SMS may
    # have gone: never resend blindly; a status callback can settle it.
    stale = session.execute(
        update(Message)
        .where(
            Message.status == MessageStatus.SENDING,
            Message.claimed_at < now - STALE_SENDING,
            Message.provider_call_at.is_not(None),
        )
        .values(
            status=MessageStatus.UNCERTAIN,
            error_message="the worker stopped while sending; it may or may not have been sent",
        )
    )
    result.marked_uncertain = int(getattr(stale, "rowcount", 0) or 0)

    # Nothing settled it within the hour: the salon can call the customer.
    unsettled = session.scalars(
        select(Message)
        .where(
            Message.status == MessageStatus.UNCERTAIN,
            Message.uncertain_reported_at.is_(None),
            func.coalesce(Message.provider_call_at, Message.claimed_at)
            < now - UNCERTAIN_REPORT_AFTER,
        )
        .order_by(Message.id)
        .limit(RELAY_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for message in unsettled:
        message.uncertain_reported_at = now
        emit(
            session,
            message.salon,
            EventType.MESSAGE_UNCERTAIN,
            now=now,
            appointment=message.appointment,
            customer=message.customer,
            message=message,
        )
    result.reported_uncertain = len(unsettled)
