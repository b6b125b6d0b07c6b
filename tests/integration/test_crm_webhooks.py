"""Event webhooks to a salon's CRM, received by a real HTTP server that checks every signature
with the snippet from docs/webhooks.md and answers as a slow, flaky CRM would.

Retries are driven by running the sweep and the delivery job with ``now`` moved forward.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job
from rq.timeouts import JobTimeoutException
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from gateway import jobs
from gateway.crm_http import CrmDeliveryOrder
from gateway.db import Database
from gateway.jobs import deliver_webhook, run_sweep
from gateway.models import utcnow
from gateway.services import sweep
from gateway.services.crm.webhook_delivery import CLAIM_LEASE
from gateway.services.crm.webhook_urls import WebhookUrlRefused, check_webhook_url
from gateway.services.handoff import Work, handed_off
from tests.support import (
    SalonHandle,
    TestClock,
    book,
    post_signed,
    process_replies,
    reply,
    run_worker,
    twilio_form,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
#: Short enough to keep the suite fast, long enough for a loaded CI machine to answer in.
TEST_TIMEOUT = 1.0


def doc_verifier() -> Callable[[str, Any, bytes], bool]:
    """``verify_webhook`` exactly as docs/webhooks.md shows it to CRM developers."""
    section = DOC.read_text(encoding="utf-8").split("## Verifying a request", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, "docs/webhooks.md lost its verification snippet"
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), str(DOC), "exec"), namespace)
    verify: Callable[[str, Any, bytes], bool] = namespace["verify_webhook"]
    return verify


# --- A CRM on loopback ----------------------------------------------------------------------------


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to sit on the request before answering (past the sender's timeout).
    hang: float = 0


@dataclass
class Received:
    #: Names in lower case.
    headers: dict[str, str]
    body: bytes
    event: dict[str, Any]
    signed: bool


class Crm:
    """A CRM endpoint: verifies each request as the docs say, answers from ``answers`` in turn,
    then ``default``."""

    def __init__(self) -> None:
        self.secret = ""
        self.answers: list[Answer] = []
        self.default = Answer(200)
        self.received: list[Received] = []
        self.release = threading.Event()
        verify = doc_verifier()
        crm = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                signed = verify(crm.secret, self.headers, body)
                headers = {name.lower(): value for name, value in self.headers.items()}
                crm.received.append(Received(headers, body, json.loads(body), signed))
                answer = crm.answers.pop(0) if crm.answers else crm.default
                if answer.hang:
                    crm.release.wait(answer.hang)
                try:
                    self.send_response(answer.status if signed else 401)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/sms"

    def events(self) -> dict[str, dict[str, Any]]:
        """What the CRM keeps after deduplicating by webhook-id, as the docs tell it to."""
        assert all(r.signed for r in self.received), "a request failed the documented check"
        kept: dict[str, dict[str, Any]] = {}
        for r in self.received:
            assert r.headers["webhook-id"] == r.event["id"]
            kept.setdefault(r.headers["webhook-id"], r.event)
        return kept


@pytest.fixture
def crm() -> Iterator[Crm]:
    server = Crm()
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


def cli(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["salon", *args])


def set_webhook(app: Flask, salon: SalonHandle, url: str) -> dict[str, Any]:
    result = cli(app, "update", str(salon.id), "--webhook-url", url)
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    return out


@pytest.fixture
def hooked(app: Flask, salon: SalonHandle, crm: Crm) -> SalonHandle:
    """The salon, sending its events to the CRM, which knows the secret."""
    crm.secret = set_webhook(app, salon, crm.url)["webhook_secret"]
    return salon


def deliveries(client: FlaskClient, salon: SalonHandle, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/webhook-deliveries", query_string=params, headers=salon.headers)
    assert response.status_code == 200, response.get_json()
    data: list[dict[str, Any]] = response.get_json()["data"]
    return data


def only_delivery(client: FlaskClient, salon: SalonHandle) -> dict[str, Any]:
    [delivery] = deliveries(client, salon)
    return delivery


def later(app: Flask, now: datetime, timeout: float = TEST_TIMEOUT) -> list[str]:
    """Run the sweep at ``now``, then each delivery job it queued, also at ``now``."""
    db: Database = app.extensions["db"]
    with app.app_context():
        with db.transaction() as session:
            sweep(session, now=now)
            due = handed_off(session, Work.CRM_EVENT)
        return [deliver_webhook(i, now=now, timeout=timeout) for i in due]


def at(value: str | None) -> datetime:
    assert value is not None
    return datetime.fromisoformat(value)


# --- Delivery -------------------------------------------------------------------------------------


def test_a_flaky_crm_gets_each_event_once_by_id(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    crm.answers = [Answer(500), Answer(503)]
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)

    waiting = only_delivery(client, hooked)
    assert (waiting["status"], waiting["attempts"], waiting["last_status_code"]) == (
        "pending",
        1,
        500,
    )
    first_try = at(waiting["attempt_log"][0]["attempted_at"])
    # The first retry waits at most 30 s (full jitter).
    assert first_try <= at(waiting["next_attempt_at"]) <= first_try + timedelta(seconds=31)

    now = utcnow()
    assert later(app, now + timedelta(minutes=10))[0].startswith("retry at")
    assert later(app, now + timedelta(minutes=20)) == ["delivered: HTTP 200"]
    assert later(app, now + timedelta(hours=2)) == []

    assert len(crm.received) == 3  # one event, three requests …
    [event] = crm.events().values()  # … and once by its id
    assert event["type"] == "appointment.confirmed"
    delivered = only_delivery(client, hooked)
    assert delivered["event_id"] == event["id"]
    assert (delivered["status"], delivered["attempts"], delivered["last_error"]) == (
        "delivered",
        3,
        None,
    )
    assert delivered["next_attempt_at"] is None and delivered["delivered_at"]
    log = delivered["attempt_log"]
    assert [a["status_code"] for a in log] == [500, 503, 200]
    assert log[0]["error"].startswith("HTTP 500") and log[2]["error"] is None
    assert all(a["duration_ms"] >= 0 for a in log)

    # A job that runs again (a duplicate in the queue) sends nothing.
    app.extensions["sms_queue"].enqueue_deliveries([delivered["id"]])
    run_worker(app)
    assert len(crm.received) == 3


def test_a_confirming_reply_reaches_the_crm_signed(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    booked = book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)

    [request] = crm.received
    assert request.signed
    headers = request.headers
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("salon-sms-gateway")
    assert abs(int(headers["webhook-timestamp"]) - utcnow().timestamp()) < 60
    event = request.event
    assert event["id"].startswith("evt_") and headers["webhook-id"] == event["id"]
    assert event["type"] == "appointment.confirmed"
    assert event["created_at"].endswith("+08:00")
    appointment = event["data"]["appointment"]
    assert (appointment["external_id"], appointment["ref"]) == ("A-1", booked["ref"])
    assert appointment["status"] == "confirmed"
    assert appointment["customer"]["name"] == "王女士"
    assert event["data"]["message"]["body"] == "确认"
    assert only_delivery(client, hooked)["status"] == "delivered"


def test_a_batch_of_replies_reaches_the_crm_event_by_event_in_order(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    phones = [f"1380013800{i}" for i in range(4)]
    for i, phone in enumerate(phones):
        book(client, hooked, external_id=f"A-{i}", customer={"phone": phone})
    answers = ["确认", "取消", "确认", "看情况"]
    for phone, body in zip(phones, answers, strict=True):
        form = twilio_form(body, to=hooked.sender, sender="+86" + phone)
        assert post_signed(client, form).status_code == 200
    process_replies(app)  # one batch acts on the four replies

    # Each event its own signed request, in the order the replies were acted on.
    assert [r.event["type"] for r in crm.received] == []  # nothing posted before a worker runs
    run_worker(app)
    assert all(r.signed for r in crm.received)
    assert [r.event["type"] for r in crm.received] == [
        "appointment.confirmed",
        "appointment.cancelled",
        "appointment.confirmed",
        "appointment.reply_unclear",
    ]
    assert len(crm.events()) == 4
    assert {d["status"] for d in deliveries(client, hooked)} == {"delivered"}


def test_after_a_slow_crm_the_rest_of_a_batch_go_a_job_each(
    app: Flask,
    client: FlaskClient,
    hooked: SalonHandle,
    crm: Crm,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A delivery job may hold several salons' events: once a CRM answers slowly, the events
    after it leave the job for jobs of their own, so another salon's wait for them is one slow
    answer, not a batch of them. Every answer here counts as slow."""
    monkeypatch.setattr(jobs, "SLOW_CRM_SECONDS", -1.0)
    phones = [f"1380013801{i}" for i in range(3)]
    for i, phone in enumerate(phones):
        book(client, hooked, external_id=f"B-{i}", customer={"phone": phone})
    for phone, body in zip(phones, ["确认", "取消", "确认"], strict=True):
        form = twilio_form(body, to=hooked.sender, sender="+86" + phone)
        assert post_signed(client, form).status_code == 200
    process_replies(app)

    run_worker(app)
    assert [r.event["type"] for r in crm.received] == [
        "appointment.confirmed",
        "appointment.cancelled",
        "appointment.confirmed",
    ]
    assert {d["status"] for d in deliveries(client, hooked)} == {"delivered"}
    webhooks = app.extensions["sms_queue"].webhooks
    ran = webhooks.finished_job_registry.get_job_ids()
    finished = Job.fetch_many(ran, connection=webhooks.connection)
    # The batch of three, then one job for each event after the first.
    assert sorted(len(job.args[0]) for job in finished if job) == [1, 1, 3]


@pytest.mark.parametrize("ran_out_in", ["post_crm_delivery", "record_attempt"])
def test_a_job_out_of_time_records_the_cut_off_event_and_hands_on_the_rest(
    app: Flask,
    client: FlaskClient,
    hooked: SalonHandle,
    crm: Crm,
    monkeypatch: pytest.MonkeyPatch,
    ran_out_in: str,
) -> None:
    """RQ's job timeout goes off inside a POST (each has its deadline, lookup included, but a
    worker's process can be stopped and resumed), or in recording its answer: that event is
    recorded as a timed-out attempt and retried on its schedule, not held by its claim for the
    lease; the events after it go back to the queue at once; then the job fails, as RQ says it
    timed out."""
    phones = [f"1380013802{i}" for i in range(3)]
    for i, phone in enumerate(phones):
        book(client, hooked, external_id=f"T-{i}", customer={"phone": phone})
    for phone in phones:
        form = twilio_form("确认", to=hooked.sender, sender="+86" + phone)
        assert post_signed(client, form).status_code == 200
    process_replies(app)
    webhooks = app.extensions["sms_queue"].webhooks
    [queued] = webhooks.job_ids
    first, cut_off, after = Job.fetch(queued, connection=webhooks.connection).args[0]
    webhooks.empty()

    step = getattr(jobs, ran_out_in)
    alarms = [cut_off]

    def run_out_of_time(*args: Any, **kwargs: Any) -> Any:
        order: CrmDeliveryOrder = kwargs.get("order") or args[0]
        if order.delivery_id in alarms:
            alarms.remove(order.delivery_id)  # RQ's alarm goes off once
            raise JobTimeoutException("Task exceeded maximum timeout value (180 seconds)")
        return step(*args, **kwargs)

    monkeypatch.setattr(jobs, ran_out_in, run_out_of_time)
    now = utcnow()
    with app.app_context(), pytest.raises(JobTimeoutException):
        jobs.deliver_webhooks([first, cut_off, after])

    by_id = {d["id"]: d for d in deliveries(client, hooked)}
    assert by_id[first]["status"] == "delivered"
    [attempt] = by_id[cut_off]["attempt_log"]
    assert attempt["error"] == "timeout: the job's time ran out during the attempt"
    assert by_id[cut_off]["status"] == "pending"
    assert at(by_id[cut_off]["next_attempt_at"]) < now + CLAIM_LEASE
    assert by_id[after]["attempt_log"] == []
    handed_on = Job.fetch_many(webhooks.job_ids, connection=webhooks.connection)
    assert [job.args[0] for job in handed_on if job] == [[after]]
    run_worker(app)
    assert {d["id"]: d["status"] for d in deliveries(client, hooked)}[after] == "delivered"


def test_an_event_that_fails_unexpectedly_holds_back_no_other(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's first event raising (a bug, not the CRM's answer): the events after it are
    still delivered, in order, and then the job fails, so its row waits for the relay."""
    tried: list[int] = []

    def deliver(delivery_id: int) -> str:
        tried.append(delivery_id)
        if delivery_id == 41:
            raise RuntimeError("unexpected")
        return "delivered"

    monkeypatch.setattr(jobs, "deliver_webhook", deliver)
    with app.app_context(), pytest.raises(RuntimeError, match="unexpected"):
        jobs.deliver_webhooks([41, 42, 43])
    assert tried == [41, 42, 43]


def test_an_unclear_reply_asks_the_crm_for_a_person(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    book(client, hooked)
    reply(client, hooked, "看情况")
    run_worker(app)
    [event] = crm.events().values()
    assert event["type"] == "appointment.reply_unclear"
    assert event["data"]["message"]["body"] == "看情况"
    assert event["data"]["appointment"]["status"] == "unconfirmed"


def test_opting_out_is_told_to_the_crm(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    book(client, hooked)
    reply(client, hooked, "退订")
    run_worker(app)
    [event] = crm.events().values()
    assert event["type"] == "customer.opted_out"
    assert event["data"]["customer"] == {
        "phone": "+8613800138000",
        "name": "王女士",
        "locale": "zh-CN",
        "opted_out": True,
    }


def test_a_crm_that_never_answers_is_retried_later(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    crm.answers = [Answer(200, hang=TEST_TIMEOUT * 5)]
    book(client, hooked)
    reply(client, hooked, "确认")
    delivery_id = only_delivery(client, hooked)["id"]
    now = utcnow()
    with app.app_context():
        outcome = deliver_webhook(delivery_id, now=now, timeout=TEST_TIMEOUT)
    assert outcome.startswith("retry at")

    waiting = only_delivery(client, hooked)
    [attempt] = waiting["attempt_log"]
    assert attempt["status_code"] is None
    assert attempt["error"] == f"timeout: no answer within {TEST_TIMEOUT:g} s"
    assert attempt["duration_ms"] >= TEST_TIMEOUT * 1000 * 0.9
    assert waiting["status"] == "pending" and at(waiting["next_attempt_at"]) > now

    assert later(app, now + timedelta(minutes=5)) == ["delivered: HTTP 200"]
    # The CRM saw the event twice (the first answer came too late), and keeps it once.
    assert len(crm.received) == 2 and len(crm.events()) == 1
    assert only_delivery(client, hooked)["status"] == "delivered"


def test_too_many_requests_is_retried_when_the_crm_says(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    crm.answers = [Answer(429, {"Retry-After": "120"})]
    book(client, hooked)
    reply(client, hooked, "确认")
    delivery_id = only_delivery(client, hooked)["id"]
    now = utcnow()
    with app.app_context():
        deliver_webhook(delivery_id, now=now, timeout=TEST_TIMEOUT)

    waiting = only_delivery(client, hooked)
    assert (waiting["status"], waiting["last_status_code"]) == ("pending", 429)
    assert at(waiting["next_attempt_at"]) == now + timedelta(seconds=120)
    assert later(app, now + timedelta(seconds=119)) == []
    assert later(app, now + timedelta(seconds=120)) == ["delivered: HTTP 200"]
    assert len(crm.received) == 2


def test_the_periodic_sweep_sends_retries_that_are_due(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    crm.answers = [Answer(503, {"Retry-After": "0"})]
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    assert only_delivery(client, hooked)["status"] == "pending"

    with app.app_context():
        summary = run_sweep()  # the job the cron process queues every SWEEP_SECONDS
    assert "webhook deliveries due 1" in summary
    run_worker(app)
    assert only_delivery(client, hooked)["status"] == "delivered"
    assert len(crm.received) == 2 and len(crm.events()) == 1


def test_retries_stop_after_a_day(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    crm.default = Answer(502)
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    now = utcnow()
    for minutes in range(10, 26 * 60, 10):
        later(app, now + timedelta(minutes=minutes))
    failed = only_delivery(client, hooked)
    assert failed["status"] == "failed" and failed["next_attempt_at"] is None
    assert "gave up after" in failed["last_error"] and "24 hours" in failed["last_error"]
    # Exponential: far fewer than one try per sweep; the last one at the 24-hour mark.
    assert 7 <= failed["attempts"] <= 60
    tries = [at(a["attempted_at"]) for a in failed["attempt_log"]]
    assert tries[-1] - at(failed["created_at"]) >= timedelta(hours=24)
    assert tries[-1] - at(failed["created_at"]) < timedelta(hours=24, minutes=10)
    assert len(crm.received) == failed["attempts"]


@pytest.mark.parametrize(
    ("retry_after", "status", "waits_up_to"),
    [
        ("99999999999999", "failed", None),  # past the window: OverflowError before
        # More digits than Python turns into an int.
        pytest.param("9" * 5000, "failed", None, id="5000-digits"),
        ("Fri, 31 Dec 9999 23:59:59 GMT", "failed", None),
        ("²", "pending", timedelta(seconds=30)),  # str.isdigit() says yes, int() says no
        ("soon", "pending", timedelta(seconds=30)),
        ("Wed, 21 Oct 2015 07:28:00 GMT", "pending", timedelta(0)),  # in the past: now
        ("3600", "pending", timedelta(hours=1)),
    ],
)
def test_any_retry_after_is_recorded_and_never_crashes_the_delivery(
    app: Flask,
    client: FlaskClient,
    hooked: SalonHandle,
    crm: Crm,
    retry_after: str,
    status: str,
    waits_up_to: timedelta | None,
) -> None:
    crm.default = Answer(503, {"Retry-After": retry_after})
    book(client, hooked)
    reply(client, hooked, "确认")
    delivery_id = only_delivery(client, hooked)["id"]
    now = utcnow()
    with app.app_context():
        deliver_webhook(delivery_id, now=now, timeout=TEST_TIMEOUT)

    delivery = only_delivery(client, hooked)
    assert (delivery["status"], delivery["attempts"]) == (status, 1)
    [attempt] = delivery["attempt_log"]
    assert attempt["status_code"] == 503
    if waits_up_to is None:
        assert delivery["last_error"].endswith("Retry-After is past the 24-hour window")
        assert delivery["next_attempt_at"] is None
    else:
        assert now <= at(delivery["next_attempt_at"]) <= now + waits_up_to


def test_an_http_date_retry_after_is_honoured(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    from email.utils import format_datetime

    book(client, hooked)
    reply(client, hooked, "确认")
    # After the event was recorded, on a whole second: an HTTP date has no fraction.
    now = utcnow().replace(microsecond=0) + timedelta(seconds=1)
    crm.answers = [Answer(503, {"Retry-After": format_datetime(now + timedelta(minutes=7), True)})]
    with app.app_context():
        deliver_webhook(only_delivery(client, hooked)["id"], now=now, timeout=TEST_TIMEOUT)
    assert at(only_delivery(client, hooked)["next_attempt_at"]) == now + timedelta(minutes=7)
    assert later(app, now + timedelta(minutes=7)) == ["delivered: HTTP 200"]


def test_an_event_is_not_sent_after_its_day_whatever_became_of_its_attempts(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, db: Database
) -> None:
    from gateway.services.crm.webhook_delivery import claim_crm_delivery

    book(client, hooked)
    reply(client, hooked, "确认")
    delivery = only_delivery(client, hooked)
    # A worker took it and died before recording anything (or crashed on the answer).
    with db.transaction() as session:
        claim_crm_delivery(session, delivery_id=delivery["id"], now=at(delivery["created_at"]))
    assert later(app, at(delivery["created_at"]) + timedelta(hours=24, minutes=6)) == [
        "skipped: gave up after 0 attempts in 24 hours"
    ]
    assert crm.received == []
    failed = only_delivery(client, hooked)
    assert (failed["status"], failed["next_attempt_at"]) == ("failed", None)


def test_gone_disables_the_endpoint(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    crm.answers = [Answer(410)]
    book(client, hooked)
    reply(client, hooked, "确认")
    reply(client, hooked, "退订")
    run_worker(app)

    assert len(crm.received) == 1
    stopped, gone = deliveries(client, hooked)  # newest first
    assert (gone["status"], gone["last_status_code"]) == ("failed", 410)
    assert "disabled" in gone["last_error"]
    assert stopped["status"] == "failed" and stopped["attempts"] == 0
    assert stopped["last_error"] == (
        f"not sent: the endpoint answered 410 Gone to {gone['event_id']}"
    )

    reply(client, hooked, "订阅")  # customer.opted_in: not even recorded while disabled
    run_worker(app)
    assert len(deliveries(client, hooked)) == 2 and len(crm.received) == 1
    assert later(app, utcnow() + timedelta(hours=1)) == []

    # Setting the URL again turns the endpoint back on; the secret stays, so it is not printed.
    salon_json = set_webhook(app, hooked, crm.url)
    assert salon_json["webhook_disabled_at"] is None and "webhook_secret" not in salon_json
    response = client.post(
        f"/api/v1/webhook-deliveries/{stopped['id']}/retry", headers=hooked.headers
    )
    assert response.status_code == 202
    run_worker(app)
    assert [e["type"] for e in crm.events().values()] == [
        "appointment.confirmed",
        "customer.opted_out",
    ]


def test_a_refused_delivery_is_not_retried_but_can_be_resent(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, make_salon: Any
) -> None:
    crm.answers = [Answer(400)]
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    failed = only_delivery(client, hooked)
    assert (failed["status"], failed["last_status_code"]) == ("failed", 400)
    assert later(app, utcnow() + timedelta(hours=1)) == []

    other = make_salon("Lotus")
    path = f"/api/v1/webhook-deliveries/{failed['id']}"
    assert client.post(f"{path}/retry", headers=other.headers).status_code == 404
    assert client.get(path, headers=other.headers).status_code == 404

    response = client.post(f"{path}/retry", headers=hooked.headers)
    assert response.status_code == 202
    assert response.get_json()["status"] == "pending"
    run_worker(app)
    shown = client.get(path, headers=hooked.headers).get_json()
    assert (shown["status"], shown["attempts"]) == ("delivered", 2)
    assert [a["status_code"] for a in shown["attempt_log"]] == [400, 200]
    assert len(crm.events()) == 1

    again = client.post(f"{path}/retry", headers=hooked.headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "conflict"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            Answer(301, {"Location": "https://crm.example.com/v2/hooks"}),
            "HTTP 301: redirected to https://crm.example.com/v2/hooks; redirects are not "
            "followed, set that URL",
        ),
        (Answer(404), "HTTP 404 Not Found"),
        (Answer(401), "HTTP 401 Unauthorized"),
    ],
    ids=["redirect", "not-found", "unauthorized"],
)
def test_redirects_and_refusals_are_not_retried(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, answer: Answer, error: str
) -> None:
    crm.answers = [answer]
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    failed = only_delivery(client, hooked)
    assert (failed["status"], failed["last_error"]) == ("failed", error)
    assert later(app, utcnow() + timedelta(hours=1)) == []
    assert len(crm.received) == 1


def test_a_crm_that_is_down_is_retried(app: Flask, client: FlaskClient, salon: SalonHandle) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    set_webhook(app, salon, f"http://127.0.0.1:{port}/hooks")
    book(client, salon)
    reply(client, salon, "确认")
    run_worker(app)
    waiting = only_delivery(client, salon)
    assert waiting["status"] == "pending" and waiting["last_status_code"] is None
    assert waiting["last_error"].startswith("connection failed: ConnectionError")


# --- Private addresses ----------------------------------------------------------------------------


@pytest.fixture
def strict(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The production rule: no webhooks to private addresses."""
    settings = app.extensions["settings"]
    monkeypatch.setitem(app.extensions, "settings", replace(settings, allow_private_webhooks=False))


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://127.0.0.1:8080/hooks", "loopback"),
        ("http://localhost/hooks", "loopback"),
        ("http://[::1]/hooks", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("https://10.0.0.7/hooks", "private"),
        ("https://192.168.1.20/hooks", "private"),
        ("http://[::ffff:10.0.0.7]/hooks", "private"),
        # IPv6 forms that carry an IPv4 address: 6to4, NAT64 (both prefixes), IPv4-compatible,
        # Teredo. Each is judged by the address it leads to.
        ("http://[2002:7f00:1::]/", "loopback (it embeds 127.0.0.1)"),
        ("http://[2002:a9fe:a9fe::1]/latest/meta-data", "link-local (it embeds 169.254.169.254)"),
        ("http://[64:ff9b::a00:7]/hooks", "private (it embeds 10.0.0.7)"),
        ("http://[64:ff9b:1:7f00:0:100::]/hooks", "loopback (it embeds 127.0.0.1)"),
        ("http://[::7f00:1]/hooks", "loopback (it embeds 127.0.0.1)"),
        ("http://[2001:0:7f00:1::]/hooks", "loopback (it embeds 127.0.0.1)"),
        ("http://0.0.0.0/hooks", "unspecified"),
        ("ftp://crm.example.com/hooks", "https://"),
        ("crm.example.com/hooks", "https://"),
        ("https:///hooks", "no host"),
    ],
)
def test_a_private_or_odd_url_is_refused_when_set(
    app: Flask, client: FlaskClient, salon: SalonHandle, strict: None, url: str, complaint: str
) -> None:
    result = cli(app, "update", str(salon.id), "--webhook-url", url)
    assert result.exit_code == 2
    assert "--webhook-url" in result.output and complaint in result.output
    book(client, salon)
    reply(client, salon, "确认")
    assert deliveries(client, salon) == []  # nothing was set, so nothing is recorded


def test_a_url_that_turned_private_is_refused_at_delivery(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, strict: None
) -> None:
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    failed = only_delivery(client, hooked)
    assert failed["status"] == "failed"
    assert failed["last_error"].startswith("not sent: 127.0.0.1 is a loopback address")
    assert "loopback" in failed["last_error"]
    assert crm.received == []


def _resolver(*addresses: str) -> Callable[..., list[tuple[Any, ...]]]:
    def resolve(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    return resolve


@pytest.mark.parametrize(
    ("addresses", "refused"),
    [
        (["203.0.113.9"], True),  # documentation range: not routable
        (["100.64.1.2"], True),  # carrier NAT
        (["93.184.215.14", "10.1.2.3"], True),  # one private answer is enough
        (["fe80::1%eth0"], True),
        (["93.184.215.14"], False),
        (["2606:2800:21f:cb07:6820:80da:af6b:8b2c"], False),
        (["2002:c0a8:0101::1"], True),  # 6to4 for 192.168.1.1
        (["2002:5db8:d70e::1"], False),  # 6to4 for a public address
        (["::ffff:93.184.215.14"], False),
        (["64:ff9b::5db8:d70e"], False),  # NAT64 for a public address
        (["64:ff9b:1:5db8:d7:e00::"], False),  # local-use NAT64 for the same
        (["64:ff9b::c0a8:101"], True),  # NAT64 for 192.168.1.1
    ],
)
def test_every_address_a_host_resolves_to_must_be_public(
    addresses: list[str], refused: bool
) -> None:
    def check() -> None:
        check_webhook_url(
            "https://crm.example.com/hooks", allow_private=False, resolve=_resolver(*addresses)
        )

    if refused:
        with pytest.raises(WebhookUrlRefused, match="public addresses"):
            check()
    else:
        check()


@pytest.mark.parametrize(
    ("address", "kind"),
    [("10.1.2.3", "private"), ("169.254.169.254", "link-local"), ("2002:c0a8:0101::1", "private")],
)
def test_a_refusal_does_not_say_what_the_name_resolved_to(address: str, kind: str) -> None:
    """Whoever holds a salon's key learns that the name is refused, not a map of our network."""
    with pytest.raises(WebhookUrlRefused) as refused:
        check_webhook_url(
            "https://crm.example.com/hooks", allow_private=False, resolve=_resolver(address)
        )
    message = str(refused.value)
    assert message.startswith(f"crm.example.com resolves to a {kind} address")
    assert address not in message and "192.168.1.1" not in message


class _Internal:
    """Something on our own network that must never get a salon's event."""

    def __init__(self, port: int) -> None:
        self.hits = 0
        internal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                internal.hits += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.2", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_post_goes_to_the_address_that_was_checked(
    crm: Crm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gateway.crm_http import CrmDeliveryOrder, CrmVerdict, post_crm_delivery
    from gateway.domain import signing

    port = crm.server.server_address[1]
    internal = _Internal(port)
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])  # what the check sees; every later answer is the internal one

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "crm.example.test":
            return real(host, *args, **kwargs)
        address = next(answers, "127.0.0.2")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    # The system resolver, which the URL check and an HTTP client would each ask.
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    crm.secret = signing.new_secret()
    order = CrmDeliveryOrder(
        delivery_id=1,
        salon_id=1,
        event_id="evt_rebinding",
        url=f"http://crm.example.test:{port}/hooks/sms",
        secrets=(crm.secret,),
        payload=json.dumps({"id": "evt_rebinding", "type": "appointment.confirmed"}),
    )
    try:
        answer = post_crm_delivery(order, timeout=TEST_TIMEOUT, allow_private=True)
    finally:
        internal.close()
    assert (answer.verdict, answer.status_code) == (CrmVerdict.DELIVERED, 200)
    assert internal.hits == 0
    [received] = crm.received
    assert received.signed
    assert received.headers["host"] == f"crm.example.test:{port}"


# --- The command line -----------------------------------------------------------------------------


def test_the_secret_is_shown_once_and_removing_the_url_stops_events(
    app: Flask, client: FlaskClient, salon: SalonHandle, crm: Crm
) -> None:
    first = set_webhook(app, salon, crm.url)
    assert first["webhook_url"] == crm.url
    assert first["webhook_secret"].startswith("whsec_")
    assert "webhook_secret" not in set_webhook(app, salon, crm.url)
    crm.secret = first["webhook_secret"]

    book(client, salon)
    reply(client, salon, "确认")
    removed = set_webhook(app, salon, "")
    assert removed["webhook_url"] is None
    run_worker(app)
    # The event recorded before the URL went is not sent, and says why.
    [stopped] = deliveries(client, salon)
    assert stopped["status"] == "failed"
    assert stopped["last_error"] == "not sent: the salon removed its webhook URL"
    reply(client, salon, "退订")
    assert len(deliveries(client, salon)) == 1 and crm.received == []


def _verifies(secret: str, request: Received) -> bool:
    """The standardwebhooks package's own verifier, independent of our signing code."""
    try:
        Webhook(secret).verify(request.body, request.headers)
    except WebhookVerificationError:
        return False
    return True


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, clock: TestClock
) -> None:
    old = crm.secret
    clock.set(datetime.now(UTC))
    rotated = client.patch(
        "/api/v1/salon", json={"rotate_webhook_secret": True}, headers=hooked.headers
    )
    assert rotated.status_code == 200, rotated.get_json()
    new = rotated.get_json()["webhook_secret"]
    assert new.startswith("whsec_") and new != old
    shown = client.get("/api/v1/salon", headers=hooked.headers).get_json()
    assert "webhook_secret" not in shown and new not in json.dumps(shown)
    assert shown["webhook_previous_secret_until"] is not None

    # The CRM has not switched yet: the old secret still verifies, and so does the new one.
    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    [during] = crm.received
    assert during.signed
    assert len(during.headers["webhook-signature"].split()) == 2
    assert _verifies(old, during) and _verifies(new, during)

    # A day later only the new one signs.
    crm.secret = new
    clock.advance(timedelta(hours=24, minutes=1))
    cancelled = client.patch(
        "/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=hooked.headers
    )
    assert cancelled.status_code == 200, cancelled.get_json()
    run_worker(app)
    after = crm.received[-1]
    assert after.event["type"] == "appointment.cancelled" and after.signed
    assert _verifies(new, after) and not _verifies(old, after)


@pytest.mark.parametrize("size", [24, 64])
def test_a_secret_the_crm_chose_signs_beside_the_old_one_for_a_day(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, clock: TestClock, size: int
) -> None:
    old = crm.secret
    chosen = "whsec_" + base64.b64encode(bytes(range(100, 100 + size))).decode()
    clock.set(datetime.now(UTC))
    changed = client.patch("/api/v1/salon", json={"webhook_secret": chosen}, headers=hooked.headers)
    assert changed.status_code == 200, changed.get_json()
    # The CRM knows its own secret: neither the answer nor GET carries it.
    assert chosen not in changed.get_data(as_text=True)
    shown = client.get("/api/v1/salon", headers=hooked.headers)
    assert chosen not in shown.get_data(as_text=True)
    assert shown.get_json()["webhook_previous_secret_until"] is not None

    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    [during] = crm.received
    assert len(during.headers["webhook-signature"].split()) == 2
    assert _verifies(old, during) and _verifies(chosen, during)

    crm.secret = chosen
    clock.advance(timedelta(hours=24, minutes=1))
    cancelled = client.patch(
        "/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=hooked.headers
    )
    assert cancelled.status_code == 200, cancelled.get_json()
    run_worker(app)
    after = crm.received[-1]
    assert after.event["type"] == "appointment.cancelled"
    assert _verifies(chosen, after) and not _verifies(old, after)


def test_a_chosen_secret_with_a_first_url_signs_alone_and_is_not_shown(
    app: Flask, client: FlaskClient, salon: SalonHandle, crm: Crm
) -> None:
    chosen = "whsec_" + base64.b64encode(bytes(range(40))).decode()
    first = client.patch(
        "/api/v1/salon",
        json={"webhook_url": crm.url, "webhook_secret": chosen},
        headers=salon.headers,
    )
    assert first.status_code == 200, first.get_json()
    assert "webhook_secret" not in first.get_json()
    crm.secret = chosen
    book(client, salon)
    reply(client, salon, "确认")
    run_worker(app)
    [confirmed] = crm.received
    assert confirmed.headers["webhook-signature"].count("v1,") == 1
    assert _verifies(chosen, confirmed)
    both = client.patch(
        "/api/v1/salon",
        json={"webhook_secret": chosen, "rotate_webhook_secret": True},
        headers=salon.headers,
    )
    assert both.status_code == 422 and both.get_json()["error"]["field"] == "webhook_secret"


def test_rotating_from_the_command_line_keeps_the_old_secret_for_a_day(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm
) -> None:
    old = crm.secret
    result = cli(app, "rotate-webhook-secret", str(hooked.id))
    assert result.exit_code == 0, result.output
    new = json.loads(result.stdout)["webhook_secret"]
    assert new.startswith("whsec_") and new != old

    book(client, hooked)
    reply(client, hooked, "确认")
    run_worker(app)
    [request] = crm.received
    verify = doc_verifier()
    assert verify(new, request.headers, request.body)
    assert verify(old, request.headers, request.body)
    # The Standard Webhooks reference library agrees: both secrets verify during the grace day.
    Webhook(new).verify(request.body, dict(request.headers), json_parse=False)
    Webhook(old).verify(request.body, dict(request.headers), json_parse=False)


def test_rotating_the_api_key_retires_the_old_one_at_once(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    result = cli(app, "rotate-key", str(salon.id))
    assert result.exit_code == 0, result.output
    new_key = json.loads(result.stdout)["api_key"]
    assert new_key.startswith("sk_") and new_key != salon.api_key
    assert client.get("/api/v1/webhook-deliveries", headers=salon.headers).status_code == 401
    fresh = SalonHandle(salon.id, new_key, salon.sender)
    assert client.get("/api/v1/webhook-deliveries", headers=fresh.headers).status_code == 200


@pytest.mark.parametrize(
    "args", [["rotate-key", "999"], ["rotate-webhook-secret", "999"], ["update", "999"]]
)
def test_commands_name_an_unknown_salon(app: Flask, args: list[str]) -> None:
    result = cli(app, *args)
    assert result.exit_code == 2 and "no salon with id 999" in result.output


# --- Listing --------------------------------------------------------------------------------------


def test_the_list_is_the_salons_own_newest_first_filtered_and_paged(
    app: Flask, client: FlaskClient, hooked: SalonHandle, crm: Crm, make_salon: Any
) -> None:
    book(client, hooked)
    reply(client, hooked, "看情况")
    reply(client, hooked, "确认")
    reply(client, hooked, "退订")
    crm.answers = [Answer(200), Answer(200), Answer(404)]
    run_worker(app)

    listed = deliveries(client, hooked)
    assert [d["event_type"] for d in listed] == [
        "customer.opted_out",
        "appointment.confirmed",
        "appointment.reply_unclear",
    ]
    assert [d["status"] for d in deliveries(client, hooked, status="failed")] == ["failed"]
    assert len(deliveries(client, hooked, status=["failed", "delivered"])) == 3
    confirmed = deliveries(client, hooked, event_type="appointment.confirmed")
    assert [d["id"] for d in confirmed] == [listed[1]["id"]]

    pages, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(
            "/api/v1/webhook-deliveries", query_string=params, headers=hooked.headers
        )
        body = response.get_json()
        pages.append([d["id"] for d in body["data"]])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == [[listed[0]["id"], listed[1]["id"]], [listed[2]["id"]]]

    assert deliveries(client, make_salon("Lotus")) == []


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("status=sent", "invalid_parameter", "status"),
        ("event_type=appointment.booked", "invalid_parameter", "event_type"),
        ("limit=201", "invalid_parameter", "limit"),
        ("limit=0", "invalid_parameter", "limit"),
        ("cursor=abc", "invalid_parameter", "cursor"),
        ("state=failed", "unknown_parameter", "state"),
    ],
)
def test_the_list_refuses_bad_parameters_by_name(
    client: FlaskClient, salon: SalonHandle, query: str, code: str, field: str
) -> None:
    response = client.get(f"/api/v1/webhook-deliveries?{query}", headers=salon.headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field)


def test_an_unknown_delivery_is_a_json_404(client: FlaskClient, salon: SalonHandle) -> None:
    for path in ("/api/v1/webhook-deliveries/12345", "/api/v1/webhook-deliveries/99999999999"):
        response = client.get(path, headers=salon.headers)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
