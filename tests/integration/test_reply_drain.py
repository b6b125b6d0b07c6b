"""A drain job stays while replies trickle in: replies handed off while it runs join it, with no
new job each; and its claim on the draining (the webhook then enqueues no job) never strands a
reply — not one handed off as the job leaves, nor one handed off while a killed job's claim
lasted."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.registry import FinishedJobRegistry

import gateway.jobs
import gateway.queueing
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

PHONE = "13800138001"


class JobsClock:
    """``gateway.jobs``'s clock here: each look moves it on 1 ms and a pause is noted, not
    slept, so what a drain job does never depends on how fast this machine runs it (a batch
    taking 100 ms on a busy one left no pause to take, and 2 s would have handed on)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        self.now += 0.001
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def jobs_clock(monkeypatch: pytest.MonkeyPatch) -> JobsClock:
    clock = JobsClock()
    monkeypatch.setattr(gateway.jobs, "time", clock)
    return clock


@pytest.fixture
def app(make_app: Any) -> Flask:
    """As production runs: a batch at most every 100 ms, a moment's wait before a job ends."""
    app: Flask = make_app(reply_gather_ms=100, reply_linger_ms=50)
    return app


def _reply(client: FlaskClient, salon: SalonHandle, body: str) -> None:
    form = twilio_form(body, to=salon.sender, sender=f"+86{PHONE}")
    assert post_signed(client, form).status_code == 200


def _drain_jobs_run(sms_queue: SmsQueue) -> int:
    return FinishedJobRegistry(sms_queue.replies.name, connection=sms_queue.connection).count


def _booked(app: Flask, client: FlaskClient, salon: SalonHandle) -> SmsQueue:
    book(client, salon, external_id="A-1", customer={"phone": PHONE})
    run_worker(app)  # the confirmation request goes
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    return sms_queue


def test_a_reply_handed_off_while_a_drain_job_waits_joins_it_without_a_new_job(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sms_queue = _booked(app, client, salon)
    waited = SmsQueue.wait_for_replies
    seen: list[int] = []

    def another_reply_comes(self: SmsQueue, count: int, seconds: float) -> list[int]:
        if not seen:  # while the job waits after acting on 确认, the customer cancels
            _reply(client, salon, "取消")
            seen.append(self.replies.count)
        return waited(self, count, seconds)

    monkeypatch.setattr(SmsQueue, "wait_for_replies", another_reply_comes)
    _reply(client, salon, "确认")
    process_replies(app)
    assert seen == [0]  # the webhook enqueued no job for 取消: the running one took it
    assert status_of(client, salon, "A-1") == "cancelled"
    assert _drain_jobs_run(sms_queue) == 1
    assert sms_queue.waiting_replies() == (0, None)
    assert not sms_queue.connection.exists(sms_queue.replies_drainer)  # it left
    run_worker(app)
    # Acted on in the customer's order: the confirmation's answer, still waiting when 取消
    # came, was dropped; the cancellation's went.
    assert len(provider.sent) == 1 + 1
    assert "已取消" in provider.sent[-1].body


def test_a_reply_handed_off_as_the_drain_job_leaves_is_acted_on_by_it(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sms_queue = _booked(app, client, salon)
    late: list[int] = []

    def in_vain_then_a_reply(self: SmsQueue, count: int, seconds: float) -> list[int]:
        if not late:
            # The job's wait ends with nothing; before it drops its claim, the webhook hands
            # 确认 off, sees the claim, and enqueues nothing.
            _reply(client, salon, "确认")
            late.append(self.replies.count)
        return []

    monkeypatch.setattr(SmsQueue, "wait_for_replies", in_vain_then_a_reply)
    _reply(client, salon, "谢谢")
    process_replies(app)
    assert late == [0]
    assert status_of(client, salon, "A-1") == "confirmed"  # leaving, the job took it on
    assert _drain_jobs_run(sms_queue) == 1
    assert sms_queue.waiting_replies() == (0, None)
    assert sms_queue.replies.count == 0


def _claims_time_runs_out(sms_queue: SmsQueue) -> None:
    """The claim's time (``REPLY_DRAINER_SECONDS``) passes: Redis is told it has 50 ms left, so
    the claim holds for everything above it however busy the machine, and expires by itself."""
    assert sms_queue.connection.pexpire(sms_queue.replies_drainer, 50)


def test_replies_handed_off_while_a_killed_drain_jobs_claim_lasted_are_acted_on_after_it(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    clock: TestClock,
) -> None:
    clock.set(datetime.now(UTC))
    sms_queue = _booked(app, client, salon)
    assert sms_queue.claim_drain("a job killed while it waited for replies")
    _reply(client, salon, "确认")
    assert sms_queue.replies.count == 0  # the claim holds: no job enqueued
    with app.app_context():
        run_sweep()  # the relay finds the reply waiting, and the claim: no job either
    assert sms_queue.replies.count == 0
    assert status_of(client, salon, "A-1") == "unconfirmed"

    _claims_time_runs_out(sms_queue)
    deadline = time.monotonic() + 10
    while sms_queue.connection.exists(sms_queue.replies_drainer):  # Redis expires the claim
        assert time.monotonic() < deadline, "the claim of a killed job never expired"
        time.sleep(0.05)
    clock.advance(timedelta(seconds=30))  # the next sweep
    with app.app_context():
        run_sweep()
    assert sms_queue.replies.count == 1
    process_replies(app)
    assert status_of(client, salon, "A-1") == "confirmed"


def test_after_a_killed_drain_jobs_claim_the_next_reply_enqueues_a_job_for_all(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
) -> None:
    sms_queue = _booked(app, client, salon)
    assert sms_queue.claim_drain("a job killed while it waited for replies")
    _reply(client, salon, "确认")
    _claims_time_runs_out(sms_queue)
    deadline = time.monotonic() + 10
    while sms_queue.connection.exists(sms_queue.replies_drainer):
        assert time.monotonic() < deadline, "the claim of a killed job never expired"
        time.sleep(0.05)
    _reply(client, salon, "取消")
    assert sms_queue.replies.count == 1
    process_replies(app)
    assert status_of(client, salon, "A-1") == "cancelled"  # both, in the customer's order
    assert sms_queue.waiting_replies() == (0, None)


def test_a_second_drain_job_takes_what_waits_and_leaves_the_trickle_to_the_first(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    monkeypatch: pytest.MonkeyPatch,
    jobs_clock: JobsClock,
) -> None:
    sms_queue = _booked(app, client, salon)
    # Two webhooks each enqueued a job before either started; the first is running.
    assert sms_queue.claim_drain("the first job")
    _reply(client, salon, "确认")
    monkeypatch.setattr(SmsQueue, "wait_for_replies", None)  # the second never waits for more
    with app.app_context():
        assert gateway.jobs.handle_replies().startswith("processed 1 replies")
    assert status_of(client, salon, "A-1") == "confirmed"
    assert jobs_clock.pauses == []  # nor pauses: two jobs never both stay for a trickle
    assert sms_queue.leave_drain("the first job") == 0  # the first's claim untouched


def test_a_backlog_calls_another_worker_to_help(
    app: Flask, client: FlaskClient, salon: SalonHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    sms_queue = _booked(app, client, salon)
    monkeypatch.setattr(gateway.jobs, "REPLY_BATCH", 2)
    monkeypatch.setattr(gateway.jobs, "SQLITE_REPLY_BATCH", 2)
    helpers: list[int] = []
    called = SmsQueue.help_with_backlog

    def help_called(self: SmsQueue) -> None:
        called(self)
        helpers.append(self.replies.count)

    monkeypatch.setattr(SmsQueue, "help_with_backlog", help_called)
    for body in ("谢谢", "确认", "取消"):
        _reply(client, salon, body)
    process_replies(app)
    assert helpers == [1]  # the full first batch enqueued one job to help
    assert status_of(client, salon, "A-1") == "cancelled"  # every reply, in order
    assert _drain_jobs_run(sms_queue) == 2
    assert sms_queue.waiting_replies() == (0, None)


def test_replies_that_trickle_in_are_taken_a_batch_at_most_every_gather_interval(
    app: Flask, client: FlaskClient, salon: SalonHandle, jobs_clock: JobsClock
) -> None:
    sms_queue = _booked(app, client, salon)
    _reply(client, salon, "确认")
    process_replies(app)
    assert status_of(client, salon, "A-1") == "confirmed"
    # After a batch short of full, the job paused for the rest of the 100 ms before looking
    # again (how long is the clock's business: only that it did, and no longer).
    assert len(jobs_clock.pauses) == 1 and 0 < jobs_clock.pauses[0] <= 0.1
    assert sms_queue.waiting_replies() == (0, None)
