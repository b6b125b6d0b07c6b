"""The rules kept as the guard of the learned reader: what in a reply must stop a change, whatever
a model reads in it — a negation, a question, a condition, someone else, two intents, news of a
change made.

The reply parser refuses these by never listing their words (an unknown word makes a reply
unclear), so a reply it left unclear may be unclear for one of them or only for a word nobody
listed. ``guard`` tells the two apart, from the parser's own pieces wherever it has them:
whether a word no class knows left it unclear (``ParsedReply.unread``; else the rules read every
word and decided), its clauses and word classes (``replies.clauses_of``,
``reply_lexicon.meanings``: two answers, news of a change, a reason beside a yes, a time beside a
soft yes), its refusals before reading words (``replies.hedges``: 会不会, 确认一下), and the
taught phrases' tests for a question and a no (``taught_phrases.asks``, ``negates``: a no outside
the phrases the parser reads as the intent, so 来不了 may cancel and 没问题 confirm). Conditions,
persons other than the customer, problems and codes have no list in the parser (their words are
simply never listed): those lists are the guard's own, with the parser's ``UNDECIDED`` (not
decided yet) and ``KIN``.

``learned_intent`` consults the model (``reply_learned``) only for a reply the rules left unclear
and asked nothing the machine answers, and only when the guard finds nothing.

Pure: the parser, its word lists and the loaded model.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import ParsedReply, clauses_of, hedges, parse_reply
from gateway.domain.reply_clause_words import UNDECIDED
from gateway.domain.reply_habit_words import ADDRESSED, KIN
from gateway.domain.reply_learned import MODEL, Model
from gateway.domain.reply_lexicon import Word, english_phrases, meanings
from gateway.domain.reply_meaning_words import NEGATING
from gateway.domain.taught_phrases import asks, negates, phrase_text


class Guard(StrEnum):
    """Why the learned reader may not speak for a reply."""

    UNREAD = "too long or empty: the parser does not read it"
    QUESTION = "asks a question"
    NEGATION = "says no"
    CONDITION = "a condition, or not decided yet"
    SOMEONE_ELSE = "about someone else"
    TWO_INTENTS = "two answers, or another answer than the one read"
    CHANGE_MADE = "news of a change already made"
    TROUBLE = "a problem or a mistake named"
    CODE = "a code the rules cannot read: it may name another appointment"
    READ_ALREADY = "the rules know every word of it and found no one answer"
    RUNNING_LATE = "minutes named beside a change: running late, not a new time"


def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Chinese anywhere, English as whole words (of a ``phrase_text``: words split by spaces)."""
    english = "|".join(re.escape(p.strip()) for p in phrases if p.isascii())
    chinese = "|".join(re.escape(p) for p in phrases if not p.isascii())
    return re.compile(f"(?<![a-z0-9])(?:{english or '(?!)'})(?![a-z0-9])|{chinese or '(?!)'}")


#: A condition (…的话, 如果, "if"): the answer holds only if something else does.
_CONDITIONS: Final = _any_of(
    (
        "如果", "的话", "要是", "假如", "假设", "万一", "除非", "只要", "看情况", "视情况", "再定",
        "睇情况", "可能", "也许", "或许", "大概", "说不准", "if", "unless", "in case", "depending",
        "depends", "provided", "assuming", "might", "probably", "possibly",
    )
    + UNDECIDED
    # The decision put off till later (到时候看吧, "we'll see"): 到时候 beside it is not 到时候见.
    + (
        "到时候看", "到时看", "到时再", "看吧", "睇吓", "睇睇", "well see", "we will see",
        "see how", "let you know", "tbd",
    )
)  # fmt: skip
#: Someone other than the customer: whose appointment, whose answer? (其他 is "other", not "he".)
_SOMEONE_ELSE: Final = _any_of(
    (
        "朋友", "同事", "同学", "室友", "闺蜜", "男友", "女友", "别人", "其他人", "她", "他们",
        "佢", "someone", "somebody", "friend", "friends", "colleague", "boss", "roommate",
        "girlfriend", "boyfriend", "he", "she", "him", "her", "his", "they", "them", "their",
    )
    + KIN
)  # fmt: skip
_HE: Final = re.compile("(?<!其)他")
#: A problem or a mistake named (有问题, 发错了, "wrong number"): a person reads what went wrong.
#: 问题 beside 没, 冇 or 无 is the parser's 没问题 ("no problem"), a yes.
_TROUBLE: Final = re.compile(
    "(?<![没冇无])问题|错|(?<![a-z])(?:problem|problems|issue|issues|wrong|mistake)(?![a-z])"
)
#: A code as written (K7P2 with a digit not of the ref alphabet, 2024, NEXT): the ref of another
#: appointment mistyped, a year, a booking number? Only a word the parser does not know counts.
_CODE: Final = re.compile(
    r"(?<![A-Za-z0-9])(?:(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]{3,}|[0-9]{3,}|[A-Z]{3,})"
    r"(?![A-Za-z0-9])"
)
#: The parser's own negations ("not going to", its ``NEGATING``), which a shorter phrase holding
#: them hides from the taught phrases' test ("not going to cancel" holds the cancel "not going"):
#: said outside every longer phrase of the parser that holds one ("not going to make it").
_NEGATING: Final = _any_of(NEGATING)
_HOLDING_A_NEGATION: Final = _any_of(
    tuple(
        phrase
        for phrase in english_phrases()
        if phrase not in NEGATING and any(no in phrase for no in NEGATING)
    )
)
#: Minutes named (推迟10分钟, "push it 10 mins"): beside a change, the customer is running late;
#: the parser's tables leave that to a person, and so does the reader.
_MINUTES: Final = re.compile(r"分钟|(?<![a-z])(?:min|mins|minute|minutes)(?![a-z])")
#: News of a change made, in English (the parser's Chinese ones are its ``CHANGE_DONE`` class).
_DONE: Final = _any_of(("already", "rescheduled", "changed", "moved", "postponed", "换好", "调好"))

#: A yes/no question's "or not" (能不能, 可唔可以, 行不行, 可以不): asking, even without 吗 or ?.
_A_NOT_A: Final = re.compile(r"(\S)[不唔]\1|可以不|行不|好不|ok不")

# What each class of the parser's says, when it says an answer.
_SAYS: Final[dict[Word, str]] = {
    Word.CONFIRM: "confirm",
    Word.SEE: "confirm",
    Word.KEEP: "confirm",
    Word.CHANGE: "change",
    Word.CHANGE_VERB: "change",
    Word.CANCEL: "cancel",
    Word.CANCEL_VERB: "cancel",
    Word.OPT_OUT: "opt out",
}


# Where English meets Chinese ("not确认", "what时间"): the taught phrases' tests split English by
# spaces, and a phrase_text closes the spaces beside Chinese.
_SCRIPT_CHANGE: Final = re.compile(r"(?<=[a-z0-9])(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])(?=[a-z0-9])")


def _spaced(text: str) -> str:
    """``text`` with a space wherever English meets another script."""
    return _SCRIPT_CHANGE.sub(" ", text.casefold())


def _found(body: str, clauses: list[str]) -> set[Word]:
    """Every class of word the parser knows in ``clauses`` (of ``body``), unknown words passed
    over."""
    found: set[Word] = set()
    for index, clause in enumerate(clauses):
        if clause not in ADDRESSED:  # 姐，…: the one written to, as the parser reads it
            found.update(w for w in meanings(clause, body, last=index == len(clauses) - 1) if w)
    return found


def _said(text: str, body: str) -> Guard | None:
    """What the words of ``text`` (the ``phrase_text`` of ``body``) name that stops any learned
    reading: a condition, someone else, news of a change, a problem, a code. A few patterns."""
    if _CONDITIONS.search(text):
        return Guard.CONDITION
    if _SOMEONE_ELSE.search(text) or _HE.search(text):
        return Guard.SOMEONE_ELSE
    if _NEGATING.search(_HOLDING_A_NEGATION.sub(" ", text)):
        return Guard.NEGATION
    if _DONE.search(text):
        return Guard.CHANGE_MADE
    if _TROUBLE.search(text):
        return Guard.TROUBLE
    if any(None in meanings(code.casefold()) for code in _CODE.findall(body)):
        return Guard.CODE
    return None


def refusal(body: str) -> Guard | None:
    """What in ``body`` stops any learned reading, whatever intent it reads."""
    text = phrase_text(body)
    clauses = clauses_of(body)
    if not text or clauses is None:
        return Guard.UNREAD
    if hedges(body, clauses):
        return Guard.QUESTION
    return _said(text, body)


def guard(body: str, intent: Intent, parsed: ParsedReply | None = None) -> Guard | None:
    """Why ``body`` may not be read as ``intent`` by anything but the rules; None when nothing
    in it stops that. ``parsed``: the rules' reading of it, when the caller has it."""
    if not (parsed or parse_reply(body)).unread:
        return Guard.READ_ALREADY  # 谢谢提醒, 好的，3点: the rules read it all, and decided
    stop = refusal(body)
    if stop is not None:
        return stop
    text = phrase_text(body)
    found = _found(body, clauses_of(body) or [])
    # Any question stops a learned reading, a polite request for a change too: the rules read
    # those they know (能换个时间吗), and one they do not may ask something else about the time
    # (晚到半小时还能做吗 asks whether a late arrival is still served, not for a new time).
    if asks(_spaced(body)) or _A_NOT_A.search(text):
        return Guard.QUESTION
    if negates(_spaced(text), intent):
        return Guard.NEGATION
    if intent is Intent.CHANGE and _MINUTES.search(text):
        return Guard.RUNNING_LATE
    if Word.CHANGE_DONE in found or Word.ALREADY in found:
        return Guard.CHANGE_MADE
    said = {_SAYS[word] for word in found if word in _SAYS}
    if Word.ABSENCE in found and intent is not Intent.CHANGE:
        said.add("cancel")  # 来不了 cancels, or is the reason of a change
    if len(said) > 1 or said - {intent.value}:
        return Guard.TWO_INTENTS
    if intent is Intent.CONFIRM and found & {Word.WHEN, Word.SHIFT, Word.CIRCUMSTANCE}:
        # 好的，3点 may propose 3 o'clock; 生病了，好的 gives a reason to stay away
        return Guard.TWO_INTENTS
    return None


def learned_intent(body: str, parsed: ParsedReply, model: Model = MODEL) -> Intent | None:
    """The intent the learned reader reads in ``body``, which the rules read as ``parsed``: only
    where they said nothing (unclear, and no question the machine answers), only when the model
    is sure beyond its threshold, and only when the guard finds nothing against it."""
    if parsed.intent is not Intent.UNKNOWN or parsed.question is not None or not parsed.unread:
        return None  # read, or asking what the machine answers, or read whole and refused
    # The cheap refusals first, then the model: most unclear replies stop at one or the other,
    # and only a reply the model reads is cut into clauses and read by the whole guard.
    text = phrase_text(body)
    if not text or _said(text, body) is not None:
        return None
    intent = model.intent(text)
    if intent is None or guard(body, intent, parsed) is not None:
        return None
    return intent
