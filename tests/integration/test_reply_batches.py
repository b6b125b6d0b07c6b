"""Replies wait in Redis as ids and are acted on in batches: a worker that dies holding a batch,
or a batch that fails half-way, loses no reply and acts on none twice."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue
from sqlalchemy import select, text

import gateway.services.replies.processing
from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Message, StatusChange
from gateway.queueing import SmsQueue
from gateway.services.replies.processing import process_replies as process
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    TestClock,
    book,
    post_signed,
    process_replies,
    run_worker,
    status_of,
    twilio_form,
)

PHONES = {"A-1": "13800138001", "A-2": "13800138002", "A-3": "13800138003"}


def _book_three(client: FlaskClient, salon: SalonHandle, app: Flask) -> None:
    for external_id, phone in PHONES.items():
        book(client, salon, external_id=external_id, customer={"phone": phone})
    run_worker(app)  # the three confirmation requests go


def _reply(client: FlaskClient, salon: SalonHandle, external_id: str, body: str) -> None:
    form = twilio_form(body, to=salon.sender, sender=f"+86{PHONES[external_id]}")
    assert post_signed(client, form).status_code == 200


def _answers(provider: RecordingProvider) -> list[str]:
    return sorted(sms.to for sms in provider.sent[3:])  # after the three requests


def test_one_job_acts_on_many_customers_replies_each_in_order(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    _book_three(client, salon, app)
    _reply(client, salon, "A-1", "确认")
    _reply(client, salon, "A-2", "取消")
    _reply(client, salon, "A-1", "取消")
    _reply(client, salon, "A-3", "确认")
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    assert sms_queue.replies.count == 1  # one job for the four replies, not one each
    run_worker(app)
    assert [status_of(client, salon, e) for e in PHONES] == ["cancelled", "cancelled", "confirmed"]
    # One answer per customer: A-1's "confirmed" was still waiting when 取消 changed the
    # appointment, so it was dropped, as it is when one job takes both replies.
    assert _answers(provider) == ["+8613800138001", "+8613800138002", "+8613800138003"]


def test_replies_a_dead_worker_had_taken_are_acted_on_after_the_next_sweep(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    clock.set(datetime.now(UTC))
    _book_three(client, salon, app)
    _reply(client, salon, "A-1", "确认")
    _reply(client, salon, "A-2", "取消")
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    # A worker takes the batch from Redis and is killed before its transaction commits.
    assert len(sms_queue.take_replies()) == 2
    sms_queue.replies.empty()
    process_replies(app)
    assert status_of(client, salon, "A-1") == "unconfirmed"

    clock.advance(timedelta(seconds=30))  # the next sweep, well before RELAY_AFTER
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert [status_of(client, salon, e) for e in ("A-1", "A-2")] == ["confirmed", "cancelled"]
    assert _answers(provider) == ["+8613800138001", "+8613800138002"]
    with app.app_context():
        run_sweep()  # nothing left to hand off: nothing is acted on twice
    run_worker(app)
    assert len(provider.sent) == 3 + 2


def test_a_reply_that_fails_holds_back_no_other_in_its_batch(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock.set(datetime.now(UTC))
    _book_three(client, salon, app)
    for external_id in PHONES:
        _reply(client, salon, external_id, "确认")
    act_on = gateway.services.replies.processing._act_on
    troubled = {"+8613800138002"}

    def fails_for_one_customer(session, customer, *rest, **named):  # type: ignore[no-untyped-def]
        if customer.phone in troubled:
            raise RuntimeError("the database refused this one")
        return act_on(session, customer, *rest, **named)

    monkeypatch.setattr(gateway.services.replies.processing, "_act_on", fails_for_one_customer)
    process_replies(app)
    assert [status_of(client, salon, e) for e in PHONES] == [
        "confirmed",
        "unconfirmed",
        "confirmed",
    ]

    troubled.clear()  # the trouble passes; the sweep hands the reply off again
    clock.advance(timedelta(seconds=30))
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert [status_of(client, salon, e) for e in PHONES] == ["confirmed"] * 3
    assert _answers(provider) == sorted(f"+86{phone}" for phone in PHONES.values())


def test_a_reply_job_queued_before_an_upgrade_is_still_acted_on(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    _book_three(client, salon, app)
    _reply(client, salon, "A-1", "取消")
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    [message_id] = sms_queue.take_replies()
    sms_queue.replies.empty()
    # What the webhook enqueued before replies waited in a set: one job per reply.
    Queue(sms_queue.replies.name, connection=sms_queue.connection).enqueue(
        "gateway.jobs.handle_reply", message_id
    )
    process_replies(app)
    assert status_of(client, salon, "A-1") == "cancelled"


# PostgreSQL only: SQLite takes one writer at a time, so there is no lock to wait on.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_worker_waits_for_another_acting_on_the_customer_and_acts_on_nothing_twice(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, clock: TestClock
) -> None:
    """Two workers whose batches hold replies of one customer: the second waits on the
    customer's lock until the first commits, then finds the replies acted on (its read of the
    waiting replies comes after the lock), and acts on none of them again."""
    _book_three(client, salon, app)
    _reply(client, salon, "A-1", "确认")
    _reply(client, salon, "A-1", "取消")
    with db.sessions() as session:
        first, second = session.scalars(
            select(Message.id)
            .where(Message.direction == "inbound")
            .order_by(Message.created_at, Message.id)
        ).all()
    acted_on: list[int] = []

    def other_worker() -> None:  # its batch: the earlier reply alone
        with db.transaction() as session:
            acted_on.append(process(session, message_ids=[first], now=clock()).processed)

    with db.transaction() as session:
        assert process(session, message_ids=[second], now=clock()).processed == 2
        waiting = threading.Thread(target=other_worker)
        waiting.start()
        _until_waiting_on_a_lock(db, waiting)
    waiting.join()
    assert acted_on == [0]
    assert status_of(client, salon, "A-1") == "cancelled"
    with db.sessions() as session:
        moves = session.scalars(select(StatusChange.to_status).order_by(StatusChange.id)).all()
    assert moves == ["confirmed", "cancelled"]


def _until_waiting_on_a_lock(db: Database, worker: threading.Thread) -> None:
    """Return once another connection waits on a row lock (the customer's). The other worker
    is given a minute of the machine's own time (a loaded machine took more than the ten seconds
    it once had to open its connection and reach the lock); it ending first is a failure of its
    own, said as such."""
    deadline = time.monotonic() + 60
    with db.engine.connect() as connection:
        while time.monotonic() < deadline:
            if connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar():
                return
            if not worker.is_alive():
                raise AssertionError("the other worker ended without waiting on the lock")
            time.sleep(0.01)
    raise AssertionError("the other worker never waited on the customer's lock")
