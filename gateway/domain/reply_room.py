"""Room asked for: whether the salon has a place free on a day (周日还有位子吗, 星期日仲有冇位,
"do you have anything Sunday?"), which asks, and does not say the booked visit does not suit.

A customer asking it may want to move the visit there, or come a second time, or ask for someone
else: a person reads it. Beside an earlier or a later time (早点有位吗, "anything earlier"), a
visit that cannot be kept (周六去不了，周日有位吗) or a reason (周六加班), it asks for a move.
Both the rules (``replies``) and the guard behind the learned reader (``reply_guard``) read it
with these words.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.reply_guard_patterns import any_of

#: The words asking whether there is room, as ``phrase_text`` spells them (simplified: 有位嗎
#: reaches them as 有位吗; lower case): a place (位, 位子, 位置, 空位, 空档), being free (有空吗,
#: 有冇空), anything open.
ROOM_WORDS: Final = (
    "有没有位", "有冇位", "有位吗", "有位置吗", "有空位吗", "有无位", "有位子吗", "有位冇",
    "有位不", "有位没", "有位置没", "有位置不", "有位子没", "有位子不", "有空档", "有冇空档",
    "有没有空档", "有没有位子", "有没有位置", "有没有空位", "有空位没", "有冇位置", "仲有位",
    "还有位", "有空吗", "有冇空", "有没有空", "do you have anything",
    "you have anything", "got anything", "anything available", "anything free",
    "any openings", "any opening", "any availability", "any slots", "any slot", "any spots",
    "any space", "have space", "have a slot", "have an opening", "is there anything",
)  # fmt: skip

#: Any of ``ROOM_WORDS``: Chinese anywhere, English as whole words.
ROOM_ASKED: Final = any_of(ROOM_WORDS)
#: A time relative to the booked one (早点, 晚啲, 提前, "earlier", "instead"): room asked for it
#: asks for a move.
EARLIER_OR_LATER: Final = re.compile(
    "早(?:一)?[点些啲d]|晚(?:一)?[点些啲d]|提前|提早|推迟|推后|延后|往前|往后|挪"
    r"|(?<![a-z])(?:earlier|later|sooner|instead)(?![a-z])"
)


#: Something on, said of a day (周六有事, 那天有约, 冇空, "busy"): the booked one, beside room asked
#: for another (周六有事，周五晚上还有位子不). 没事 is "no problem".
BUSY: Final = re.compile(r"(?<![没冇])有事|有约|有安排|没空|冇空|(?<![a-z])busy(?![a-z])")


#: A day of its own (周日, 礼拜二, 12号, 明天, "Sunday", "the 12th"), as against a stretch later
#: than the booked visit (下周, 改天, "next week"), which asks for a move.
A_DAY: Final = re.compile(
    "(?:周|星期|礼拜|禮拜)[一二三四五六日天1-7]|[0-9一二三四五六七八九十]+[号號日]|明天|后天|聽日|听日|後日"
    r"|(?<![a-z])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?(?![a-z])"
    r"|(?<![a-z])(?:tomorrow|tmr|tmrw|the [0-9]+(?:st|nd|rd|th))(?![a-z])"
)


def asks_room_alone(text: str) -> bool:
    """``text`` (a ``phrase_text``) asks whether there is room on a day of its own, for no time
    relative to the booked one and with nothing on: not yet a move (周日有位吗)."""
    return (
        bool(ROOM_ASKED.search(text))
        and bool(A_DAY.search(text))
        and not EARLIER_OR_LATER.search(text)
        and not BUSY.search(text)
    )
