"""Reading when a customer would rather come, in zh-CN, zh-TW and en, relative to the day they
text and the time they had; and what a hint does to the slots offered."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gateway.domain.clock_times import clocks
from gateway.domain.offer_hints import Hint, read_hint
from gateway.domain.reply_when import change_with_hint

SH = "Asia/Shanghai"
ZONE = ZoneInfo(SH)
# Tuesday 1 December 2026, 10:00 in Shanghai; the appointment was at 14:00 that day.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZONE)
ORIGINAL = datetime(2026, 12, 1, 14, 0, tzinfo=ZONE)


def day(n: int) -> date:
    return date(2026, 12, n)


def hm(hour: int, minute: int = 0) -> int:
    return hour * 60 + minute


MORNING = ((0, hm(12)),)
AFTERNOON = ((hm(12), hm(18)),)
EVENING = ((hm(17), hm(24)),)
NEXT_WEEK = frozenset(day(n) for n in range(7, 14))


def around(hour: int, minute: int = 0) -> tuple[tuple[int, int], ...]:
    return ((hm(hour, minute) - 60, hm(hour, minute) + 61),)


# (text, days, windows, target)
HINTS: list[tuple[str, frozenset[date], tuple[tuple[int, int], ...], int | None]] = [
    # zh-CN
    ("明天", frozenset({day(2)}), (), None),
    ("后天", frozenset({day(3)}), (), None),
    ("大后天", frozenset({day(4)}), (), None),
    ("今天", frozenset({day(1)}), (), None),
    ("明天下午", frozenset({day(2)}), AFTERNOON, None),
    ("明天上午可以吗", frozenset({day(2)}), MORNING, None),
    ("今天晚上", frozenset({day(1)}), EVENING, None),
    ("今晚", frozenset({day(1)}), EVENING, None),
    ("明天中午", frozenset({day(2)}), ((hm(11), hm(14)),), None),
    ("周五", frozenset({day(4)}), (), None),
    ("星期五", frozenset({day(4)}), (), None),
    ("礼拜五", frozenset({day(4)}), (), None),
    ("周二", frozenset({day(1)}), (), None),  # today is Tuesday
    ("下周五", frozenset({day(11)}), (), None),
    ("这周六下午", frozenset({day(5)}), AFTERNOON, None),
    ("下周", NEXT_WEEK, (), None),
    ("下个星期", NEXT_WEEK, (), None),
    ("周末", frozenset({day(5), day(6)}), (), None),
    ("下周末", frozenset({day(12), day(13)}), (), None),
    ("3点", frozenset(), around(15), hm(15)),
    ("15:00", frozenset(), around(15), hm(15)),
    ("三点半", frozenset(), around(15, 30), hm(15, 30)),
    ("下午三点", frozenset(), around(15), hm(15)),
    ("明天上午十点", frozenset({day(2)}), around(10), hm(10)),
    ("周三三点", frozenset({day(2)}), around(15), hm(15)),
    ("星期四两点半", frozenset({day(3)}), around(14, 30), hm(14, 30)),
    ("5点以后", frozenset(), ((hm(17), hm(24)),), None),
    ("下午4点之前", frozenset(), ((0, hm(16)),), None),
    ("12月5号", frozenset({day(5)}), (), None),
    ("明天不行，后天下午可以吗", frozenset({day(3)}), AFTERNOON, None),
    ("明天下午行不行", frozenset({day(2)}), AFTERNOON, None),
    ("今天来不了，改到周四吧", frozenset({day(3)}), (), None),
    ("不好意思，明天下午吧", frozenset({day(2)}), AFTERNOON, None),
    ("明天晚一点", frozenset({day(2)}), ((hm(14) + 1, hm(24)),), None),
    # zh-TW
    ("後天", frozenset({day(3)}), (), None),
    ("明天下午", frozenset({day(2)}), AFTERNOON, None),
    ("禮拜五", frozenset({day(4)}), (), None),
    ("下週", NEXT_WEEK, (), None),
    ("週末", frozenset({day(5), day(6)}), (), None),
    ("下午三點半", frozenset(), around(15, 30), hm(15, 30)),
    ("明天不行，後天上午", frozenset({day(3)}), MORNING, None),
    # en
    ("tomorrow", frozenset({day(2)}), (), None),
    ("Tomorrow afternoon please", frozenset({day(2)}), AFTERNOON, None),
    ("Friday morning", frozenset({day(4)}), MORNING, None),
    ("on Fri", frozenset({day(4)}), (), None),
    ("next Friday", frozenset({day(4), day(11)}), (), None),
    ("next week", NEXT_WEEK, (), None),
    ("weekend", frozenset({day(5), day(6)}), (), None),
    ("this weekend", frozenset({day(5), day(6)}), (), None),
    ("after 5pm", frozenset(), ((hm(17), hm(24)),), None),
    ("after 5", frozenset(), ((hm(17), hm(24)),), None),
    ("before 11 am", frozenset(), ((0, hm(11)),), None),
    ("at 4 p.m.", frozenset(), around(16), hm(16)),
    ("can't do Thursday, Saturday works", frozenset({day(5)}), (), None),
    ("tonight", frozenset({day(1)}), EVENING, None),
    ("day after tomorrow at 3:30", frozenset({day(3)}), around(15, 30), hm(15, 30)),
    ("the 5th", frozenset({day(5)}), (), None),
    ("could we do the 30th instead", frozenset({day(30)}), (), None),
    ("on 23rd", frozenset({day(23)}), (), None),
    # A date in figures, when one of them cannot be a month: 12/5 would be either.
    ("12/25 下午", frozenset({day(25)}), AFTERNOON, None),
    ("25/12 afternoon", frozenset({day(25)}), AFTERNOON, None),
]


@pytest.mark.parametrize(("text", "days", "windows", "target"), HINTS, ids=[h[0] for h in HINTS])
def test_hint_read_in_the_salons_calendar(
    text: str, days: frozenset[date], windows: tuple[tuple[int, int], ...], target: int | None
) -> None:
    hint = read_hint(text, original=ORIGINAL, now=NOW, tz=SH)
    assert hint == Hint(days=days, windows=windows, target=target)


@pytest.mark.parametrize(
    ("text", "after", "before"),
    [
        ("晚一点", ORIGINAL, None),
        ("晚点", ORIGINAL, None),
        ("能晚一些吗", ORIGINAL, None),
        ("早一点", None, ORIGINAL),
        ("提前一点", None, ORIGINAL),
        ("later", ORIGINAL, None),
        ("a bit earlier please", None, ORIGINAL),
        ("晚一點", ORIGINAL, None),
    ],
)
def test_later_and_earlier_are_relative_to_the_appointment(
    text: str, after: datetime | None, before: datetime | None
) -> None:
    assert read_hint(text, original=ORIGINAL, now=NOW, tz=SH) == Hint(after=after, before=before)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "变更",
        "改时间",
        "reschedule please",
        "明天不行",  # a no is not a wish
        "不要周五",
        "not tomorrow",
        "上午 after 5pm",  # parts that cannot all hold
        "谢谢",
        "12/5",  # 5 December in China, 12 May in Hong Kong
    ],
)
def test_nothing_usable_is_no_hint(text: str) -> None:
    assert read_hint(text, original=ORIGINAL, now=NOW, tz=SH) is None


def test_days_follow_the_salons_calendar_not_utc() -> None:
    # 00:30 on Wednesday in Shanghai is still Tuesday in UTC: 明天 is Thursday for the salon.
    late = datetime(2026, 12, 2, 0, 30, tzinfo=ZONE)
    hint = read_hint("明天", original=ORIGINAL, now=late, tz=SH)
    assert hint is not None and hint.days == frozenset({day(3)})


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("16:30", ((hm(16, 30),),)),
        ("4:30", ((hm(4, 30), hm(16, 30)),)),
        ("4:30 pm", ((hm(16, 30),),)),
        ("下午四点半", ((hm(16, 30),),)),
        ("三点一刻", ((hm(3, 15), hm(15, 15)),)),
        ("中午12点", ((hm(12),),)),
        ("晚一点", ()),  # 一点 here is "a little", not one o'clock
        ("早一点", ()),
        ("提前一点", ()),
        ("12月2日16:30", ((hm(16, 30),),)),
    ],
)
def test_clock_times_and_their_readings(text: str, readings: tuple[tuple[int, ...], ...]) -> None:
    assert tuple(clock.readings() for clock in clocks(text.lower())) == readings


def test_a_hint_prefers_the_day_before_the_hour() -> None:
    hint = read_hint("周五下午", original=ORIGINAL, now=NOW, tz=SH)
    assert hint is not None
    friday_morning = datetime(2026, 12, 4, 10, 0, tzinfo=ZONE)
    thursday_afternoon = datetime(2026, 12, 3, 15, 0, tzinfo=ZONE)
    friday_afternoon = friday_morning + timedelta(hours=5)
    assert hint.misses(friday_afternoon, ZONE) == (0, 0)
    assert hint.misses(friday_morning, ZONE) < hint.misses(thursday_afternoon, ZONE)


# A change request followed by when: the parser leaves these unclear, the offer reads them.
CHANGES_WITH_HINTS: list[tuple[str, frozenset[date] | None]] = [
    ("变更 周五上午", frozenset({day(4)})),
    ("变更，明天下午", frozenset({day(2)})),
    ("改期 周五", frozenset({day(4)})),
    ("2 明天", frozenset({day(2)})),
    ("變更 週五上午", frozenset({day(4)})),
    ("改期，明天下午", frozenset({day(2)})),
    ("reschedule to friday morning", frozenset({day(4)})),
    ("change to tomorrow afternoon", frozenset({day(2)})),
    # Not a change with a hint: no hint, two answers, a no, or no change at all.
    ("变更", None),
    ("变更 谢谢", None),
    ("变更 取消", None),
    ("取消 周五", None),
    ("确认 明天", None),
    ("周五上午", None),
    ("变更 周五不行", None),
    ("reschedule for friday morning", frozenset({day(4)})),
    ("变更 周五 或者周六也行", frozenset({day(4), day(5)})),
    # Not decided yet: the when is left open.
    ("改到周五还是周六呢 我想想", None),
    ("变更 周五吧，我再考虑一下", None),
    ("變更 週五還是週六", None),
    ("改期 周五，不确定", None),
    ("改期，听日定系后日，我谂谂", None),
    ("reschedule to friday or saturday, let me think", None),
    ("reschedule to friday maybe", None),
    ("change to tomorrow, not sure", None),
]


@pytest.mark.parametrize(("text", "days"), CHANGES_WITH_HINTS)
def test_a_change_with_a_hint(text: str, days: frozenset[date] | None) -> None:
    hint = change_with_hint(text, original=ORIGINAL, now=NOW, tz=SH)
    assert (hint.days if hint is not None else None) == days
