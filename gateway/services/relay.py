"""The relay, run by the sweep: what the job queue lost is handed off again, and what a dead
worker left half-done is settled.

A text or a reply is a row first and the queue only carries its id, so the relay finds rows still
``queued`` (or unprocessed) whose time has come and hands them off again: a Redis outage or a
lost job delays a text but never loses it. A text a worker claimed and never handed to the
provider is queued again; one whose provider call started is ``uncertain``, never sent blindly
twice, and reported to the salon if nothing settles it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.models import Message, MessageDirection, MessageStatus
from gateway.services.crm.events import emit
from gateway.services.handoff import Work, hand_off
from gateway.services.sending.marketing import release_marketing
from gateway.services.sending.provider_state import not_held
from gateway.services.sweep_counts import SweepResult

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


#: Asks the job queue which of these row ids it no longer holds a job for (``SmsQueue``).
LostJobs = Callable[[list[int]], list[int]]


def relay(
    session: Session,
    *,
    now: datetime,
    limit: int = RELAY_BATCH,
    lost_sends: LostJobs | None = None,
    lost_replies: LostJobs | None = None,
    result: SweepResult | None = None,
) -> SweepResult:
    """Find queued rows due whose job is gone; settle rows abandoned mid-send.

    A row enqueued less than RELAY_AFTER ago is re-enqueued only when ``lost_sends`` /
    ``lost_replies`` (the job queue) say its job is gone, e.g. Redis restarted empty or was
    down when the row was committed; without them, it is left to its job until then.
    What it did is counted in ``result`` (the sweep's counts), which it returns.
    """
    result = result if result is not None else SweepResult()
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
            # Campaigns' texts go at their own pace, on their own queue (release_marketing).
            Message.campaign_id.is_(None),
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

    result.relayed += release_marketing(
        session, now=now, relay_after=RELAY_AFTER, lost_sends=lost_sends
    )

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
            result.replies_relayed += 1

    _settle_stale_sends(session, now=now, result=result)
    return result


def _take_back_unsent_claims(session: Session, *, now: datetime, result: SweepResult) -> None:
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


def _settle_stale_sends(session: Session, *, now: datetime, result: SweepResult) -> None:
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
