"""A hedge about arriving early or on time, in a clause of its own beside a yes (确认。我可能会
提前五分钟到): how the customer comes, set aside so that the yes is read alone. The learned
reader's guard (``reply_guard.learned_intent``) reads a reply without such clauses, and only as
that yes. Arriving early said plainly beside a yes (我提前十分钟到, 我會提早五分鐘到, 早少少嚟,
"I'll be a bit early") is set aside from the words the guard reads as answers
(``arriving_early_set_aside``): 提前 and 早 there say how the customer comes, not a change.

Pure: the parser's clauses and the taught phrases' tests for a question and a no.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import clauses_of
from gateway.domain.reply_guard_patterns import (
    EARLY_OR_ON_TIME,
    HEDGE,
    LATE,
    names_someone,
    with_spaces,
)
from gateway.domain.taught_phrases import asks, negates, phrase_text

#: Arriving early by a few minutes or a little (提前十分钟到, 提早五分鐘嚟, 早少少嚟, 早点到), or
#: at the time (准时到, 按时到): ending the clause or before a particle, never before a day or a
#: time (提前到周五, 提前到十点 move the visit) and never "before two" (两点前到 names a time).
ARRIVING_EARLY: Final = re.compile(
    "(?:(?:提前|提早|早)(?:[一二两三四五六七八九十0-9]+|几|个|一点|一些|少少|啲|点)*"
    "(?:分钟|分)?(?:左右)?(?:到|来|过来|过去|过嚟|嚟)|准时到|按时到|刚好到)"
    "(?=$|[\\s，,。.!！~～、;；)）]|[的哈哦啦了喔呀哒嘅啊咯喇啰])"
    "|(?<![a-z])(?:be|arrive|arriving|come|coming|get there|be there)"
    "(?: a)?(?: bit| little| touch| few mins?)? early(?![a-z])"
)


def arriving_early_set_aside(clause: str, text: str) -> str:
    """``clause`` (of a reply whose ``phrase_text`` is ``text``) without arriving early or on
    time, when the reply names no arriving late (提前十分钟到，堵车的话晚点 stays whole)."""
    return clause if LATE.search(text) else ARRIVING_EARLY.sub(" ", clause)


def beside_a_hedged_arrival(body: str) -> str | None:
    """``body`` without its clauses that only hedge about arriving early or on time (确认。我可能
    会提前五分钟到: the second clause), or only say arriving early (收到，我會早少少到), when
    another clause is left; None when it has none. A clause that also names arriving late, a no,
    someone else or a question is not one."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) < 2 or "?" in body or "？" in body:
        return None
    kept = [clause for clause in clauses if not _hedges_an_arrival(clause)]
    return "，".join(kept) if kept and len(kept) < len(clauses) else None


#: What a clause that only says arriving early may hold besides (我会早少少到, "I'll be early").
_BESIDE_ARRIVING: Final = re.compile(
    r"(?:[\s\W]|我|会|都|就|尽量|争取|(?<![a-z])(?:i|ill|i will|will|be)(?![a-z]))*"
)


def arrives_early(body: str) -> bool:
    """``body`` says arriving early somewhere (提前十分钟到, 早少少到): worth cutting in clauses."""
    return ARRIVING_EARLY.search(phrase_text(body)) is not None


def _hedges_an_arrival(clause: str) -> bool:
    text = phrase_text(clause)
    plain = _BESIDE_ARRIVING.fullmatch(ARRIVING_EARLY.sub(" ", text)) is not None
    if LATE.search(text) or not (
        (HEDGE.search(text) and EARLY_OR_ON_TIME.search(text))
        or (ARRIVING_EARLY.search(text) and plain)
    ):
        return False
    asking = asks(HEDGE.sub(" ", clause.casefold()))  # "might be early" asks nothing
    return not (negates(with_spaces(text), Intent.CONFIRM) or asking or names_someone(text))
