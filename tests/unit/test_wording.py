"""Dates and times as each locale writes them, in the salon's timezone; locale tags normalised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from gateway.domain.wording import appointment_when


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("starts_at", "tz", "locale", "expected"),
    [
        # Asia/Shanghai is UTC+8 all year.
        (utc(2026, 11, 23, 6, 0), "Asia/Shanghai", "zh-CN", ("11月23日", "14:00")),
        (utc(2026, 11, 23, 6, 0), "Asia/Shanghai", "zh-TW", ("11月23日", "14:00")),
        (utc(2026, 11, 23, 6, 0), "Asia/Shanghai", "en", ("Mon 23 Nov", "2:00 pm")),
        # Crossing midnight: late evening UTC is the next morning in China.
        (utc(2026, 11, 22, 16, 30), "Asia/Shanghai", "zh-CN", ("11月23日", "00:30")),
        (utc(2026, 11, 22, 16, 30), "Asia/Shanghai", "en", ("Mon 23 Nov", "12:30 am")),
        (utc(2026, 1, 4, 1, 5), "Asia/Shanghai", "zh-CN", ("1月4日", "09:05")),
        (utc(2026, 1, 4, 1, 5), "Asia/Shanghai", "en", ("Sun 4 Jan", "9:05 am")),
        (utc(2026, 5, 1, 4, 0), "Asia/Taipei", "zh-TW", ("5月1日", "12:00")),
        (utc(2026, 5, 1, 4, 0), "Asia/Hong_Kong", "en", ("Fri 1 May", "12:00 pm")),
        # America/Los_Angeles leaves daylight saving time at 02:00 on 1 Nov 2026 (09:00 UTC).
        (utc(2026, 10, 31, 21, 0), "America/Los_Angeles", "en", ("Sat 31 Oct", "2:00 pm")),
        (utc(2026, 11, 1, 8, 30), "America/Los_Angeles", "en", ("Sun 1 Nov", "1:30 am")),  # PDT
        (utc(2026, 11, 1, 9, 30), "America/Los_Angeles", "en", ("Sun 1 Nov", "1:30 am")),  # PST
        (utc(2026, 11, 2, 22, 0), "America/Los_Angeles", "en", ("Mon 2 Nov", "2:00 pm")),
        (utc(2026, 11, 2, 22, 0), "America/Los_Angeles", "zh-CN", ("11月2日", "14:00")),
        # Spring forward, 8 Mar 2026: 10:00 UTC is 03:00 PDT (02:00-03:00 does not exist).
        (utc(2026, 3, 8, 10, 0), "America/Los_Angeles", "en", ("Sun 8 Mar", "3:00 am")),
        (utc(2026, 12, 31, 23, 59), "Europe/London", "en", ("Thu 31 Dec", "11:59 pm")),
    ],
)
def test_appointment_when(
    starts_at: datetime, tz: str, locale: str, expected: tuple[str, str]
) -> None:
    assert appointment_when(starts_at, tz, locale) == expected


def test_same_wall_clock_time_on_both_sides_of_the_dst_change() -> None:
    # A 14:00 appointment on Saturday and on Monday: UTC differs by 25 hours, the text does not.
    saturday = appointment_when(utc(2026, 10, 31, 21, 0), "America/Los_Angeles", "en")
    monday = appointment_when(utc(2026, 11, 2, 22, 0), "America/Los_Angeles", "en")
    assert saturday[1] == monday[1] == "2:00 pm"


def test_any_aware_datetime_is_converted_to_the_salon_timezone() -> None:
    beijing_time = datetime(2026, 11, 23, 14, 0, tzinfo=timezone(timedelta(hours=8)))
    assert appointment_when(beijing_time, "Asia/Shanghai", "zh-CN") == ("11月23日", "14:00")
    assert appointment_when(beijing_time, "America/Los_Angeles", "en") == ("Sun 22 Nov", "10:00 pm")


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        appointment_when(datetime(2026, 11, 23, 14, 0), "Asia/Shanghai", "zh-CN")


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_unknown_timezone_is_rejected(tz: str) -> None:
    with pytest.raises(ValueError, match="timezone"):
        appointment_when(utc(2026, 11, 23, 6, 0), tz, "zh-CN")


def test_unsupported_locale_is_rejected() -> None:
    with pytest.raises(ValueError, match="locale"):
        appointment_when(utc(2026, 11, 23, 6, 0), "Asia/Shanghai", "fr")
