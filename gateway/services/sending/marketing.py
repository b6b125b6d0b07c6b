"""The marketing rules, asked when a campaign's text is about to go, not when it was planned.

Whoever queued it, a marketing text (a row with a ``campaign_id``) goes only if, at that
moment, the customer may be sent marketing (consent standing, no opt-out, not erased), it is
inside marketing hours in the salon's time (else it waits for the next opening), and the
customer has not had the frequency cap's worth of marketing texts in the last 30 days.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.campaigns import CAP_WINDOW, DEFAULT_MAX_PER_30_DAYS, next_marketing_time
from gateway.models import Customer, Message, MessageStatus, Salon

#: Marketing texts that count against the cap: gone, or going now.
_COUNTED = (
    MessageStatus.SENDING,
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.UNCERTAIN,
)


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
    *,
    max_per_30_days: int = DEFAULT_MAX_PER_30_DAYS,
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
    if int(already or 0) >= max_per_30_days:
        message.status = MessageStatus.CANCELLED
        message.error_message = MarketingHold.OVER_CAP.value
        return MarketingHold.OVER_CAP
    return None
