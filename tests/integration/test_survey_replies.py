"""Replies to the survey after a visit, the whole path on SQLite and PostgreSQL: completed →
sweep → survey sent → "5 很满意" → score and comment kept, thanks sent, ``feedback.received``
delivered signed (checked with the standardwebhooks library) → the salon's figures. A low
score or a comment goes to the inbox; a digit answers an appointment only when that asked last.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from gateway.db import Database
from gateway.models import Feedback, WebhookDelivery
from tests.integration.test_crm_webhooks import Crm
from tests.integration.test_surveys import NOW, surveys_on, sweep_at, visit
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, book, in_days, reply, run_worker, status_of

pytestmark = pytest.mark.clock(NOW.isoformat())
THANKS = "【丝绒发型】感谢您的评分，我们会继续努力，期待再次为您服务！"


@pytest.fixture
def crm() -> Iterator[Crm]:
    server = Crm()
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def surveyed(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle, clock: TestClock
) -> SalonHandle:
    """A salon that surveys; its customer's visit was surveyed at 14:00, and it is 14:30."""
    surveys_on(client, salon)
    visit(client, salon, clock)
    assert sweep_at(app, db, clock, NOW.replace(hour=14)).surveys_sent == 1
    clock.set(NOW.replace(hour=14, minute=30))
    return salon


def feedback_rows(db: Database) -> list[tuple[int | None, str | None]]:
    with db.sessions() as session:
        rows = session.scalars(select(Feedback).order_by(Feedback.id)).all()
        return [(f.score, f.comment) for f in rows]


def inbox_reasons(client: FlaskClient, salon: SalonHandle) -> list[str]:
    response = client.get("/api/v1/inbox", headers=salon.headers)
    assert response.status_code == 200
    return [item["reason"] for item in response.get_json()["data"]]


def test_a_score_is_kept_thanked_and_told_to_the_crm_signed(
    app: Flask,
    client: FlaskClient,
    db: Database,
    surveyed: SalonHandle,
    provider: RecordingProvider,
    crm: Crm,
) -> None:
    result = app.test_cli_runner().invoke(
        args=["salon", "update", str(surveyed.id), "--webhook-url", crm.url]
    )
    crm.secret = json.loads(result.stdout)["webhook_secret"]
    reply(client, surveyed, "5 很满意，Lily剪得好")
    run_worker(app)
    assert feedback_rows(db) == [(5, "很满意，Lily剪得好")]
    assert provider.sent[-1].body == THANKS
    [request] = [r for r in crm.received if r.event["type"] == "feedback.received"]
    # Verified as a CRM would, with the Standard Webhooks library itself.
    verified: Any = Webhook(crm.secret).verify(request.body, request.headers)
    assert verified["data"]["feedback"] == {
        "id": verified["data"]["feedback"]["id"],
        "appointment_external_id": "A-1",
        "service": "剪发",
        "stylist": "Lily",
        "score": 5,
        "comment": "很满意，Lily剪得好",
        "received_at": "2026-12-07T14:30:00+08:00",
    }
    assert verified["data"]["message"]["intent"] == "feedback"
    assert verified["data"]["appointment"]["status"] == "completed"
    # A happy customer needs no call back; a second score is no longer the survey's.
    assert inbox_reasons(client, surveyed) == []
    reply(client, surveyed, "5")
    run_worker(app)
    assert feedback_rows(db) == [(5, "很满意，Lily剪得好")]
    assert [sms.body for sms in provider.sent].count(THANKS) == 1


def test_a_low_score_and_a_comment_go_to_the_inbox_and_only_a_score_is_thanked(
    app: Flask,
    client: FlaskClient,
    db: Database,
    surveyed: SalonHandle,
    provider: RecordingProvider,
) -> None:
    run_worker(app)
    sent = len(provider.sent)
    reply(client, surveyed, "等太久了")
    run_worker(app)
    assert len(provider.sent) == sent  # no thanks for a comment alone
    reply(client, surveyed, "２分")
    run_worker(app)
    assert feedback_rows(db) == [(None, "等太久了"), (2, None)]
    assert provider.sent[-1].body == THANKS
    assert inbox_reasons(client, surveyed) == ["feedback", "feedback"]


def test_after_72_hours_a_reply_is_no_answer_to_the_survey(
    app: Flask, client: FlaskClient, db: Database, surveyed: SalonHandle, clock: TestClock
) -> None:
    clock.set(NOW.replace(hour=14) + timedelta(hours=72))
    reply(client, surveyed, "5")
    run_worker(app)
    assert feedback_rows(db) == []


def test_a_digit_answers_the_appointment_that_asked_after_the_survey(
    app: Flask,
    client: FlaskClient,
    db: Database,
    surveyed: SalonHandle,
    clock: TestClock,
) -> None:
    # 14:30: the next visit is booked, and its confirmation request goes after the survey.
    book(client, surveyed, external_id="A-2", starts_at=in_days(5))
    run_worker(app)
    clock.set(NOW.replace(hour=14, minute=40))
    reply(client, surveyed, "1")
    assert status_of(client, surveyed, "A-2") == "confirmed"
    assert feedback_rows(db) == []
    # Appointment words go to the appointment; praise is the survey's.
    reply(client, surveyed, "很满意")
    assert feedback_rows(db) == [(None, "很满意")]


def test_a_digit_before_any_newer_request_is_a_score(
    app: Flask,
    client: FlaskClient,
    db: Database,
    surveyed: SalonHandle,
    clock: TestClock,
) -> None:
    # Booked before the visit (its request went long before the survey).
    clock.set(NOW.replace(hour=10, minute=30))
    book(client, surveyed, external_id="A-2", starts_at=in_days(5))
    run_worker(app)
    clock.set(NOW.replace(hour=14, minute=40))
    reply(client, surveyed, "1")
    assert status_of(client, surveyed, "A-2") == "unconfirmed"
    assert feedback_rows(db) == [(1, None)]


def test_erasing_the_customer_keeps_the_score_and_forgets_the_words(
    app: Flask, client: FlaskClient, db: Database, surveyed: SalonHandle
) -> None:
    client.patch(
        "/api/v1/salon", json={"webhook_url": "http://127.0.0.1:9/hooks"}, headers=surveyed.headers
    )
    reply(client, surveyed, "5 王女士很满意")
    erased = client.delete("/api/v1/customers/13800138000", headers=surveyed.headers)
    assert erased.status_code == 204
    assert feedback_rows(db) == [(5, None)]
    listed = client.get("/api/v1/feedback", headers=surveyed.headers).get_json()["data"]
    assert [(f["score"], f["comment"]) for f in listed] == [(5, None)]
    with db.sessions() as session:
        [payload] = session.scalars(
            select(WebhookDelivery.payload).where(WebhookDelivery.event_type == "feedback.received")
        ).all()
    sent = json.loads(payload)["data"]
    assert (sent["feedback"]["score"], sent["feedback"]["comment"]) == (5, None)
    assert "很满意" not in payload
