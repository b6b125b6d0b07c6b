"""Either of two times will do, or the salon to choose (issue 21): no time of the customer's own
is asked for, so no change. With the nineteenth and twentieth sets joining the learned reader's
data, leaving one set out read 三点也行两点也行，你们看着安排吧 as a change, sure enough to lift the
reader's threshold for every reply; beside no change word such a reply now stops the reader. A
range that works (六点以后都可以) is a time of the customer's own and stays a change."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import Guard, guard
from tests.unit.reply_tables import as_the_service_reads

LEFT_TO_THE_SALON = [
    ("三点也行两点也行，你们看着安排吧", "unknown"),
    ("十点也行十一点也行，你们看着办", "unknown"),
    ("上午也可以下午也可以，你们安排", "unknown"),
    ("兩點也得三點也得，你哋定啦", "unknown"),
]

#: English gives the times with an "or", which stops as a condition already.
KEPT_SO = [
    ("3 or 4 both ok, you guys decide", "unknown"),
    ("2pm or 3pm, either is fine", "unknown"),
]

#: A change said in words, or a range of her own, stands.
STANDS = [
    ("改到明天吧，几点你们看着安排", "change"),
    ("那个点我在开会，晚一点行不行，六点以后都可以", "change"),
    ("周六来不了，周日任何时间都行", "change"),
]


@pytest.mark.parametrize(("body", "read"), LEFT_TO_THE_SALON + KEPT_SO + STANDS)
def test_a_time_left_to_the_salon_asks_no_change(body: str, read: str) -> None:
    assert as_the_service_reads(body) == read


@pytest.mark.parametrize("body", [body for body, _ in LEFT_TO_THE_SALON])
def test_no_reader_may_read_a_time_left_to_the_salon_as_a_change(body: str) -> None:
    # The reader's weights change with its data; the guard holds whatever they read.
    assert guard(body, Intent.CHANGE) is Guard.LEFT_TO_THE_SALON
