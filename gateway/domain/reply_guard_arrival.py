"""A hedge about arriving early or on time, in a clause of its own beside a yes (确认。我可能会
提前五分钟到): how the customer comes, set aside so that the yes is read alone. The learned
reader's guard (``reply_guard.learned_intent``) reads a reply without such clauses, and only as
that yes.

Pure: the parser's clauses and the taught phrases' tests for a question and a no.
"""

from __future__ import annotations

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


def beside_a_hedged_arrival(body: str) -> str | None:
    """``body`` without its clauses that only hedge about arriving early or on time (确认。我可能
    会提前五分钟到: the second clause), when another clause is left; None when it has none. A
    clause that also names arriving late, a no, someone else or a question is not one."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) < 2 or "?" in body or "？" in body:
        return None
    kept = [clause for clause in clauses if not _hedges_an_arrival(clause)]
    return "，".join(kept) if kept and len(kept) < len(clauses) else None


def _hedges_an_arrival(clause: str) -> bool:
    text = phrase_text(clause)
    if not (HEDGE.search(text) and EARLY_OR_ON_TIME.search(text)) or LATE.search(text):
        return False
    asking = asks(HEDGE.sub(" ", clause.casefold()))  # "might be early" asks nothing
    return not (negates(with_spaces(text), Intent.CONFIRM) or asking or names_someone(text))
