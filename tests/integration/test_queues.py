"""The job queues: which work a worker takes first, and how soon the sweep replaces jobs Redis
lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker

from gateway.jobs import run_sweep
from gateway.queueing import SmsQueue
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


def test_crm_deliveries_wait_behind_the_texts(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    # Eight events for a CRM that takes its time are queued before a customer's request.
    sms_queue.enqueue_deliveries(range(1001, 1009))
    book(client, salon)
    with app.app_context():
        worker = SimpleWorker(sms_queue.queues, connection=sms_queue.connection)
        worker.work(burst=True, max_jobs=1)
    assert len(provider.sent) == 1  # the first job a worker took was the text


def _sweep(app: Flask) -> str:
    with app.app_context():
        return run_sweep()


def test_the_next_sweep_replaces_jobs_redis_lost(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    clock.set(datetime.now(UTC))
    book(client, salon, external_id="A-1", customer={"phone": "13800138000"})
    run_worker(app)
    book(client, salon, external_id="A-2", customer={"phone": "13800138001"})
    response = post_signed(client, twilio_form("确认", to=salon.sender))
    assert response.status_code == 200
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    for queue in sms_queue.queues:
        queue.empty()  # Redis restarted empty: A-2's request and the reply's job are gone

    clock.advance(timedelta(seconds=30))  # one sweep interval, not RELAY_AFTER
    _sweep(app)
    process_replies(app)
    run_worker(app)
    assert status_of(client, salon, "A-1") == "confirmed"
    assert sorted(sms.to for sms in provider.sent) == [
        "+8613800138000",  # A-1's request
        "+8613800138000",  # the answer to 确认
        "+8613800138001",  # A-2's request, relayed
    ]


def test_a_job_redis_still_holds_is_not_doubled(
    app: Flask, client: FlaskClient, salon: SalonHandle, clock: TestClock
) -> None:
    clock.set(datetime.now(UTC))
    book(client, salon)
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    clock.advance(timedelta(seconds=30))
    assert "relayed 0" in _sweep(app)
    assert sms_queue.queue.count == 1


def test_a_batchs_answers_and_crm_events_reach_their_queues_together(app: Flask) -> None:
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    with sms_queue.together() as together:
        together.enqueue_sends([11, 12])
        together.enqueue_deliveries([21, 22, 23])
        # Nothing reaches Redis until the hand-off is complete: one round trip for both.
        assert (sms_queue.queue.count, sms_queue.webhooks.count) == (0, 0)
    [send] = sms_queue.queue.get_jobs()
    [delivery] = sms_queue.webhooks.get_jobs()
    assert send.args == ([11, 12],)
    assert delivery.args == ([21, 22, 23],)
    sms_queue.enqueue_sends([13])  # the queue itself still enqueues at once
    assert sms_queue.queue.count == 2
