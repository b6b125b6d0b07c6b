"""Survey answers made the way customers make them, for the tests of where answers go (the API,
the console's quarter view): visits completed, the sweep's surveys, replies, at pinned times."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_surveys import NOW, SH, surveys_on, sweep_at
from tests.support import SalonHandle, TestClock, book, reply, run_worker


def surveyed(
    app: Flask,
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    clock: TestClock,
    *,
    external_id: str,
    phone: str,
    stylist: str,
    day: datetime,
    answer: str | None,
) -> None:
    """A visit at 11:00 on ``day``, completed at 12:00, surveyed at 14:00, answered at 15:00."""
    clock.set(day.replace(hour=10))
    book(
        client,
        salon,
        external_id=external_id,
        stylist=stylist,
        starts_at=day.replace(hour=11).isoformat(),
        customer={"phone": phone, "name": "顾客"},
    )
    clock.set(day.replace(hour=12))
    done = client.patch(
        f"/api/v1/appointments/{external_id}", json={"status": "completed"}, headers=salon.headers
    )
    assert done.status_code == 200
    sweep_at(app, db, clock, day.replace(hour=14))
    if answer is not None:
        clock.set(day.replace(hour=15))
        reply(client, salon, answer, sender="+86" + phone)
        run_worker(app)


def answer_a_year_of_surveys(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle, clock: TestClock
) -> None:
    """Q3: Lily scored 3. Q4: Lily 5 and 4, Mia 1 with a comment, a comment alone for Mia, and
    one of Lily's customers never answered."""
    surveys_on(client, salon, survey_min_days_between=0)
    q3 = datetime(2026, 9, 7, tzinfo=SH)
    visits: list[tuple[str, str, str, datetime, str | None]] = [
        ("Q3-1", "13800000001", "Lily", q3, "3"),
        ("A-1", "13800000001", "Lily", datetime(2026, 10, 12, tzinfo=SH), "5 很满意，Lily剪得好"),
        ("A-2", "13800000002", "Lily", datetime(2026, 11, 9, tzinfo=SH), "四星"),
        ("A-3", "13800000003", "Mia", datetime(2026, 11, 10, tzinfo=SH), "1分 剪坏了"),
        ("A-4", "13800000004", "Mia", datetime(2026, 12, 1, tzinfo=SH), "等太久了"),
        ("A-5", "13800000005", "Lily", datetime(2026, 12, 2, tzinfo=SH), None),
    ]
    for external_id, phone, stylist, day, answer in visits:
        surveyed(
            app,
            client,
            db,
            salon,
            clock,
            external_id=external_id,
            phone=phone,
            stylist=stylist,
            day=day,
            answer=answer,
        )
    clock.set(NOW)
