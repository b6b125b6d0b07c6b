"""What an unclear reply asks about the appointment: when it is (几点来着, "what time is it?") or
where (在哪里, "where are you?").

The reply parser (``gateway.domain.replies``) asks this only of a reply it could not read as an
answer, and reports it beside ``Intent.UNKNOWN``: a question never changes an appointment, it
only tells the caller what the customer wants to know.

Pure: the standard library and the word lists in ``gateway.domain.reply_clause_words``.
"""

from __future__ import annotations

import re
from enum import StrEnum

from gateway.domain.reply_clause_words import PLACE_QUESTIONS, TIME_QUESTIONS
from gateway.domain.reply_everyday_words import BRANCH_QUESTIONS, PART_OF_DAY_QUESTIONS
from gateway.domain.reply_spans import WHEN


class Question(StrEnum):
    """What an unclear reply asks about the appointment, when it plainly asks one thing."""

    TIME = "time"  # 几点来着, "what time is it?"
    PLACE = "place"  # 在哪里, "where are you?"


def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for ``phrases``: Chinese found anywhere, English as whole words only."""
    english = "|".join(re.escape(phrase) for phrase in phrases if phrase.isascii())
    chinese = "|".join(re.escape(phrase) for phrase in phrases if not phrase.isascii())
    return re.compile(f"(?<![a-z0-9])(?:{english})(?![a-z0-9])|{chinese}")


# Asking which floor or exit (几楼, 哪个出口, "which floor"); the time as "the exact time is?"
# (具体时间是). Fifth pass: words of the same questions the lists lacked.
_FLOOR_OR_EXIT = (
    "几楼", "几层", "哪层", "哪一层", "哪个出口", "几号出口", "哪个门", "which floor", "which exit",
    "what floor",
)  # fmt: skip
_EXACT_TIME = ("具体时间是", "具体几点", "时间是几", "时间是什么", "what time exactly")
# Eleventh pass: asking to be sent or told the time again (再发一下时间呗, "resend the time").
_TIME_AGAIN = (
    "再发一下时间", "再发一次时间", "再发下时间", "时间再发", "发一下时间", "发下时间", "发个时间",
    "再说一下时间", "再讲一下时间", "再讲下时间", "resend the time",
    "send the time again", "send me the time", "what was the time again",
)  # fmt: skip
# The Cantonese 点去 / 点行 ("how to get there") only where 点 is no hour or "a little" (晚一点去,
# 两点行吗): after a number, 早, 晚 or 差 it is not a question.
_HOW_TO_GO = ("点去", "点样去", "点行")

# Asking whether it is at a time (请问是下午两点吗, "is it 2pm?"): the parser has read the time
# as ``WHEN`` by then.
_ASKS_WHEN = _any_of(
    TIME_QUESTIONS
    + PART_OF_DAY_QUESTIONS
    + _EXACT_TIME
    + _TIME_AGAIN
    + (f"是{WHEN}", f"is it {WHEN}", f"was it {WHEN}")
)
_ASKS_WHERE = re.compile(
    _any_of(
        tuple(p for p in PLACE_QUESTIONS if p not in _HOW_TO_GO) + BRANCH_QUESTIONS + _FLOOR_OR_EXIT
    ).pattern
    + f"|(?<![0-9零〇一二两三四五六七八九十早晚差{WHEN}])(?:点样去|点去|点行)"
)


def asked_about(words: str) -> Question | None:
    """What ``words`` (a normalised reply, punctuation gone) asks about, when it asks about
    exactly one of when and where; None otherwise (both, or neither)."""
    when, where = bool(_ASKS_WHEN.search(words)), bool(_ASKS_WHERE.search(words))
    if when == where:
        return None
    return Question.TIME if when else Question.PLACE


def without_questions(words: str) -> str:
    """``words`` with what asks when or where taken out: what else the reply says."""
    return " ".join(_ASKS_WHERE.sub(" ", _ASKS_WHEN.sub(" ", words)).split())
