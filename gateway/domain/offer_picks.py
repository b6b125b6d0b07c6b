"""Reading a customer's answer to an open offer: a letter, the time of one slot, or "none".

``read_pick`` is as strict as the reply parser (``gateway.domain.replies``), whose normalisation
it shares: a pick is read only when every word of the reply is known and together they name one
offered slot. 选B, "b please", 16:30, 12月2日16:30, "2 Dec 4:30 pm" pick; 都不行 and "none of
them" decline; B还是C, 不要B, B?, a time two slots share, or 取消 are not picks — the caller
hands those to the reply parser or the inbox. Letters are A, B and C only: never a letter a
carrier reads as unsubscribe.

Pure: the standard library and the reply parser's normalisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from gateway.domain.clock_times import clocks
from gateway.domain.offers import LETTERS, Slot
from gateway.domain.replies import normalise, words_only


class PickKind(StrEnum):
    SLOT = "slot"
    DECLINED = "declined"
    NOT_A_PICK = "not a pick"


@dataclass(frozen=True, slots=True)
class Pick:
    """What a reply to an open offer says: ``index`` (0 for A) of the slot picked, the offer
    declined, or not a pick at all (取消, a question, anything unclear: the reply parser and the
    inbox take it from there)."""

    kind: PickKind
    index: int | None = None


NOT_A_PICK: Final = Pick(PickKind.NOT_A_PICK)
DECLINED: Final = Pick(PickKind.DECLINED)

#: Longest pick we read; longer replies are conversations.
MAX_PICK_CHARS: Final = 40

# Words that may stand beside a letter or a time and change nothing (written normalised).
_PICK_WORDS: Final = frozenset(
    """选 选择 我选 我要 要 就 就要 就选 那就 那 吧 好 好的 可以 行 这个 那个 个 时间 的 我 了 嗯
    谢谢 谢了 多谢 感谢 麻烦 麻烦了 您 你好 您好 哈 呀 啊 哦 啦 亲 老师 选项 改到 改成 约
    ok okay please pls plz thanks thank you thx ty i ill id take choose pick go with for option
    slot me will want like would great works fine good the hi hello""".split()
)
_DECLINE_HEADS: Final = frozenset(
    """都不行 都不合适 都不方便 都不可以 都没空 都没时间 都不太行 都不太合适 都不太方便 都不好
    都不要 都不适合 都来不了 都不能 none neither""".split()
)
_DECLINE_WORDS: Final = frozenset(
    """这些 这几个 几个 三个 两个 以上 时间 of them these those work works suit suits me are
    for sorry unfortunately times slots options""".split()
)
#: Politeness that may stand beside a "none of these".
_POLITE: Final = frozenset(
    "谢谢 谢了 多谢 感谢 亲 啊 哦 呀 啦 了 的 哈 thanks thank you thx sorry".split()
)
#: Every word a pick or a "none of these" may hold (built once: every reply is read for one).
_KNOWN: Final = _PICK_WORDS | _DECLINE_HEADS | _DECLINE_WORDS | _POLITE
_PHRASE_LENGTH: Final = max(len(w) for w in _PICK_WORDS | _DECLINE_HEADS | _DECLINE_WORDS)
_TOKEN: Final = re.compile(r"[a-z0-9]+|\S")
_EN_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MONTH: Final = r"(?P<{}>" + "|".join(f"{m}[a-z]*" for m in _EN_MONTHS) + ")"
_DATES: Final = (
    re.compile(r"(?P<month>\d{1,2})月(?P<day>\d{1,2})(?:日|号)?"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*" + _MONTH.format("name") + r"\b"),
    re.compile(r"\b" + _MONTH.format("name") + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"),
)
_WEEKDAY: Final = re.compile(
    r"\b(?P<en>mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|(?:周|星期|礼拜)(?P<cn>[一二三四五六日天])"
)
_CN_WEEKDAYS: Final = "一二三四五六日"


def _words(text: str) -> list[str] | None:
    """``text`` as known words, longest first (Chinese has no spaces); None if one is unknown."""
    tokens = _TOKEN.findall(text)
    words: list[str] = []
    start = 0
    while start < len(tokens):
        for end in range(min(len(tokens), start + _PHRASE_LENGTH), start, -1):
            phrase = "".join(tokens[start:end])
            if phrase in _KNOWN or (end == start + 1 and phrase in ("a", "b", "c")):
                words.append(phrase)
                start = end
                break
        else:
            return None
    return words


@dataclass(frozen=True, slots=True)
class PickWords:
    """What a reply says as an answer to an offer, read once before the offer's slots are
    looked at (``against`` matches them): a letter, a time (its possible minutes of the day,
    with the date or weekday beside it), both, "none of these", or nothing of the kind."""

    kind: PickKind
    letter: int | None = None
    readings: tuple[int, ...] = ()
    date: tuple[int | None, int] | None = None
    weekday: int | None = None

    def against(self, offered: Sequence[Slot], *, tz: str) -> Pick:
        """Which of the ``offered`` slots (in letter order) this picks, in the salon's ``tz``."""
        if self.kind is not PickKind.SLOT:
            return Pick(self.kind)
        zone = ZoneInfo(tz)
        picked: set[int] = set()
        if self.letter is not None:
            if self.letter >= len(offered):
                return NOT_A_PICK
            picked.add(self.letter)
        if self.readings:
            matching = set()
            for index, slot in enumerate(offered):
                local = slot.starts_at.astimezone(zone)
                if local.hour * 60 + local.minute not in self.readings:
                    continue
                if self.date and (
                    self.date[1] != local.day or self.date[0] not in (None, local.month)
                ):
                    continue
                if self.weekday is not None and self.weekday != local.weekday():
                    continue
                matching.add(index)
            if len(matching) != 1:
                return NOT_A_PICK
            picked |= matching
        if len(picked) != 1:
            return NOT_A_PICK
        return Pick(PickKind.SLOT, picked.pop())


NO_PICK_WORDS: Final = PickWords(PickKind.NOT_A_PICK)


def read_pick(text: str, offered: Sequence[Slot], *, tz: str) -> Pick:
    """Which of the ``offered`` slots (in letter order) the reply ``text`` picks, read in the
    salon's timezone ``tz``. Strict as the reply parser: two letters, a negation, a question or
    a time that matches no slot or two are ``NOT_A_PICK``, and the customer is asked."""
    return read_pick_words(text).against(offered, tz=tz)


def read_pick_words(text: str) -> PickWords:
    """The answer to an offer ``text`` gives, before any slot is looked at (see ``read_pick``)."""
    if len(text) > MAX_PICK_CHARS * 4:
        return NO_PICK_WORDS
    normal = re.sub(r"\b([ap])\.m\.?", r"\1m", normalise(text))
    if len(normal) > MAX_PICK_CHARS or any(mark in normal for mark in "?¿"):
        return NO_PICK_WORDS
    found = clocks(normal)
    if len(found) > 1:
        return NO_PICK_WORDS
    rest = normal
    for clock in found:
        rest = rest[: clock.span[0]] + " " + rest[clock.span[1] :]
    dates: list[tuple[int | None, int]] = []
    for pattern in _DATES:
        for match in pattern.finditer(rest):
            groups = match.groupdict()
            month = int(groups["month"]) if groups.get("month") else None
            if groups.get("name"):
                month = _EN_MONTHS.index(groups["name"][:3]) + 1
            dates.append((month, int(match["day"])))
        rest = pattern.sub(" ", rest)
    weekdays: list[int] = []
    for match in _WEEKDAY.finditer(rest):
        if match["en"]:
            weekdays.append(("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(match["en"]))
        else:
            weekdays.append(6 if match["cn"] == "天" else _CN_WEEKDAYS.index(match["cn"]))
    rest = _WEEKDAY.sub(" ", rest)
    words = _words(words_only(rest))
    if words is None or len(dates) > 1 or len(weekdays) > 1:
        return NO_PICK_WORDS
    letters = [word for word in words if word in ("a", "b", "c")]
    if any(word in _DECLINE_HEADS for word in words):
        beside = [word for word in words if word not in _DECLINE_HEADS]
        if found or dates or weekdays or not all(w in _DECLINE_WORDS | _POLITE for w in beside):
            return NO_PICK_WORDS  # 都不行 B, 都不行明天呢: more than a no
        return PickWords(PickKind.DECLINED)
    if (
        any(word not in _PICK_WORDS and word not in ("a", "b", "c") for word in words)
        or len(letters) > 1
    ):
        return NO_PICK_WORDS
    if (dates or weekdays) and not found:
        return NO_PICK_WORDS  # a day alone (12月2日) may hold two slots
    if not letters and not found:
        return NO_PICK_WORDS
    return PickWords(
        PickKind.SLOT,
        letter=LETTERS.lower().index(letters[0]) if letters else None,
        readings=found[0].readings() if found else (),
        date=dates[0] if dates else None,
        weekday=weekdays[0] if weekdays else None,
    )
