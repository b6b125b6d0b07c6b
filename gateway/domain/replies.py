"""Understanding a customer's SMS reply to a confirmation request.

``parse_reply`` turns the free text a customer sends back (Simplified or Traditional Chinese,
English, or the digits 1/2/3 offered in the request) into an ``Intent`` and, when the customer
typed one, the appointment's ref.

A wrong confirm or cancel is worse than asking again, so the parser is deliberately strict: a
message is understood only when every part of it is either ONE clear intent or known polite
padding (谢谢, 好的, please, …). Anything else left over — a negation (不, 别, not), a question
word or particle (吗, 能, can), a second intent, a time, a word we do not know — makes the whole
reply ``Intent.UNKNOWN``, and the caller asks the customer again. Negations and questions are
therefore caught because their words are never padding, not by a list of patterns that could
miss one; the single pattern kept (``_HEDGE``) is for Chinese yes/no questions, whose words
could otherwise line up into padding plus a phrase.

Pure: standard library and the lifecycle module only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from gateway.domain.lifecycle import Intent, is_ref
from gateway.domain.reply_words import (
    CANCEL_PHRASES,
    CHANGE_PHRASES,
    CONFIRM_PHRASES,
    HELP_KEYWORDS,
    OPT_IN_KEYWORDS,
    OPT_OUT_KEYWORDS,
    PADDING_PHRASES,
    SOFT_CONFIRM_PHRASES,
)

#: Longest reply (after normalisation) we try to understand. Longer texts are stories, not answers,
#: and the more words a message has the likelier one of them changes its meaning.
MAX_REPLY_CHARS = 60

# Twilio's body limit; anything longer is not worth normalising at all (NFKC can turn one
# character into eighteen, so the cheap check comes first).
_MAX_RAW_CHARS = 1600


@dataclass(frozen=True, slots=True)
class ParsedReply:
    """What a reply means, and the ref it names (upper-cased), if it names exactly one."""

    intent: Intent
    ref: str | None


# --- Normalisation ----------------------------------------------------------------------------

# Traditional → Simplified, only for the characters our phrases and padding use; an unmapped
# Traditional character simply stays unknown, which is safe.
_TRADITIONAL_TO_SIMPLIFIED = str.maketrans(
    "確認變時間換個沒問題會來準見訂閱幫嗎麼別預約還後遲謝這們請煩臨實經覆號編點對為師親",
    "确认变时间换个没问题会来准见订阅帮吗么别预约还后迟谢这们请烦临实经复号编点对为师亲",
)

# NFKC has already turned the full-width ？ into ?.
_QUESTION_MARKS = "?¿؟"

# Emoji that mean "OK"; every other emoji, symbol or punctuation mark is only decoration.
_KEPT_SYMBOLS = frozenset("👍👌✅✔")

# Dropped rather than spaced, so "can't" and "won’t" stay one word.
_APOSTROPHES = str.maketrans("", "", "'’‘`")

_ALNUM_RUN = re.compile(r"[a-z0-9]+")

# Chinese yes/no questions repeat a word around 不/没 (会不会来, 来没来, 可不可以), and 要不 is "how
# about". Both can hide inside an otherwise clean reply: 会不会来 reads as the padding 会 followed
# by the cancel phrase 不会来, so they are refused before the phrases are read. 确认一下 is as
# often "let me check" as "I confirm", so it is refused too.
_HEDGE = re.compile(r"(\S)[不没]\1|要不|确认一下")

# An English word or number is one token; any other character (a Chinese character, an emoji,
# a letter of another script) is one token of its own.
_TOKEN = re.compile(r"[a-z0-9]+|\S")


def _normalise(body: str) -> str:
    """NFKC (full-width ＳＴＯＰ, １ and ideographic spaces become ASCII), case-folded,
    Simplified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", body).casefold().translate(_TRADITIONAL_TO_SIMPLIFIED)
    return " ".join(text.split())


def _words_only(text: str) -> str:
    """``text`` with apostrophes dropped and punctuation, brackets, emoji (bar the OK ones) and
    control characters turned into spaces."""
    text = text.translate(_APOSTROPHES)
    kept = (
        char if char in _KEPT_SYMBOLS or unicodedata.category(char)[0] in "LN" else " "
        for char in text
    )
    return " ".join("".join(kept).split())


def _pull_refs(text: str) -> tuple[set[str], str]:
    """The distinct refs in ``text`` (upper-cased) and the text without them.

    Refs are taken out before anything else is read, so the 3 in K7P3 is never a reply digit.
    """
    refs: set[str] = set()

    def take(match: re.Match[str]) -> str:
        if is_ref(match.group()):
            refs.add(match.group().upper())
            return " "
        return match.group()

    rest = _ALNUM_RUN.sub(take, text)
    return refs, " ".join(rest.split())


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


# --- Phrase lexicon ---------------------------------------------------------------------------


class _Filler(Enum):
    """What a matched phrase is when it is not an appointment intent."""

    PADDING = "padding"
    SOFT_CONFIRM = "soft_confirm"


_Meaning = Intent | _Filler


def _build_lexicon() -> dict[tuple[str, ...], _Meaning]:
    tables: tuple[tuple[tuple[str, ...], _Meaning], ...] = (
        (CONFIRM_PHRASES, Intent.CONFIRM),
        (CHANGE_PHRASES, Intent.CHANGE),
        (CANCEL_PHRASES, Intent.CANCEL),
        (SOFT_CONFIRM_PHRASES, _Filler.SOFT_CONFIRM),
        (PADDING_PHRASES, _Filler.PADDING),
    )
    lexicon: dict[tuple[str, ...], _Meaning] = {}
    for phrases, meaning in tables:
        for phrase in phrases:
            key = _tokens(phrase)
            # A phrase in two tables would silently take whichever came last.
            if key in lexicon:
                raise ValueError(f"reply phrase {phrase!r} is listed twice")
            lexicon[key] = meaning
    return lexicon


_LEXICON = _build_lexicon()
_LONGEST_PHRASE = max(len(key) for key in _LEXICON)


def _meanings(tokens: tuple[str, ...]) -> list[_Meaning | None]:
    """Read ``tokens`` left to right, longest known phrase first; None for an unknown token."""
    found: list[_Meaning | None] = []
    start = 0
    while start < len(tokens):
        for length in range(min(_LONGEST_PHRASE, len(tokens) - start), 0, -1):
            meaning = _LEXICON.get(tokens[start : start + length])
            if meaning is not None:
                found.append(meaning)
                start += length
                break
        else:
            found.append(None)
            start += 1
    return found


def _keyword_intent(rest: str, asks: bool) -> Intent | None:
    """The intent of a whole-message keyword, or None if ``rest`` is not one."""
    if not rest:
        # "?" alone (or "K7P3?") is a request for help; an empty reply is nothing.
        return Intent.HELP if asks else None
    # Opt-out is honoured even as "STOP?": stopping wrongly costs less than texting on.
    if rest in OPT_OUT_KEYWORDS:
        return Intent.OPT_OUT
    if rest in HELP_KEYWORDS:
        return Intent.HELP
    # "start?" is a question, not consent to be texted again.
    if rest in OPT_IN_KEYWORDS and not asks:
        return Intent.OPT_IN
    return None


def _phrase_intent(rest: str) -> Intent:
    """The one appointment intent ``rest`` expresses, or UNKNOWN if it is not exactly one."""
    if _HEDGE.search(rest):
        return Intent.UNKNOWN
    meanings = _meanings(_tokens(rest))
    if None in meanings:
        # Something we do not understand: a negation, a question word, a time, another language.
        return Intent.UNKNOWN
    intents = {meaning for meaning in meanings if isinstance(meaning, Intent)}
    if len(intents) == 1:
        return intents.pop()
    if not intents and _Filler.SOFT_CONFIRM in meanings:
        return Intent.CONFIRM
    # Two intents (确认取消, "1 3") or padding alone (谢谢, 收到).
    return Intent.UNKNOWN


def parse_reply(body: str) -> ParsedReply:
    """Understand one inbound SMS body. Never raises; anything unclear is ``Intent.UNKNOWN``.

    ``ref`` is set when the reply names exactly one ref (even if its intent is unknown, so the
    caller can still tell which appointment the customer meant); two different refs give
    ``ParsedReply(Intent.UNKNOWN, None)``, and so does a reply longer than ``MAX_REPLY_CHARS``,
    which is not read at all.
    """
    if len(body) > _MAX_RAW_CHARS:
        return ParsedReply(Intent.UNKNOWN, None)
    text = _normalise(body)
    if len(text) > MAX_REPLY_CHARS:
        return ParsedReply(Intent.UNKNOWN, None)
    asks = any(mark in text for mark in _QUESTION_MARKS)
    refs, rest = _pull_refs(_words_only(text))
    if len(refs) > 1:
        return ParsedReply(Intent.UNKNOWN, None)
    ref = next(iter(refs), None)
    keyword = _keyword_intent(rest, asks)
    if keyword is not None:
        return ParsedReply(keyword, ref)
    if asks:
        # 能改时间吗？, "cancel?": a question about an intent is not the intent.
        return ParsedReply(Intent.UNKNOWN, ref)
    return ParsedReply(_phrase_intent(rest), ref)
