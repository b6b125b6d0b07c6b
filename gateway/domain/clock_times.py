"""Clock times named in a customer's text: 3点, 三点半, 下午4:30, 16:30, 4:30 pm, read as the
salon's clock reads them (``clocks``). The hint reader (``offer_hints``) and the pick reader
(``offer_picks``) both read times through it.

Pure: the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Period = Literal["am", "pm", "noon"]

# How a period word reads the hour beside it (下午3点 is 15:00, 上午10点 is 10:00).
_PERIOD_CLOCK: Final[dict[str, Period]] = {
    "凌晨": "am",
    "早上": "am",
    "早晨": "am",
    "上午": "am",
    "中午": "noon",
    "下午": "pm",
    "傍晚": "pm",
    "晚上": "pm",
}

_CN_DIGITS: Final = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_NUMBER: Final = "零〇一二两三四五六七八九十"

_CLOCK: Final = re.compile(
    r"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?\s*"
    rf"(?<![\d.:晚早快慢多少差有前后迟周期拜])(?P<h>\d{{1,2}}|[{_CN_NUMBER}]{{1,3}})"
    r"(?:(?::(?P<mm>\d{2}))(?!\d)"
    rf"|\s*点钟?(?P<m>半|一刻|三刻|\d{{1,2}}|[{_CN_NUMBER}]{{1,3}})?分?"
    r"|(?=\s*(?:am|pm|a\.m\.|p\.m\.)))"
    r"(?:\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)(?![a-z]))?"
)


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock time named in a text: ``hour`` 0–23 when ``period`` says which half of the day,
    else as written (3 for 3点 or "3:00"); ``span`` is where it stood in the text."""

    hour: int
    minute: int
    period: Period | None
    span: tuple[int, int]

    def readings(self) -> tuple[int, ...]:
        """The minutes of the day it may mean: 4:30 without am or pm is 04:30 or 16:30."""
        if self.period is not None or self.hour == 0 or self.hour > 12:
            return (self.hour * 60 + self.minute,)
        base = self.hour % 12
        return (base * 60 + self.minute, (base + 12) * 60 + self.minute)

    def salon_reading(self) -> int:
        """The one minute of the day a salon customer means: without am/pm, 1–7 o'clock is the
        afternoon (nobody books a haircut at 3 am), 8–11 the morning, 12 noon."""
        readings = self.readings()
        if len(readings) == 1:
            return readings[0]
        morning, afternoon = readings
        return afternoon if 1 <= self.hour <= 7 or self.hour == 12 else morning


def _cn_number(text: str) -> int | None:
    """十 → 10, 十五 → 15, 二十三 → 23, 两 → 2, digits as digits; None when not a number."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 and text in _CN_DIGITS else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CN_DIGITS):
        return None
    if ones and ones not in _CN_DIGITS:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def clocks(text: str) -> tuple[Clock, ...]:
    """Every clock time in ``text`` (already normalised: lower case, Simplified, NFKC)."""
    found: list[Clock] = []
    for match in _CLOCK.finditer(text):
        hour = _cn_number(match["h"])
        minute_text = match["mm"] or match["m"]
        minute: int | None
        if minute_text is None:
            minute = 0
        else:
            minute = {"半": 30, "一刻": 15, "三刻": 45}.get(minute_text) or _cn_number(minute_text)
        if hour is None or minute is None or hour > 23 or minute > 59:
            continue
        period: Period | None = None
        if match["ampm"]:
            period = "am" if match["ampm"].startswith("a") else "pm"
        elif match["period"]:
            period = _PERIOD_CLOCK[match["period"]]
        if period is not None and hour > 12:
            period = None  # 下午15点: the 24-hour figure says it all
        if period == "pm" and hour < 12:
            hour += 12
        elif period == "am" and hour == 12:
            hour = 0
        elif period == "noon":
            hour = hour if hour >= 11 else hour + 12  # 中午1点 is 13:00, 中午12点 noon
        found.append(Clock(hour, minute, period, match.span()))
    return tuple(found)
