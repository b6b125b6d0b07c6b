"""A time of day asked alone (四点可以吗, 16:30行不行, 下午四点呢, "4pm ok?"), decided against the
appointment (issue 21, the twentieth pass): the booked time asked is a yes; another time is a
change asking for it, answered with an offer of times near it; with several appointments
upcoming, or anything else in the reply, it stays unclear for a person.

Rows written for these tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import AppointmentStatus, Intent
from tests.unit.reply_tables import held_out_before
from tests.unit.test_decide import A1, A2, decided, state

#: A1 is booked at 14:00; these ask for its own time.
BOOKED_TIME_ASKED = ["两点可以吗", "14:00行不行", "下午两点得唔得", "2pm ok?", "两点呢"]
#: These ask for another time, with the minute of the day the customer wants.
OTHER_TIME_ASKED = [
    ("四点可以吗", 16 * 60),
    ("16:30行不行", 16 * 60 + 30),
    ("四點半得唔得", 16 * 60 + 30),
    ("下午四点呢？", 16 * 60),
    ("4pm ok?", 16 * 60),
    ("上午11点行吗？", 11 * 60),
]
#: Still unclear: said and not asked, no time of day, a day, a condition, someone else, a fee,
#: two times.
STILL_UNCLEAR = [
    "四点可以",
    "四点？",
    "4pm ok",
    "如果两点太早，四点可以吗",
    "我老公四点可以吗",
    "四点可以吗，要加钱吗",
    "三点或者四点可以吗",
]


@pytest.mark.parametrize("body", BOOKED_TIME_ASKED)
def test_the_booked_time_asked_alone_is_a_yes(body: str) -> None:
    decision = decided(body, state(A1, auto_offers=True))
    assert (decision.intent, decision.new_status) == (Intent.CONFIRM, AppointmentStatus.CONFIRMED)


@pytest.mark.parametrize(("body", "target"), OTHER_TIME_ASKED)
def test_another_time_asked_alone_asks_for_it(body: str, target: int) -> None:
    decision = decided(body, state(A1, auto_offers=True))
    assert decision.new_status is AppointmentStatus.CHANGE_REQUESTED
    assert decision.new_offer and decision.hint is not None and decision.hint.target == target


@pytest.mark.parametrize("body", [*BOOKED_TIME_ASKED, *(row for row, _ in OTHER_TIME_ASKED)])
def test_with_two_appointments_upcoming_a_time_asked_goes_to_a_person(body: str) -> None:
    decision = decided(body, state(A1, A2, auto_offers=True))
    assert (decision.intent, decision.new_status) == (Intent.UNKNOWN, None)


@pytest.mark.parametrize("body", STILL_UNCLEAR)
def test_said_a_day_a_condition_someone_else_or_a_fee_changes_nothing(body: str) -> None:
    decision = decided(body, state(A1, auto_offers=True))
    assert (decision.new_status, decision.new_offer) == (None, False)


def test_no_row_is_a_held_out_or_training_reply() -> None:
    rows = BOOKED_TIME_ASKED + [row for row, _ in OTHER_TIME_ASKED] + STILL_UNCLEAR
    assert sorted(row for row in rows if row in held_out_before(25)) == []
