"""A change asked as a question: the questions beside a change that are the request itself, which
the learned reader's guard (``reply_guard.guard``) lets through where every other question stops
it — asked in the rules' words for asking (能改到明天吗), another day or time asked about after
cannot-come (去不了，后天行吗; from the seventeenth pass a day named in a clause of its own, 明天
整不了 后天行不), and, from the fifteenth pass, which days are free beside a change
said in words (我想改个时间，哪天有空位), a request's particle (改到礼拜一嘛), and English asking
with "can" or a verb of moving ("can change to sun morning?", "can we bump it to 11am?").

Pure: the parser's clauses and word classes, the guard's patterns and the taught phrases' test
for a question.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.replies import clauses_of
from gateway.domain.reply_guard_patterns import (
    A_NOT_A,
    ANOTHER_TIME_SAID,
    ARRIVING_LATER_SAID,
    ASKING_WORDS,
    CHANGE_WORDS,
    NOT_WORKING_OUT_SAID,
    OTHER_MATTER,
    UNABLE,
    with_spaces,
)
from gateway.domain.reply_lexicon import Word
from gateway.domain.reply_spans import WHEN
from gateway.domain.taught_phrases import asks, phrase_text

#: A day or a time named in English, as ``phrase_text`` writes it ("friday", "3 30", "the 30th",
#: "tuesday lunchtime"), or a when the parser marked (``WHEN``, which ``phrase_text`` writes
#: with no space around it: "isꀀfree").
_A_SLOT: Final = (
    rf"(?:the )?(?:[0-9]{{1,2}}(?: [0-9]{{2}})?(?: ?[ap]m)?(?:th|st|nd|rd)?|{WHEN}"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s?|next week|tomorrow|tmrw?)"
    r"(?: (?:morning|afternoon|evening|arvo|lunchtime|night))?"
)
#: Which days are free, asked beside a change said in words (哪天有空位, 几时有位, 边日得闲, "what
#: else do you have"), any day said to do (哪天都可以, 边日都得), or the day left to say later
#: (具体哪天我再跟你们说, 听日先覆你边日得): the change's own question, which the salon answers
#: by offering days. Written as ``phrase_text`` writes it (Simplified, no punctuation).
WHICH_DAY_FOR_THE_CHANGE: Final = re.compile(
    "(?:哪天|哪日|哪一天|什么时候|啥时候|几时|边日|边天|边一日)"
    "(?:有空位|有空档|有空|有位|有档期|有时间|得闲|方便|得)"
    "|(?:随便)?(?:哪天|哪日|几时|边日)(?:都|也)(?:可以|行|得|ok|方便)"
    "|(?:具体)?(?:哪天|哪日|几时|边日|什么时候)[^ ]{0,6}?(?:再|先)"
    "(?:跟|同|和|覆|回|约|通知|说|讲|话|搵)"
    "|(?<![a-z])(?:what else|what do you have|what u have|what you have|whats free"
    "|what times? (?:do you|are|have you))(?![a-z])"
    # Nineteenth pass: English asking whether a day or time named is free ("is friday ok",
    # "is 3:30 free", "do u have anything tuesday", "any friday slot").
    rf"|(?<![a-z])(?:is|would) ?{_A_SLOT} ?(?:be )?(?:ok|okay|free|possible|available)(?![a-z])"
    rf"|(?<![a-z])(?:do (?:you|u) have |have (?:you|u) got )?any(?:thing)? (?:on )?{_A_SLOT}"
    r"(?: slots?| openings?| times?)?(?![a-z])"
)
#: A request's particles, not a question's (改到礼拜一嘛, 帮我换个时间呗).
REQUEST_PARTICLE: Final = re.compile("[嘛呗]")
#: English asking with "can" or "could" and nothing before it but a name or a hello ("can change
#: to sun morning?", "sorry ah, can reschedule?"): Singapore and Malaysia's request.
ASKED_WITH_CAN: Final = re.compile(r"(?<![a-z])(?:can|could)(?![a-z])(?! not)")
#: A verb of moving, to a day or a time ("swap to the 30th", "bump it to 11am", "moving it up to
#: 11", "can we do thurs?"): another time asked for without a change word.
MOVE_ASKED: Final = re.compile(
    r"(?<![a-z])(?:swap|switch|bump|shift|rejig|move|moving|push|bring)"
    r"(?: (?:it|this|mine|me|my appt|my appointment|the appointment|the booking))?"
    r"(?: (?:up|back|forward))? (?:to|til|till)(?![a-z])"
    r"|(?<![a-z])rejig(?![a-z])"
    r"|(?<![a-z])(?:can|could) (?:we|i|u|you) do (?:it )?(?:on )?(?:the )?"
    r"(?:mon|tue|wed|thu|fri|sat|sun|next|tmrw|tomorrow|2moro|[0-9])"
)

#: A day named (后天, 后日, 周五, 礼拜天, "friday", "next week"): in a clause after the first that
#: asks, beside cannot-come or a day that does not work, the day asked for instead (明天整不了
#: 后天行不, 听日唔得 后日得唔得).
DAY_NAMED: Final = re.compile(
    "明天|后天|大后天|今天|听日|后日|大后日|[周礼拜星期]{1,2}[一二三四五六日天]|下周|下礼拜|下星期"
    r"|(?<![a-z])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?(?![a-z])"
    r"|(?<![a-z])(?:tomorrow|tmr|tmrw|next week|wednesday|thursday|saturday)(?![a-z])"
)

#: A duty that takes the booked day (要值班, 要加班, 要返工, 有事): beside a day asked for, the
#: reason the booked one does not work.
A_DUTY: Final = re.compile("要(?:值班|加班|上班|开会|出差|考试|返工|开工)|有事|有急事")


def asks_for_a_change(found: set[Word], body: str, text: str) -> bool:
    """``body`` (``text``, its ``phrase_text``; ``found``, its word classes) asks for a change
    and about nothing else: in the rules' words for asking, with a change word or another time
    said; another day asked about after cannot-come; or, with a change said in words, every
    clause that asks asks only which day, with a request's particle, or with "can"."""
    return (
        _asked_in_words_for_asking(found, text)
        or _proposes_another_time(found, body, text)
        or _asks_only_for_the_change(found, body)
    )


def _asked_in_words_for_asking(found: set[Word], text: str) -> bool:
    """A change word, or another time than the booked one (早点, 晚一点, "instead", "earlier",
    "bump it to"), beside the parser's words for asking (能, 可以吗, 可唔可以, "any chance"), and
    nothing asked about another matter: the polite request the rules read as a change. A later
    arrival (晚点到可以吗) is no request for another time: the customer is running late."""
    asked = found & ASKING_WORDS or ASKED_WITH_CAN.search(text)
    if not asked or OTHER_MATTER.search(text):
        return False
    if found & CHANGE_WORDS:
        return True
    another = Word.SHIFT in found and ANOTHER_TIME_SAID.search(text)
    return bool(another or MOVE_ASKED.search(text)) and not ARRIVING_LATER_SAID.search(text)


def _proposes_another_time(found: set[Word], body: str, text: str) -> bool:
    """Cannot come, or the booked time does not work (去不了, 周六唔得, 明天要值班), and another day
    or time asked about (后天行吗, 星期日得唔得？, "can do next sat same time?"): a change asked as
    a question, about nothing else (哪天有空 alone asks which days, a person answers) and no
    later arrival."""
    if OTHER_MATTER.search(text) or ARRIVING_LATER_SAID.search(text):
        return False
    reason = found & {Word.ABSENCE, Word.CIRCUMSTANCE} or UNABLE.search(text)
    reason = reason or NOT_WORKING_OUT_SAID.search(text)
    clauses = clauses_of(body) or []
    when = found & {Word.SHIFT, Word.WHEN} or any(WHEN in c for c in clauses)
    asked = any(_a_day_asked(clause) for clause in clauses[1:])
    return bool((reason and when) or (asked and (reason or A_DUTY.search(text))))


def _a_day_asked(clause: str) -> bool:
    """``clause`` asks about a day it names (后天行吗, 后日得唔得, "is Friday possible?")."""
    words = phrase_text(clause)
    asked = asks(with_spaces(clause)) or A_NOT_A.search(words)
    return bool(asked and DAY_NAMED.search(words))


def _asks_only_for_the_change(found: set[Word], body: str) -> bool:
    """A change said in words (改期, 换个时间, "reschedule") and a clause asking which day
    (我想改个时间，哪天有空位), with a request's particle (改到礼拜一嘛) or with "can" ("can
    change to sun morning?"); without those, no clause asks, and none asks about another matter.
    A question mark alone (改期嘞?) asks about the change: a person answers."""
    clauses = clauses_of(body) or []
    if not found & CHANGE_WORDS or not any(_asked_for_the_change(c) for c in clauses):
        return False
    for clause in clauses:
        rest = REQUEST_PARTICLE.sub(" ", WHICH_DAY_FOR_THE_CHANGE.sub(" ", phrase_text(clause)))
        if OTHER_MATTER.search(rest) or A_NOT_A.search(rest):
            return False
        if asks(with_spaces(rest)) and not ASKED_WITH_CAN.search(rest):
            return False
    return True


def _asked_for_the_change(clause: str) -> bool:
    words = phrase_text(clause)
    return bool(
        WHICH_DAY_FOR_THE_CHANGE.search(words)
        or REQUEST_PARTICLE.search(words)
        or ASKED_WITH_CAN.search(words)
    )
