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


# Asking whether it is at a time (请问是下午两点吗, "is it 2pm?"): the parser has read the time
# as ``WHEN`` by then.
_ASKS_WHEN = _any_of(
    TIME_QUESTIONS + PART_OF_DAY_QUESTIONS + (f"是{WHEN}", f"is it {WHEN}", f"was it {WHEN}")
)
_ASKS_WHERE = _any_of(PLACE_QUESTIONS + BRANCH_QUESTIONS)


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
