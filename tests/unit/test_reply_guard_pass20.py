"""The learned reader's classes of the twentieth pass (issue 21).

- what the one a booking was made for said, passed on, beside a question (帮我妈预约的那个可以改
  吗？她说那天要回诊; "I booked it for her, she says she's sick, can you cancel?"): the customer
  asks on their behalf, for a person to answer; the booking made for them alone (我是帮女儿约的，
  她这单取消哈), or what they said beside the customer's own answer (她说可以，确认), lets it
  through.
- no longer wanted, said alone (不用了, 不要了, 唔使喇, 退掉吧, 这次先不用了), with thanks or a
  reason beside it (不用了，多谢你; 唔使喇，前几天在楼下剪过了): in answer to a confirmation
  request, a cancel; while an offer of new times is open, unclear (it may decline the offer).
  Not 不用取消 or 不用改, nor beside another answer (好的，不用了; 不用了谢谢我会来), asked
  (不用了？), on a condition, someone else's (我老公说不用了) or beside a hedge (不用了，我再看看).
- an answer with one short word no class knows after it, in English ("cancel ya thanks",
  "confirm lor", "ok can", "reschedule la pls"): a tag that carries no intent, read as the answer
  said where the model reads it the likeliest and the guard finds nothing. Before the answer
  ("Lily cancel"), typed with a capital ("cancel Amy": a name), a word that says more (but, if,
  him, mum), asked ("cancel ya?") or a model reading another answer still stop it. These rows
  read through a stand-in model (the answer likeliest by a margin of 1), so they hold whatever a
  retrained reader reads.

Rows written for these tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import AppointmentStatus, Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import Guard, guard, learned_intent
from gateway.domain.reply_learned import CLASSES, Model, features
from gateway.domain.taught_phrases import phrase_text
from tests.unit.reply_tables import as_the_service_reads, held_out_before
from tests.unit.test_decide import A1, OFFERED, decided, offer, state

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


#: No longer wanted, in Simplified, Traditional, Cantonese; given back.
NO_LONGER_WANTED_WORDS = ("不用了", "不要了", "唔使喇", "退掉吧", "這次先不用了")
NO_LONGER_WANTED_SHAPES = ("{}，多谢你", "{}，前几天在楼下剪过了", "抱歉，这两天太忙，{}")
NO_LONGER_WANTED_ROWS = [
    shape.format(word) for word in NO_LONGER_WANTED_WORDS for shape in NO_LONGER_WANTED_SHAPES
]
#: Still no cancel: the other answer not wanted, another answer beside it, asked, a condition,
#: someone else, a hedge.
NOT_NO_LONGER_WANTED = [
    "不用取消，多谢你",
    "不用改，多谢你",
    "不用了谢谢我会来",
    "好的，不用了，多谢你",
    "不用了，多谢你，改个时间",
    "不用了吗，多谢你",
    "不用了？多谢你",
    "如果下雨就不用了，多谢你",
    "我老公说不用了，多谢你",
    "不用了，我再看看",
]


@pytest.mark.parametrize("body", NO_LONGER_WANTED_ROWS)
def test_no_longer_wanted_said_alone_is_a_cancel(body: str) -> None:
    assert as_the_service_reads(body) == "cancel"
    assert decided(body, state(A1)).new_status is AppointmentStatus.CANCELLED


@pytest.mark.parametrize("body", NOT_NO_LONGER_WANTED)
def test_the_other_answer_not_wanted_or_beside_another_is_no_cancel(body: str) -> None:
    assert as_the_service_reads(body) != "cancel"


@pytest.mark.parametrize("body", ["不用了，多谢你", "唔使喇，多謝晒"])
def test_no_longer_wanted_while_an_offer_is_open_cancels_nothing(body: str) -> None:
    decision = decided(body, state(OFFERED, offer=offer()))
    assert decision.new_status is None and decision.intent is Intent.UNKNOWN


def _unsure(body: str, label: str) -> Model:
    """A model that has seen every feature of ``body`` and reads it as ``label`` by a margin of 1
    (the shipped threshold, 6.9, far above it)."""
    seen = features(phrase_text(body))
    weight = tuple(1 / len(seen) if name == label else 0.0 for name in CLASSES)
    return Model({feature: (weight[0], weight[1], weight[2], weight[3]) for feature in seen}, 6.9)


def _read(body: str, label: str) -> Intent | None:
    return learned_intent(body, parse_reply(body), _unsure(body, label))


#: Tags no class knows: Singlish and Cantonese-English particles, a yes said short.
FILLER_WORDS = ("ya", "lor", "leh", "hor", "la")
FILLER_SHAPES = (
    ("cancel {} thanks", Intent.CANCEL),
    ("ok {}", Intent.CONFIRM),
    ("reschedule {} pls", Intent.CHANGE),
)
FILLER_ROWS = [
    (shape.format(word), intent) for word in FILLER_WORDS for shape, intent in FILLER_SHAPES
]
#: Still stopped: before the answer, a name, a word saying more, asked, or another reading.
NOT_A_FILLER = [
    ("lily cancel", "cancel"),
    ("cancel Amy", "cancel"),
    ("ok but", "confirm"),
    ("cancel for mum", "cancel"),
    ("confirm if", "confirm"),
    ("cancel ya?", "cancel"),
    ("confirm ya", "cancel"),
    ("cancel ya later", "cancel"),
]


@pytest.mark.parametrize(("body", "intent"), FILLER_ROWS)
def test_an_answer_beside_a_short_tag_is_the_answer(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is Intent.UNKNOWN
    assert _read(body, intent.value) is intent


@pytest.mark.parametrize(("body", "label"), NOT_A_FILLER)
def test_a_name_a_word_saying_more_a_question_or_another_reading_stops(
    body: str, label: str
) -> None:
    assert _read(body, label) is None


def test_no_row_is_a_held_out_or_training_reply() -> None:
    rows = [row for row, _ in FILLER_ROWS] + [row for row, _ in NOT_A_FILLER]
    rows += RELAYED_ROWS + BOOKED_FOR_ROWS + NO_LONGER_WANTED_ROWS + NOT_NO_LONGER_WANTED
    assert sorted(row for row in rows if row in held_out_before(25)) == []
