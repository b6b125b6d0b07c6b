"""The someone-else stop of the reply guard: whether a person other than the customer named in a
reply may be the one answering, or the one whose appointment it is, so that the learned reader
keeps quiet; or is only the reason or the circumstance of the customer's own answer."""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.replies import clauses_of
from gateway.domain.reply_behalf import RELAYED, answers_for_the_client
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
from gateway.domain.reply_guard_words import WHAT_BEFELL
from gateway.domain.reply_habit_words import KIN
from gateway.domain.reply_lexicon import meanings
from gateway.domain.taught_phrases import asks, phrase_text

#: What befell someone, in Chinese, with the illnesses and losses the replies name beside family.
_BEFELL_CN: Final = sorted(
    {word for word in WHAT_BEFELL if not word.isascii()}
    | {
        "肠胃炎",
        "不舒服",
        "身体不舒服",
        "去世",
        "过身",
        "走了",
        "入咗院",
        "住院了",
        "学校",
        "家长会",
        "打预防针",
        "打针",
    },
    key=len,
    reverse=True,
)


def someone_else_answers(body: str) -> bool:
    """Someone other than the customer named where an answer may be theirs: in the only clause,
    beside an answer word or a word no class knows that may be one (我老婆整不了了), an inability
    (她去不了) or a word of saying (我老婆说, "my wife says"). In a clause of its own beside the
    customer's answer, a person is the reason's (孩子发烧了，改到下周)."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) < 2:
        return True
    text = phrase_text(body)
    if BOOKED_FOR_SAID.search(text) and not (RELAYED.search(text) and asks(body)):
        return False  # 我是帮女儿约的: she is the appointment's client
    if answers_for_the_client(body):
        return False  # 我替我妈回一下，她那天住院，去不了了: her answer (``reply_behalf``)
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


#: Family in Chinese, longest first, as ``phrase_text`` spells them (simplified, no spaces).
_KIN: Final = "|".join(
    sorted(
        {word for word in KIN if not word.isascii()}
        | {"妈", "爸", "娃", "阿妈", "阿嬷", "闺女", "家里老人", "老人", "亲戚", "孙子", "孙女"},
        key=len,
        reverse=True,
    )
)
_KIN_EN: Final = "|".join(word for word in KIN if word.isascii())
_MINE: Final = "(?:我的?|我们|我哋)?"
#: A relative named as the reason or the circumstance of the customer's own answer, not as the
#: one answering nor the one whose appointment it is (the eighteenth pass): what they forbid
#: (老公不让烫, 我妈不让我剪短, 老公说不让染) and the customer's duty to them (要陪家人回诊, 要顾
#: 小孩, 接孩子, 照顾爸爸). 帮我妈改期, 我老婆说取消 and 老婆替我来 name neither.
KIN_AS_REASON: Final = re.compile(
    f"{_MINE}(?:{_KIN})(?:说|都)?(?:不让|不许|唔俾|不喜欢|唔钟意|嫌)"
    f"|(?:陪|接|顾|照顾|带|凑)(?:一下)?{_MINE}(?:屋企|家里)?(?:{_KIN})"
)
#: What befell a relative (孩子发烧了, 我妈住院了, 小孩肠胃炎, "my daughter is sick"): the
#: customer's reason where its clause holds nothing else or names the customer ("so I have to
#: cancel", "need to cancel as …"); in the answer's own clause alone (我儿子发烧要取消, "my mum
#: sick cancel"), the relative may be the one whose appointment it is.
KIN_BEFELL: Final = re.compile(
    f"{_MINE}(?:{_KIN})(?:那天|嗰日|这几天|突然|临时|刚刚?)?(?:要)?(?:{'|'.join(_BEFELL_CN)})"
    f"|(?<![a-z])(?:my|our|the) (?:{_KIN_EN})s?(?: s| has| is| are| was| got)?"
    r"(?: been)? (?:sick|ill|unwell|poorly|in hospital|in the hospital|hospitalised|hospitalized)"
    r"(?![a-z])"
)
#: The customer named beside what befell a relative, or the reason marked as one (所以我要取消,
#: "so I have to cancel", "cancel as my son is sick"): the answer is the customer's.
_THE_CUSTOMER: Final = re.compile(
    "我|因为|所以|(?<![a-z])(?:i|im|ill|ive|id|as|because|cos|coz|since|so)(?![a-z])"
)


def names_someone_answering(text: str, body: str) -> bool:
    """Someone other than the customer named in ``text`` (a ``phrase_text`` of ``body``) as more
    than the reason or the circumstance of the customer's own answer: ``KIN_AS_REASON`` is set
    aside, and ``KIN_BEFELL`` where its clause, without it, holds no answer or names the
    customer."""
    kept = KIN_AS_REASON.sub(" ", text)
    for clause in clauses_of(body) or [body]:
        spoken = KIN_AS_REASON.sub(" ", phrase_text(clause))
        rest = KIN_BEFELL.sub(" ", spoken)
        if rest == spoken or spoken not in kept:
            continue
        answers = WORDS_OF_AN_ANSWER.intersection(meanings(rest.strip() or " "))
        if _THE_CUSTOMER.search(rest) or not answers:
            kept = kept.replace(spoken, rest)
    return names_someone(kept)
