"""Reading when a customer would rather come, from the reply that asks for a change.

``read_hint`` turns 明天下午, 周五, 晚一点, 下周, 3点以后, "Friday morning", "after 5pm" into a
``Hint``: the salon-local days it prefers, the times of day it prefers, and a bound in time (later
or earlier than the appointment). A hint only orders the slots an offer shows — a misread one
offers slots the customer can decline — so the reader takes what it recognises and ignores the
rest, with one care: a clause that says no (明天不行, "can't do Friday") is left out rather than
read as a wish. Nothing recognised, or parts that contradict each other: no hint.

Clock times (3点, 三点半, 下午4:30, 16:30, 4:30 pm) are ``gateway.domain.clock_times``'.

Pure: the standard library and the reply parser's normalisation (NFKC, lower case, Simplified).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from gateway.domain.clock_times import Clock, clocks
from gateway.domain.replies import normalise

#: Minutes of the day, [start, end): a whole day.
WHOLE_DAY: Final = (0, 24 * 60)

#: A time named alone (3点, "at 3") prefers slots starting within this many minutes of it.
AROUND_MINUTES: Final = 60

# Parts of the day as the salon's clock reads them, [start, end) in minutes.
_PERIODS: Final[dict[str, tuple[int, int]]] = {
    "凌晨": (0, 6 * 60),
    "早上": (0, 12 * 60),
    "早晨": (0, 12 * 60),
    "上午": (0, 12 * 60),
    "中午": (11 * 60, 14 * 60),
    "下午": (12 * 60, 18 * 60),
    "傍晚": (17 * 60, 20 * 60),
    "晚上": (17 * 60, 24 * 60),
    "morning": (0, 12 * 60),
    "noon": (11 * 60, 14 * 60),
    "midday": (11 * 60, 14 * 60),
    "lunch": (11 * 60, 14 * 60),
    "lunchtime": (11 * 60, 14 * 60),
    "afternoon": (12 * 60, 18 * 60),
    "evening": (17 * 60, 24 * 60),
    "night": (17 * 60, 24 * 60),
}


@dataclass(frozen=True, slots=True)
class Hint:
    """When the customer would rather come, in the salon's own calendar and clock.

    Empty fields place no condition. ``windows`` are [start, end) minutes of the local day (any of
    them will do); ``target`` is a time named (slots nearest it first); ``after`` and ``before``
    are instants a slot starts after or before ("later", "earlier" than the appointment).
    """

    days: frozenset[date] = frozenset()
    windows: tuple[tuple[int, int], ...] = ()
    target: int | None = None
    after: datetime | None = None
    before: datetime | None = None

    def misses(self, starts_at: datetime, zone: ZoneInfo) -> tuple[int, int]:
        """How a slot starting at ``starts_at`` falls short: (wrong day, wrong time), each 0 or 1,
        so a slot on the wished day at another hour still beats one on another day."""
        local = starts_at.astimezone(zone)
        minute = local.hour * 60 + local.minute
        wrong_day = bool(self.days) and local.date() not in self.days
        wrong_time = (
            (bool(self.windows) and not any(a <= minute < b for a, b in self.windows))
            or (self.after is not None and starts_at <= self.after)
            or (self.before is not None and starts_at >= self.before)
        )
        return int(wrong_day), int(wrong_time)

    def distance(self, starts_at: datetime, zone: ZoneInfo) -> int:
        """Minutes between a slot's local start and the time named (0 when none was)."""
        if self.target is None:
            return 0
        local = starts_at.astimezone(zone)
        return abs(local.hour * 60 + local.minute - self.target)


# --- Reading -----------------------------------------------------------------------------------

_EN_WEEKDAYS: Final = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_CN_WEEKDAYS: Final = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# One alternation, longest forms first, read left to right; what each match means is decided
# by its group. Clock times are taken out before it runs.
_WORDS: Final = re.compile(
    r"(?P<cnweekday>(?P<cnwhich>这个|这|本|下个|下下个|下下|下)?(?:周|星期|礼拜)"
    r"(?P<cnday>[一二三四五六日天]))"
    r"|(?P<cnweekend>(?P<cnwkwhich>这个|这|本|下个|下)?周末)"
    r"|(?P<cnweek>(?:下个|下)(?:周|星期|礼拜)|这周|本周|这个星期|这个礼拜)"
    r"|(?P<dayword>大后天|后天|今天|今日|明天|明日|今晚|明早|明晚|明儿)"
    r"|(?P<cndate>(?:(?P<month>\d{1,2})月)?(?P<mday>\d{1,2})(?:日|号))"
    # 11/23 or 23/11: read only when one number cannot be a month (3/4 is March 4 in China and
    # 3 April in Hong Kong). "the 23rd": the next 23rd.
    r"|(?<![\d/])(?P<numdate>(?P<first>\d{1,2})/(?P<second>\d{1,2}))(?![\d/])"
    r"|\b(?P<endate>(?:on )?(?:the )?(?P<enmday>\d{1,2})(?:st|nd|rd|th))\b"
    r"|(?P<later>晚一点|晚一些|晚点|晚些|稍晚|再晚|推迟|推后|延后|往后)"
    r"|(?P<earlier>早一点|早一些|早点|早些|稍早|再早|提前|往前)"
    r"|(?P<cnperiod>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)"
    r"|\b(?P<enday>day after tomorrow|today|tonight|tomorrow|tmrw|tmr)\b"
    r"|\b(?P<enweekend>(?P<enwkwhich>this|next) weekend|weekend)\b"
    r"|\b(?P<enweek>(?:this|next) week)\b"
    r"|\b(?P<enweekday>(?:(?P<enwhich>this|next|on) )?(?P<enname>"
    + "|".join(sorted(_EN_WEEKDAYS, key=len, reverse=True))
    + r"))\b"
    r"|\b(?P<enperiod>morning|noon|midday|lunchtime|lunch|afternoon|evening|night)\b"
    r"|\b(?P<enlater>later|sooner|earlier)\b"
)
_DAY_WORDS: Final = {
    "今天": 0, "今日": 0, "今晚": 0, "明天": 1, "明日": 1, "明儿": 1, "明早": 1, "明晚": 1,
    "后天": 2, "大后天": 3, "today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1,
    "day after tomorrow": 2,
}  # fmt: skip

# Which side of a clock time the customer wants: 5点以后, after 5pm, before 3.
_CN_AFTER: Final = re.compile(r"^\s*(?:以后|之后|后|以外)")
_CN_BEFORE: Final = re.compile(r"^\s*(?:以前|之前|前)")
_EN_SIDE: Final = re.compile(r"\b(after|from|before|by|around|about|at)\s*$")
_EN_BARE_CLOCK: Final = re.compile(
    r"\b(?P<side>after|from|before|by|around|about|at)\s+(?P<h>\d{1,2})(?::(?P<mm>\d{2}))?\b"
    r"(?!\s*(?:am|pm|a\.m\.|p\.m\.|:))"
)

# Clauses are read one by one; one that says no is dropped (明天不行，后天下午可以).
_CLAUSE_BREAK: Final = re.compile(r"[,.;!?，。；！？、\n]|\bbut\b|但是|不过|但")
#: 不 and 没 that say no to nothing: an A-not-A question (行不行, 有没有), its short form at a
#: clause's end (改到4点可以不, 三点行不: "…or not?"), politeness.
_NOT_A_NO: Final = re.compile(
    r"(\S)[不没]\1|可不可以|有没有|不好意思|对不起|(?:可以|行|好|ok|中|成)不(?=[啊呀吗嘛呢哈啦]*\s*$)"
)
_AM_PM: Final = re.compile(r"\b([ap])\.m\.?")
_CN_NO: Final = re.compile(r"[不没别]|除了")
_EN_NO: Final = re.compile(
    r"\b(?:not|no|cant|cannot|dont|wont|isnt|doesnt|except|busy|unavailable|neither|nor)\b"
)


def _says_no(clause: str) -> bool:
    plain = _NOT_A_NO.sub(" ", clause.replace("'", "").replace("’", ""))
    return bool(_CN_NO.search(plain) or _EN_NO.search(plain))


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekday_days(today: date, weekday: int, which: str | None) -> set[date]:
    this_week = _week_start(today) + timedelta(days=weekday)
    coming = today + timedelta(days=(weekday - today.weekday()) % 7)
    if which in ("这", "这个", "本", "this"):
        return {this_week} if this_week >= today else set()
    if which in ("下", "下个"):
        return {this_week + timedelta(days=7)}
    if which in ("下下", "下下个"):
        return {this_week + timedelta(days=14)}
    if which == "next":
        # "next Friday" is this week's to some, next week's to others: both are preferred.
        return {day for day in (coming, this_week + timedelta(days=7)) if day > today}
    return {coming}


def _month_day(today: date, month: int | None, mday: int) -> set[date]:
    """The next 12月3日 (or 3号: the next 3rd) on or after today."""
    for ahead in range(0, 13):
        year = today.year + (today.month - 1 + ahead) // 12
        candidate_month = (today.month - 1 + ahead) % 12 + 1
        if month is not None and candidate_month != month:
            continue
        try:
            day = date(year, candidate_month, mday)
        except ValueError:
            continue
        if day >= today:
            return {day}
    return set()


def _intersect(
    windows: Iterable[tuple[int, int]], bound: tuple[int, int]
) -> tuple[tuple[int, int], ...]:
    cut = ((max(a, bound[0]), min(b, bound[1])) for a, b in windows)
    return tuple((a, b) for a, b in cut if a < b)


@dataclass(frozen=True, slots=True)
class Wish:
    """What a reply says about when, read once; it becomes a ``Hint`` once the appointment's
    own time is known (``at``): "later" and "earlier" are relative to it."""

    tz: str
    days: frozenset[date]
    periods: tuple[tuple[int, int], ...]
    bounds: tuple[tuple[int, int], ...]
    target: int | None
    direction: str | None

    def at(self, original: datetime) -> Hint | None:
        """The hint for an appointment starting at ``original``; None when the parts cannot all
        hold (上午 and after 5pm)."""
        original_local = original.astimezone(ZoneInfo(self.tz))
        original_minute = original_local.hour * 60 + original_local.minute
        bounds = list(self.bounds)
        after = before = None
        if self.direction is not None:
            if self.days:
                # 明天晚一点: later in the day than the appointment was.
                wanted = (
                    (original_minute + 1, WHOLE_DAY[1])
                    if self.direction == "later"
                    else (0, original_minute)
                )
                bounds.append(wanted)
            elif self.direction == "later":
                after = original
            else:
                before = original
        windows: tuple[tuple[int, int], ...] = self.periods or (WHOLE_DAY,)
        for bound in bounds:
            windows = _intersect(windows, bound)
        if not windows:
            return None
        return Hint(
            days=self.days,
            windows=() if windows == (WHOLE_DAY,) else windows,
            target=self.target,
            after=after,
            before=before,
        )


def read_hint(text: str, *, original: datetime, now: datetime, tz: str) -> Hint | None:
    """The hint in a customer's reply ``text``, read in the salon's timezone ``tz``: days relative
    to ``now`` (明天 is the day after the one the customer texts on), "later" and "earlier"
    relative to the ``original`` start. None when the text says nothing we can use."""
    wish = read_wish(text, now=now, tz=tz)
    return wish.at(original) if wish is not None else None


def read_wish(text: str, *, now: datetime, tz: str) -> Wish | None:
    """What ``text`` says about when (see ``read_hint``), before the appointment's time is
    known; None when it says nothing we can use."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    days: set[date] = set()
    periods: list[tuple[int, int]] = []
    bounds: list[tuple[int, int]] = []
    target: int | None = None
    direction: str | None = None
    # "4 p.m." must not be cut into clauses at its dots.
    normal = _AM_PM.sub(r"\1m", normalise(text))
    for clause in _CLAUSE_BREAK.split(normal):
        if not clause.strip() or _says_no(clause):
            continue
        rest = clause
        for clock in clocks(clause):
            start, end = clock.span
            minute = clock.salon_reading()
            side = _EN_SIDE.search(clause[:start])
            if _CN_AFTER.match(clause[end:]) or (side and side[1] in ("after", "from")):
                bounds.append((minute, WHOLE_DAY[1]))
            elif _CN_BEFORE.match(clause[end:]) or (side and side[1] in ("before", "by")):
                bounds.append((0, minute))
            else:
                target = minute
                bounds.append((minute - AROUND_MINUTES, minute + AROUND_MINUTES + 1))
            rest = rest[:start] + " " * (end - start) + rest[end:]
        for bare in _EN_BARE_CLOCK.finditer(rest):
            minute = Clock(int(bare["h"]), int(bare["mm"] or 0), None, bare.span()).salon_reading()
            if bare["side"] in ("after", "from"):
                bounds.append((minute, WHOLE_DAY[1]))
            elif bare["side"] in ("before", "by"):
                bounds.append((0, minute))
            else:
                target = minute
                bounds.append((minute - AROUND_MINUTES, minute + AROUND_MINUTES + 1))
        for match in _WORDS.finditer(rest):
            word = match.group()
            if match["cnweekday"]:
                days |= _weekday_days(today, _CN_WEEKDAYS[match["cnday"]], match["cnwhich"])
            elif match["enweekday"]:
                which = match["enwhich"] if match["enwhich"] != "on" else None
                days |= _weekday_days(today, _EN_WEEKDAYS[match["enname"]], which)
            elif match["cnweekend"] or match["enweekend"]:
                which = match["cnwkwhich"] or match["enwkwhich"]
                for weekday in (5, 6):
                    days |= _weekday_days(today, weekday, which)
            elif match["cnweek"] or match["enweek"]:
                start_day = today
                if word.startswith(("下", "next")):
                    start_day = _week_start(today) + timedelta(days=7)
                days |= {
                    start_day + timedelta(days=n)
                    for n in range(7)
                    if start_day + timedelta(days=n) < _week_start(start_day) + timedelta(days=7)
                }
            elif match["dayword"] or match["enday"]:
                days.add(today + timedelta(days=_DAY_WORDS[word]))
                if word in ("今晚", "明晚", "tonight"):
                    periods.append(_PERIODS["晚上"])
                elif word == "明早":
                    periods.append(_PERIODS["上午"])
            elif match["cndate"]:
                month = int(match["month"]) if match["month"] else None
                days |= _month_day(today, month, int(match["mday"]))
            elif match["endate"]:
                days |= _month_day(today, None, int(match["enmday"]))
            elif match["numdate"]:
                first, second = int(match["first"]), int(match["second"])
                if (first <= 12) != (second <= 12):  # one of them a month, the other a day
                    month, mday = (first, second) if first <= 12 else (second, first)
                    days |= _month_day(today, month, mday)
            elif match["cnperiod"] or match["enperiod"]:
                periods.append(_PERIODS[word])
            elif match["later"] or word == "later":
                direction = "later"
            elif match["earlier"] or word in ("earlier", "sooner"):
                direction = "earlier"
    if not (days or periods or bounds or direction):
        return None
    return Wish(tz, frozenset(days), tuple(periods), tuple(bounds), target, direction)


def when_as_then(text: str) -> tuple[str, str] | None:
    """``text`` (normalised) with each day, part of the day or clock time it names, as
    ``read_wish`` reads them, written as "then" (那天 among Chinese: 周六下午两点见 becomes 那天见),
    and those whens alone; None when it names none. "Later" and "earlier" are kept: they ask
    for a change."""
    normal = _AM_PM.sub(r"\1m", text)
    spans = [clock.span for clock in clocks(normal)]
    spans += [bare.span() for bare in _EN_BARE_CLOCK.finditer(normal)]
    spans += [
        match.span()
        for match in _WORDS.finditer(normal)
        if not (match["later"] or match["earlier"] or match["enlater"])
    ]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        # 周六下午两点, "tuesday at 2": one when, however many parts.
        if merged and not normal[merged[-1][1] : start].strip(" 的"):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, whens, at = [], [], 0
    for start, end in merged:
        whens.append(normal[start:end])
        # Chinese around it or in it (改到23/11, 周六): 那天; else "then".
        around = f"{normal[start - 1 : start]}{whens[-1]}{normal[end : end + 1]}"
        out += [normal[at:start], " then " if around.isascii() else "那天"]
        at = end + normal.startswith("的", end)  # 明天下午的: the when's
    if not merged:
        return None
    return " ".join("".join([*out, normal[at:]]).split()), ", ".join(whens)
