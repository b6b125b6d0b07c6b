"""The reply parser's lexicon: every phrase of the word lists with the one class of meaning it has
(``Word``), and reading a clause into those classes, longest known phrase first.

The lists are in ``reply_words`` (the heads), ``reply_meaning_words`` (the heads grouped by
meaning), ``reply_context_words`` (objects and politeness) and ``reply_clause_words`` (clauses
that carry no intent). ``gateway.domain.replies`` decides what the classes found say together.

Pure: the standard library and the word lists.
"""

from __future__ import annotations

import functools
import re
from enum import Enum

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_choice_words import AFTER_ALL, GIVING_UP, LEADING_YES, RECEIPT
from gateway.domain.reply_clause_words import (
    CIRCUMSTANCE_PHRASES,
    LATER_BOOKING,
    SIGN_OFF_PHRASES,
)
from gateway.domain.reply_context_words import (
    APPOINTMENT_WORDS,
    MESSAGE_WORDS,
    PADDING_PHRASES,
    SHIFT_WORDS,
    TIME_WORDS,
)
from gateway.domain.reply_everyday_words import (
    ACKNOWLEDGING,
    AGREEING_SOFTLY,
    BREAKING_IT,
    DECLINING,
    DONE_ELSEWHERE,
    FOR_REASONS,
    GOING_OVER,
    LOOKING_FOR_ROOM,
    MONTH_PARTS,
    NOT_GOING_TO_DO,
    PUTTING_OFF,
    RUNNING_LATE,
    SOMETIME_LATER,
    THE_HOUR,
    THINKING_IT_OVER,
    TOO_EARLY_OR_LATE,
    UNDOING_A_CANCEL,
)
from gateway.domain.reply_habit_words import (
    ANOTHER_ONE,
    ANOTHER_SLOT,
    ASKING_FOR_ANOTHER,
    BY_HOW_FAR,
    CHANGING_AGAIN,
    KIN,
    LEAVING_IT_FOR_LATER,
    MOVING_HOUSE_AND_ILLNESS,
    NOT_AFTER_ALL,
    NOT_GOING,
    NOT_KEEPING_THE_PLACE,
    REASSURING,
    REBOOKING_LATER,
    SETTLED,
    THE_BOOKED_TIME,
)
from gateway.domain.reply_meaning_words import (
    AGREEING,
    ARRIVING_EARLY,
    AVAILABILITY,
    CALLING_OFF,
    CANCEL_VERBS,
    CONFIRMING,
    KEEPING,
    MISTYPED_CANCEL,
    MISTYPED_CONFIRM,
    MOVING,
    MOVING_VERBS,
    NEGATING,
    NOT_COMING,
    SEEING,
)
from gateway.domain.reply_slang_words import (
    CANCEL_SHORT,
    CHANGE_SHORT,
    CONFIRM_SHORT,
    OK_SHORT,
    SORRY_HOKKIEN,
)
from gateway.domain.reply_spans import WHEN, addressed, names_in, respelled
from gateway.domain.reply_usage_words import (
    AGREEING_AS_TYPED,
    APPOINTMENT_AS_DATE,
    CANCEL_SLIPS,
    CHANGED_ALREADY,
    COMING_OVER,
    DONE_ELSEWHERE_BEFORE,
    EVERYDAY_REASONS,
    EXCLAIMING,
    HAVING_TO,
    MONTH_THIRDS,
    MOVING_ELSEWHERE,
    NOT_AGAIN,
    OLDER_KIN,
    ONCE_BACK,
    PASSING,
    RESCHEDULING_SHORT,
    SEEN_LATE,
    STYLIST_GREETED,
    STYLIST_SEEN,
    THESE_DAYS,
    VOIDING,
)
from gateway.domain.reply_whole_words import SURELY, no_longer, received, thanked_for
from gateway.domain.reply_words import (
    ABSENCE_PHRASES,
    ALREADY_WORDS,
    ASKING_PHRASES,
    CANCEL_PHRASES,
    CHANGE_DONE_PHRASES,
    CHANGE_PHRASES,
    CHANGE_VERBS,
    CONFIRM_PHRASES,
    MAY_PHRASES,
    OPT_OUT_PHRASES,
    QUESTION_PARTICLES,
    SOFT_CONFIRM_PHRASES,
)


class Word(Enum):
    """What a matched phrase is: a reply word with one meaning (the heads), or a word whose
    meaning depends on what stands beside it."""

    # Members are singletons compared by identity: the default hash (Enum's hashes the name, in
    # Python) costs a fifth of a parse.
    __hash__ = object.__hash__

    CONFIRM = "confirm"
    CHANGE = "change"
    CANCEL = "cancel"
    OPT_OUT = "opt out"

    PADDING = "padding"
    SOFT_CONFIRM = "soft confirm"  # 好的: confirms alone, politeness beside another reply word
    MAY = "may"  # 可以: confirms alone, asks for the change before one
    ABSENCE = "absence"  # 来不了: cancels alone, the reason beside a change request
    CHANGE_VERB = "change verb"  # 调, move: a change only when it says what changes
    CANCEL_VERB = "cancel verb"  # 撤, skip: a cancel only when the appointment is its object
    SEE = "see"  # 见: a confirm after the time it is at (14点见)
    KEEP = "keep"  # 别取消, 不用改: only beside an explicit confirm (…，我会来的)
    CHANGE_DONE = "change done"  # 改好了: reports a change made, asks for none
    ALREADY = "already"  # 已经: beside a change, news of one made; politeness otherwise
    ASKING = "asking"  # 能, could I, 还有位置吗: before a change only
    QUESTION = "question"  # 吗
    TIME = "time"  # the appointment's time: beside a change or a confirm
    SHIFT = "shift"  # another time, how far to move it: beside a change only
    WHEN = "when"  # a clock time or a date named: a change's, or said back with a confirm
    CIRCUMSTANCE = "circumstance"  # 生病, 在外地: a reason, in a clause of its own
    LATER = "later"  # 再约: what comes after a change request
    NOT = "not"  # "not going to …": the reply stays unclear
    DECLINE = "decline"  # 不用了, 这个预约不要了: only beside an explicit cancel
    SOMETIME = "sometime"  # 下次再约: beside a change, or an explicit cancel
    FOR_LATER = "for later"  # 以后再说: beside a change or a cancel, not a yes
    KIN = "kin"  # 孩子, my son: only in a reason's clause without an answer
    REASON_OBJECT = "reason object"  # 时间 in 时间不方便: what a change verb beside it moves
    APPOINTMENT = "appointment"  # about the appointment: beside a confirm, change or cancel
    MESSAGES = "messages"  # what an opt-out stops: beside an opt-out only
    # Read by ``meanings`` into one of the above, by the word after them (see ``led``).
    LEADING_YES = "leading yes"  # "yes": confirms, but only agrees to a cancel or change after it
    AFTER_ALL = "after all"  # 还是: politeness before an answer, unknown anywhere else
    GIVING_UP = "giving up"  # 算了: before a cancel politeness, else a reason or a retraction
    SURELY = "surely"  # 确定: a yes alone, how sure before another answer (确定取消)


#: The intent each head word carries.
INTENT_OF: dict[Word, Intent] = {
    Word.CONFIRM: Intent.CONFIRM,
    Word.CHANGE: Intent.CHANGE,
    Word.CANCEL: Intent.CANCEL,
    Word.OPT_OUT: Intent.OPT_OUT,
}
HEADS = frozenset(INTENT_OF)

# An English word or number is one token; any other character (a Chinese character, an emoji,
# a letter of another script) is one token of its own.
_TOKEN = re.compile(r"[a-z0-9]+|\S")


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


# 再约 without a "later" (取消，再约个时间 may ask for another time now): beside a change only.
_NOW_OR_LATER = tuple(phrase for phrase in LATER_BOOKING if phrase not in SOMETIME_LATER)


_NOT_COMING = ABSENCE_PHRASES + NOT_COMING + BREAKING_IT + NOT_GOING + PASSING


def _build_lexicon() -> dict[tuple[str, ...], Word]:
    tables: tuple[tuple[tuple[str, ...], Word], ...] = (
        (
            CONFIRM_PHRASES
            + CONFIRMING
            + MISTYPED_CONFIRM
            + GOING_OVER
            + SETTLED
            + COMING_OVER
            + STYLIST_SEEN
            + CONFIRM_SHORT,
            Word.CONFIRM,
        ),
        (
            CHANGE_PHRASES
            + MOVING
            + PUTTING_OFF
            + CHANGING_AGAIN
            + BY_HOW_FAR
            + RESCHEDULING_SHORT
            + CHANGE_SHORT,
            Word.CHANGE,
        ),
        (
            CANCEL_PHRASES
            + CALLING_OFF
            + MISTYPED_CANCEL
            + NOT_KEEPING_THE_PLACE
            + CANCEL_SLIPS
            + CANCEL_SHORT,
            Word.CANCEL,
        ),
        (OPT_OUT_PHRASES, Word.OPT_OUT),
        (
            SOFT_CONFIRM_PHRASES
            + AGREEING
            + AGREEING_SOFTLY
            + AGREEING_AS_TYPED
            + RECEIPT
            + OK_SHORT
            + received(RECEIPT),
            Word.SOFT_CONFIRM,
        ),
        (LEADING_YES, Word.LEADING_YES),
        (AFTER_ALL, Word.AFTER_ALL),
        (GIVING_UP, Word.GIVING_UP),
        (SURELY, Word.SURELY),
        (MAY_PHRASES, Word.MAY),
        (_NOT_COMING + no_longer(_NOT_COMING), Word.ABSENCE),
        (CHANGE_VERBS + MOVING_VERBS + ANOTHER_ONE + MOVING_ELSEWHERE, Word.CHANGE_VERB),
        (CANCEL_VERBS + VOIDING, Word.CANCEL_VERB),
        (SEEING, Word.SEE),
        (KEEPING + NOT_AFTER_ALL, Word.KEEP),
        (CHANGE_DONE_PHRASES + CHANGED_ALREADY, Word.CHANGE_DONE),
        (ALREADY_WORDS, Word.ALREADY),
        (ASKING_PHRASES + AVAILABILITY + LOOKING_FOR_ROOM + ASKING_FOR_ANOTHER, Word.ASKING),
        (DECLINING + NOT_AGAIN, Word.DECLINE),
        (QUESTION_PARTICLES, Word.QUESTION),
        (TIME_WORDS + THE_HOUR + THE_BOOKED_TIME, Word.TIME),
        (SHIFT_WORDS + MONTH_PARTS + ANOTHER_SLOT + THESE_DAYS + MONTH_THIRDS, Word.SHIFT),
        ((WHEN,), Word.WHEN),
        (APPOINTMENT_WORDS + APPOINTMENT_AS_DATE, Word.APPOINTMENT),
        (MESSAGE_WORDS, Word.MESSAGES),
        (
            CIRCUMSTANCE_PHRASES
            + RUNNING_LATE
            + TOO_EARLY_OR_LATE
            + DONE_ELSEWHERE
            + FOR_REASONS
            + MOVING_HOUSE_AND_ILLNESS
            + EXCLAIMING
            + EVERYDAY_REASONS
            + DONE_ELSEWHERE_BEFORE,
            Word.CIRCUMSTANCE,
        ),
        (_NOW_OR_LATER, Word.LATER),
        (SOMETIME_LATER + REBOOKING_LATER + ONCE_BACK, Word.SOMETIME),
        (LEAVING_IT_FOR_LATER, Word.FOR_LATER),
        (KIN + OLDER_KIN, Word.KIN),
        (NEGATING + THINKING_IT_OVER + NOT_GOING_TO_DO + UNDOING_A_CANCEL, Word.NOT),
        (
            PADDING_PHRASES
            + SIGN_OFF_PHRASES
            + ACKNOWLEDGING
            + REASSURING
            + SEEN_LATE
            + HAVING_TO
            + STYLIST_GREETED
            + SORRY_HOKKIEN
            + ARRIVING_EARLY
            + thanked_for(SIGN_OFF_PHRASES),
            Word.PADDING,
        ),
    )
    lexicon: dict[tuple[str, ...], Word] = {}
    for phrases, meaning in tables:
        for phrase in phrases:
            key = tokens(phrase)
            # A phrase in two tables would silently take whichever came last.
            if key in lexicon:
                raise ValueError(f"reply phrase {phrase!r} is listed twice")
            lexicon[key] = meaning
    return lexicon


_LEXICON = _build_lexicon()


def english_phrases() -> tuple[str, ...]:
    """Every English phrase of the lexicon, its words joined by single spaces."""
    return tuple(" ".join(key) for key in _LEXICON if all(token.isascii() for token in key))


# Read as an unknown word: "not going to cancel" is not "not going" + "cancel".
_NOT = Word.NOT


def _longest_by_first_token() -> dict[str, int]:
    longest: dict[str, int] = {}
    for key in _LEXICON:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


# Only phrases that start with the token at hand are tried, and a token no phrase starts with is
# unknown at once: most replies are read with one lookup per word.
_LONGEST_FROM = _longest_by_first_token()
# Every token some phrase holds: only a token outside all of them is respelled ("off" in "call it
# off" is not a slip of "of").
_IN_A_PHRASE = frozenset(token for key in _LEXICON for token in key)


def _known(found: tuple[str, ...], body: str, last: bool) -> tuple[str, ...]:
    """``found`` with a mistyped English word respelled and a name addressed (a capitalised word
    of ``body``, the reply as written) read as a greeting's. Both are rare: only tokens no phrase
    holds are looked at."""
    names = names_in(body)
    fixed = list(found)
    for at, token in enumerate(found):
        if token in _IN_A_PHRASE:
            continue
        slip = respelled(token, _LONGEST_FROM)
        # A head word mistyped alone (Cancle, Confrim!!), capitalised as a reply's first word is,
        # answers: it signs no name, as a name greeted or thanked (Thanks Cancle) still would.
        signed = not (slip != token and len(found) == 1)
        fixed[at] = "hi" if names and signed and addressed(found, at, names, last) else slip
    return tuple(fixed)


def meanings(clause: str, body: str = "", *, last: bool = True) -> list[Word | None]:
    """Read ``clause`` left to right, longest known phrase first; None for an unknown token.
    ``body``: the reply as written, where a name is capitalised; ``last``: the clause ends it."""
    found, read = _tokens_read(clause)
    if None in read and not _IN_A_PHRASE.issuperset(found):
        # Read again with slips respelled and names taken as a greeting's: only when a word
        # was not understood, which most replies are spared.
        known = _known(found, body, last)
        if known != found:
            read = _read(known)
    return list(read) if _LEADING.isdisjoint(read) else led(list(read))


_LEADING: frozenset[Word | None] = frozenset(
    {Word.LEADING_YES, Word.AFTER_ALL, Word.GIVING_UP, Word.SURELY}
)
# What each leading word may lead, the next word but politeness.
_LEADS: dict[Word, frozenset[Word]] = {
    # "yes I can't make it" stays a yes and a no, as before.
    Word.LEADING_YES: frozenset({Word.CHANGE, Word.CANCEL, Word.CHANGE_VERB, Word.CANCEL_VERB}),
    Word.AFTER_ALL: frozenset(
        {
            *(Word.CONFIRM, Word.CHANGE, Word.CANCEL, Word.CHANGE_VERB, Word.CANCEL_VERB),
            *(Word.ABSENCE, Word.DECLINE, Word.KEEP),
        }
    ),
    Word.GIVING_UP: frozenset({Word.CANCEL, Word.CANCEL_VERB, Word.ABSENCE, Word.DECLINE}),
    # 确定不去了: unlike "yes I can't make it", sure of the no, not a yes beside it.
    Word.SURELY: frozenset(
        {Word.CONFIRM, Word.CHANGE, Word.CANCEL, Word.CANCEL_VERB, Word.ABSENCE, Word.DECLINE}
    ),
}
# What each reads as when it leads nothing: a yes; unknown (还是 is "or", "still"); 算了 is left
# for ``given_up`` to read beside the clauses before it.
_UNLED: dict[Word, Word | None] = {
    Word.LEADING_YES: Word.CONFIRM,
    Word.AFTER_ALL: None,
    Word.GIVING_UP: Word.GIVING_UP,
    Word.SURELY: Word.CONFIRM,
}


def led(read: list[Word | None]) -> list[Word | None]:
    """``read`` with its leading words read by the word after them (politeness skipped): "yes
    cancel" is "ok cancel", 还是取消吧 and 算了不去了 the cancel decided; "yes" alone confirms,
    还是 before anything but an answer (周六还是周日, 还是找Lily) is a word no class knows."""
    out: list[Word | None] = []
    for at, word in enumerate(read):
        if word in _LEADS:
            following = next((w for w in read[at + 1 :] if w is not Word.PADDING), None)
            word = Word.PADDING if following in _LEADS[word] else _UNLED[word]
        out.append(word)
    return out


# An answer 算了 after it takes back: 我想改时间，算了 (never mind). After a cancel or not coming
# it gives up the visit, as they do (取消吧，算了).
_TAKEN_BACK = frozenset(
    {Word.CONFIRM, Word.SOFT_CONFIRM, Word.MAY, Word.SEE, Word.CHANGE, Word.CHANGE_VERB}
)


def given_up(read: list[Word | None], before: list[Word]) -> list[Word | None] | None:
    """A clause's ``read`` with 算了 that leads nothing read: a reason (算了，取消吧), or None when
    it takes back an answer said ``before`` it in the reply (我想改时间，算了) or in its clause."""
    if Word.GIVING_UP not in read:
        return read
    at = read.index(Word.GIVING_UP)
    if _TAKEN_BACK.intersection(before) or _TAKEN_BACK.intersection(read[:at]):
        return None
    return [Word.CIRCUMSTANCE if word is Word.GIVING_UP else word for word in read]


@functools.lru_cache(maxsize=1024)
def _tokens_read(clause: str) -> tuple[tuple[str, ...], tuple[Word | None, ...]]:
    """``clause``'s tokens and their reading, kept as ``_read`` keeps its own (see there)."""
    found = tuple(_TOKEN.findall(clause))
    return found, _read(found)


# Replies repeat their clauses (确认, 好的, 谢谢, 取消预约): the tokens' reading depends on the
# tokens alone, so the latest thousand are kept (a tuple each, never changed by a caller). No
# more: the bench's mix reads each reply six times, and a cache holding all its clauses would time
# reads a stream of new replies never gets (at 1,024 a second pass hits as often as the first).
@functools.lru_cache(maxsize=1024)
def _read(found: tuple[str, ...]) -> tuple[Word | None, ...]:
    read: list[Word | None] = []
    start = 0
    while start < len(found):
        for length in range(min(_LONGEST_FROM.get(found[start], 0), len(found) - start), 0, -1):
            meaning = _LEXICON.get(found[start : start + length])
            if meaning is not None:
                read.append(None if meaning is _NOT else meaning)
                start += length
                break
        else:
            read.append(None)
            start += 1
    return tuple(read)
