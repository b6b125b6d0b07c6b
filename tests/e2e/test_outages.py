"""Real worker and cron processes through a Redis outage, and a worker killed between taking a
text and handing it to the provider. Sends are counted where they land: a Twilio stand-in.

The web side is the app in this process (its behaviour without Redis is tested in
test_resilience.py); the processes that must survive are ``python worker.py`` and
``python worker.py --cron``, sweeping every second.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.registry import FinishedJobRegistry
from sqlalchemy import select

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Message
from gateway.services.relay import RELAY_AFTER
from tests.e2e.processes import PHASE_TIMEOUT, REPO, WorkerProcess, sends, wait_for
from tests.servers import RedisServer
from tests.support import (
    SalonHandle,
    TestClock,
    appointment_payload,
    in_days,
    post_signed,
    status_of,
    twilio_form,
)
from tests.twilio_stub import TwilioStub

SWEEP_SECONDS = 1
OUTAGE_SECONDS = 20.0
#: Every wait is bounded by this, far below RELAY_AFTER: a relay that waited RELAY_AFTER for
#: lost jobs fails the test instead of passing slowly.
assert timedelta(seconds=PHASE_TIMEOUT) < RELAY_AFTER


@pytest.fixture
def stub() -> Iterator[TwilioStub]:
    with TwilioStub() as running:
        yield running


@pytest.fixture
def env(database_url: str, redis_server: RedisServer, stub: TwilioStub) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_server.url,
        "QUEUE_NAME": "sms",
        "SMS_PROVIDER": "twilio",
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": "x",
        "TWILIO_API_URL": stub.url,
        "PUBLIC_BASE_URL": "",
        "SWEEP_SECONDS": str(SWEEP_SECONDS),
        "LOG_LEVEL": "INFO",
    }


def test_worker_and_cron_outlive_a_redis_outage_and_nothing_is_lost_or_doubled(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    redis_server: RedisServer,
    stub: TwilioStub,
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    phones = {name: f"+86138001380{n:02d}" for n, name in enumerate("ABCDEF", start=1)}

    def book_for(name: str) -> None:
        payload = appointment_payload(
            external_id=name, customer={"phone": phones[name]}, starts_at=in_days(3)
        )
        response = client.post("/api/v1/appointments", json=payload, headers=salon.headers)
        assert response.status_code == 201, response.get_json()

    worker = WorkerProcess(env, tmp_path / "worker.log")
    cron = WorkerProcess(env, tmp_path / "cron.log", "--cron")
    processes = (worker, cron)
    try:
        for name in "ABC":
            book_for(name)
        wait_for(lambda: len(sends(stub)) == 3, "the first three requests", *processes)

        redis_server.kill()
        lost_at = time.monotonic()
        # Bookings and replies keep arriving while Redis is away; the rows are stored.
        for name, body in (("A", "确认"), ("B", "取消"), ("C", "改时间")):
            # Sids of their own: the stand-in numbers the texts it takes SM000…1, SM000…2, …
            form = twilio_form(
                body, to=salon.sender, sender=phones[name], MessageSid=f"SM{uuid.uuid4().hex}"
            )
            assert post_signed(client, form).status_code == 200
        for name in "DEF":
            book_for(name)
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - lost_at)))
        assert worker.alive() and cron.alive(), worker.log_tail() + cron.log_tail()
        assert len(sends(stub)) == 3

        redis_server.restart()
        back_at = time.monotonic()
        wait_for(lambda: len(sends(stub)) >= 9, "every held text after the outage", *processes)
        recovered = time.monotonic() - back_at
        time.sleep(3 * SWEEP_SECONDS)  # room for a double to show up, if there were one
        assert worker.alive() and cron.alive()
    finally:
        for process in processes:
            process.stop()

    texts = Counter((r.form["To"], r.form["Body"]) for r in sends(stub))
    assert max(texts.values()) == 1, [text for text, n in texts.items() if n > 1]
    assert len(texts) == 9  # six requests, three answers: each reply acted on once
    assert [status_of(client, salon, name) for name in "ABCDEF"] == [
        "confirmed",
        "cancelled",
        "change_requested",
        "unconfirmed",
        "unconfirmed",
        "unconfirmed",
    ]
    for process in processes:
        lines = process.log.read_text(errors="replace").splitlines()
        assert sum("Redis unreachable" in line for line in lines) == 1, process.log_tail()
        assert sum("Redis answers again" in line for line in lines) == 1, process.log_tail()
        assert not any("Traceback" in line for line in lines), process.log_tail()
    print(
        f"\n[outage] Redis down {OUTAGE_SECONDS:.0f} s; every held text sent {recovered:.1f} s "
        f"after it came back (sweep every {SWEEP_SECONDS} s)"
    )


def test_a_worker_killed_between_its_claim_and_the_provider_call_is_replaced_once(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    stub: TwilioStub,
    env: dict[str, str],
    clock: TestClock,
    tmp_path: Path,
) -> None:
    # A process that does what the send job does up to its claim, then is SIGKILLed: the row is
    # left 'sending' with no provider call recorded.
    book_response = client.post(
        "/api/v1/appointments", json=appointment_payload(), headers=salon.headers
    )
    assert book_response.status_code == 201
    app.extensions["sms_queue"].queue.empty()
    with db.sessions() as session:
        message_id = session.scalars(select(Message.id)).one()
    claimer = subprocess.Popen(
        [sys.executable, "-c", _CLAIM_AND_HANG, str(message_id)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert claimer.stdout is not None
    assert claimer.stdout.readline().strip() == b"claimed", "the claiming process failed"
    os.killpg(claimer.pid, signal.SIGKILL)
    claimer.wait(timeout=10)
    claimer.stdout.close()

    # The sweep, a quarter of an hour on (the clock is this process's), takes the row back.
    clock.set(clock() + timedelta(minutes=15))
    with app.app_context():
        summary = run_sweep()
    assert "queued again after a worker stopped before sending 1" in summary

    worker = WorkerProcess(env, tmp_path / "worker.log")
    try:
        wait_for(lambda: len(sends(stub)) >= 1, "the request to be sent", worker)
        app.extensions["sms_queue"].enqueue_sends([message_id])  # the dead worker's job, again
        time.sleep(2)
    finally:
        worker.stop()
    assert len(sends(stub)) == 1
    with db.sessions() as session:
        assert session.get_one(Message, message_id).status == "sent"


_CLAIM_AND_HANG = """
import sys, time
from gateway import create_app
from gateway.services import claim_for_sending
from gateway.models import utcnow

app = create_app()
with app.extensions["db"].transaction() as session:
    order = claim_for_sending(session, message_id=int(sys.argv[1]), now=utcnow())
print("claimed" if order.__class__.__name__ == "SendOrder" else order, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_idle_sweep_logs_nothing(
    app: Flask, redis_server: RedisServer, env: dict[str, str], tmp_path: Path
) -> None:
    # Tried as a new user would: with nothing to do, the logs used to gain five lines a sweep.
    sweeps = FinishedJobRegistry(queue=app.extensions["sms_queue"].queue)
    worker = WorkerProcess(env, tmp_path / "worker.log")
    cron = WorkerProcess(env, tmp_path / "cron.log", "--cron")
    try:
        wait_for(lambda: sweeps.count >= 3, "three sweeps", worker, cron)
    finally:
        worker.stop()
        cron.stop()
    for process in (worker, cron):
        lines = process.log.read_text(errors="replace").splitlines()
        assert len(lines) == 1, lines  # the line saying what it does, and nothing per sweep
