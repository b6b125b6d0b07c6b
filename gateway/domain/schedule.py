"""When a text may go out: quiet hours in the salon's timezone, and planning reminders.

Pure: every function takes ``now`` and returns plain values, so tests move time freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly window (default 21:00–09:00 local) in which no text is sent unprompted."""

    start: time = time(21, 0)
    end: time = time(9, 0)

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """'21:00-09:00' → QuietHours(21:00, 09:00); 'off' → none. Raises ValueError naming
        the problem."""
        if text.strip().lower() == "off":
            return cls(time(0, 0), time(0, 0))
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError:
            raise ValueError(
                f"quiet hours must look like 21:00-09:00 (or be off), not {text!r}"
            ) from None
        return cls(start, end)

    @property
    def off(self) -> bool:
        """A window that starts where it ends is no window: texts go at any hour."""
        return self.start == self.end

    def __str__(self) -> str:
        return "off" if self.off else f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, local: time) -> bool:
        if self.off:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def window_around(self, at: datetime, tz: str) -> tuple[datetime, datetime] | None:
        """The quiet window (start, end), in UTC, containing ``at``; None when ``at`` is decent."""
        zone = ZoneInfo(tz)
        local = at.astimezone(zone)
        if not self.contains(local.time().replace(tzinfo=None)):
            return None
        start_day = local.date()
        if self.start > self.end and local.time() < self.end:
            start_day -= timedelta(days=1)  # after midnight: the window began yesterday evening
        end_day = start_day + timedelta(days=1) if self.start > self.end else start_day
        return _at(start_day, self.start, zone), _at(end_day, self.end, zone)


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def local_day(at: datetime, tz: str) -> tuple[datetime, datetime]:
    """The salon's calendar day around ``at``: (its midnight, the next midnight), in UTC."""
    zone = ZoneInfo(tz)
    day = at.astimezone(zone).date()
    return _at(day, time(0, 0), zone), _at(day + timedelta(days=1), time(0, 0), zone)


def next_decent_time(at: datetime, tz: str, quiet: QuietHours) -> datetime:
    """``at`` itself when it is outside quiet hours, else the moment they end."""
    window = quiet.window_around(at, tz)
    return at if window is None else window[1]


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    """When one reminder goes out (None: not at all) and why, in words staff can read."""

    offset_minutes: int
    due_at: datetime
    send_at: datetime | None
    decision: str


#: A reminder moved out of quiet hours must still arrive this long before the appointment.
MIN_LEAD = timedelta(minutes=30)


def plan_reminder(
    *, starts_at: datetime, offset_minutes: int, now: datetime, tz: str, quiet: QuietHours
) -> ReminderPlan:
    """Decide when the reminder ``offset_minutes`` before ``starts_at`` is sent.

    Due in quiet hours, it goes out when they end; if that is too close to (or after) the
    appointment, at the last decent minute before they began; if that has passed, not at all.
    """
    # In UTC: Python subtracts from a zoned datetime on the wall clock, which is an hour off
    # across a DST change. Offsets are elapsed time.
    starts_at, now = starts_at.astimezone(UTC), now.astimezone(UTC)
    due = starts_at - timedelta(minutes=offset_minutes)

    def plan(send_at: datetime | None, decision: str) -> ReminderPlan:
        return ReminderPlan(offset_minutes, due, send_at, decision)

    if due < now:
        return plan(None, "booked after this reminder was due; the confirmation request stands in")
    window = quiet.window_around(due, tz)
    if window is None:
        return plan(due, "sent when due")
    quiet_start, quiet_end = window
    if quiet_end <= starts_at - MIN_LEAD:
        return plan(quiet_end, f"due in quiet hours ({quiet}); sent when they end")
    last_decent = quiet_start - timedelta(minutes=1)
    if last_decent >= now:
        return plan(
            last_decent, f"due in quiet hours ({quiet}) that end too late; sent before they began"
        )
    return plan(None, f"due in quiet hours ({quiet}) and no decent time was left before it")


#: Reminders go from 10 minutes to 14 days before an appointment.
MIN_OFFSET: Final = 10
MAX_OFFSET: Final = 14 * 24 * 60


def parse_offsets(text: str) -> tuple[int, ...]:
    """'1440,120' → (1440, 120): reminder offsets in minutes before the appointment."""
    try:
        offsets = tuple(
            sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)
        )
    except ValueError:
        raise ValueError(f"reminder offsets must be minutes like 1440,120, not {text!r}") from None
    if any(not MIN_OFFSET <= offset <= MAX_OFFSET for offset in offsets):
        raise ValueError("each reminder offset must be from 10 minutes to 14 days")
    return offsets
