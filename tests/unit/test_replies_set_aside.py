"""Clauses beside the answer that are no answer of their own (``reply_set_aside``).

- An answer set aside: named only to say it is not the one (不用改期，直接取消; "not cancelling,
  just need a later time") or meant once and let go before the decision (本来想取消的，后来想想
  还是去吧). The reply is the other answer. A no alone, a no beside the same answer, a no beside
  nothing decided, a condition, a question or someone else's booking stay unclear.
- The story around a yes: how the cut is wanted (还是上次那样剪短点), being free then (我周六下午
  没事), the hair needing it ("my hair is a disaster lol"), a sign-off (在车上不多说了). Beside a
  yes, the yes; beside anything else, nothing changes. "wouldn't miss it" is a yes, and 没错
  ("that's right") agrees.

The first rows of each class are the spent sets' (25, 26); the rest were written for this test
before its rule, as held-out checks of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.reply_reading import read_reply
from tests.unit.reply_tables import as_the_service_reads, held_out_before

# As bench/reply_holdout.py reads the sets: they hold no appointment, and their writers answered
# the request that named it (周六 14:00).
_RECEIVED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def as_the_salon_sees(body: str) -> str:
    """The service's reading, and where it leaves a reply unclear, the answer a reply says if the
    day or time it names is the appointment's own (周六两点准时到)."""
    read = as_the_service_reads(body)
    if read != "unknown":
        return read
    said = read_reply(body, keyword=None, received_at=_RECEIVED, tz="Asia/Shanghai").said_back
    return said[0].value if said is not None else read


SPENT_SET_ASIDE = [
    ("那天去不了，也不用改期了，直接取消", "cancel"),
    ("不用改期，直接取消就好", "cancel"),
    ("不取消哈，就是想往后挪一个钟头", "change"),
    ("本来想取消的，后来想想还是去吧，按原来时间", "confirm"),
]
OWN_SET_ASIDE = [
    ("不用改期了，直接帮我取消吧", "cancel"),
    ("不改时间了，取消", "cancel"),
    ("唔使改期，帮我取消吖", "cancel"),
    ("不用換時間了，直接取消", "cancel"),
    ("no need to reschedule, please cancel", "cancel"),
    ("not rescheduling, just cancel it pls", "cancel"),
    ("不用取消，改到下周六", "change"),
    ("没打算取消，只是想晚一个小时", "change"),
    ("不取消啦，想推迟到四点", "change"),
    ("don't cancel! can we push it to 5pm", "change"),
    ("本来想改期的，后来还是按原时间来", "confirm"),
    ("I was going to cancel but actually I'll be there", "confirm"),
    ("was gonna reschedule but sat 2pm works, see you then", "confirm"),
]
#: A no alone, the same answer denied and said, nothing decided after it, a condition, a question,
#: someone else: unclear, as before.
STILL_UNCLEAR_SET_ASIDE = [
    "不用取消",
    "不用改期",
    "不用改期，我再想想",
    "本来想取消的，现在不知道",
    "不取消，不取消",
    "不用改期，改到周五",
    "不取消，周五还有位吗",
    "不用改期，如果下雨就取消",
    "不用改期，我朋友要取消",
    "我老婆说不用改期，直接取消",
    "not cancelling, not sure about the time yet",
    "was going to cancel but idk now",
    "不用改期，取消要扣钱吗",
]

SPENT_YES_WITH_A_STORY = [
    "好的好的，周六两点准时到，麻烦跟Lily说一声还是上次那样剪短点",
    "好 到时候去 在车上不多说了",
    "上次Lily说我这头发该修了，那就按你们说的时间来吧",
    "没问题，我周六下午没事，两点见",
    "周六14:00 剪发没错，我会到",
    "yep yep, wouldn't miss it, my hair is a disaster lol",
]
OWN_YES_WITH_A_STORY = [
    "好的，周六见，还是跟上次一样剪短一点",
    "好的好的，会准时到的，麻烦跟Amy说还是上次那样剪短点",
    "没问题，帮我跟Amy说一声还是上次那样",
    "可以，我那天没什么事，会过去",
    "确认，我那天没事，会来的",
    "好的，我下午没安排，准时到",
    "好的 在开车 先不说了",
    "好的 在开车 不多说了",
    "yep, I'm free all day, I'll be there",
    "won't miss it for the world!",
    "确认，没错，会到",
    "没错，会准时到",
]
#: The story beside no yes, or alone: as it was read.
STORY_BESIDE_NO_YES = [
    ("麻烦跟Lily说一声我要改期", "unknown"),
    ("我周六下午没事，能改到下午吗", "unknown"),
    ("好的，但是我周六没空", "unknown"),
    ("在车上不多说了", "unknown"),
    ("还是上次那样剪短点", "unknown"),
    ("wouldn't miss it if I could, but I'm away", "unknown"),
    ("上次剪错了，这次还是周六两点吗", "unknown"),
    ("头发太长了，想改早一点", "change"),
    ("won't make it, my hair can wait", "cancel"),
    ("收到 在上班 先不聊了", "unknown"),  # 收到 acknowledges; it is no yes
]


@pytest.mark.parametrize(("body", "intent"), SPENT_SET_ASIDE + OWN_SET_ASIDE)
def test_an_answer_set_aside_leaves_the_other_answer(body: str, intent: str) -> None:
    assert as_the_salon_sees(body) == intent


@pytest.mark.parametrize("body", STILL_UNCLEAR_SET_ASIDE)
def test_a_no_with_nothing_else_decided_stays_unclear(body: str) -> None:
    assert as_the_salon_sees(body) == "unknown"


@pytest.mark.parametrize("body", SPENT_YES_WITH_A_STORY + OWN_YES_WITH_A_STORY)
def test_a_yes_with_a_story_around_it_is_a_yes(body: str) -> None:
    assert as_the_salon_sees(body) == "confirm"


#: Spent sets' rows (21, 23) a first draft of the rule read as a yes: being free then asked
#: (放不放假, an A-not-A question) is not known, so it is no story.
SPENT_FREE_THEN_ASKED = [
    ("确认收到，我问下老板那天放不放假再说", "unknown"),
    ("要得要得……哦等哈，我要看下那天娃儿放不放假", "unknown"),
]


@pytest.mark.parametrize(("body", "intent"), STORY_BESIDE_NO_YES + SPENT_FREE_THEN_ASKED)
def test_the_story_beside_no_yes_changes_nothing(body: str, intent: str) -> None:
    assert as_the_salon_sees(body) == intent


def test_no_own_row_is_a_labelled_reply() -> None:
    own = [body for body, _ in OWN_SET_ASIDE + STORY_BESIDE_NO_YES] + OWN_YES_WITH_A_STORY
    assert not set(own + STILL_UNCLEAR_SET_ASIDE) & held_out_before(27)
