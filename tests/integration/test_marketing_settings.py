"""The salon's marketing settings change what its customers get: the frequency cap in the dry
run and at sending time, the daily marketing budget, and the pace a minute at which the sweep
hands campaign texts over; the command line sets them as the API does."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Customer, Message, MessageStatus
from tests.integration.test_api_campaigns import (
    BIRTHDAY_WEEK,
    NOW,
    _create,
    _customer,
    _earlier_campaign_texts,
)
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, run_worker

OPT_OUT = "回复退订"


def _set(client: FlaskClient, salon: SalonHandle, **settings: object) -> None:
    answer = client.patch("/api/v1/salon", json=settings, headers=salon.headers)
    assert answer.status_code == 200, answer.get_json()


@pytest.mark.clock(NOW)
def test_a_cap_of_one_leaves_out_a_customer_who_had_one_offer_this_month(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    _customer(client, salon, "13800138001", birthday="03-12")
    texted = _customer(client, salon, "13800138002", birthday="03-12")
    _earlier_campaign_texts(db, salon, texted, 1)

    # Under the default of 4, one text in 30 days leaves room for another.
    before = _create(client, salon, BIRTHDAY_WEEK).get_json()
    assert (before["audience_count"], before["excluded"]["frequency_cap"]) == (2, 0)

    _set(client, salon, marketing_max_per_30_days=1)
    after = _create(client, salon, BIRTHDAY_WEEK).get_json()
    assert (after["audience_count"], after["excluded"]["frequency_cap"]) == (1, 1)


@pytest.mark.clock(NOW)
def test_a_cap_lowered_after_the_start_stops_the_text_when_it_is_due(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    texted = _customer(client, salon, "13800138002", birthday="03-12")
    _earlier_campaign_texts(db, salon, texted, 1)
    run_worker(app)
    provider.sent.clear()
    campaign = _create(client, salon, BIRTHDAY_WEEK).get_json()
    started = client.post(f"/api/v1/campaigns/{campaign['id']}/start", headers=salon.headers)
    assert started.status_code == 200

    _set(client, salon, marketing_max_per_30_days=1)
    with app.app_context():
        run_sweep()
    run_worker(app)

    assert [sms for sms in provider.sent if sms.body.endswith(OPT_OUT)] == []
    with db.sessions() as session:
        assert session.execute(
            select(Message.status, Message.error_message).where(
                Message.campaign_id == campaign["id"]
            )
        ).one() == (MessageStatus.CANCELLED, "over the marketing frequency cap")


def _consenting(db: Database, salon: SalonHandle, count: int) -> None:
    agreed = datetime.fromisoformat(NOW) - timedelta(days=30)
    with db.transaction() as session:
        session.add_all(
            Customer(
                salon_id=salon.id, phone=f"+86137{i:08d}", tags=["VIP"], marketing_consent_at=agreed
            )
            for i in range(count)
        )


@pytest.mark.clock(NOW)
def test_a_pace_of_five_hands_over_five_texts_a_minute(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    db: Database,
    clock: TestClock,
) -> None:
    _consenting(db, salon, 12)
    _set(client, salon, marketing_per_minute=5)
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
    client.post(f"/api/v1/campaigns/{campaign['id']}/start", headers=salon.headers)

    sent = []
    for minute in ("12:00:00", "12:00:30", "12:01:00", "12:02:00"):
        clock.set(datetime.fromisoformat(f"2026-03-10T{minute}+08:00"))
        with app.app_context():
            run_sweep()
        run_worker(app)
        sent.append(len(provider.sent))
    # Five in the first minute (a second sweep in it adds none), five the next, then the rest.
    assert sent == [5, 5, 10, 12]


@pytest.mark.clock(NOW)
def test_the_command_line_sets_the_marketing_limits_and_refuses_a_bad_one(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    runner = app.test_cli_runner()
    update = ["salon", "update", str(salon.id)]
    done = runner.invoke(
        args=[*update, "--marketing-max-per-30-days", "2", "--marketing-budget", "300",
              "--marketing-per-minute", "20", "--birthday-offers", "--birthday-days-before",
              "7", "--birthday-offer", "生日当月烫染8折", "--birthday-valid-until", "生日当月"]
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert json.loads(done.stdout) == shown
    assert [shown[k] for k in ("marketing_max_per_30_days", "marketing_daily_budget")] == [2, 300]
    assert shown["marketing_per_minute"] == 20
    assert shown["birthday_offers"] == {
        "enabled": True,
        "days_before": 7,
        "values": {"offer": "生日当月烫染8折", "valid_until": "生日当月"},
    }

    refused = runner.invoke(args=[*update, "--marketing-budget", "0"])
    assert refused.exit_code == 2
    assert "--marketing-budget" in refused.output and "1 to 100000" in refused.output
    # Off keeps the offer, so turning it on again needs nothing more.
    off = runner.invoke(args=[*update, "--no-birthday-offers"])
    assert json.loads(off.stdout)["birthday_offers"]["values"] == {
        "offer": "生日当月烫染8折",
        "valid_until": "生日当月",
    }
    assert (
        client.get("/api/v1/salon", headers=salon.headers).get_json()["marketing_daily_budget"]
        == 300
    )
