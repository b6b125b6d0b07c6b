"""A worker reads and writes a batch of replies set-wise: what the batch reads is a fixed few
statements and what the replies change is written with one statement per kind of change,
however many replies the batch holds, and each customer still gets the same answers and
statuses as reply by reply."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from gateway.db import Database
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    book,
    post_signed,
    process_replies,
    run_worker,
    status_of,
    twilio_form,
)

PHONES = [f"1380013800{i}" for i in range(1, 10)]
WRITES = ("INSERT", "UPDATE", "DELETE")
#: The kinds of change both batches make: the replies marked acted on, the statuses moved, the
#: lifecycle's audit rows, the open offers withdrawn, the inbox items of unclear replies.
#: Each a pattern a statement's start matches (the columns of an UPDATE come in any order; the
#: replies' is the UPDATE of messages that records when they were acted on).
KINDS = (
    r"UPDATE messages SET [^;]*processed_at",
    r"UPDATE appointments",
    r"INSERT INTO status_changes",
    r"UPDATE offers",
    r"INSERT INTO inbox_items",
)


def _count(statements: list[str], kind: str) -> int:
    return sum(re.match(kind, statement) is not None for statement in statements)


def _reads(statements: list[str]) -> list[str]:
    """The reading statements among ``statements`` (a sequence's next ids are the writes')."""
    return [s for s in statements if s.startswith("SELECT") and "nextval(" not in s]


def _acting_on(app: Flask, db: Database) -> list[str]:
    """The statements one worker's batch sends to the database, but for the transaction's."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statement = statement.lstrip()
        if statement.upper().startswith(WRITES + ("SELECT",)):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        process_replies(app)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return statements


def test_a_batch_reads_in_six_statements_and_writes_each_kind_of_change_in_one(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    db: Database,
) -> None:
    for n, phone in enumerate(PHONES):
        book(client, salon, external_id=f"A-{n}", customer={"phone": phone})
    run_worker(app)  # the confirmation requests go
    requests = len(provider.sent)

    def reply(n: int, body: str) -> None:
        form = twilio_form(body, to=salon.sender, sender=f"+86{PHONES[n]}")
        assert post_signed(client, form).status_code == 200

    # Each batch: confirmations and a cancellation (statuses moved, offers withdrawn, texts
    # queued, audit rows), and an unclear reply (an inbox item).
    reply(0, "确认")
    reply(1, "取消吧")
    reply(2, "不确定?")
    three = _acting_on(app, db)
    for n, body in zip(range(3, 8), ("确认", "1", "取消吧", "确认", "不确定?"), strict=True):
        reply(n, body)
    # A change asked for where the salon has published no times to offer: no offer can be
    # made, so the change waits for staff (an inbox item) and is written with the rest.
    reply(8, "改时间")
    reply(0, "取消吧")  # a second reply of a customer whose first was acted on
    six = _acting_on(app, db)

    assert [status_of(client, salon, f"A-{n}") for n in range(9)] == [
        "cancelled",
        "cancelled",
        "unconfirmed",
        "confirmed",
        "confirmed",
        "cancelled",
        "confirmed",
        "unconfirmed",
        "change_requested",
    ]
    run_worker(app)
    # One answer to each customer: A-0's "confirmed" was still waiting when its 取消吧 came,
    # so it was dropped, as it is reply by reply.
    answered = sorted(sms.to for sms in provider.sent[requests:])
    assert answered == [f"+86{phone}" for phone in PHONES]
    (changed,) = [sms.body for sms in provider.sent[requests:] if sms.to == f"+86{PHONES[8]}"]
    assert "改" in changed, changed
    # Reply by reply, each status move withdrew the appointment's offers with an UPDATE of
    # its own: six replies wrote more than three. Set-wise, one statement per kind of change.
    # Reply by reply, each status move withdrew the appointment's offers with an UPDATE of
    # its own, and the ORM wrote its audit rows and statuses as it flushed between replies.
    # Set-wise, each kind of change is one statement, whether the batch has three or six.
    for batch in (three, six):
        assert [_count(batch, kind) for kind in KINDS] == [1] * len(KINDS), batch
    # What the batch reads, whatever its size (``batch_reads``): the replies with their
    # customers (locked) and salons, the salons' taught phrases, the customers' waiting
    # replies, their appointments (locked), their offers, and their inbox items, surveys and
    # texts in one. Eleven statements until 2026-12-06 (the replies, the customers, the salons
    # and which customers have appointments each read apart; the items, surveys and texts too).
    for batch in (three, six):
        assert len(_reads(batch)) == 6, _reads(batch)
