"""No longer wanted, said alone (the twentieth pass): 不用了, 不要了, 唔使喇, 退掉吧, 这次先不用了,
with thanks (不用了，谢谢) or a reason beside it (不用了，已经在别家剪过了; 唔使喇，我喺屋企剪咗).

The rules read these words as a cancel only beside one said in so many words (不用了，取消) or
with the appointment as their object (这个预约不要了): alone they may decline something else.
In answer to a confirmation request there is nothing else to decline, and the labelled sets
say so: every such reply a writer labelled is a cancel. So where the rules leave the reply
unclear, the learned reader's path reads it as a cancel when the guard finds nothing against
one (a question, a condition, someone else, another answer); while an offer of new times is
open ``gateway.domain.decide`` reads it as unclear (it may decline the offer, not the visit).

A clause of the words alone, with what may lead them (这次先, 我, 就) and politeness after
them, is the answer; every other clause must say no answer of its own (好的，不用了 and
不用了，改个时间 stay unclear, as the rules' tables hold). 不用取消, 不用改 and 不用了谢谢我会来
are no such clause.

Pure: the parser's clauses and word classes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from gateway.domain.lifecycle import Intent, refs_named
from gateway.domain.replies import ParsedReply, clauses_of, parse_reply
from gateway.domain.reply_guard_patterns import WORDS_OF_AN_ANSWER
from gateway.domain.reply_lexicon import meanings
from gateway.domain.taught_phrases import asks, phrase_text

#: What may lead the words: the customer, this time, for now, then (我, 这次先, 今次, 就, 都).
_LEAD: Final = (
    "(?:不好意思|唔好意思|抱歉|我|我们|这次|今次|呢次|这回|这个|那个|这个就|就|先|暂时|都|还是)*"
)
#: Thanks or politeness after them, in the same clause (不用了谢谢, 唔使喇唔该).
_POLITE_WORDS: Final = (
    "谢谢|多谢|唔该|谢了|感谢|麻烦了|你们|你|妳们|哈|啦|喇|了|吧|啊|呀|哦|喔|嘞|咯"
)
_POLITE: Final = f"(?:{_POLITE_WORDS})*"
#: The words as ``phrase_text`` writes them (Simplified): no longer wanted, or given back.
NO_LONGER_WANTED: Final = re.compile(
    f"{_LEAD}(?:(?:不用|不要|不需要|不必|唔使|唔要|唔需要)(?:了|喇|啦|咯|嘞|啰)"
    f"|(?:帮我|给我|麻烦)?(?:退掉|退咗佢|退咗)){_POLITE}"
)
#: A clause of thanks or politeness alone.
_THANKS: Final = re.compile(f"(?:{_POLITE_WORDS}|抱歉|不好意思|唔好意思|sorry|thanks|thx)+")


def said_as_a_cancel(body: str) -> str | None:
    """``body`` with its clause saying it is no longer wanted written as 取消, for the guard to
    read what stands beside it; None when no clause says so, or another says an answer of its
    own."""
    clauses = clauses_of(body)
    if not clauses:
        return None
    said = False
    written = []
    for index, clause in enumerate(clauses):
        text = phrase_text(clause)
        if NO_LONGER_WANTED.fullmatch(text):
            said = True
            written.append("取消")
            continue
        written.append(clause)
        if not text or _THANKS.fullmatch(text):
            continue
        if WORDS_OF_AN_ANSWER.intersection(meanings(clause, body, last=index == len(clauses) - 1)):
            return None  # 好的，不用了; 不用了，改个时间: another answer beside it
    return "，".join(written) if said else None


def no_longer_wanted(body: str, stopped: Callable[[str, ParsedReply], bool]) -> bool:
    """``body`` is a cancel said as no longer wanted: the reply with those words written as 取消
    (``said_as_a_cancel``) reads as a cancel by the rules, or is left unclear and not
    ``stopped`` by the reader's guard for a cancel; a question mark in ``body`` still asks."""
    said = said_as_a_cancel(body)
    if said is None or asks(body) or len(refs_named(body)) > 1:
        return False  # asked, or two appointments named (K7P3 K7P4 不用了): a person reads it
    read = parse_reply(said)
    if read.question is not None:
        return False
    return read.intent is Intent.CANCEL or (
        read.intent is Intent.UNKNOWN and not stopped(said, read)
    )
