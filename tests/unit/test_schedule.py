"""Quiet hours and reminder planning across timezones and a DST change, with time injected."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from gateway.domain.schedule import QuietHours, next_decent_time, parse_offsets, plan_reminder

SH = "Asia/Shanghai"
LA = "America/Los_Angeles"
QUIET = QuietHours()


def local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        (time(20, 59), False),
        (time(21, 0), True),
        (time(23, 30), True),
        (time(0, 0), True),
        (time(8, 59), True),
        (time(9, 0), False),
        (time(14, 0), False),
    ],
)
def test_overnight_window(clock: time, quiet: bool) -> None:
    assert QUIET.contains(clock) is quiet


def test_daytime_window_and_parse() -> None:
    lunch = QuietHours.parse("12:00-13:30")
    assert lunch.contains(time(12, 15)) and not lunch.contains(time(13, 30))
    assert str(QuietHours.parse(" 22:00 - 08:00 ")) == "22:00-08:00"
    for bad in ("", "9-5", "21:00", "25:00-09:00", "never"):
        with pytest.raises(ValueError):
            QuietHours.parse(bad)


@pytest.mark.parametrize("text", ["off", "OFF", " off ", "09:00-09:00"])
def test_quiet_hours_can_be_off(text: str) -> None:
    quiet = QuietHours.parse(text)
    assert str(quiet) == "off"
    assert not any(quiet.contains(time(h, m)) for h in range(24) for m in (0, 30))
    at = local(SH, 2026, 11, 22, 3, 0)
    assert next_decent_time(at, SH, quiet) == at


@pytest.mark.parametrize(
    ("tz", "at", "expected"),
    [
        (SH, local(SH, 2026, 11, 22, 23, 0), local(SH, 2026, 11, 23, 9, 0)),
        (SH, local(SH, 2026, 11, 23, 2, 0), local(SH, 2026, 11, 23, 9, 0)),
        (SH, local(SH, 2026, 11, 23, 10, 0), local(SH, 2026, 11, 23, 10, 0)),
        # Los Angeles leaves daylight time on 2026-11-01: that morning 09:00 is 17:00 UTC,
        # the morning before it was 16:00 UTC.
        (LA, local(LA, 2026, 10, 31, 22, 0), datetime(2026, 11, 1, 17, 0, tzinfo=UTC)),
        (LA, local(LA, 2026, 10, 30, 22, 0), datetime(2026, 10, 31, 16, 0, tzinfo=UTC)),
    ],
)
def test_next_decent_time(tz: str, at: datetime, expected: datetime) -> None:
    assert next_decent_time(at, tz, QUIET) == expected


NOW = local(SH, 2026, 11, 20, 12, 0)


def test_reminder_due_at_a_decent_hour_goes_when_due() -> None:
    plan = plan_reminder(
        starts_at=local(SH, 2026, 11, 23, 14, 0), offset_minutes=1440, now=NOW, tz=SH, quiet=QUIET
    )
    assert plan.send_at == local(SH, 2026, 11, 22, 14, 0) == plan.due_at
    assert plan.decision == "sent when due"


def test_reminder_due_in_quiet_hours_waits_for_morning() -> None:
    plan = plan_reminder(
        starts_at=local(SH, 2026, 11, 23, 22, 0), offset_minutes=1440, now=NOW, tz=SH, quiet=QUIET
    )
    assert plan.send_at == local(SH, 2026, 11, 23, 9, 0)
    assert "quiet hours" in plan.decision


def test_reminder_whose_morning_is_too_late_goes_the_evening_before() -> None:
    # An 08:30 appointment with a 2-hour reminder: due 06:30, quiet until 09:00.
    plan = plan_reminder(
        starts_at=local(SH, 2026, 11, 23, 8, 30), offset_minutes=120, now=NOW, tz=SH, quiet=QUIET
    )
    assert plan.send_at == local(SH, 2026, 11, 22, 20, 59)
    assert "before they began" in plan.decision


def test_reminder_with_no_decent_time_left_is_not_sent_and_says_why() -> None:
    late_night = local(SH, 2026, 11, 22, 23, 0)
    plan = plan_reminder(
        starts_at=local(SH, 2026, 11, 23, 8, 30),
        offset_minutes=120,
        now=late_night,
        tz=SH,
        quiet=QUIET,
    )
    assert plan.send_at is None and "no decent time" in plan.decision


def test_reminder_already_due_at_booking_is_not_sent() -> None:
    plan = plan_reminder(
        starts_at=NOW.replace(hour=NOW.hour + 3), offset_minutes=1440, now=NOW, tz=SH, quiet=QUIET
    )
    assert plan.send_at is None and "booked after" in plan.decision


def test_reminder_in_los_angeles_across_the_dst_change() -> None:
    # Sunday 2026-11-01 10:00 PST is 18:00 UTC. Offsets are elapsed time, so 24 h before is
    # Saturday 18:00 UTC, which the Saturday wall clock (PDT) shows as 11:00.
    starts = local(LA, 2026, 11, 1, 10, 0)
    plan = plan_reminder(
        starts_at=starts, offset_minutes=1440, now=local(LA, 2026, 10, 25, 9, 0), tz=LA, quiet=QUIET
    )
    assert plan.send_at == local(LA, 2026, 10, 31, 11, 0)


def test_parse_offsets() -> None:
    assert parse_offsets("120, 1440") == (1440, 120)
    assert parse_offsets("1440,1440") == (1440,)
    for bad in ("a", "5", "-60", "99999"):
        with pytest.raises(ValueError):
            parse_offsets(bad)


def test_offsets_are_elapsed_time_even_when_given_a_zoned_datetime() -> None:
    # Python's aware arithmetic on one zone is wall-clock: 08:30 PST minus 24 h would be 08:30
    # PDT, 25 elapsed hours. The plan must not depend on which zone the caller passed.
    zoned = datetime(2026, 11, 1, 8, 30, tzinfo=ZoneInfo(LA))
    a_week_before = local(LA, 2026, 10, 25, 12, 0)
    plans = [
        plan_reminder(starts_at=s, offset_minutes=1440, now=a_week_before, tz=LA, quiet=QUIET)
        for s in (zoned, zoned.astimezone(UTC))
    ]
    assert plans[0] == plans[1]
    assert plans[0].send_at == datetime(2026, 10, 31, 16, 30, tzinfo=UTC)
