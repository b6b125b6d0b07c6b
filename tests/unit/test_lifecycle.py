"""The transition table and refs: every status × intent, with no database."""

from __future__ import annotations

import random

import pytest

from gateway.domain.lifecycle import (
    APPOINTMENT_INTENTS,
    REF_ALPHABET,
    AppointmentStatus,
    Intent,
    ReplyOutcome,
    is_ref,
    new_ref,
    reply_outcome,
    staff_move_allowed,
)

S = AppointmentStatus

EXPECTED: dict[tuple[AppointmentStatus, Intent], ReplyOutcome] = {
    (S.UNCONFIRMED, Intent.CONFIRM): ReplyOutcome(S.CONFIRMED, "confirmed"),
    (S.UNCONFIRMED, Intent.CHANGE): ReplyOutcome(S.CHANGE_REQUESTED, "change_received"),
    (S.UNCONFIRMED, Intent.CANCEL): ReplyOutcome(S.CANCELLED, "cancelled"),
    (S.CONFIRMED, Intent.CONFIRM): ReplyOutcome(None, "confirmed"),
    (S.CONFIRMED, Intent.CHANGE): ReplyOutcome(S.CHANGE_REQUESTED, "change_received"),
    (S.CONFIRMED, Intent.CANCEL): ReplyOutcome(S.CANCELLED, "cancelled"),
    (S.CHANGE_REQUESTED, Intent.CONFIRM): ReplyOutcome(S.CONFIRMED, "confirmed"),
    (S.CHANGE_REQUESTED, Intent.CHANGE): ReplyOutcome(None, "change_received"),
    (S.CHANGE_REQUESTED, Intent.CANCEL): ReplyOutcome(S.CANCELLED, "cancelled"),
    (S.CANCELLED, Intent.CONFIRM): ReplyOutcome(None, "already_cancelled"),
    (S.CANCELLED, Intent.CHANGE): ReplyOutcome(None, "already_cancelled"),
    (S.CANCELLED, Intent.CANCEL): ReplyOutcome(None, "already_cancelled"),
    (S.COMPLETED, Intent.CONFIRM): ReplyOutcome(None, "no_appointment"),
    (S.COMPLETED, Intent.CHANGE): ReplyOutcome(None, "no_appointment"),
    (S.COMPLETED, Intent.CANCEL): ReplyOutcome(None, "no_appointment"),
    (S.NO_SHOW, Intent.CONFIRM): ReplyOutcome(None, "no_appointment"),
    (S.NO_SHOW, Intent.CHANGE): ReplyOutcome(None, "no_appointment"),
    (S.NO_SHOW, Intent.CANCEL): ReplyOutcome(None, "no_appointment"),
}


def test_table_covers_every_status_and_appointment_intent() -> None:
    assert set(EXPECTED) == {(s, i) for s in S for i in APPOINTMENT_INTENTS}


@pytest.mark.parametrize(("status", "intent"), list(EXPECTED))
def test_reply_outcome(status: AppointmentStatus, intent: Intent) -> None:
    assert reply_outcome(status, intent) == EXPECTED[(status, intent)]


@pytest.mark.parametrize("intent", sorted(set(Intent) - APPOINTMENT_INTENTS))
@pytest.mark.parametrize("status", list(S))
def test_customer_level_intents_never_move_an_appointment(
    status: AppointmentStatus, intent: Intent
) -> None:
    with pytest.raises(ValueError, match="does not act on an appointment"):
        reply_outcome(status, intent)


def test_a_reply_never_reopens_a_closed_appointment() -> None:
    for status in (S.CANCELLED, S.COMPLETED, S.NO_SHOW):
        for intent in APPOINTMENT_INTENTS:
            assert reply_outcome(status, intent).new_status is None


def test_refs_avoid_look_alikes_and_words() -> None:
    assert not set("0O1IL2Z5S6G8BQ") & set(REF_ALPHABET)
    rng = random.SystemRandom()
    refs = {new_ref(set(), rng=rng) for _ in range(500)}
    assert all(is_ref(ref) and len(ref) == 4 for ref in refs)
    # Plain words and numbers a customer might write are never refs.
    for text in ("NEXT", "TEXT", "2024", "3479", "STOP", "HELP", "k7p3x", "K7"):
        assert not is_ref(text)
    assert is_ref("k7p3") and is_ref("A4C9")


def test_new_ref_skips_taken_refs() -> None:
    class Fixed(random.SystemRandom):
        def __init__(self, picks: str) -> None:
            super().__init__()
            self.picks = iter(picks)

        def choice(self, seq: object) -> str:  # type: ignore[override]
            return next(self.picks)

    assert new_ref({"K7P3"}, rng=Fixed("K7P3" + "A4C9")) == "A4C9"


# What staff may set, written out from the product rules: confirm what is waiting; cancel what is
# open; mark completed or no-show what is open or was marked the other way (a correction), but
# only once it has begun. Nothing reopens a cancelled appointment.
STAFF_ALLOWED = {
    S.CONFIRMED: {S.UNCONFIRMED, S.CHANGE_REQUESTED, S.CONFIRMED},
    S.CANCELLED: {S.UNCONFIRMED, S.CONFIRMED, S.CHANGE_REQUESTED, S.CANCELLED},
    S.COMPLETED: {S.UNCONFIRMED, S.CONFIRMED, S.CHANGE_REQUESTED, S.NO_SHOW, S.COMPLETED},
    S.NO_SHOW: {S.UNCONFIRMED, S.CONFIRMED, S.CHANGE_REQUESTED, S.COMPLETED, S.NO_SHOW},
}


@pytest.mark.parametrize("wanted", list(STAFF_ALLOWED))
@pytest.mark.parametrize("current", list(S))
def test_staff_moves(current: AppointmentStatus, wanted: AppointmentStatus) -> None:
    reason = staff_move_allowed(current, wanted, has_begun=True)
    assert (reason is None) == (current in STAFF_ALLOWED[wanted]), reason


@pytest.mark.parametrize("wanted", [S.COMPLETED, S.NO_SHOW])
def test_outcomes_wait_until_the_appointment_has_begun(wanted: AppointmentStatus) -> None:
    reason = staff_move_allowed(S.CONFIRMED, wanted, has_begun=False)
    assert reason is not None and "not begun" in reason


def test_staff_cannot_set_unconfirmed_or_change_requested() -> None:
    for wanted in (S.UNCONFIRMED, S.CHANGE_REQUESTED):
        with pytest.raises(ValueError):
            staff_move_allowed(S.CONFIRMED, wanted, has_begun=True)
