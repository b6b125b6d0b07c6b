"""An answer said in words in a clause of its own (the nineteenth pass): 取消，太贵了; "Cancel lah,
no time"; "Postpone pls, down with flu"; 確認，今次做gel甲. The rules leave such a reply unclear
for the other clause's words, which no class of theirs knows (a reason, a detail, a sign-off),
and the learned reader is often unsure of it for the same words. The clause itself is not in
doubt: every word of it the rules know, and it says one answer and nothing else (its head word,
with politeness or the appointment: 取消吧, cancel pls, 取消预约).

So where the guard (``reply_guard.guard``) finds nothing against that answer, the reader may
read it without the margin it needs elsewhere, provided the model still reads that same answer
as the likeliest: an unsure model may confirm the words said, never overrule them. Two clauses
saying different answers, a clause with anything more than the head word (a day, a reason, a
question word), and a reply of one clause say nothing here.

An answer said in words and then called a joke (取消……开玩笑的😜, "cancel lol jk") is taken
back: ``JEST`` stops every reading of the reader, the words said included.

Pure: the parser's clauses and word classes.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import clauses_of
from gateway.domain.reply_lexicon import Word, meanings

#: A jest taking back what was said (开玩笑的, 讲笑咋, 逗你的, "jk", "just kidding"), as
#: ``phrase_text`` writes it (Traditional read as Simplified).
JEST: Final = re.compile(
    "玩笑|讲笑|讲下笑|说笑|逗你|逗逗你|闹着玩"
    r"|(?<![a-z])(?:jk|j/k|kidding|joking|jesting)(?![a-z])"
)
#: The head words, and the answer each says in so many words.
_HEADS: Final = {
    Word.CONFIRM: Intent.CONFIRM,
    Word.CHANGE: Intent.CHANGE,
    Word.CANCEL: Intent.CANCEL,
}
#: What may stand beside the head in its clause: politeness (吧, pls, 唔该) and the appointment
#: itself (取消预约, "cancel my appointment").
_BESIDE_IT: Final = frozenset({Word.PADDING, Word.APPOINTMENT})

#: A clause of one word no class knows, before the answer, that names someone (Lily, 小王, 阿芳,
#: 李总, 陈姐): whose appointment is it ("Lily, cancel", as the rules' own table reads it)?
_WHO: Final = re.compile(r"[a-z]+|[小老阿]\w|\w{1,2}(?:总|姐|哥|老师|太|生)")


def said_alone(body: str) -> Intent | None:
    """The answer a clause of ``body`` says in words and nothing else (the reader asks only
    where another clause holds words the rules do not know); None for a reply of one clause,
    for no such clause, for two answers, or for a name before the answer."""
    clauses = clauses_of(body) or []
    if len(clauses) < 2:
        return None
    said: set[Word] = set()
    for index, clause in enumerate(clauses):
        read = meanings(clause, body, last=index == len(clauses) - 1)
        heads = {word for word in read if word is not None and word in _HEADS}
        if heads and None not in read and set(read) <= heads | _BESIDE_IT:
            said |= heads
        elif not said and _WHO.fullmatch(clause.strip()) and set(read) == {None}:
            return None  # Lily, cancel; 小王，取消: a name before the answer, whose is it?
    return _HEADS[next(iter(said))] if len(said) == 1 else None
