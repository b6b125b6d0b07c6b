"""A yes to a day and a change in one reply (issue 21): two answers, which a person reads.

The twenty-fifth blind set's one wrong reading (that row read, nothing else of the set):
我周六来，但是想改成周日 ("I'm coming Saturday, but want to change it to Sunday") was read as a
change by the learned reader, where the rules read 我会来，但想改个时间 as two answers. Coming on
a day said in a clause of its own (我周六来, 明天我过去) is now that yes for the reader's guard
too. Rows written for this test."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import guard
from tests.unit.reply_tables import as_the_service_reads

TWO_ANSWERS = [
    "我周六来，但是想改成周日",
    "我周六来，想改成周日",
    "周六我过来，不过想改成周日吧",
    "明天我来，改到后天可以吗",
]

#: Not coming on the day, and a change: one answer, the change.
STILL_A_CHANGE = ["我周六来不了，想改成周日", "周六来不了 改周日", "改到周日"]


@pytest.mark.parametrize("body", TWO_ANSWERS)
def test_coming_on_a_day_beside_a_change_is_left_to_a_person(body: str) -> None:
    assert as_the_service_reads(body) == "unknown"
    assert guard(body, Intent.CHANGE) is not None  # two answers, or 不过 read as a no


@pytest.mark.parametrize("body", STILL_A_CHANGE)
def test_not_coming_on_the_day_beside_a_change_is_still_a_change(body: str) -> None:
    assert as_the_service_reads(body) == "change"
