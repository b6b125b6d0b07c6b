"""Phrases a salon teaches: an unclear reply that staff read as confirm, change or cancel, kept
("remember") so the next customer who writes exactly the same words is understood.

A taught phrase is matched by ``phrase_text``: the parser's own normalisation (full-width and
case folded, Traditional read as Simplified), punctuation and emoji decoration dropped, the ref
taken out and the spaces between Chinese characters closed up — 行就这样啦！ and ＂行 就这样啦＂
are one phrase. Nothing nearer than that matches: a salon teaches what its customers write, not
what they might.

A phrase only ever speaks where the parser said nothing (``Intent.UNKNOWN``), and never for a
reply that asks (a question mark, 吗, 什么, "when") or says no (不, 没, 唔, "not") — unless the
no is part of a phrase the parser itself reads as the taught intent or as politeness (来不了 in
a cancel, 没问题 in a confirm, 不好意思 anywhere). So a salon cannot teach 不确认 as a confirm,
and a mistaken tap on one customer's question does not answer the next customer's for them.

Pure: the standard library and the reply parser's normalisation and word tables.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final

from gateway.domain.lifecycle import APPOINTMENT_INTENTS, REF_DIGITS, Intent, is_ref
from gateway.domain.replies import MAX_REPLY_CHARS, ParsedReply, normalise, parse_reply, words_only
from gateway.domain.reply_clause_words import CIRCUMSTANCE_PHRASES, SIGN_OFF_PHRASES
from gateway.domain.reply_context_words import PADDING_PHRASES
from gateway.domain.reply_meaning_words import (
    AGREEING,
    CALLING_OFF,
    CONFIRMING,
    MOVING,
    MOVING_VERBS,
    NOT_COMING,
)
from gateway.domain.reply_words import (
    ABSENCE_PHRASES,
    CANCEL_PHRASES,
    CHANGE_PHRASES,
    CHANGE_VERBS,
    CONFIRM_PHRASES,
    MAY_PHRASES,
    SOFT_CONFIRM_PHRASES,
)

#: A salon's phrases: the matched text (``phrase_text``) and the intent it was taught as.
TaughtPhrases = Mapping[str, Intent]

# A reply longer than Twilio's body limit is not worth normalising (as the parser's).
_MAX_RAW_CHARS: Final = 1600

_ALNUM_RUN: Final = re.compile(r"[a-z0-9]+")
_REF_DIGIT: Final = re.compile(f"[{REF_DIGITS}]")
# Chinese has no spaces between words: one typed beside a Chinese character is punctuation
# (OK 搞掂 is OK搞掂); between two English words it separates them.
_SPACE_BY_CHINESE: Final = re.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")

# NFKC has already turned the full-width ？ into ?.
_QUESTION_MARKS: Final = "?¿؟"
# Question words and particles (the parser's 吗 么 嘛 请问, and what asks who, what, where, when,
# how many; 咩 乜 边度 边个 点解 are Cantonese). Not 这么/那么 (就这么定了 settles it), 任何 ("any")
# or 这边 ("on my side"), which ask nothing.
_ASKING_CHINESE: Final = re.compile(
    "吗|(?<![这那])么|嘛|请问|呢|啥|几|哪|谁|怎|如何|(?<!任)何时|为何|何处|多少|是否|咩|乜|边度|边个|边日"
    "|边间|边位|点解"
)
#: Question words that ask nothing there: 几 as "a few" (过几天, 往后延几天, 那几天, 好几天) and
#: 呢 after an ongoing 着 (记着呢, 等着剪呢: "I do remember", "waiting for it").
_NOT_ASKING: Final = re.compile(
    "(?:这|那|好|过|延|推|挪|后|前)几(?=天|日|个|周|星期|次)|着[^，,。.!！\\s]{0,2}呢"
)
_ASKING_ENGLISH: Final = frozenset("what when where why how who whom whose which".split())
# A yes/no question in English starts with its verb ("can we", "is it"); "will" is left out:
# "will be there" says yes.
_ASKING_FIRST: Final = frozenset(
    "can could is are am do does did would should shall may might".split()
)

# Written normalised: Simplified, apostrophes dropped (cant, wont).
_NEGATING_CHINESE: Final = re.compile("[不没别唔冇未勿甭莫否无]")
_NEGATING_ENGLISH: Final = frozenset(
    """no not nope nah never none neither nor cannot cant dont doesnt didnt wont isnt arent
    wasnt werent shouldnt couldnt wouldnt havent hasnt""".split()
)

# What the parser reads, per intent: a negation inside one of these is part of what the phrase
# means (来不了 cancels, 没问题 confirms), not a denial of it.
_POLITE: Final = PADDING_PHRASES + SIGN_OFF_PHRASES
_INTENT_WORDS: Final[dict[Intent, tuple[str, ...]]] = {
    Intent.CONFIRM: CONFIRM_PHRASES
    + CONFIRMING
    + SOFT_CONFIRM_PHRASES
    + AGREEING
    + MAY_PHRASES
    + _POLITE,
    Intent.CHANGE: CHANGE_PHRASES
    + MOVING
    + CHANGE_VERBS
    + MOVING_VERBS
    + CIRCUMSTANCE_PHRASES
    + _POLITE,
    Intent.CANCEL: CANCEL_PHRASES
    + CALLING_OFF
    + ABSENCE_PHRASES
    + NOT_COMING
    + CIRCUMSTANCE_PHRASES
    + _POLITE,
}


class Unteachable(StrEnum):
    """Why a reply cannot be taught (the value is what staff and API clients are told)."""

    NOT_AN_ANSWER = "only confirm, change or cancel can be taught"
    NO_WORDS = "the reply has no words to remember"
    TOO_LONG = f"only replies of at most {MAX_REPLY_CHARS} characters are remembered"
    READ_ALREADY = "the gateway already reads this reply by itself"
    ASKS = "the reply asks a question; a question is never remembered as an answer"
    SAYS_NO = "the reply says no (不, 没, not); it is never remembered as this answer"


def _any_of(phrases: Iterable[str]) -> re.Pattern[str]:
    """The phrases that hold a negation, longest first: Chinese anywhere, English as words."""
    negating = sorted(
        {
            phrase
            for phrase in phrases
            if _NEGATING_CHINESE.search(phrase) or _NEGATING_ENGLISH & set(phrase.split())
        },
        key=len,
        reverse=True,
    )
    english = "|".join(re.escape(p) for p in negating if p.isascii())
    chinese = "|".join(re.escape(p) for p in negating if not p.isascii())
    return re.compile(f"(?<![a-z0-9])(?:{english or '(?!)'})(?![a-z0-9])|{chinese or '(?!)'}")


_SAID_AS: Final = {intent: _any_of(words) for intent, words in _INTENT_WORDS.items()}


# The learned reader and the taught phrases each ask for it of the same reply, one after the
# other: the few latest are kept, as ``normalise`` keeps its own.
@functools.lru_cache(maxsize=64)
def phrase_text(body: str) -> str:
    """The text ``body`` is taught and matched by; "" when it has no words to match."""
    if len(body) > _MAX_RAW_CHARS:
        return ""
    words = words_only(normalise(body))
    if _REF_DIGIT.search(words):  # every ref holds one of its digits: most replies have none
        words = _ALNUM_RUN.sub(lambda run: " " if is_ref(run.group()) else run.group(), words)
    return _SPACE_BY_CHINESE.sub("", " ".join(words.split()))


def asks(body: str) -> bool:
    """True when ``body`` asks something: a question mark, a question word or particle, or an
    English sentence that starts as a question does."""
    text = normalise(body[:_MAX_RAW_CHARS])
    if any(mark in text for mark in _QUESTION_MARKS):
        return True
    if _ASKING_CHINESE.search(text) and _ASKING_CHINESE.search(_NOT_ASKING.sub(" ", text)):
        return True
    words = words_only(text).split()
    if words[:2] in (["can", "lah"], ["can", "la"], ["can", "leh"], ["can", "can"], ["can"]):
        return False  # Singlish "can lah": yes, it can
    return bool(words) and (words[0] in _ASKING_FIRST or not _ASKING_ENGLISH.isdisjoint(words))


def negates(text: str, intent: Intent) -> bool:
    """True when ``text`` (a ``phrase_text``) says no outside every phrase the parser reads as
    ``intent`` or as politeness."""
    rest = _SAID_AS[intent].sub(" ", text) if intent in _SAID_AS else text
    return bool(_NEGATING_CHINESE.search(rest)) or not _NEGATING_ENGLISH.isdisjoint(rest.split())


def why_not_taught(body: str, intent: Intent) -> Unteachable | None:
    """Why the reply ``body`` cannot be taught as ``intent``; None when it can."""
    if intent not in APPOINTMENT_INTENTS:
        return Unteachable.NOT_AN_ANSWER
    text = phrase_text(body)
    if not text:
        return Unteachable.NO_WORDS
    if len(text) > MAX_REPLY_CHARS:
        return Unteachable.TOO_LONG
    parsed = parse_reply(body)
    if parsed.intent is not Intent.UNKNOWN:
        return Unteachable.READ_ALREADY
    if parsed.question is not None or asks(body):
        return Unteachable.ASKS
    if negates(text, intent):
        return Unteachable.SAYS_NO
    return None


def taught_intent(body: str, parsed: ParsedReply, phrases: TaughtPhrases) -> Intent | None:
    """The intent a salon taught for ``body``, which the parser read as ``parsed``: only on an
    exact match of ``phrase_text``, only when the parser left it unclear, never for a reply
    that asks or says no (``why_not_taught``)."""
    if not phrases or parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
        return None
    intent = phrases.get(phrase_text(body))
    if intent is None or why_not_taught(body, intent) is not None:
        return None
    return intent
