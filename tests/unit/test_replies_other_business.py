"""A reply meant for someone else's business (issue 21): a shop's order or another gathering.
The twenty-third and twenty-fourth blind sets each had one wrong reading by the learned reader
(those rows read, nothing else of the sets): 确认收货了，谢谢老板 (an online shop's "confirm
receipt") read as a yes, and "haha ok see u at dinner tonight" (a friend's dinner) read as a yes.
A shop's order (收货, 发货, 签收) or another place to meet at (dinner, work, 公司见) now stops the
reader; an answer the rules read, and the salon or the time said back, stand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import guard
from gateway.domain.reply_reading import read_reply
from tests.unit.reply_tables import as_the_service_reads

#: Each of these was a wrong state change before (the learned reader's).
WRONG_BEFORE = [
    ("确认收货了，谢谢老板", "unknown"),
    ("已确认收货", "unknown"),
    ("好的 确认收货", "unknown"),
    ("haha ok see u at dinner tonight", "unknown"),
    ("ok see u at dinner", "unknown"),
    ("see you at lunch", "unknown"),
    ("see you at church tomorrow", "unknown"),
    ("好 明天公司见", "unknown"),
]

#: The same businesses the reader did not read before: the stop keeps them so.
KEPT_SO = [
    ("已經簽收了，多謝", "unknown"),
    ("收到货了 好评", "unknown"),
    ("好嘅，聽日公司見", "unknown"),
    ("ok c u at work", "unknown"),
    ("好的，晚上吃饭见", "unknown"),
]

#: What still stands: the rules' own answer, the salon or the time to meet at said back.
STANDS = [
    ("ok see u at 2", "confirm"),
    ("确认，到时店里见", "confirm"),
    ("确认 谢谢老板", "confirm"),
    ("ok see you, take care", "confirm"),
    ("取消吧，公司临时加班", "cancel"),
]


@pytest.mark.parametrize(("body", "read"), WRONG_BEFORE + KEPT_SO + STANDS)
def test_a_reply_meant_for_a_shop_or_another_gathering_changes_nothing(
    body: str, read: str
) -> None:
    assert as_the_service_reads(body) == read


@pytest.mark.parametrize(
    "body", ["ok see you at the salon", "好的 店里见", "see you at the shop tomorrow"]
)
def test_the_salon_as_the_place_to_meet_does_not_stop_the_reader(body: str) -> None:
    # Whether the reader is sure of these depends on its training; the stop never holds them.
    assert guard(body, Intent.CONFIRM) is None


#: The time of another gathering said beside it (the twenty-sixth blind set's one wrong reading,
#: that row read: "sounds good, see you at 7 for dinner x" read as the booked time said back).
AT_ANOTHER_GATHERING = [
    "sounds good, see you at 7 for dinner x",
    "ok see you at 7pm for dinner",
    "ok c u at 7 at the gym",
    "see you tonight at 7 for dinner",
]
#: The same time said back about the visit itself stays a yes.
ABOUT_THE_VISIT = ["ok see u at 7 at the salon", "sounds good, see you at 7", "ok c u 7pm"]


def _said_back_to_a_visit_at_seven(body: str) -> Intent | None:
    # Booked Saturday 7 March 2026, 19:00 in Shanghai; the reply comes on the Monday before.
    received = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    read = read_reply(body, keyword=None, received_at=received, tz="Asia/Shanghai")
    return read.said_back_about(datetime(2026, 3, 7, 11, 0, tzinfo=UTC))


@pytest.mark.parametrize("body", AT_ANOTHER_GATHERING)
def test_the_time_of_another_gathering_is_not_the_visit_said_back(body: str) -> None:
    assert as_the_service_reads(body) == "unknown"
    assert _said_back_to_a_visit_at_seven(body) is None


@pytest.mark.parametrize("body", ABOUT_THE_VISIT)
def test_the_visit_s_own_time_said_back_still_confirms(body: str) -> None:
    # The rules read some of them as a yes already; the others, as the booked time said back.
    said_back = _said_back_to_a_visit_at_seven(body)
    assert as_the_service_reads(body) == "confirm" or said_back is Intent.CONFIRM
