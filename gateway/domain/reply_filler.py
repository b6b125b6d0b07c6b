"""An answer said with one short word after it that no class knows (the twentieth pass):
"cancel ya thanks", "confirm lor", "ok can", "reschedule la". The rules leave such a reply unclear
for that one word, and the learned reader is often unsure of it for the same word, though a
particle or a tag of that length carries no intent of its own.

So, as for an answer said in a clause of its own (``reply_said_alone``), where the guard finds
nothing against the answer and the model still reads it as the likeliest (at any margin), the
reader reads it. Only in English, where words are told apart by spaces: one clause, one answer
(its head word, or ok and its kin for a yes), politeness or the appointment beside it, and one
word no class knows, after the answer, of at most three letters and typed in lower case (a name
is typed with a capital: "cancel Amy" is not read). A question, a no, a condition or someone else
is for the guard; a longer word ("cancel tomorrowish") or a short one that says more (but, if,
or, him, mum) than a tag is not read.

Pure: the parser's clauses and word classes.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import clauses_of
from gateway.domain.reply_lexicon import Word, meanings

#: The head words, and the answer each says; ok and its kin say a yes here.
_HEADS: Final = {
    Word.CONFIRM: Intent.CONFIRM,
    Word.SOFT_CONFIRM: Intent.CONFIRM,
    Word.CHANGE: Intent.CHANGE,
    Word.CANCEL: Intent.CANCEL,
}
_BESIDE_IT: Final = frozenset({Word.PADDING, Word.APPOINTMENT})
#: What a filler may be: a short word of letters, as typed.
_FILLER: Final = re.compile(r"[a-z]{1,3}")
#: Short words that say more than a tag, should a class not know them: a but, an if or an or
#: (a hedge, a condition, a choice), a no, and someone else (him, her, mum, son, bf).
_SAYS_MORE: Final = frozenset(
    "but if or not no nor yet him her his hers mum mom ma dad pa son kid sis bro bf gf hub".split()
)


def said_with_a_filler(body: str) -> Intent | None:
    """The answer ``body`` says in words beside one short lower-case word no class knows after
    it; None otherwise."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) != 1 or not clauses[0].isascii():
        return None
    tokens = clauses[0].split()
    read = meanings(clauses[0], body, last=True)
    if len(read) != len(tokens) or read.count(None) != 1:
        return None
    unknown = read.index(None)
    heads = {word for word in read if word in _HEADS}
    said = {_HEADS[word] for word in heads}
    if len(said) != 1 or not set(read) <= heads | _BESIDE_IT | {None}:
        return None
    first_head = min(at for at, word in enumerate(read) if word in heads)
    filler = tokens[unknown]
    typed = re.search(rf"(?<![A-Za-z]){re.escape(filler)}(?![A-Za-z])", body)
    if (
        unknown < first_head
        or not _FILLER.fullmatch(filler)
        or filler in _SAYS_MORE
        or typed is None
    ):
        return None  # before the answer (Lily cancel), longer, or typed with a capital (a name)
    return next(iter(said))
