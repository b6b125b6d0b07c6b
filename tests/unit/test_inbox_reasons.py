"""Which replies go to a person, and why: the inbox's rule as a table."""

from __future__ import annotations

import pytest

from gateway.domain.inbox import TEXT_PROBLEMS, InboxReason, reason_for_reply
from gateway.domain.lifecycle import AppointmentStatus as S
from gateway.domain.lifecycle import Intent
from gateway.models.messages import TEXT_PROBLEM_TO_COLLECT

R = InboxReason

CASES = [
    # intent, matched, has appointments, status after, reason
    (Intent.CONFIRM, True, True, S.CONFIRMED, None),
    (Intent.CANCEL, True, True, S.CANCELLED, None),
    (Intent.CHANGE, True, True, S.CHANGE_REQUESTED, R.CHANGE_REQUESTED),
    (Intent.CONFIRM, False, True, None, R.NO_APPOINTMENT),
    (Intent.CANCEL, False, True, None, R.NO_APPOINTMENT),
    (Intent.UNKNOWN, True, True, S.UNCONFIRMED, R.UNCLEAR_REPLY),
    (Intent.UNKNOWN, False, True, None, R.UNCLEAR_REPLY),
    (Intent.HELP, False, True, None, R.HELP_REQUESTED),
    (Intent.OPT_OUT, False, True, None, R.OPTED_OUT),
    (Intent.OPT_OUT, False, False, None, R.OPTED_OUT),
    (Intent.OPT_IN, False, True, None, None),
    (Intent.CONFIRM, False, False, None, R.UNKNOWN_NUMBER),
    (Intent.UNKNOWN, False, False, None, R.UNKNOWN_NUMBER),
    # Asking to change an appointment already cancelled changes nothing: nothing to arrange.
    (Intent.CHANGE, True, True, S.CANCELLED, None),
]


@pytest.mark.parametrize(("intent", "matched", "known", "status", "reason"), CASES)
def test_reason_for_reply(
    intent: Intent, matched: bool, known: bool, status: S | None, reason: InboxReason | None
) -> None:
    assert (
        reason_for_reply(
            intent,
            matched_appointment=matched,
            customer_has_appointments=known,
            status_after=status,
        )
        is reason
    )


def test_a_change_answered_with_an_offer_waits_for_the_customer_not_staff() -> None:
    change = {
        "matched_appointment": True,
        "customer_has_appointments": True,
        "status_after": S.CHANGE_REQUESTED,
    }
    assert reason_for_reply(Intent.CHANGE, **change, offer_sent=True) is None  # type: ignore[arg-type]
    assert reason_for_reply(Intent.CHANGE, **change) is R.CHANGE_REQUESTED  # type: ignore[arg-type]


def test_the_sweep_collects_every_text_problem_the_inbox_knows() -> None:
    """The partial index the sweep searches names the problem statuses as SQL values: the same
    ones the inbox has reasons for, so no failed, undelivered or uncertain text is missed."""
    named = TEXT_PROBLEM_TO_COLLECT.split("IN (", 1)[1].split(")", 1)[0]
    assert {value.strip(" '") for value in named.split(",")} == {s.value for s in TEXT_PROBLEMS}
    assert TEXT_PROBLEM_TO_COLLECT.endswith("AND inbox_collected_at IS NULL")
