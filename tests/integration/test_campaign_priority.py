"""A campaign never delays appointment texts: its texts wait on their own queue, taken after
every other, and the sweep hands them over at the salon's pace (60 a minute).

At the issue's size: a campaign of 5,000 customers under way when 200 reminders fall due."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Customer
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, book, run_worker

NOW = "2026-03-10T12:00:00+08:00"
#: 24 hours before these, the salon's reminders are due: at 13:00 today.
STARTS_AT = "2026-03-11T13:00:00+08:00"
REMINDERS = 200
CAMPAIGN_CUSTOMERS = 5000
OPT_OUT = "回复退订"


def _consenting_customers(db: Database, salon: SalonHandle, count: int) -> None:
    """Customers who agreed to marketing, written straight to the table (the consent API has its
    own tests; here only their number matters)."""
    agreed = datetime.fromisoformat(NOW) - timedelta(days=30)
    with db.transaction() as session:
        session.add_all(
            Customer(
                salon_id=salon.id,
                phone=f"+86137{i:08d}",
                tags=["VIP"],
                marketing_consent_at=agreed,
            )
            for i in range(count)
        )


def _sweep(app: Flask) -> None:
    with app.app_context():
        run_sweep()


@pytest.mark.clock(NOW)
def test_every_reminder_goes_before_the_campaigns_texts(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
    db: Database,
) -> None:
    for i in range(REMINDERS):
        book(client, salon, external_id=f"R-{i}", customer={"phone": f"139{i:08d}"},
             starts_at=STARTS_AT)  # fmt: skip
    run_worker(app)
    provider.sent.clear()
    _consenting_customers(db, salon, CAMPAIGN_CUSTOMERS)
    campaign = client.post(
        "/api/v1/campaigns",
        json={
            "name": "会员日",
            "kind": "holiday",
            "audience": {"tags": ["VIP"]},
            "values": {"offer": "会员全场8折", "valid_until": "3月15日"},
        },
        headers=salon.headers,
    ).get_json()
    assert campaign["audience_count"] == CAMPAIGN_CUSTOMERS
    client.post(f"/api/v1/campaigns/{campaign['id']}/start", headers=salon.headers)

    # The campaign's first minute is handed over at noon; the workers are busy elsewhere.
    _sweep(app)
    # At 13:00 the reminders fall due, and the campaign's second minute is handed over.
    clock.set(datetime.fromisoformat("2026-03-10T13:00:00+08:00"))
    _sweep(app)
    run_worker(app)

    kinds = ["campaign" if sms.body.endswith(OPT_OUT) else "reminder" for sms in provider.sent]
    assert kinds == ["reminder"] * REMINDERS + ["campaign"] * 120
    results = client.get(f"/api/v1/campaigns/{campaign['id']}", headers=salon.headers).get_json()
    assert (results["results"]["sent"], results["results"]["waiting"]) == (
        120,
        CAMPAIGN_CUSTOMERS - 120,
    )

    # Within the same minute, nothing more is handed over; a minute later, 60 more.
    _sweep(app)
    run_worker(app)
    assert len(provider.sent) == REMINDERS + 120
    clock.set(datetime.fromisoformat("2026-03-10T13:01:00+08:00"))
    _sweep(app)
    run_worker(app)
    assert len(provider.sent) == REMINDERS + 180
