"""What the reply parser reads before its words: a time or a date named (3点, 下午4:30, 12月10号,
"at 2", "the 9th", "4ish"), the name a customer addresses the stylist by (谢谢Lily, "Thanks
Lily", "Lily 你好"), and a head word mistyped (cancle, reschdule, yess).

A time or date becomes one token, ``WHEN``, which the parser's lexicon knows as one class: when
one cannot come (12月9号去不了), or, beside an explicit confirm, the appointment's time said back
(14点见, "I'll be there at 2"). Beside a change (改到3点) the parser leaves it unclear: the offer
path (``gateway.domain.offer_hints``) reads a change and its time together, and which time it
is, is only read there.

Pure: the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

from gateway.domain.reply_change_slips import CHANGE_SLIPS

#: The token a time or a date is read as: a letter (so it survives the parser's decoration
#: rule) of a script no customer writes to a salon in (Yi syllable "it").
WHEN: Final = "ꀀ"

_CN = "[零〇一二两三四五六七八九十]{1,3}"
# The day an hour may be said before ("2 tomorrow", "3 on sat"), as a digit is never an option
# of the request there.
_DAY_AFTER = (
    r"(?:tomorrow|today|tonight|tmrw?|this|next|on|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\b"
)
# Every alternative starts at the number (a period word or "at" before it is taken in afterwards,
# by ``_SAID_WITH``), so it is only tried where a number starts.
_TIME_SPAN = re.compile(
    r"(?:"
    # Chinese clock times: 3点, 两点半, 14点30分, 十点钟. 一点 alone is "a little" (提前一点),
    # never a time unless 钟, 半 or minutes make it one (see ``_when``).
    rf"(?:\d{{1,2}}|{_CN})点(?:钟|半|一刻|三刻|\d{{1,2}}分?|{_CN}分)?"
    # 15:30, 4:30pm, 2pm, 4ish, 3 oclock; "at 2", "around 4", "by 5", "for 2".
    r"|\d{1,2}:\d{2}(?:\s*[ap]m)?"
    r"|(?<![a-z0-9])\d{1,2}\s*(?:am|pm|ish|oclock|o clock)(?![a-z0-9])"
    r"|(?:(?<=at )|(?<=by )|(?<=around )|(?<=for ))\d{1,2}(?![a-z0-9:])"
    # "2 tomorrow", "3 on Saturday": an hour before the day it falls on.
    rf"|(?<![a-z0-9])\d{{1,2}}(?=\s+(?:{_DAY_AFTER}))"
    # "2 doesnt work": a bare hour said not to suit.
    r"|(?<![a-z0-9])\d{1,2}(?=\s+(?:doesnt|does not|isnt|is not|wont|no longer)\b)"
    # Dates: 12月10号, 11号, 9日, 12/11, "the 9th".
    rf"|(?:\d{{1,2}}|{_CN})月(?:\d{{1,2}}|{_CN})[日号]?"
    rf"|(?<![第\d])(?:\d{{1,2}}|{_CN})号|(?<![第\d])\d{{1,2}}日"
    r"|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])"
    r"|(?<![a-z0-9])\d{1,2}(?:st|nd|rd|th)(?![a-z0-9])"
    r")"
)
# The words a time is said with: 下午3点, "at 2pm", "on the 9th", "for the 9th at 2".
_SAID_WITH = re.compile(
    rf"(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上){WHEN}"
    rf"|(?<![a-z0-9])(?:(?:at|around|for|by|on)\s+)?(?:the\s+)?{WHEN}"
)
_CN_ONE_ALONE = re.compile(r"一点")
# What every time or date holds: a number before 点, 号, 日, 月, a colon, a slash, am/pm, ish,
# oclock, st/nd/rd/th or a word saying it does not suit, or after at/by/around. Most replies
# have none (a bare 1, 2 or 3 neither), and this look costs a fraction of the whole pattern's.
_MAY_NAME_A_TIME = re.compile(
    r"[\d零〇一二两三四五六七八九十]\s*[点号日月:/]|\d\s*(?:[ap]m|ish|o|st|nd|rd|th)"
    r"|(?:at|by|around|for) \d|\d\s+(?:doesnt|does|isnt|is|wont|no)\b"
    rf"|\d\s+{_DAY_AFTER}"
)
_NUMBER = re.compile(r"[\d零〇一二两三四五六七八九十]+")


# A month's number before a part of it (12月初, 十二月中旬): the part is what a change moves to,
# read as 月初 / 月中旬 are; the number is dropped.
_MONTH_PART = re.compile(rf"(?:\d{{1,2}}|{_CN})(?=月(?:初|中|底|末|上旬|中旬|下旬))")


def with_times_as_one_word(text: str) -> str:
    """``text`` (normalised, apostrophes dropped) with every time or date named as ``WHEN``."""
    if "月" in text:
        text = _MONTH_PART.sub("", text)
    if not _NUMBER.search(text) or not _MAY_NAME_A_TIME.search(text):
        return text
    # The pattern is tried only where a number starts: run over the whole text, the engine
    # would try every alternative at every character (a third of a parse).
    pieces: list[str] = []
    done = 0
    for number in _NUMBER.finditer(text):
        if number.start() < done:
            continue
        span = _TIME_SPAN.match(text, number.start())
        if span is None or _CN_ONE_ALONE.fullmatch(span.group()):
            continue  # 一点 alone is "a little" (提前一点)
        pieces += (text[done : span.start()], WHEN)
        done = span.end()
    if not pieces:
        return text
    # No space around the token: a space between two Chinese characters would cut the clause.
    timed = "".join(pieces) + text[done:]
    return _SAID_WITH.sub(WHEN, timed)


# A yes/no question's "or not" ending a clause (改到后天可以不, 周末行不, 晚一点行不行): it asks
# as 可以吗 does, and is read so (a proposed time asks for a change; beside anything else it
# stays unclear). Inside a clause 可以不 may be "may I not" (可以不改吗), and is left as it is.
_OR_NOT_AT_END = re.compile(
    r"(?:可以不|可不可以|可唔可以|行不行|行唔行|行不|好不好|好唔好|成不成|成不|得唔得|ok不)$"
)


def with_or_not_asked(clause: str) -> str:
    """``clause`` with a yes/no question's "or not" at its end written as 可以吗."""
    return _OR_NOT_AT_END.sub("可以吗", clause) if "不" in clause or "唔" in clause else clause


# --- Names -------------------------------------------------------------------------------------

_TITLE_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{1,14}(?![A-Za-z])")
# Capitalised at the start of a sentence, these still negate, ask or make a condition.
_NEVER_A_NAME = frozenset(
    "no not nope never if but or maybe wait unless what who why how when where which is are was "
    "were do does did can could would should will shall may might my your his her their our "
    "someone friend wife husband son daughter mum mom dad".split()
)
#: The token before a name (谢谢Lily, "Thanks Lily", "Hi Sarah", 你好Lily) or after it (Lily 你好).
_BEFORE_A_NAME = frozenset(
    {"thanks", "thx", "hi", "hello", "hey", "dear", "cheers", "谢", "好", "烦", "思"}
)
# 麻烦Lily了, 不好意思啊Lily: thanks or an apology, with or without a particle before the name.
_PARTICLES = frozenset({"啊", "呀", "哈"})
_AFTER_A_NAME = frozenset({"你", "您", "设", "发"})  # Lily你好, Lily设计师


def names_in(body: str) -> frozenset[str]:
    """The capitalised words of ``body`` that may be a name (Lily, Sarah), lower-cased."""
    if body == body.lower():
        return frozenset()
    return frozenset(word.lower() for word in _TITLE_WORD.findall(body)) - _NEVER_A_NAME


def addressed(tokens: tuple[str, ...], at: int, names: Collection[str], last: bool) -> bool:
    """``tokens[at]`` is a name the customer addresses someone by: thanks or a greeting before
    it, 你好 after it, or nothing else in the ``last`` clause of a reply (a signature: "…
    thanks - Sarah"; first, "Amy. Can't come" may be about Amy)."""
    if tokens[at] not in names:
        return False
    if len(tokens) == 1:
        return last
    before = tokens[at - 1] if at else ""
    after = tokens[at + 1] if at + 1 < len(tokens) else ""
    if before in _PARTICLES and at >= 2:
        before = tokens[at - 2]
    thanked = before in _BEFORE_A_NAME or (at >= 2 and tokens[at - 2 : at] == ("thank", "you"))
    return thanked or after in _AFTER_A_NAME


# --- Mistyped head words ----------------------------------------------------------------------

#: The English head words a slip of the finger still reads as: two letters swapped (cancle,
#: confrim), one left out (reschdule, confim) or, in the longer ones, one typed two places early
#: (resechdule). Not one letter added or changed: rescheduled
#: and postponed report a change made, cancer is another word. "chang", change less its e, is a
#: surname a customer signs with: not a slip.
_MISTYPABLE = ("cancel", "change", "confirm", "confirmed", "confirming", "reschedule", "postpone")
_NOT_SLIPS = frozenset({"chang"})


def _slips(word: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for index in range(len(word)):
        found[word[:index] + word[index + 1 :]] = word
        if index + 1 < len(word) and word[index] != word[index + 1]:
            swapped = word[:index] + word[index + 1] + word[index] + word[index + 2 :]
            found[swapped] = word
        # A letter typed two places early (resechdule): only in the longer words, where no
        # other English word is spelt so.
        if len(word) >= 8 and index + 2 < len(word):
            moved = word[:index] + word[index + 2] + word[index : index + 2] + word[index + 3 :]
            found.setdefault(moved, word)
    return found


# reskedule, postphone, reschedual (``reply_change_slips``); the head words' own slips first.
_SLIPS: Final = CHANGE_SLIPS | {
    slip: word
    for word in _MISTYPABLE
    for slip, word in _slips(word).items()
    if slip not in _NOT_SLIPS
}
_ELONGATED = re.compile(r"([a-z])\1+$")


def respelled(token: str, known: Collection[str]) -> str:
    """The known word an unknown English ``token`` was meant as (yess → yes, cancle → cancel),
    else ``token``."""
    if not token.isascii() or not token.isalpha():
        return token
    slip = _SLIPS.get(token)
    if slip is not None:
        return slip
    shortened = _ELONGATED.sub(r"\1", token)
    return shortened if shortened != token and shortened in known else token
