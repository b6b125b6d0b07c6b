"""What the day or time a reply names does to its answer: a change request followed by when
(变更 周五上午, ``change_wish``), or an answer that says the appointment's own day or time back
(周六下午两点见, "see you Tuesday at 2", 明天下午的不来了: ``said_back``).

The reply parser leaves both unclear on purpose: a time beside 好的 may propose another one, and
a change and its time are the offer path's to read. A time said back beside a yes or a no is
that yes or no only when it is the appointment's own (``names_its_time``), which only the
caller, knowing the appointment, can tell.

Pure: the reply parser, the guard of the learned reader and the hint reader.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from gateway.domain.lifecycle import Intent
from gateway.domain.offer_hints import Hint, Wish, read_wish, when_as_then
from gateway.domain.replies import ParsedReply, normalise, parse_reply
from gateway.domain.reply_another_time import another_time_asked
from gateway.domain.reply_behalf import read_for_the_client
from gateway.domain.reply_clause_words import UNDECIDED
from gateway.domain.reply_guard import guard, learned_intent
from gateway.domain.reply_guard_patterns import OTHER_THING
from gateway.domain.reply_set_aside import beside_the_answer
from gateway.domain.taught_phrases import phrase_text

#: The answers a time said back may carry: a change names a time other than its own.
SAID_BACK = (Intent.CONFIRM, Intent.CANCEL)
#: Not knowing yet, after a change word (改？确认？我也不知道，等我周四排班出来: training set
#: s, read as a change to Thursday): the when is of the deciding, not of a new time. Not the polite
#: asking 不知道可不可以 ("I wonder if I may"), nor "don't know if …".
NOT_KNOWING: Final = re.compile(
    "不知道(?!可不可以|可以|可否|行不行|行吗|能不能|能否|有没有|方不方便|方便)"
    "|唔知(?!得唔得|可唔可以|可以|有冇|方唔方便)"
    r"|(?<![a-z])(?:idk|dunno|don'?t know(?! if| whether))(?![a-z])"
)


def change_with_hint(text: str, *, original: datetime, now: datetime, tz: str) -> Hint | None:
    """The hint of a reply that is a change request followed by when (see ``change_wish``)."""
    wish = change_wish(text, now=now, tz=tz)
    return wish.at(original) if wish is not None else None


def change_wish(text: str, *, now: datetime, tz: str) -> Wish | None:
    """The wish of a reply that is a change request followed by when: 变更 周五上午, 改期，明天下午,
    "reschedule to Friday morning", which the parser leaves unclear. The reply is cut in two: the
    head must read as a change alone, the rest be a hint, nothing the parser reads (取消, 确认)
    and nothing undecided (还是…呢, 我想想). Without a change word first, another time asked
    for in place of the booked one (``reply_another_time``: 两点改三点, "4pm instead?"). None
    otherwise. What else stops the reading (a
    condition, the change taken back, …) is the guard's: ``reply_guard.stops_a_change_with_when``,
    which every caller asks first."""
    aside = beside_the_answer(text)  # 不取消啦，想推迟到四点: the change beside a no to a cancel
    if aside is not None and aside.denied and not aside.yes_only and aside.fits(Intent.CHANGE):
        text = aside.rest
    normal = normalise(text)
    for cut in range(1, len(normal)):
        head, rest = normal[:cut], normal[cut:]
        if head[-1].isalnum() and rest[0].isalnum() and head[-1].isascii() and rest[0].isascii():
            continue  # never inside an English word
        if parse_reply(head).intent is not Intent.CHANGE:
            continue
        if (
            parse_reply(rest).intent is not Intent.UNKNOWN
            or any(word in rest for word in UNDECIDED)
            or NOT_KNOWING.search(rest)
        ):
            return None  # 变更 取消: two answers; 改到周六还是周日, 改？我也不知道: not one
        return read_wish(rest, now=now, tz=tz)
    asked = another_time_asked(text)  # 两点改三点; 两点太早了，三点半可以吗; "4pm instead?"
    return read_wish(asked, now=now, tz=tz) if asked is not None else None


def said_back(
    body: str, parsed: ParsedReply, *, now: datetime, tz: str
) -> tuple[Intent, Wish] | None:
    """The confirm or cancel ``body`` says if the day or time it names is the appointment's own,
    and that when, for a reply the rules (``parsed``) left unclear: read with each when written
    as "then" (那天), by the rules, or where they cannot read a word, by the learned reader and
    its guard; the whens read alone (a no around them is the answer's, not theirs)."""
    if parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
        return None
    if OTHER_THING.search(phrase_text(body)):
        return None  # "see you then for lunch": the when is the other thing's, not the visit's
    cut = when_as_then(normalise(body))
    if cut is None:
        return None
    then, whens = cut
    reread = parse_reply(then)
    intent = reread.intent if not reread.unread else learned_intent(then, reread)
    if intent in (None, Intent.UNKNOWN):  # "confirming for my daughter, she'll be there at 2"
        intent = read_for_the_client(then, reread, learned_intent, guard)
    wish = read_wish(whens, now=now, tz=tz) if intent in SAID_BACK else None
    return (intent, wish) if intent is not None and wish is not None else None


def names_its_time(wish: Wish, starts_at: datetime) -> bool:
    """``wish`` names the day or time of an appointment starting at ``starts_at``, and nothing
    else: its day (周六, 23号, tomorrow), its part of the day (下午) and its clock time (两点,
    2pm), each where named; never "later" or "earlier"."""
    if wish.direction is not None or not (wish.days or wish.periods or wish.bounds):
        return False
    hint = wish.at(starts_at)
    if hint is None or hint.after is not None or hint.before is not None:
        return False
    zone = ZoneInfo(wish.tz)
    return hint.misses(starts_at, zone) == (0, 0) and hint.distance(starts_at, zone) == 0
