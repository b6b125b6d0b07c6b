"""Whether a customer's reply may be an answer to a campaign's text."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.models import Message, MessageDirection

#: A reply this long after a campaign's text is no longer taken to answer it.
CAMPAIGN_REPLY_WINDOW: Final = timedelta(days=7)


def campaign_texted_at(session: Session, *, customer_id: int, before: datetime) -> datetime | None:
    """When a campaign's text last went to the customer, within the window before ``before``."""
    sent: datetime | None = session.scalar(
        select(func.max(Message.sent_at)).where(
            Message.customer_id == customer_id,
            Message.campaign_id.is_not(None),
            Message.direction == MessageDirection.OUTBOUND,
            Message.sent_at <= before,
            Message.sent_at > before - CAMPAIGN_REPLY_WINDOW,
        )
    )
    return sent
