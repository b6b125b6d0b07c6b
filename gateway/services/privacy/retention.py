"""Keeping as little as we need: message bodies (and the event payloads that quote them) are
blanked once they are past retention; providers' raw pushes and unrouted replies are deleted.

Counts, statuses, segments and intents stay, so statistics still add up; the words are gone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.models import CrmDeliveryStatus, Message, WebhookDelivery
from gateway.services.replies.pushes import expire_pushes

#: PIPL asks for no longer than needed; six months covers disputes about a booking.
DEFAULT_RETENTION_DAYS = 180
#: Rows blanked per sweep; a backlog drains over a few sweeps instead of one long lock.
RETENTION_BATCH = 5000


def blank_expired_bodies(
    session: Session, *, now: datetime, retention_days: int, limit: int = RETENTION_BATCH
) -> int:
    """Blank the bodies of messages older than ``retention_days``; returns how many."""
    cutoff = now - timedelta(days=retention_days)
    ids = (
        select(Message.id)
        .where(Message.created_at < cutoff, Message.body != "")
        .order_by(Message.created_at)
        .limit(limit)
        .scalar_subquery()
    )
    result = session.execute(
        update(Message).where(Message.id.in_(ids)).values(body="", template_params=None)
    )
    blanked = int(getattr(result, "rowcount", 0) or 0)
    # Event payloads carry message bodies and customers' numbers too; once delivered or given
    # up, they are kept only as long as the messages themselves.
    payloads = (
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.created_at < cutoff,
            WebhookDelivery.status != CrmDeliveryStatus.PENDING,
            WebhookDelivery.payload != "",
        )
        .limit(limit)
        .scalar_subquery()
    )
    session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id.in_(payloads)).values(payload="")
    )
    # Alibaba/Tencent Cloud pushes as they came, and replies no salon owned, go altogether.
    expire_pushes(session, now=now, retention_days=retention_days)
    return blanked
