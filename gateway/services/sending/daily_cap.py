"""The per-salon daily cap, counted as texts claimed on the salon's day.

The count is a row per salon and day (``DailyTextCount``), read and written in the claiming
transaction while the salon's row is locked: exact with any number of workers, and as cheap on
a salon's ten-thousandth text as on its first. It counts texts, not SMS parts: the cap is set and
shown in texts (the API's ``daily_sms_cap``), as a brake on runaway sending, while what the parts
cost is reported by ``stats``. A text taken back and claimed again the same day (a provider
asked to retry) keeps the place it had. Campaigns' texts are counted apart, against the day's
marketing budget, so an offer never takes a reminder's place under the cap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.domain.campaigns import next_marketing_time
from gateway.domain.decide import STRANGER_ANSWERS
from gateway.domain.events import EventType
from gateway.domain.schedule import local_day
from gateway.models import DailyTextCount, Message, MessageStatus, Salon
from gateway.services.crm.events import emit
from gateway.services.replies.strangers import is_stranger, stranger_allowance


@dataclass(slots=True)
class _Day:
    start: datetime
    next_day: datetime
    row: DailyTextCount
    held_today: bool | None = None


@dataclass(slots=True)
class DailyCaps:
    """The day's counts of the salons a claim touches, read in one query; the salons must be
    locked by the caller (``SELECT … FOR UPDATE``) first."""

    session: Session
    now: datetime
    salons: Iterable[Salon]
    _days: dict[int, _Day] = field(default_factory=dict)

    def __post_init__(self) -> None:
        days = {}
        for salon in self.salons:
            start, next_day = local_day(self.now, salon.timezone)
            days[salon.id] = (start, next_day, start.astimezone(ZoneInfo(salon.timezone)).date())
        if not days:
            return
        rows = {
            (row.salon_id, row.day): row
            for row in self.session.scalars(
                select(DailyTextCount).where(
                    DailyTextCount.salon_id.in_(days),
                    DailyTextCount.day.in_({day for _, _, day in days.values()}),
                )
            )
        }
        for salon_id, (start, next_day, day) in days.items():
            row = rows.get((salon_id, day))
            if row is None:
                row = DailyTextCount(salon_id=salon_id, day=day, texts=0)
                self.session.add(row)
            self._days[salon_id] = _Day(start, next_day, row)

    def admit(self, message: Message, salon: Salon) -> bool:
        """Count ``message`` on its salon's day and return True, or, over the cap, hold it until
        the salon's next day (or drop a stranger's answer) and return False.

        An answer to a number with no appointment is not held but dropped (it would be stale
        tomorrow) once the day's texts reach ``stranger_allowance``: the rest of the cap is kept
        for texts about appointments.
        """
        if message.campaign_id is None and self.admit_plain(
            salon,
            claimed_at=message.claimed_at,
            template=message.template,
            appointment_id=message.appointment_id,
        ):
            return True
        day = self._day(salon)
        if message.claimed_at is not None and message.claimed_at >= day.start:
            return True  # claimed earlier today and given back: it keeps its place
        if message.campaign_id is not None:
            return self._admit_marketing(message, salon, day)
        taken = day.row.texts
        if (
            taken >= stranger_allowance(salon.daily_sms_cap)
            and message.template in STRANGER_ANSWERS
            and message.appointment_id is None
            and message.customer is not None
            and is_stranger(self.session, message.customer)
        ):
            message.status, message.enqueued_at = MessageStatus.CANCELLED, None
            message.error_message = (
                "not sent: the rest of today's texts are kept for appointments (this number has "
                "none)"
            )
            return False
        if taken < salon.daily_sms_cap:
            day.row.texts = taken + 1
            return True
        if day.held_today is None:
            day.held_today = bool(
                self.session.scalar(
                    select(Message.id)
                    .where(
                        Message.salon_id == salon.id,
                        Message.status == MessageStatus.HELD,
                        Message.send_after == day.next_day,
                    )
                    .limit(1)
                )
            )
        message.status, message.send_after, message.enqueued_at = (
            MessageStatus.HELD,
            day.next_day,
            None,
        )
        message.error_message = (
            f"daily cap of {salon.daily_sms_cap} texts reached; held until the next day"
        )
        if not day.held_today:
            day.held_today = True
            emit(
                self.session, salon, EventType.SALON_SMS_CAP_REACHED, now=self.now, message=message
            )
        return False

    def admit_plain(
        self,
        salon: Salon,
        *,
        claimed_at: datetime | None,
        template: str | None,
        appointment_id: int | None,
    ) -> bool:
        """``admit`` for a text of no campaign, from its row's values, where nothing more need
        be read: True (counted) when it was claimed earlier today or the cap has room and it is
        not an answer to a number that may have no appointment past the strangers' allowance;
        False when ``admit`` must decide (the text may be held or dropped)."""
        day = self._day(salon)
        if claimed_at is not None and claimed_at >= day.start:
            return True  # claimed earlier today and given back: it keeps its place
        taken = day.row.texts
        if taken >= salon.daily_sms_cap:
            return False
        if (
            taken >= stranger_allowance(salon.daily_sms_cap)
            and template in STRANGER_ANSWERS
            and appointment_id is None
        ):
            return False  # perhaps a stranger's answer: ``admit`` asks
        day.row.texts = taken + 1
        return True

    def _admit_marketing(self, message: Message, salon: Salon, day: _Day) -> bool:
        """A campaign's text counts against the day's marketing budget, never the cap; over
        the budget (the salon's ``marketing_daily_budget``) it waits for the next day's
        marketing hours."""
        budget = salon.marketing_limits.daily_budget
        if day.row.marketing_texts < budget:
            day.row.marketing_texts += 1
            return True
        message.status, message.enqueued_at = MessageStatus.HELD, None
        message.send_after = next_marketing_time(day.next_day, salon.timezone)
        message.error_message = (
            f"today's marketing budget of {budget} texts is spent; held until the next day"
        )
        return False

    def _day(self, salon: Salon) -> _Day:
        return self._days[salon.id]
