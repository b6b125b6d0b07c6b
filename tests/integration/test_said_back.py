"""A yes or a no that names its appointment's own day or time, end to end: 周一下午三点我准点到
confirms the appointment on Monday at three, 周一下午的不来了 cancels it, and the same words
naming another day reach the salon's inbox (they may propose it)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from gateway.domain.replies import parse_reply
from tests.integration.test_learned_reader import waiting
from tests.support import SalonHandle, book, reply, status_of, thread

# Saturday 5 December; the appointment is on Monday 7 December at 15:00.
pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")
MONDAY_AT_THREE = "2026-12-07T15:00:00+08:00"


def waiting_reasons(client: FlaskClient, salon: SalonHandle) -> list[str]:
    return [item["reason"] for item in waiting(client, salon)]


@pytest.mark.parametrize(
    ("written", "intent", "status", "answer_says"),
    [
        ("行，周一下午三点我准点到", "confirm", "confirmed", "已确认"),
        ("沒問題，週一見", "confirm", "confirmed", "已确认"),
        ("Sounds good, see you Monday at 3", "confirm", "confirmed", "已确认"),
        ("不好意思，周一下午的不来了", "cancel", "cancelled", "已取消"),
    ],
)
def test_an_answer_naming_the_appointments_own_time_is_acted_on(
    client: FlaskClient,
    salon: SalonHandle,
    written: str,
    intent: str,
    status: str,
    answer_says: str,
) -> None:
    assert parse_reply(written).intent.value == "unknown"  # the words alone: unclear
    book(client, salon, external_id="A-1", starts_at=MONDAY_AT_THREE)
    reply(client, salon, written)
    assert status_of(client, salon, "A-1") == status
    messages = thread(client, salon, "A-1")
    [read] = [m for m in messages if m["direction"] == "inbound"]
    assert read["intent"] == intent
    last = [m for m in messages if m["direction"] == "outbound"][-1]
    assert answer_says in last["body"], last["body"]
    assert "unclear_reply" not in waiting_reasons(client, salon)


@pytest.mark.parametrize(
    "written",
    [
        "行，周二下午三点我准点到",  # Tuesday: another day, perhaps proposed
        "好的，4点",  # another time
        "周一晚一点见",  # later: a change, which a person reads
    ],
)
def test_an_answer_naming_another_time_reaches_the_inbox(
    client: FlaskClient, salon: SalonHandle, written: str
) -> None:
    book(client, salon, external_id="A-1", starts_at=MONDAY_AT_THREE)
    reply(client, salon, written)
    assert status_of(client, salon, "A-1") == "unconfirmed"
    assert waiting_reasons(client, salon) == ["unclear_reply"]
