"""A question about how much notice a change needs (issue 21): 改约是不是要提前24小时说 was read as
a change to a time earlier, found by the eighteenth blind set (its only wrong reading; that one
row read). 提前 after a word of obligation or a change's own 要, or with a span of time and a
verb of telling, asks how early to say so — a rule a person answers — while 提前 with how much
and nothing of telling is still the wish to come earlier it always was."""

from __future__ import annotations

import pytest

from tests.unit.reply_tables import as_the_service_reads

NOTICE_ASKED = [
    # A word of obligation before 提前.
    ("改时间是不是要提前一天？", "unknown"),
    ("改期需不需要提前两天", "unknown"),
    ("變更時間是否要提前一天？", "unknown"),
    ("改期要唔要提早一日？", "unknown"),
    # A change's own 要 before 提前.
    ("改约要提前24小时吗", "unknown"),
    ("改時間要提前一天嗎？", "unknown"),
    ("换时间要提前几个小时？", "unknown"),
    # A span of time and a verb of telling.
    ("改约需要提前24小时通知吗？", "unknown"),
    ("改期得提前一天跟你们讲吗", "unknown"),
    ("改時間要提前一天講嗎？", "unknown"),
    ("改期使唔使提早24個鐘講？", "unknown"),
    # In English, the notice a change needs.
    ("How much notice do you need to move it to friday?", "unknown"),
    ("Do I need to give 24 hours notice to move it to next week?", "unknown"),
    ("is there a notice period to reschedule to saturday?", "unknown"),
    # The wish to come earlier, or notice given beside a change: a change, as before.
    ("能提前一个小时吗", "change"),
    ("提前一天行吗", "change"),
    ("可唔可以提早一個鐘？", "change"),
    ("Sorry for the short notice, can we push to next week?", "change"),
    ("改到周五，提前一天跟你说的", "change"),
]


@pytest.mark.parametrize(("body", "read"), NOTICE_ASKED)
def test_a_question_about_notice_moves_nothing(body: str, read: str) -> None:
    assert as_the_service_reads(body) == read
