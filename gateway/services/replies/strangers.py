"""Answers to numbers that have no appointment at the salon ("strangers").

Anyone can text a salon's number, and every unclear text gets a help answer. Those answers
count against the salon's daily SMS cap, so a stranger must not be able to use it up: a
stranger is answered at most once a salon day, and stranger answers never take the last part of
the cap, which is kept for texts about appointments. An answer not sent for either reason is
kept in the thread as a cancelled row, so staff (and the stats) can see it.

Once a day is decided with the rest of a reply (``gateway.domain.decide``) from what
``answered_today`` finds; the share of the cap is ``services.daily_cap``'s, with these queries.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Final

from sqlalchemy import ColumnElement, and_, exists, func, not_, select
from sqlalchemy.orm import Session

from gateway.domain.decide import STRANGER_ANSWERS
from gateway.domain.schedule import local_day
from gateway.models import Appointment, Customer, Message, MessageDirection, MessageStatus

#: The part of the daily cap that stranger answers never take: the last 10 %, and at least
#: this many texts, so a small salon's confirmation requests still go.
RESERVED_SHARE: Final = 0.10
RESERVED_AT_LEAST: Final = 5


def stranger_allowance(daily_cap: int) -> int:
    """How many of the day's texts (of every kind) may have gone before a stranger's answer
    is no longer sent."""
    return daily_cap - max(RESERVED_AT_LEAST, math.ceil(daily_cap * RESERVED_SHARE))


def is_stranger_answer() -> ColumnElement[bool]:
    """A ``Message`` row that answers a number which had no appointment when it was written."""
    return and_(
        Message.direction == MessageDirection.OUTBOUND,
        Message.template.in_(STRANGER_ANSWERS),
        Message.appointment_id.is_(None),
        not_(
            exists().where(
                Appointment.customer_id == Message.customer_id,
                Appointment.created_at <= Message.created_at,
            )
        ),
    )


def is_stranger(session: Session, customer: Customer) -> bool:
    """True when the number never had an appointment at the salon."""
    return not session.scalar(select(exists().where(Appointment.customer_id == customer.id)))


def answered_today(session: Session, customer: Customer, now: datetime) -> bool:
    """True when the stranger already drew an answer (sent or on its way) this salon day."""
    day_start, _ = local_day(now, customer.salon.timezone)
    earlier = session.scalar(
        select(func.count())
        .select_from(Message)
        .where(
            Message.customer_id == customer.id,
            Message.direction == MessageDirection.OUTBOUND,
            Message.template.in_(STRANGER_ANSWERS),
            Message.created_at >= day_start,
            Message.status != MessageStatus.CANCELLED,
        )
    )
    return bool(earlier)
