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

#: Thanks as typed (蟹蟹 for 谢谢, Cantonese 唔该 and 多谢晒, "thx") and the reminder or notice
#: thanked for: 提醒 and 通知 alone are the messages an opt-out stops (别再提醒了).
_THANKING = (
    "谢谢",
    "蟹蟹",
    "多谢",
    "多谢晒",
    "唔该",
    "唔该晒",
    "感谢",
    "thx",
    "thanks",
    "tq",
    "ty",
)
_REMINDING = ("提醒", "通知", "预约提醒", "预约通知")


def thanked_for(known: Iterable[str]) -> tuple[str, ...]:
    """Thanks for the reminder (唔该提醒, 蟹蟹提醒, "thx 提醒"): politeness, as 谢谢提醒 is; those
    already ``known`` left out."""
    listed = set(known)
    composed = (f"{thanks} {it}" for thanks in _THANKING for it in _REMINDING)
    return tuple(p for p in composed if p not in listed and p.replace(" ", "") not in listed)


def received(receipt: Iterable[str]) -> tuple[str, ...]:
    """The reminder received (收到预约提醒, 收到通知): a receipt, as 收到 alone is."""
    return tuple(f"{got}{it}" for got in receipt if got.startswith("收到") for it in _REMINDING)
