"""Two readings that moved an appointment no one asked to move (issue 21): a customer saying
they will come a little early (我会提早一点到) was read as 提前一点, a change; a change asked for
and taken back in the next breath (改个时间……其实不改也行) was read as a change to the day the
taken-back clause went on to name. Each class in the three scripts and English where it has
one, beside the readings it must not disturb."""

from __future__ import annotations

import pytest

from tests.unit.reply_tables import as_the_service_reads

ARRIVING_EARLY = [
    # Beside a yes: a yes, how they come.
    ("收到，當天我會提早一點到", "confirm"),
    ("好的，我会提早一点过来", "confirm"),
    ("确认，会提前几分钟到", "confirm"),
    ("OK，我會提早啲嚟", "confirm"),
    ("好，到时候提前一些到店", "confirm"),
    ("确认！提前一会儿过去", "confirm"),
    ("收到，我提早少少嚟", "confirm"),
    # Alone: how they come, no answer; never a change.
    ("我会提前一点到", "unknown"),
    ("当天我会提早一点过去", "unknown"),
    ("我會提前一點點到", "unknown"),
    ("我提早啲嚟", "unknown"),
    # 提前 with how much and no arriving, or with a time: still a change.
    ("提前一点可以吗", "change"),
    ("能提前一点吗", "change"),
    ("提前一点，10点可以吗", "change"),
]

TAKEN_BACK = [
    ("改个时间……其实不改也行，你们周日人多吗", "unknown"),
    ("改到周日吧，不对，周日也不行，我晚点再回你", "unknown"),
    ("改星期日…唔係，星期日都唔得，等陣先", "unknown"),
    ("改个时间，周六下午……算了不用改了", "unknown"),
    ("变更 周五上午，不改了不改了", "unknown"),
    ("改時間，禮拜六…唔使改喇", "unknown"),
    ("reschedule, friday 3pm... actually no, never mind", "unknown"),
    # What stays, said beside the change, is no taking back.
    ("周六改周日，时间不变", "change"),
    ("变更 周五上午", "change"),
    ("改期，明天下午", "change"),
    ("reschedule to Friday morning", "change"),
]


@pytest.mark.parametrize(("body", "read"), ARRIVING_EARLY + TAKEN_BACK)
def test_an_early_arrival_or_a_change_taken_back_moves_nothing(body: str, read: str) -> None:
    assert as_the_service_reads(body) == read
