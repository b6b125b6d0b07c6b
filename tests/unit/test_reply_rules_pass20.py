"""The rules' classes of the twentieth pass (issue 21).

A hesitation sound (呃, "uh", "um", "erm") is no answer, before or beside one: 呃，确认 is a yes,
"um cancel pls" a cancel; alone, asked or beside a no it says nothing.

Settled for now (先这样定, 先这么定) is a yes, as 就这样定了 is (``reply_habit_words.SETTLED``,
whose table reads each word in three phrasings); 先这样 alone leaves it open.

The two long English change words as
fingers slip them, one letter changed or added (reschedulle, rescheddule, postphone, postpome)
and the slips the labelled sets show at two letters (reschedual, resheduel), read as the word.

A slip ending in "d" is news of a change made or its slip (rescheduled, postponed, postpond) and
stays unread; asked about, beside another answer or with no change wanted it reads as the word
itself would.

Each slip in three phrasings, and the phrasings that must not change. Rows written for these
tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_change_slips import CHANGE_SLIPS
from tests.unit.reply_tables import as_the_service_reads, held_out_before

SLIPS = ("reschedual", "resheduel", "reschedulle", "rescheddule", "postphone", "postpome")
SHAPES = ("{} pls, sorry", "Hi, I need to {} sorry", "can we {} to next week pls")
SLIP_ROWS = [shape.format(slip) for slip in SLIPS for shape in SHAPES]
#: Not a change wanted: a change made, asked about, not wanted, or beside a cancel.
STILL_NO_CHANGE = [
    "already rescheduald on the app",
    "I postpond it over the phone already",
    "rescheduled already thx",
    "do I need to reschedual?",
    "no need to reschedual, see you then",
    "cancel pls, dont postphone",
]


HESITATION_WORDS = ("呃", "uh", "um", "erm")
HESITATION_SHAPES = (
    ("{}，确认", Intent.CONFIRM),
    ("{} 好的，到时见", Intent.CONFIRM),
    ("{}, cancel pls", Intent.CANCEL),
)
HESITATION_ROWS = [
    (shape.format(word), intent) for word in HESITATION_WORDS for shape, intent in HESITATION_SHAPES
]
#: Still no answer: the sound alone, asked, beside a no or a hedge.
HESITATION_ALONE = ["呃", "um?", "uh no", "呃，可能吧", "um ok?", "erm not sure"]


@pytest.mark.parametrize(("body", "intent"), HESITATION_ROWS)
def test_a_hesitation_beside_an_answer_is_the_answer(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


@pytest.mark.parametrize("body", HESITATION_ALONE)
def test_a_hesitation_alone_asked_or_beside_a_no_says_nothing(body: str) -> None:
    assert parse_reply(body).intent is Intent.UNKNOWN


SETTLED_FOR_NOW = ["嗯，先这样定", "OK 先這樣定啦", "行，那先这样定，麻烦了"]
#: Still no yes: left open, asked, on a condition, beside a cancel.
NOT_SETTLED = ["先这样吧，我再想想", "先这样定吗", "如果不下雨就先这样定", "先这样定，取消"]


@pytest.mark.parametrize("body", SETTLED_FOR_NOW)
def test_settled_for_now_is_a_yes(body: str) -> None:
    assert parse_reply(body).intent is Intent.CONFIRM


@pytest.mark.parametrize("body", NOT_SETTLED)
def test_left_open_asked_or_on_a_condition_is_no_yes(body: str) -> None:
    assert as_the_service_reads(body) != "confirm"


def test_each_slip_in_three_phrasings() -> None:
    assert len(SLIP_ROWS) == 3 * len(SLIPS)
    assert all(CHANGE_SLIPS.get(slip) for slip in SLIPS)


@pytest.mark.parametrize("body", SLIP_ROWS)
def test_a_slip_of_a_long_change_word_is_a_change(body: str) -> None:
    assert parse_reply(body).intent is Intent.CHANGE
    assert as_the_service_reads(body) == "change"


@pytest.mark.parametrize("body", STILL_NO_CHANGE)
def test_a_change_made_asked_or_not_wanted_is_no_change(body: str) -> None:
    assert as_the_service_reads(body) != "change"


def test_no_slip_is_a_change_made() -> None:
    assert not [slip for slip in CHANGE_SLIPS if slip.endswith("d")]


def test_no_row_is_a_held_out_or_training_reply() -> None:
    rows = (
        SLIP_ROWS
        + STILL_NO_CHANGE
        + HESITATION_ALONE
        + SETTLED_FOR_NOW
        + NOT_SETTLED
        + [row for row, _ in HESITATION_ROWS]
    )
    assert sorted(row for row in rows if row in held_out_before(25)) == []
