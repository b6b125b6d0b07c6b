"""Two clause rules of the learned reader's guard (``reply_guard_words``): a hedge that only says
how the customer arrives, early or on time, in a clause of its own beside a yes (确认。我可能会提前
五分钟到) is read without that clause; and a question asking for another time than the booked one
(早点来 12点行吗, "can we do thurs instead") is a request for a change, as 能改到明天吗 is. Each
word of each class in three phrasings, and where the rule must not act: a later arrival (可能会晚
十分钟, 晚点到可以吗), a hedge beside another answer, a question about anything else.

Rows written for these tests (none is a row of a held-out set)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import Guard, guard, learned_intent
from gateway.domain.reply_reading import read_reply
from tests.unit.reply_tables import held_out_replies

CONFIRM, CHANGE, CANCEL, UNKNOWN = Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL, Intent.UNKNOWN
AT = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


def read(body: str) -> Intent:
    return read_reply(body, keyword=None, received_at=AT, tz="Asia/Shanghai").intent


HEDGES_ZH = ["可能", "应该", "大概", "估计", "也许", "或许", "大约"]
HEDGES_EN = ["might", "probably", "should", "maybe"]
HEDGED_ZH = ["确认，我{}会提前五分钟到", "好的，{}两点前到", "确认。{}会早点到哈"]
HEDGED_EN = [
    "confirmed, {} be a few mins early",
    "yes confirmed. I {} be early",
    "confirmed, {} be there by 2",
]
#: Each form of arriving early or on time, after a hedge, beside a yes.
ARRIVING = [
    "提前十分钟到", "提早到", "早点到", "早一点过来", "早少少嚟", "早啲到", "两点前到",
    "两点之前能到", "3点以前会到", "时间前到", "刚好到", "准时到", "来得及", "赶得及", "赶得上",
    "按时到",
]  # fmt: skip
ARRIVING_SHAPES = ["确认，可能{}", "好的，我应该{}哈", "确认。大概{}"]
ARRIVING_EN = ["early", "on time", "be there by 2", "there by 2", "in time"]
ARRIVING_EN_SHAPES = [
    "confirmed, might be {}",
    "yes confirmed. probably {}",
    "confirmed, should be {}",
]
#: Arriving late, or not at all, in the hedge's clause: left to a person.
LATE_ZH = ["晚", "迟", "慢", "堵", "赶不", "来不", "去不", "到不"]
LATE_SHAPES = ["确认，可能{}两点前到", "好的，路上{}应该准时到", "确认。大概{}会提前到"]
LATE_EN = ["late", "delay", "traffic"]
LATE_EN_SHAPES = [
    "confirmed, might be {} but on time",
    "yes confirmed. probably {}, early",
    "confirmed, {} should be in time",
]

HEDGED = (
    [shape.format(word) for word in HEDGES_ZH for shape in HEDGED_ZH]
    + [shape.format(word) for word in HEDGES_EN for shape in HEDGED_EN]
    + [shape.format(word) for word in ARRIVING for shape in ARRIVING_SHAPES]
    + [shape.format(word) for word in ARRIVING_EN for shape in ARRIVING_EN_SHAPES]
)
NOT_HEDGED = [shape.format(word) for word in LATE_ZH for shape in LATE_SHAPES] + [
    shape.format(word) for word in LATE_EN for shape in LATE_EN_SHAPES
]


@pytest.mark.parametrize("body", HEDGED)
def test_a_hedge_about_arriving_early_or_on_time_beside_a_yes_is_that_yes(body: str) -> None:
    assert parse_reply(body).intent is UNKNOWN
    assert read(body) is CONFIRM


@pytest.mark.parametrize("body", NOT_HEDGED)
def test_a_hedge_that_names_arriving_late_is_left_to_a_person(body: str) -> None:
    assert read(body) is UNKNOWN


@pytest.mark.parametrize(
    "body",
    [
        # Beside another answer, or alone, or with a real condition, a no, someone else, a question.
        "取消，我可能会提前五分钟到",
        "改个时间吧，我可能会提前五分钟到",
        "我可能会提前五分钟到",
        "确认，如果不堵车可能提前到",
        "确认，可能不会提前到",
        "确认，我老婆可能提前到",
        "确认，可能提前到吗",
        "cancel, might be early",
        "可能会提前五分钟到，不确认",
    ],
)
def test_a_hedged_arrival_never_makes_another_reply_a_yes(body: str) -> None:
    assert read(body) is not CONFIRM or parse_reply(body).intent is CONFIRM
    assert learned_intent(body, parse_reply(body)) in (None, CONFIRM)
    assert read(body) is not CANCEL or parse_reply(body).intent is CANCEL


#: Another time asked for: each word in three asking phrasings the guard lets through as a
#: change, and once as a later arrival, which it refuses.
ANOTHER_ZH = [
    "早点",
    "晚点",
    "早一点",
    "晚一点",
    "早一些",
    "晚一些",
    "早啲",
    "迟啲",
    "晚啲",
    "早少少",
    "迟少少",
]
ANOTHER_ZH_SHAPES = ["{}可以吗嘞", "能不能{}哈", "可唔可以{}呀嘞"]
ANOTHER_EN = [
    "instead",
    "earlier",
    "later",
    "another day",
    "another time",
    "other day",
    "different day",
]
ANOTHER_EN_SHAPES = ["can we do {} lah?", "could we make it {} lah", "any chance of {} lah?"]


@pytest.mark.parametrize(
    "body",
    [shape.format(word) for word in ANOTHER_ZH for shape in ANOTHER_ZH_SHAPES]
    + [shape.format(word) for word in ANOTHER_EN for shape in ANOTHER_EN_SHAPES],
)
def test_asking_for_another_time_is_a_request_for_a_change(body: str) -> None:
    parsed = parse_reply(body)
    assert parsed.intent is CHANGE or guard(body, CHANGE, parsed) is None


@pytest.mark.parametrize(
    "body",
    [f"{word}到可以吗嘞" for word in ANOTHER_ZH if word[0] in "晚迟"]
    + [f"can I arrive {word} lah?" for word in ("later", "a bit later")]
    + ["running late, can we do later lah?", "could I be late lah, maybe later?"]
    # Another matter asked about beside it: a fee, which times, why.
    + ["晚一点要加钱吗嘞", "早一点几点有位嘞", "later lah, what does it cost?"],
)
def test_a_later_arrival_or_another_matter_is_no_request_for_another_time(body: str) -> None:
    parsed = parse_reply(body)
    assert parsed.intent is not CHANGE
    assert not parsed.unread or guard(body, CHANGE, parsed) in (Guard.QUESTION, Guard.CONDITION)


#: A change and when, asked with "or not" at the end (改到下午4点可以不): the asking is no no.
OR_NOT = ["可以不", "行不", "好不", "ok不", "中不", "成不"]
OR_NOT_SHAPES = ["改到下午四点半{}", "时间改到周五上午{}", "提前到上午十点{}啊"]
CHANGE_AND_WHEN = [shape.format(tail) for tail in OR_NOT for shape in OR_NOT_SHAPES]


@pytest.mark.parametrize("body", CHANGE_AND_WHEN)
def test_a_change_and_when_asked_with_or_not_is_a_change_and_when(body: str) -> None:
    reply = read_reply(body, keyword=None, received_at=AT, tz="Asia/Shanghai")
    assert reply.intent is CHANGE or (reply.intent is UNKNOWN and reply.change_then_when)


@pytest.mark.parametrize(
    "body",
    ["改到下午四点半不行", "改到下午四点半可以不来", "改到周五上午不好", "改到下午四点半行不了"],
)
def test_a_no_after_the_when_is_still_a_no(body: str) -> None:
    reply = read_reply(body, keyword=None, received_at=AT, tz="Asia/Shanghai")
    assert reply.intent is not CHANGE and not reply.change_then_when


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    spent = held_out_replies()
    assert not (set(HEDGED) | set(NOT_HEDGED) | set(CHANGE_AND_WHEN)) & spent
