"""The learned reader's classes of the twentieth pass (issue 21).

- what the one a booking was made for said, passed on, beside a question (帮我妈预约的那个可以改
  吗？她说那天要回诊; "I booked it for her, she says she's sick, can you cancel?"): the customer
  asks on their behalf, for a person to answer; the booking made for them alone (我是帮女儿约的，
  她这单取消哈), or what they said beside the customer's own answer (她说可以，确认), lets it
  through.

Rows written for these tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import Guard, guard
from tests.unit.reply_tables import held_out_replies

#: What they said, passed on, in Simplified, Traditional and Cantonese, and in English.
RELAYED_WORDS = ("她说", "他說", "佢话")
RELAYED_SHAPES = (
    "帮我妈约的那个，{}那天要复诊，可以改一下吗？",
    "我是帮女儿预约的，{}太忙了，能取消吗",
    "幫個女book嘅，{}今次唔得閒，可唔可以取消？",
)
RELAYED_WORDS_EN = ("she says", "he said", "they said")
RELAYED_SHAPES_EN = (
    "I booked it for her, {} she can't, can you cancel?",
    "booked for him - {} he's away, can we change it?",
    "I made this booking for my son, {} he's sick, could you cancel it?",
)
RELAYED_ROWS = [shape.format(word) for word in RELAYED_WORDS for shape in RELAYED_SHAPES] + [
    shape.format(word) for word in RELAYED_WORDS_EN for shape in RELAYED_SHAPES_EN
]
#: The booking made for them, with nothing they said passed on, or what they said beside the
#: customer's own answer, not asked: the customer's answer.
BOOKED_FOR_ROWS = [
    "帮我妈约的那个，那天要复诊，可以改一下吗？",
    "我是帮女儿预约的，她太忙了，取消吧",
    "I booked it for her, she has exams, can you cancel?",
    "我是帮女儿约的，她说好，到时我陪她过去，确认",
    "帮我妈约的那个，她说那天要复诊，改一下吧",
    "I booked it for her, she says she can't, cancel pls",
]


def _intent(body: str) -> Intent:
    if "确认" in body:
        return Intent.CONFIRM
    return Intent.CHANGE if "改" in body or "change" in body else Intent.CANCEL


@pytest.mark.parametrize("body", RELAYED_ROWS)
def test_what_the_one_booked_for_said_passed_on_is_their_answer(body: str) -> None:
    assert guard(body, _intent(body), parse_reply(body)) is Guard.SOMEONE_ELSE


@pytest.mark.parametrize("body", BOOKED_FOR_ROWS)
def test_the_booking_made_for_them_alone_still_lets_the_answer_through(body: str) -> None:
    assert guard(body, _intent(body), parse_reply(body)) is None


def test_no_row_is_a_held_out_or_training_reply() -> None:
    rows = RELAYED_ROWS + BOOKED_FOR_ROWS
    assert sorted(row for row in rows if row in held_out_replies(None)) == []
