"""Understanding a customer's SMS reply to a confirmation request.

``parse_reply`` turns the free text a customer sends back (Simplified or Traditional Chinese,
English, or the digits 1/2/3 offered in the request) into an ``Intent`` and, when the customer
typed one, the appointment's ref.

A wrong confirm or cancel is worse than asking again, so the parser is deliberately strict: a
message is understood only when every word of it is known, and together they say ONE thing. A
reply is read as a short phrase around its reply word (the head: 确认, 改, 取消, 退订, cancel):
a wish before it (想, 麻烦帮我, "I'd like to"), what it is about before or after it (时间, 预约,
短信, "the appointment"), politeness anywhere. Anything else left over — a negation (不, 别,
not), a question word (呢, 什么, is), a second intent, a clock time, a word we do not know —
makes the whole reply ``Intent.UNKNOWN``, and the caller asks the customer again. Negations and
questions are therefore caught because their words are never padding, not by a list of patterns
that could miss one; the few patterns kept (``reply_refusals``) are for Chinese yes/no questions
and the like, whose words could otherwise line up into padding plus a phrase.

One kind of question is understood: asking whether the time can be changed (能改时间吗, 方便调一下
时间吗, "could I move it to another day?") asks for the change, whose worst outcome is a call
from the salon. A question about anything else — a confirm, a cancel, the appointment — is not
an answer.

Traditional Chinese is read through OpenCC's Traditional → Simplified conversion, so any
Traditional spelling reads as its Simplified form.

Pure: the standard library, OpenCC (a pure text conversion) and the lifecycle module.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import opencc

from gateway.domain.lifecycle import REF_DIGITS, Intent, is_ref
from gateway.domain.reply_habit_words import ADDRESSED
from gateway.domain.reply_lexicon import HEADS, INTENT_OF, Word, given_up, meanings
from gateway.domain.reply_questions import Question, asked_about, without_questions
from gateway.domain.reply_refusals import (
    CHECKING,
    HEDGE,
    INSTRUCTION,
    NOTICE_ASKED,
    TRAILING_OFF,
    checked_then_confirmed,
)
from gateway.domain.reply_room import asks_room_alone
from gateway.domain.reply_spans import with_or_not_asked, with_times_as_one_word
from gateway.domain.reply_words import (
    HELP_KEYWORDS,
    OPT_IN_KEYWORDS,
    OPT_OUT_KEYWORDS,
)

#: Longest reply (after normalisation) we try to understand. Longer texts are stories, not answers,
#: and the more words a message has the likelier one of them changes its meaning.
MAX_REPLY_CHARS = 60


def _length(text: str) -> int:
    """How long a reply is, as a Chinese reply counts: an English word takes about twice the
    characters of the same word in Chinese, so an ASCII character counts half."""
    if len(text) <= MAX_REPLY_CHARS:
        return len(text)  # short enough however it is counted: the common case, at once
    if text.isascii():
        return (len(text) + 1) // 2
    # UTF-8 writes a Chinese character in three bytes, an ASCII one in one.
    wide = (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2
    return wide + (len(text) - wide + 1) // 2


# Twilio's body limit: not worth normalising (NFKC can turn one character into eighteen).
_MAX_RAW_CHARS = 1600


@dataclass(frozen=True, slots=True)
class ParsedReply:
    """What a reply means, and the ref it names (upper-cased), if it names exactly one.

    ``question``: set only on an ``Intent.UNKNOWN`` reply that asks when or where the appointment
    is, so the caller may answer it; it never changes what the reply does.
    """

    intent: Intent
    ref: str | None
    question: Question | None = None
    #: Unclear for a word no class knows (not for what the known words say together).
    unread: bool = False


__all__ = ["MAX_REPLY_CHARS", "ParsedReply", "Question", "normalise", "parse_reply", "words_only"]


# --- Normalisation ----------------------------------------------------------------------------

# Built once (about 10 ms: it loads OpenCC's dictionaries). Converting only reads them, and
# OpenCC's converters are safe to share between threads. t2s reads Taiwan and Hong Kong spellings
# alike (裡 裏, 為 爲 all become 里, 为) and leaves Simplified text as it is.
_TO_SIMPLIFIED = opencc.OpenCC("t2s")


# Everything but letters, digits and the emoji that mean "OK": every other emoji, symbol or
# punctuation mark is only decoration. (``\w`` is what ``str.isalnum`` accepts, plus ``_``.)
_DECORATION = re.compile(r"[^\w👍👌✅✔]|_")

# Dropped rather than spaced, so "can't" and "won’t" stay one word.
_APOSTROPHES = str.maketrans("", "", "'’‘`")

_ALNUM_RUN = re.compile(r"[a-z0-9]+")
_REF_DIGIT = re.compile(f"[{REF_DIGITS}]")

# Where one clause of a reply ends and the next begins: a reason (人在外地) is a clause of its own.
# (NFKC has made the full-width ，！？：； ASCII already.) Chinese has no spaces between words, so
# a space between two Chinese characters is punctuation too (明天不行 改个时间吧).
_BREAKS = ",.;:!?。、~…—–"
# A dash between spaces ("something came up - can I rebook?") breaks too; in a word it is a hyphen.
_SPACED_DASH = re.compile(r"\s+-+\s+")
# "and" between words joins two clauses ("I'm sick and can't make it"): each is read on its own.
_CLAUSE_BREAK = re.compile(f"[{re.escape(_BREAKS)}]+|(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])| +and +")
# Decoration as in ``words_only``, clause breaks kept.
_DECORATION_BUT_BREAKS = re.compile(f"[^\\w👍👌✅✔{re.escape(_BREAKS)}]|_")
_BREAK_CHARS = frozenset(_BREAKS)


def _simplified(text: str) -> str:
    if text.isascii():
        return text
    try:
        converted: str = _TO_SIMPLIFIED.convert(text)
    except UnicodeEncodeError:
        # A lone surrogate cannot be handed to the library; nothing we understand contains one.
        return text
    return converted


# A reply is read by the parser, the hint reader and the pick reader, each normalising it;
# OpenCC's conversion is most of that, so the few latest are kept.
@functools.lru_cache(maxsize=64)
def normalise(body: str) -> str:
    """NFKC (full-width ＳＴＯＰ, １ and ideographic spaces become ASCII), case-folded,
    Simplified, whitespace collapsed."""
    text = _simplified(unicodedata.normalize("NFKC", body).casefold())
    return " ".join(text.split())


def words_only(text: str) -> str:
    """``text`` with apostrophes dropped and punctuation, brackets, emoji (bar the OK ones) and
    control characters turned into spaces."""
    return " ".join(_DECORATION.sub(" ", text.translate(_APOSTROPHES)).split())


def _pull_refs(text: str) -> tuple[set[str], str]:
    """The distinct refs in ``text`` (upper-cased) and the text without them.

    Refs are taken out before anything else is read, so the 3 in K7P3 is never a reply digit.
    Whitespace is left as it was.
    """
    refs: set[str] = set()
    if not _REF_DIGIT.search(text):
        return refs, text  # every ref holds one of its digits: most replies are spared the look

    def take(match: re.Match[str]) -> str:
        if is_ref(match.group()):
            refs.add(match.group().upper())
            return " "
        return match.group()

    return refs, _ALNUM_RUN.sub(take, text)


# --- Deciding -------------------------------------------------------------------------------


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


# What each kind of object may stand beside.
_OBJECT_FITS: dict[Word, frozenset[Word]] = {
    Word.TIME: frozenset({Word.CHANGE, Word.CONFIRM}),
    Word.SHIFT: frozenset({Word.CHANGE}),
    Word.APPOINTMENT: frozenset({Word.CONFIRM, Word.CHANGE, Word.CANCEL}),
    Word.MESSAGES: frozenset({Word.OPT_OUT}),
}
# The same for the classes few replies hold (looked at only when one is there, see ``_RARE``).
_RARE_FITS: dict[Word, frozenset[Word]] = {
    # Only an explicit confirm says the time back (14点见): 好的，3点 may propose it. A change and
    # its time (改到3点) are read together by the offer path (``reply_when.change_wish``).
    Word.WHEN: frozenset({Word.CONFIRM}),
    Word.LATER: frozenset({Word.CHANGE}),  # 去不了了，再约: cancel, or move it? ask
    # Beside 取消: what comes next (取消，以后再联系); beside 去不了 alone: cancel or move?
    Word.SOMETIME: frozenset({Word.CHANGE, Word.CANCEL}),
    Word.DECLINE: frozenset({Word.CANCEL}),  # 不用了，取消, 预约不要了; 不用了 alone declines what?
    Word.FOR_LATER: frozenset({Word.CHANGE, Word.CANCEL}),  # 好的，以后再说 may decline
}
_RARE = frozenset({Word.CANCEL_VERB, Word.SEE, Word.KEEP, *_RARE_FITS})
# Beside a cancel only when it is said in so many words (取消, cancel), not only "I cannot come".
_NEEDS_A_CANCEL = frozenset({Word.SOMETIME, Word.DECLINE})
_WITHDRAWN = frozenset({Word.APPOINTMENT, Word.ABSENCE})  # what 撤 and 退 take back: a visit

# What may share a clause with a reason (生病, 在外地, "something came up"): only words that say
# nothing (padding, the time, the appointment) or that the customer cannot come (生病来不了).
# Beside any other reply word in its clause a reason may be what that word is about: 不方便改时间
# ("not convenient to change the time") is not a change request.
_OBJECTS = frozenset({Word.TIME, Word.SHIFT, Word.WHEN, Word.APPOINTMENT})
# 好的 is politeness there: beside the answer in another clause it changes nothing, and alone
# with the reason it is a yes beside a reason, which stays unclear (see ``_phrase_intent``).
_BESIDE_A_REASON = _OBJECTS | {
    Word.CIRCUMSTANCE,
    Word.PADDING,
    Word.ABSENCE,
    Word.SOFT_CONFIRM,
    Word.ALREADY,  # 我已经在别家剪了: what happened, not a change made
    Word.KIN,  # 孩子生病了: whose illness (see ``_KIN_CLAUSE``)
}
# Someone close (孩子生病了) only in a reason's clause that carries no answer: 我老婆去不了 is
# someone else's answer, 孩子生病了，改到下周 the customer's own, with its reason.
_KIN_CLAUSE = _OBJECTS | {Word.KIN, Word.CIRCUMSTANCE, Word.PADDING}
_CHANGE_OBJECTS = _OBJECTS | {Word.REASON_OBJECT}
_REASONED = frozenset({Word.CHANGE, Word.CANCEL})
# A yes in so many words (确认, "I'll be there", 14点见), not only 好的 or 可以.
_SAID_YES = frozenset({Word.CONFIRM, Word.SEE})
_NEEDS_A_YES = frozenset({Word.KEEP, Word.WHEN})
_WHEN_LATER = frozenset({Word.SHIFT, Word.WHEN, Word.LATER})


def _clause_words(clauses: list[str], body: str) -> list[Word] | None:
    """The meanings of every clause's words; None when a word is unknown (a negation, a question
    word, a person); none when a reason shares its clause with a reply word it could be about."""
    found: list[Word] = []
    for index, clause in enumerate(clauses):
        if clause in ADDRESSED:
            continue  # 姐，明天去不了…: the one the reply is written to
        read = given_up(meanings(clause, body, last=index == len(clauses) - 1), found)
        if read is None:
            return []  # 我想改时间，算了: an answer taken back
        if None in read:
            return None  # an unknown word, or a negation ("not going to …")
        if Word.SOMETIME in read and not HEADS.intersection(read):  # 下次有空再约: when, later
            read = [word for word in read if word not in _WHEN_LATER]
        if Word.KIN in read and (Word.CIRCUMSTANCE not in read or not _KIN_CLAUSE.issuperset(read)):
            return []  # 我老婆去不了, 孩子取消: someone else's answer (no words: no answer)
        if Word.CIRCUMSTANCE in read:
            if not _BESIDE_A_REASON.issuperset(read):
                return []
            # 时间不太方便，取消吧: the time is what the reason is about, not what 取消 is about;
            # it still says what a change verb moves (时间不太方便，想调整一下).
            read = [Word.REASON_OBJECT if word in _OBJECTS else word for word in read]
        elif Word.ABSENCE in read and Word.WHEN in read and not HEADS.intersection(read):
            # 12月9号去不了: when one cannot come, not what a reply word is about.
            read = [Word.REASON_OBJECT if word is Word.WHEN else word for word in read]
        found += read  # type: ignore[arg-type]  # no None: checked above
    return found


def _phrase_intent(clauses: list[str], rest: str, asks: bool, body: str) -> Intent | None:
    """The one intent the phrases of ``clauses`` express, UNKNOWN if they are not exactly one,
    None if a word of them is unknown.

    ``rest``: the clauses joined, for the yes/no question test; ``asks``: the reply had a
    question mark; ``body``: the reply as written (a name addressed is capitalised there).
    """
    if HEDGE.search(rest) or (("回复" in rest or "reply" in rest) and INSTRUCTION.search(rest)):
        return Intent.UNKNOWN
    found = _clause_words(clauses, body)
    if found is None:
        return None
    if CHECKING.search(rest) and not checked_then_confirmed(clauses, body):
        return Intent.UNKNOWN
    words = set(found)
    intents = words & HEADS
    rare = words & _RARE
    if rare:
        if Word.CANCEL_VERB in rare or (Word.DECLINE in rare and Word.APPOINTMENT in words):
            if not words & _WITHDRAWN:
                return Intent.UNKNOWN  # 撤了: what? (预约撤了, 去不成了，撤了吧, 预约不要了)
            intents.add(Word.CANCEL)
            words.add(Word.CANCEL)  # a cancel in so many words (see ``_rare_fit``)
        if Word.SEE in rare:
            if Word.WHEN not in rare:
                return Intent.UNKNOWN  # 见 alone
            intents.add(Word.CONFIRM)
    if Word.CHANGE_DONE in words:
        return Intent.UNKNOWN  # which change, made where? a person knows
    if Word.CHANGE_VERB in words:
        if Word.CHANGE not in intents and not words & _CHANGE_OBJECTS:
            return Intent.UNKNOWN  # 换一下: the stylist? the service?
        intents.add(Word.CHANGE)
    if (
        not intents
        and (Word.SHIFT in words or Word.WHEN in rare)
        and (Word.ASKING in words or (Word.MAY in words and (asks or Word.QUESTION in words)))
        and (words & {Word.ABSENCE, Word.CIRCUMSTANCE} or not asks_room_alone(rest))
    ):
        # 能不能晚一点, 下周可以吗: asks for another time (not room on a day alone: reply_room)
        intents.add(Word.CHANGE)
    if Word.ALREADY in words and Word.CHANGE in intents:
        return Intent.UNKNOWN  # 已经推后了: news of a change made
    if Word.ABSENCE in words and intents != {Word.CHANGE}:
        intents.add(Word.CANCEL)
    asking = Word.ASKING in words
    if Word.MAY in words:
        if intents == {Word.CHANGE}:
            asking = True
        else:
            intents.add(Word.CONFIRM)  # 可以取消 ("may I cancel?") stays two answers
    if not intents and Word.SOFT_CONFIRM in words and not TRAILING_OFF.search(body):
        # 嗯 and 好 agree; 嗯... and 好吧…… trail off, a hesitation a person should read.
        intents.add(Word.CONFIRM)
    if len(intents) != 1:
        # Two intents (确认取消, "1 3") or padding alone (谢谢, 收到).
        return Intent.UNKNOWN
    intent = intents.pop()
    if asking or asks or Word.QUESTION in words:
        # Only asking for a change is a change; 改时间吗, "reschedule?" and 改期是否要提前一天
        # (how much notice it needs) ask about it instead.
        if not (asking and intent is Word.CHANGE) or NOTICE_ASKED.search(rest):
            return Intent.UNKNOWN
    if Word.CIRCUMSTANCE in words and intent not in _REASONED:
        return Intent.UNKNOWN  # 生病了，好的: a reason to stay away, beside a yes
    if rare and not _rare_fit(rare, words, intent):
        return Intent.UNKNOWN
    for word, fits in _OBJECT_FITS.items():
        if word in words and intent not in fits:
            return Intent.UNKNOWN  # 取消时间, 取消短信: about something the reply word is not
    return INTENT_OF[intent]


def _rare_fit(rare: set[Word], words: set[Word], intent: Word) -> bool:
    """The classes few replies hold (``_RARE``) fit the one ``intent`` read."""
    if rare & _NEEDS_A_YES and intent is Word.CONFIRM and not words & _SAID_YES:
        return False  # 别取消 alone, 好的，3点: a person reads what is meant
    if rare & _NEEDS_A_CANCEL and intent is Word.CANCEL and Word.CANCEL not in words:
        return False  # 去不了，下次再约; 不用了，去不了: cancel, or move it, or what?
    if Word.KEEP in rare and intent is not Word.CONFIRM:
        return False  # 别取消，改个时间: which is it?
    return all(intent in _RARE_FITS[word] for word in rare & _RARE_FITS.keys())


# Each reading behind the rules cuts a reply again (about ten times each): the latest are kept.
@functools.lru_cache(maxsize=512)
def _cut(body: str) -> tuple[bool, frozenset[str], tuple[str, ...]] | None:
    """Whether ``body`` has a question mark, the refs it names and its clauses, as the parser
    reads them; None for a reply too long to be read."""
    if len(body) > _MAX_RAW_CHARS:
        return None
    text = normalise(body)
    if _length(text) > MAX_REPLY_CHARS:
        return None
    # The question marks, each looked for on its own (NFKC has turned the full-width ？ into ?).
    asks = "?" in text or (not text.isascii() and ("¿" in text or "؟" in text))
    # Most replies hold no apostrophe: a look for each is cheaper than translating every one.
    plain = text.translate(_APOSTROPHES) if any(a in text for a in "'’‘`") else text
    if " -" in plain:
        plain = _SPACED_DASH.sub("—", plain)
    # Refs first, so the 3 in K7P3 is never a time; times before decoration, which would take
    # the colon out of 15:30.
    refs, plain = _pull_refs(plain)
    kept = _DECORATION_BUT_BREAKS.sub(" ", with_times_as_one_word(plain))
    if " " not in kept and _BREAK_CHARS.isdisjoint(kept):
        # One clause (确认, 好的谢谢): every way to cut one needs a space or a break, and the
        # cutting pattern would be tried at every character.
        return asks, frozenset(refs), (with_or_not_asked(kept),) if kept else ()
    pieces = (" ".join(piece.split()) for piece in _CLAUSE_BREAK.split(kept))
    return asks, frozenset(refs), tuple(with_or_not_asked(clause) for clause in pieces if clause)


def clauses_of(body: str) -> list[str] | None:
    """The clauses the parser reads ``body`` as (times as ``reply_spans.WHEN``, refs and
    decoration gone); None when the reply is too long to be read at all."""
    cut = _cut(body)
    return None if cut is None else list(cut[2])


def hedges(body: str, clauses: list[str] | None = None) -> bool:
    """``body`` holds a yes/no question form (会不会, 去唔去, 要不) or "let me check" (确认一下,
    unless it is checked and said yes to), which the parser refuses before reading words.
    ``clauses``: its ``clauses_of``, when the caller has them."""
    clauses = clauses_of(body) if clauses is None else clauses
    if clauses is None:
        return False
    rest = " ".join(clauses)
    checking = CHECKING.search(rest) and not checked_then_confirmed(clauses, body)
    return bool(HEDGE.search(rest) or checking)


def parse_reply(body: str) -> ParsedReply:
    """Understand one inbound SMS body. Never raises; anything unclear is ``Intent.UNKNOWN``.

    ``ref`` is set when the reply names exactly one ref (even if its intent is unknown, so the
    caller can still tell which appointment the customer meant); two different refs give
    ``ParsedReply(Intent.UNKNOWN, None)``, and so does a reply longer than ``MAX_REPLY_CHARS``,
    which is not read at all.
    """
    cut = _cut(body)
    if cut is None:
        return ParsedReply(Intent.UNKNOWN, None)
    asks, refs, clauses = cut
    if len(refs) > 1:
        return ParsedReply(Intent.UNKNOWN, None)
    ref = next(iter(refs), None)
    rest = " ".join(clauses)
    keyword = _keyword_intent(rest, asks)
    if keyword is not None:
        return ParsedReply(keyword, ref)
    intent = _phrase_intent(list(clauses), rest, asks, body)
    if intent is None or intent is Intent.UNKNOWN:
        return ParsedReply(Intent.UNKNOWN, ref, _question(rest), unread=intent is None)
    return ParsedReply(intent, ref)


def _question(rest: str) -> Question | None:
    """What the reply asks, when asking is all it does: 几点来着，取消 also says something
    else, and is left unclear rather than answered with the time."""
    question = asked_about(rest)
    if question is None:
        return None
    # What the rest says, but the question's own verb ("what day am I coming": its "coming" is
    # no yes) and a number alone ("google maps shows 2 places": a count, no option).
    besides = _ASKED_VERB.sub(" ", without_questions(rest)).split()
    said_else = any(_says_something(piece) for piece in besides if not piece.isdigit())
    return None if said_else else question


# The words beside a question repeat from reply to reply (what, time, 几点, 来着): each one's
# reading alone is kept for the latest few hundred.
@functools.lru_cache(maxsize=256)
def _says_something(word: str) -> bool:
    return parse_reply(word).intent is not Intent.UNKNOWN


_ASKED_VERB = re.compile(r"(?<![a-z])(?:am|do|did|should|shall|will|must|are) (?:i|we) [a-z]+")
