"""The marketing rules, asked when a campaign's text is about to go, not when it was planned,
and the per-salon pace at which the sweep hands campaigns' texts to their own queue.

Whoever queued it, a marketing text (a row with a ``campaign_id``) goes only if, at that
moment, the customer may be sent marketing (consent standing, no opt-out, not erased), it is
inside marketing hours in the salon's time (else it waits for the next opening), and the
customer has not had the frequency cap's worth of marketing texts in the last 30 days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.campaigns import (
    CAP_WINDOW,
    next_marketing_time,
)
from gateway.models import Customer, Message, MessageStatus, Salon
from gateway.services.handoff import Work, hand_off

#: Marketing texts that count against the cap: gone, or going now.
_COUNTED = (
    MessageStatus.SENDING,
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.UNCERTAIN,
)


#: How many long-queued campaign texts one sweep asks the job queue about.
_STALE_LOOK = 5000


class MarketingHold(StrEnum):
    """Why a marketing text does not go now; the value is what its job record says."""

    NO_CONSENT = "no marketing consent when it was due"
    OUTSIDE_HOURS = "outside marketing hours: waits for the next opening"
    OVER_CAP = "over the marketing frequency cap"


def marketing_hold(
    session: Session,
    message: Message,
    customer: Customer,
    salon: Salon,
    now: datetime,
) -> MarketingHold | None:
    """None when the marketing text may go now; otherwise why not, with the row changed to
    say so (cancelled, or put off to the next opening of marketing hours)."""
    if not customer.marketing_reachable:
        message.status = MessageStatus.CANCELLED
        message.error_message = MarketingHold.NO_CONSENT.value
        return MarketingHold.NO_CONSENT
    opening = next_marketing_time(now, salon.timezone)
    if opening > now:
        # The relay hands it off again when the window opens.
        message.send_after, message.enqueued_at = opening, None
        return MarketingHold.OUTSIDE_HOURS
    already = session.scalar(
        select(func.count())
        .select_from(Message)
        .where(
            Message.customer_id == customer.id,
            Message.campaign_id.is_not(None),
            Message.id != message.id,
            Message.status.in_(_COUNTED),
            Message.created_at > now - CAP_WINDOW,
        )
    )
    if int(already or 0) >= salon.marketing_limits.max_per_30_days:
        message.status = MessageStatus.CANCELLED
        message.error_message = MarketingHold.OVER_CAP.value
        return MarketingHold.OVER_CAP
    return None


def release_marketing(
    session: Session,
    *,
    now: datetime,
    relay_after: timedelta,
    lost_sends: Callable[[list[int]], list[int]] | None = None,
) -> int:
    """Hand campaigns' due texts to the marketing queue, at most the salon's
    ``marketing_per_minute`` in any minute (counted from the texts handed off in the last
    minute, whatever the sweep's pace), oldest due first. A text handed off longer than
    ``relay_after`` ago and still queued may have lost its job: it goes again, within the same
    allowance, unless ``lost_sends`` (the job queue) says its job still waits. Returns how
    many."""
    stale = Message.enqueued_at < now - relay_after
    in_hand: list[int] = []
    if lost_sends is not None:
        handed = list(
            session.scalars(
                select(Message.id)
                .where(
                    Message.campaign_id.is_not(None),
                    Message.status == MessageStatus.QUEUED,
                    stale,
                )
                .limit(_STALE_LOOK)
            )
        )
        lost = set(lost_sends(handed)) if handed else set()
        in_hand = [i for i in handed if i not in lost]
    waiting = (Message.enqueued_at.is_(None) | stale) & Message.id.not_in(in_hand)
    due_by_salon = session.execute(
        select(Message.salon_id, func.count())
        .where(
            Message.campaign_id.is_not(None),
            Message.status.in_((MessageStatus.QUEUED, MessageStatus.HELD)),
            Message.send_after <= now,
            waiting,
        )
        .group_by(Message.salon_id)
    ).all()
    if not due_by_salon:
        return 0  # the usual sweep: no campaign text due, so no salon to read either
    released = 0
    salons = {
        salon.id: salon
        for salon in session.scalars(
            select(Salon).where(Salon.id.in_([salon_id for salon_id, _ in due_by_salon]))
        )
    }
    for salon_id, _ in due_by_salon:
        recent = session.scalar(
            select(func.count())
            .select_from(Message)
            .where(
                Message.salon_id == salon_id,
                Message.campaign_id.is_not(None),
                Message.enqueued_at > now - timedelta(minutes=1),
            )
        )
        allowance = salons[salon_id].marketing_limits.per_minute - int(recent or 0)
        if allowance <= 0:
            continue
        rows = session.scalars(
            select(Message)
            .where(
                Message.salon_id == salon_id,
                Message.campaign_id.is_not(None),
                Message.status.in_((MessageStatus.QUEUED, MessageStatus.HELD)),
                Message.send_after <= now,
                waiting,
            )
            .order_by(Message.send_after, Message.id)
            .limit(allowance)
            .with_for_update(skip_locked=True)
        ).all()
        for message in rows:
            message.status, message.enqueued_at = MessageStatus.QUEUED, now
            hand_off(session, Work.MARKETING_SEND, message.id)
        released += len(rows)
    return released
