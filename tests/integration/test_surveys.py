"""The satisfaction survey after a visit, planned and sent: marked completed (by the CRM or
staff) → the sweep sends it after the salon's delay, past quiet hours, once per visit, not
within the customer's minimum interval, never to the opted out; cancelled if the visit stops
being completed. Time is pinned: the clock is set, never read."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Message, Survey
from gateway.services import sweep
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, book, in_days, reply, run_worker, thread

SH = ZoneInfo("Asia/Shanghai")
#: A Monday morning in Shanghai; the visit is at 11:00 the same day.
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=SH)
pytestmark = pytest.mark.clock(NOW.isoformat())


def surveys_on(client: FlaskClient, salon: SalonHandle, **settings: Any) -> None:
    body = {
        "survey_enabled": True,
        "survey_delay_minutes": 120,
        "quiet_hours": "21:00-09:00",
        **settings,
    }
    response = client.patch("/api/v1/salon", json=body, headers=salon.headers)
    assert response.status_code == 200, response.get_json()


def visit(
    client: FlaskClient,
    salon: SalonHandle,
    clock: TestClock,
    external_id: str = "A-1",
    *,
    phone: str = "13800138000",
    at: datetime | None = None,
) -> None:
    """Booked for 11:00, and marked completed by the CRM at 12:00 (the clock then)."""
    starts = at or NOW.replace(hour=11)
    clock.set(starts - timedelta(hours=1))
    book(
        client,
        salon,
        external_id=external_id,
        starts_at=starts.isoformat(),
        customer={"phone": phone, "name": "王女士"},
    )
    clock.set(starts + timedelta(hours=1))
    done = client.patch(
        f"/api/v1/appointments/{external_id}",
        json={"status": "completed"},
        headers=salon.headers,
    )
    assert done.status_code == 200, done.get_json()


def sweep_at(app: Flask, db: Database, clock: TestClock, when: datetime) -> Any:
    """The sweep at ``when``, then a worker sends what it queued."""
    clock.set(when)
    with db.transaction() as session:
        result = sweep(session, now=when)
    run_worker(app)
    return result


def surveys_sent(provider: RecordingProvider) -> list[str]:
    return [sms.body for sms in provider.sent if "打分" in sms.body]


def test_the_survey_goes_after_the_delay_once(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon)
    visit(client, salon, clock)  # completed at 12:00: due 14:00
    assert sweep_at(app, db, clock, NOW.replace(hour=13, minute=59)).surveys_sent == 0
    assert surveys_sent(provider) == []
    assert sweep_at(app, db, clock, NOW.replace(hour=14)).surveys_sent == 1
    assert surveys_sent(provider) == [
        "【丝绒发型】感谢光临！请为今天Lily的服务打分：回复1-5（5=非常满意），也欢迎直接回复建议。"
    ]
    # Marked completed again (the CRM repeats itself): still once.
    for status in ("no_show", "completed"):
        client.patch("/api/v1/appointments/A-1", json={"status": status}, headers=salon.headers)
    sweep_at(app, db, clock, NOW + timedelta(days=1))
    assert len(surveys_sent(provider)) == 1
    assert [m["template"] for m in thread(client, salon) if m["direction"] == "outbound"][
        -1
    ] == "survey"


def test_no_survey_when_the_salon_does_not_survey(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    visit(client, salon, clock)
    sweep_at(app, db, clock, NOW + timedelta(days=1))
    assert surveys_sent(provider) == []


def test_a_survey_due_in_quiet_hours_waits_for_their_end(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon, survey_delay_minutes=120)
    visit(client, salon, clock, at=NOW.replace(hour=19))  # completed 20:00: due 22:00, quiet
    assert sweep_at(app, db, clock, NOW.replace(hour=22, minute=30)).surveys_sent == 0
    assert sweep_at(app, db, clock, NOW.replace(hour=23, minute=59)).surveys_sent == 0
    next_morning = NOW.replace(hour=9) + timedelta(days=1)
    assert sweep_at(app, db, clock, next_morning - timedelta(minutes=1)).surveys_sent == 0
    assert surveys_sent(provider) == []
    assert sweep_at(app, db, clock, next_morning).surveys_sent == 1
    assert len(surveys_sent(provider)) == 1


def test_no_survey_within_the_minimum_interval(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon, survey_min_days_between=30)
    visit(client, salon, clock, "A-1")
    sweep_at(app, db, clock, NOW.replace(hour=14))
    visit(client, salon, clock, "A-2", at=NOW.replace(hour=11) + timedelta(days=29))
    sweep_at(app, db, clock, NOW.replace(hour=14) + timedelta(days=29))
    assert len(surveys_sent(provider)) == 1
    with db.sessions() as session:
        skipped = session.scalars(select(Survey).order_by(Survey.id)).all()[-1]
        assert (skipped.status, skipped.decision) == (
            "skipped",
            "the customer had a survey in the last 30 days",
        )
    # Another customer the same day is surveyed.
    visit(
        client,
        salon,
        clock,
        "B-1",
        phone="13900139000",
        at=NOW.replace(hour=11) + timedelta(days=31),
    )
    visit(client, salon, clock, "A-3", at=NOW.replace(hour=11) + timedelta(days=31))
    sweep_at(app, db, clock, NOW.replace(hour=14) + timedelta(days=31))
    assert len(surveys_sent(provider)) == 3


def test_no_survey_to_a_customer_who_opted_out(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon)
    visit(client, salon, clock)
    reply(client, salon, "退订")
    sweep_at(app, db, clock, NOW.replace(hour=15))
    assert surveys_sent(provider) == []
    with db.sessions() as session:
        survey = session.scalars(select(Survey)).one()
        assert (survey.status, survey.decision) == ("skipped", "the customer opted out")


def test_a_visit_no_longer_completed_gets_no_survey(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon)
    visit(client, salon, clock)
    # Staff correct a mistake before it goes: the customer never came.
    moved = client.patch(
        "/api/v1/appointments/A-1", json={"status": "no_show"}, headers=salon.headers
    )
    assert moved.status_code == 200
    sweep_at(app, db, clock, NOW.replace(hour=15))
    assert surveys_sent(provider) == []
    with db.sessions() as session:
        survey = session.scalars(select(Survey)).one()
        assert (survey.status, survey.decision) == (
            "cancelled",
            "the appointment was marked no_show",
        )


def test_a_survey_counts_against_the_daily_cap(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon, daily_sms_cap=1)
    visit(client, salon, clock)
    # Another customer's confirmation request is the day's one text.
    book(client, salon, external_id="B-1", customer={"phone": "13900139000"}, starts_at=in_days(2))
    run_worker(app)
    assert len(provider.sent) == 1
    sweep_at(app, db, clock, NOW.replace(hour=14))
    assert surveys_sent(provider) == []
    with db.sessions() as session:
        held = session.scalars(select(Message).where(Message.template == "survey")).one()
        assert held.status == "held" and "daily cap of 1" in (held.error_message or "")
        next_day = held.send_after
    # The salon's next day: it goes.
    sweep_at(app, db, clock, next_day)
    assert len(surveys_sent(provider)) == 1


def test_no_survey_to_an_erased_customer(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon)
    visit(client, salon, clock)
    assert client.delete("/api/v1/customers/13800138000", headers=salon.headers).status_code == 204
    sweep_at(app, db, clock, NOW.replace(hour=15))
    assert surveys_sent(provider) == []
    with db.sessions() as session:
        survey = session.scalars(select(Survey)).one()
        assert (survey.status, survey.decision) == ("skipped", "the customer was erased")


def test_a_survey_waiting_for_quiet_hours_is_dropped_when_the_visit_is_corrected(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    surveys_on(client, salon, survey_delay_minutes=0)
    visit(client, salon, clock, at=NOW.replace(hour=20))  # completed 21:00: quiet until 09:00
    sweep_at(app, db, clock, NOW.replace(hour=21, minute=5))
    corrected = client.patch(
        "/api/v1/appointments/A-1", json={"status": "no_show"}, headers=salon.headers
    )
    assert corrected.status_code == 200
    sweep_at(app, db, clock, NOW.replace(hour=9) + timedelta(days=1))
    assert surveys_sent(provider) == []
