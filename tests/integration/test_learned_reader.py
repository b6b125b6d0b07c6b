"""The learned reader, end to end: a reply the rules leave unclear but the learned reader reads
(behind the rules' guard) changes the appointment and answers the customer as the rules' own
reading would; the same words behind a condition or a negation, and words the reader cannot read,
still reach the salon's inbox and get the help text."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import learned_intent
from tests.support import SalonHandle, book, reply, status_of, thread

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")


def waiting(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get(
        "/api/v1/inbox?waiting=true", headers=salon.headers
    ).get_json()["data"]
    return data


@pytest.mark.parametrize(
    ("written", "intent", "status", "answer_says"),
    [
        ("确认哈，谢啦", "confirm", "confirmed", "已确认"),
        ("临时有事，这单取消哈", "cancel", "cancelled", "已取消"),
    ],
)
def test_a_reply_only_the_learned_reader_understands_is_acted_on(
    client: FlaskClient,
    salon: SalonHandle,
    written: str,
    intent: str,
    status: str,
    answer_says: str,
) -> None:
    # The rules alone leave it unclear: without the reader it would go to the inbox.
    assert parse_reply(written).intent.value == "unknown"
    book(client, salon, external_id="A-1", starts_at="2026-12-07T15:00:00+08:00")
    reply(client, salon, written)
    assert status_of(client, salon, "A-1") == status
    messages = thread(client, salon, "A-1")
    [read] = [m for m in messages if m["direction"] == "inbound"]
    assert read["intent"] == intent
    last = [m for m in messages if m["direction"] == "outbound"][-1]
    assert answer_says in last["body"], last["body"]
    assert not [i for i in waiting(client, salon) if i["reason"] == "unclear_reply"]


@pytest.mark.parametrize(
    "written",
    [
        "如果下雨的话，这单取消哈",  # a condition: the guard stops the reader
        "我朋友临时有事，这单取消哈",  # someone else
        "不确认哈，谢啦",  # a no
        "鸡蛋灌饼加辣",  # nothing a reply says: the reader is not sure of anything
    ],
)
def test_what_the_reader_may_not_read_still_reaches_the_inbox(
    client: FlaskClient, salon: SalonHandle, written: str
) -> None:
    parsed = parse_reply(written)
    assert learned_intent(written, parsed) is None
    book(client, salon, external_id="A-1", starts_at="2026-12-07T15:00:00+08:00")
    reply(client, salon, written)
    assert status_of(client, salon, "A-1") == "unconfirmed"
    assert [i["reason"] for i in waiting(client, salon)] == ["unclear_reply"]
    answers = [m for m in thread(client, salon, "A-1") if m["direction"] == "outbound"]
    assert answers[-1]["template"] == "help"
