"""The salon's outbound texts, counted, for the console's figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.models import Message, MessageDirection


def texts_sent_by_status(
    session: Session, *, salon_id: int, created_from: datetime, created_to: datetime
) -> dict[str, int]:
    """How many texts to customers, written in [created_from, created_to), are in each status."""
    rows = session.execute(
        select(Message.status, func.count())
        .where(
            Message.salon_id == salon_id,
            Message.direction == MessageDirection.OUTBOUND,
            Message.created_at >= created_from,
            Message.created_at < created_to,
        )
        .group_by(Message.status)
    )
    return {status: int(count) for status, count in rows}
