"""The someone-else stop of the reply guard: whether a person other than the customer named in a
reply may be the one answering, or the one whose appointment it is, so that the learned reader
keeps quiet; or is only the reason or the circumstance of the customer's own answer."""

from __future__ import annotations

from gateway.domain.replies import clauses_of
from gateway.domain.reply_guard_patterns import (
    ANSWERING,
    BEFELL,
    BOOKED_FOR_SAID,
    COMING_ALONG_SAID,
    SAYING,
    UNABLE,
    WORDS_OF_AN_ANSWER,
    names_someone,
    with_spaces,
)
from gateway.domain.reply_lexicon import meanings
from gateway.domain.taught_phrases import phrase_text


def someone_else_answers(body: str) -> bool:
    """Someone other than the customer named where an answer may be theirs: in the only clause,
    beside an answer word or a word no class knows that may be one (我老婆整不了了), an inability
    (她去不了) or a word of saying (我老婆说, "my wife says"). In a clause of its own beside the
    customer's answer, a person is the reason's (孩子发烧了，改到下周)."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) < 2:
        return True
    if BOOKED_FOR_SAID.search(phrase_text(body)):
        return False  # 我是帮女儿约的: she is the appointment's client
    for index, clause in enumerate(clauses):
        spaced = with_spaces(clause)
        if not names_someone(spaced):
            continue
        unable_or_saying = UNABLE.search(clause) or SAYING.search(spaced)
        if COMING_ALONG_SAID.search(spaced) and not unable_or_saying:
            continue  # 我带孩子一起来: the customer comes, and someone with them
        read = meanings(clause, body, last=index == len(clauses) - 1)
        if BEFELL.search(spaced) and not unable_or_saying and not WORDS_OF_AN_ANSWER & {*read}:
            continue  # 孩子突然发高烧: what befell them, the customer's reason
        if ANSWERING.intersection(read) or unable_or_saying:
            return True
    return False
