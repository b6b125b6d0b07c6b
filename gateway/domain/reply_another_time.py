"""Another time asked for in place of the booked one, with no change word before it (the
nineteenth pass): the change-plus-when reading (``reply_when.change_wish``) reads only a change
word followed by when, so these stayed unclear though every word of them the rules know:

- the booked when replaced by another, a change word between them (两点改三点, 14:00改16:00,
  下午兩點改成五點): the second is the one wanted;
- the booked when refused, then another asked for in a clause of its own (两点太早了，三点半可以吗;
  兩點趕唔切，三點得唔得; 23号不行了，24号行不行): the one asked; said, not asked (3点来不了，4点
  可以), it may be the booked time said back, and stays unclear;
- another when asked "instead" ("can we do 4pm instead?", "Could we do the 30th instead, same
  time?", "any chance of 4pm instead of 2?"): the one before "instead".

A when asked alone (三点可以吗, 周日行吗, 下午三点呢) is not one of them: beside the booked time it
may be that time said back, asking whether it stands; it stays unclear, for a person. Every word
must be one the rules know, and none of another answer (a yes, a cancel, someone else, a no to
the change): the reply is read by its word classes (``reply_lexicon.meanings``), not its
phrasing. What stops any change with its when (a condition, a no, a fee asked) is still the
guard's, ``reply_guard.stops_a_change_with_when``, which every caller asks first.

Pure: the parser's clauses and word classes, and the hint reader's whens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from gateway.domain.offer_hints import when_as_then
from gateway.domain.replies import clauses_of, normalise
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.reply_spans import WHEN

#: A clause that says nothing but politeness, or "same time" beside a day asked.
_ASIDE: Final = frozenset({Word.PADDING, Word.SHIFT})
#: The booked when refused: a circumstance (太早了, 不行了, 赶唔切) or cannot-come (赶不过来).
_REFUSED: Final = frozenset({Word.CIRCUMSTANCE, Word.ABSENCE})
#: A when asked for: 可以吗, 行不行, 得唔得 (may, asked), 有冇位, "could we" (asking).
_ASKED: Final = frozenset({Word.MAY, Word.ASKING})
#: Beside a when asked "instead", a clause giving the reason ("Something came up").
_REASON: Final = frozenset({Word.CIRCUMSTANCE, Word.SHIFT})
_INSTEAD: Final = re.compile(r"(?<![a-z])instead(?![a-z])")


def another_time_asked(body: str) -> str | None:
    """The when ``body`` asks for in place of the booked one, as written (for ``read_wish``), in
    one of the three forms above; None otherwise."""
    clauses = clauses_of(body)
    cut = when_as_then(normalise(body))
    if not clauses or cut is None:
        return None
    whens = cut[1].split(", ")
    if sum(clause.count(WHEN) for clause in clauses) != len(whens):
        return None  # the parser and the hint reader cut the whens apart otherwise
    read = [
        meanings(clause, body, last=at == len(clauses) - 1) for at, clause in enumerate(clauses)
    ]
    if any(None in words for words in read):
        return None  # a word no class knows: the learned reader's, not a rule's
    said: list[tuple[str, Sequence[Word]]] = []
    for clause, found in zip(clauses, read, strict=True):
        if not set(found) <= _ASIDE or WHEN in clause:
            said.append((clause, [w for w in found if w is not None and w is not Word.PADDING]))
    before = 0  # whens in the clauses before the one read
    for at, (clause, words) in enumerate(said):
        here = whens[before : before + clause.count(WHEN)]
        if words == [Word.WHEN, Word.CHANGE, Word.WHEN] and len(said) == 1:
            return here[1]  # 两点改三点
        if (
            len(said) == 2
            and at == 1
            and _refused(said[0][1])
            and set(words) <= _ASKED | {Word.WHEN, Word.QUESTION}
            and words.count(Word.WHEN) == 1
            and (Word.QUESTION in words or Word.ASKING in words)
            and here[0] != whens[0]  # 两点不行，两点可以吗: the same when, nothing asked instead
        ):
            return here[0]  # 两点太早了，三点半可以吗
        reasons_only = all(
            set(other) <= _REASON for other_clause, other in said if other_clause != clause
        )
        if reasons_only and _instead(clause, words):
            return here[0]  # "can we do 4pm instead?"; "Something came up, 4pm instead of 2?"
        before += len(here)
    return None


def _refused(words: Sequence[Word]) -> bool:
    """A clause that refuses its one when: 两点太早了, 两点赶不过来, 23号不行了."""
    return (
        words.count(Word.WHEN) == 1
        and bool(set(words) & _REFUSED)
        and set(words) <= (_REFUSED | {Word.WHEN})
    )


def _instead(clause: str, words: Sequence[Word]) -> bool:
    """A clause asking for its first when "instead" ("can we do 4pm instead", "any chance of 4pm
    instead of 2"): asking, the when, then "instead"."""
    found = _INSTEAD.search(clause)
    if found is None or WHEN not in clause[: found.start()]:
        return False
    allowed = _ASKED | {Word.WHEN, Word.SHIFT, Word.QUESTION, Word.CHANGE}
    return Word.ASKING in words and set(words) <= allowed
