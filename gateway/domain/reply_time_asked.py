"""A clock time asked alone (the twentieth pass): 四点可以吗, 16:30行不行, 四点半得唔得, 下午三点呢,
"4pm ok?". Read without the appointment it may be the booked time said back, asking whether it
stands, or another time asked for in its place, so the reading of the words leaves it unclear
(``reply_another_time``); ``gateway.domain.decide`` knows the appointment: the booked time asked
is a yes, another one a change asking for that time, which goes to the offer path
(``ReadReply.answered_by_its_time``).

Only a time of day (a clock time, with its part of the day): a day asked (周日可以吗) is a day
proposed, which the rules read already. One clause, one time, asked (a question mark, 吗, 行不行,
得唔得, a closing 呢) with what asks whether it works (可以, 行, 得, ok) and politeness: nothing
else. What stops any change with its when (a condition, someone else, a no, a fee asked) stops
this too (``reply_guard.stops_a_change_with_when``).

Pure: the parser's clauses and word classes, and the hint reader's whens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.offer_hints import Wish, read_wish, when_as_then
from gateway.domain.replies import ParsedReply, clauses_of, normalise
from gateway.domain.reply_guard import stops_a_change_with_when
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.taught_phrases import asks

#: What asks whether a time works: 可以, 行, 得 (may), "could" (asking), ok.
_WHETHER: Final = frozenset({Word.MAY, Word.ASKING, Word.SOFT_CONFIRM})
#: What else the clause may hold beside its one time.
_BESIDE: Final = _WHETHER | {Word.QUESTION, Word.PADDING}


def time_asked_alone(body: str, parsed: ParsedReply, *, now: datetime, tz: str) -> Wish | None:
    """The time of day ``body`` asks alone, read at ``now`` in ``tz``; None for anything else,
    or where the rules (``parsed``) read the reply."""
    if parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
        return None
    clauses = clauses_of(body)
    cut = when_as_then(normalise(body))
    if not clauses or len(clauses) != 1 or cut is None or ", " in cut[1]:
        return None  # more than a clause, no time, or two
    clause = clauses[0].rstrip()
    closing = clause.endswith("呢")  # 下午三点呢: "how about"
    words = meanings(clause.removesuffix("呢"), body, last=True)
    if words.count(Word.WHEN) != 1 or not set(words) <= _BESIDE | {Word.WHEN}:
        return None
    asked = closing or Word.QUESTION in words or asks(body)  # 行不行 is the parser's own
    if not (asked and (closing or set(words) & _WHETHER)):
        return None
    if stops_a_change_with_when(body) is not None:
        return None
    wish = read_wish(cut[1], now=now, tz=tz)
    if wish is None or wish.days or wish.direction is not None or wish.target is None:
        return None  # a day (周日四点), later or earlier: not a time of day alone
    return wish
