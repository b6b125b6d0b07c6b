"""Room asked for on a day alone (issue 21): 周日还有位子吗, 星期日仲有冇位, "do you have anything
Sunday?" asks whether the salon has a place free, and says nothing of the booked visit not
suiting: a second visit, or one for someone else, is as likely as a move, so a person reads it.
The rules read a day beside such a question as a change asked for; two training sets written
since (q and r) labelled eight such replies as changing nothing, and one fold of the learned
reader read 下周六还有空档不 as a change at a margin of 7.1. Beside a time relative to the booked
one (早点, "earlier", "instead"), a visit that cannot be kept, a reason or a change word, it still
asks for a move."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import guard
from gateway.domain.reply_room import asks_room_alone
from gateway.domain.taught_phrases import phrase_text
from tests.unit.reply_tables import as_the_service_reads

#: Each of these was read as a change before.
ROOM_ALONE = [
    "周日还有位子吗",
    "下周二下午有空档吗",
    "礼拜天有没有位置",
    "週日還有位子嗎",
    "禮拜二下午有空檔嗎",
    "星期日仲有冇位？",
    "Sunday 有位吗",
    "do you have anything sunday?",
    "got anything on Tuesday afternoon?",
    "下周六还有空档不",
]

#: Room asked for a move: beside another time relative to the booked one, a visit that cannot
#: be kept, a reason, or a change word.
A_MOVE = [
    ("周六不行了，周日还有位子吗", "change"),
    ("周六要加班，周日有位吗", "change"),
    ("周六有事，周五晚上还有位子不", "change"),
    ("星期六嚟唔到，星期日仲有冇位？", "change"),
    ("想改到周日，周日有位吗", "change"),
    ("do you have anything sunday instead?", "change"),
    ("能不能晚一点", "change"),
    ("周日行吗", "change"),
]


@pytest.mark.parametrize("body", ROOM_ALONE)
def test_room_asked_on_a_day_alone_changes_nothing(body: str) -> None:
    assert as_the_service_reads(body) == "unknown"


@pytest.mark.parametrize("body", ROOM_ALONE)
def test_the_learned_reader_may_not_read_room_asked_alone_as_a_change(body: str) -> None:
    # Asserted of the guard itself: it holds whatever a retrained reader would read.
    assert asks_room_alone(phrase_text(body))
    assert guard(body, Intent.CHANGE) is not None


@pytest.mark.parametrize(("body", "read"), A_MOVE)
def test_room_asked_for_a_move_is_a_change(body: str, read: str) -> None:
    assert as_the_service_reads(body) == read
