"""Words the rules read whole and refused before the seventeenth pass, where together they say
one answer: each table is composed from a class the lexicon already knows and a word of another
class whose meaning changes beside it, so a new member of either class is read alike.

Data only, written after normalisation like ``gateway.domain.reply_words``; each table is read
as the class named in ``gateway.domain.reply_lexicon``.
"""

from __future__ import annotations

from collections.abc import Iterable

#: "No more" said of the visit: beside an opt-out it is the texts (no more texts), after not
#: coming it is the visit (not coming anymore, can't make it any more).
_NO_LONGER = ("anymore", "any more")


def no_longer(absence: Iterable[str]) -> tuple[str, ...]:
    """Not coming (the English ones of ``absence``) followed by "anymore": still not coming."""
    return tuple(
        f"{phrase} {word}" for phrase in absence if phrase.isascii() for word in _NO_LONGER
    )


#: "For sure" (确定): a yes alone, and before another answer only says how sure it is (确定取消,
#: 确定不去了, 确定要改期), as 肯定 and 一定 already do. Read by the word after it
#: (``reply_lexicon.led``).
SURELY: tuple[str, ...] = ("确定",)
