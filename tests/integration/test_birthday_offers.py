"""The birthday automation: each salon day the sweep sends the day's birthday offers to the
consenting, reachable customers whose birthday is ``days_before`` days away, through the same
campaign path as any offer: once however many sweeps run, once a birthday however the salon
toggles it, never when it is off, and a provider that cannot take campaigns skips the day."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select, text

from gateway.db import Database
from gateway.domain.campaigns import CampaignStatus
from gateway.jobs import run_sweep
from gateway.models import Campaign, Message, TemplateCode
from gateway.services.campaigns.birthdays import send_birthday_offers
from tests.integration.conftest import china_salon
from tests.integration.test_api_campaigns import _customer
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, reply, run_worker, sweep_and_send

#: Tuesday 10 March 2026, noon in Shanghai; three days before: birthdays on 13 March.
NOW = "2026-03-10T12:00:00+08:00"
OFFER = {"offer": "生日当月烫染8折", "valid_until": "生日当月"}
TEXT = "【丝绒发型】尊敬的会员，生日当月烫染8折，有效期至生日当月。回复退订"
OPT_OUT = "回复退订"


def _turn_on(client: FlaskClient, salon: SalonHandle, **offers: Any) -> None:
    body = {"birthday_offers": {"enabled": True, "days_before": 3, "values": OFFER, **offers}}
    answer = client.patch("/api/v1/salon", json=body, headers=salon.headers)
    assert answer.status_code == 200, answer.get_json()


def _offers(provider: RecordingProvider) -> list[tuple[str, str]]:
    return sorted((sms.to, sms.body) for sms in provider.sent if sms.body.endswith(OPT_OUT))


def _campaigns(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = client.get(
        "/api/v1/campaigns", headers=salon.headers
    ).get_json()["data"]
    return listed


def _at(clock: TestClock, when: str) -> None:
    clock.set(datetime.fromisoformat(when))


@pytest.mark.clock(NOW)
def test_the_day_s_birthdays_get_the_offer_and_no_one_else(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    greeted = _customer(client, salon, "13800138001", birthday="03-13")
    _customer(client, salon, "13800138002", birthday="1990-03-13")
    _customer(client, salon, "13800138003", birthday="03-12")
    _customer(client, salon, "13800138004", birthday="03-14")
    _customer(client, salon, "13800138005", birthday="03-13", consent=False)
    opted_out = _customer(client, salon, "13800138006", birthday="03-13")
    reply(client, salon, "退订", sender=opted_out)
    run_worker(app)
    provider.sent.clear()
    _turn_on(client, salon)

    sweep_and_send(app)

    assert _offers(provider) == [(greeted, TEXT), ("+8613800138002", TEXT)]
    (campaign,) = _campaigns(client, salon)
    assert (campaign["name"], campaign["kind"], campaign["status"]) == (
        "生日优惠 03-10",
        "birthday",
        "sending",
    )
    assert campaign["audience"] == {"birthday_in_days": 3}
    assert campaign["excluded"]["opted_out"] == 1 and campaign["excluded"]["no_consent"] == 1


@pytest.mark.clock(NOW)
def test_many_sweeps_a_day_send_once_and_a_toggle_does_not_greet_a_birthday_twice(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    greeted = _customer(client, salon, "13800138001", birthday="03-13")
    run_worker(app)
    provider.sent.clear()
    _turn_on(client, salon)

    for when in (NOW, "2026-03-10T12:00:20+08:00", "2026-03-10T18:00:00+08:00"):
        _at(clock, when)
        sweep_and_send(app)
    assert _offers(provider) == [(greeted, TEXT)]
    assert len(_campaigns(client, salon)) == 1

    # The next day the salon turns it off and on again, two days before: 13 March again.
    _at(clock, "2026-03-11T09:00:00+08:00")
    client.patch("/api/v1/salon", json={"birthday_offers": {"enabled": False}},
                 headers=salon.headers)  # fmt: skip
    sweep_and_send(app)
    _turn_on(client, salon, days_before=2)
    sweep_and_send(app)
    assert _offers(provider) == [(greeted, TEXT)]
    assert len(_campaigns(client, salon)) == 1

    # Next year's birthday is greeted again.
    _at(clock, "2027-03-11T09:00:00+08:00")
    sweep_and_send(app)
    assert _offers(provider) == [(greeted, TEXT)] * 2


@pytest.mark.clock(NOW)
def test_off_it_sends_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    _customer(client, salon, "13800138001", birthday="03-13")
    run_worker(app)
    provider.sent.clear()
    _turn_on(client, salon, enabled=False)

    sweep_and_send(app)

    assert _offers(provider) == []
    assert _campaigns(client, salon) == []


@pytest.mark.clock("2027-02-27T10:00:00+08:00")
def test_a_leap_day_birthday_is_greeted_on_28_february_in_other_years(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    leap = _customer(client, salon, "13800138001", birthday="2000-02-29")
    run_worker(app)
    provider.sent.clear()
    _turn_on(client, salon, days_before=0)

    sweep_and_send(app)  # 27 February: not yet
    assert _offers(provider) == []
    _at(clock, "2027-02-28T10:00:00+08:00")
    sweep_and_send(app)
    _at(clock, "2027-03-01T10:00:00+08:00")
    sweep_and_send(app)

    assert _offers(provider) == [(leap, TEXT)]


@pytest.mark.clock("2026-03-10T06:00:00+08:00")
def test_made_before_marketing_hours_the_offers_wait_for_eight(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    greeted = _customer(client, salon, "13800138001", birthday="03-13")
    run_worker(app)
    provider.sent.clear()
    _turn_on(client, salon)

    sweep_and_send(app)
    assert _offers(provider) == []
    _at(clock, "2026-03-10T08:00:00+08:00")
    sweep_and_send(app)
    assert _offers(provider) == [(greeted, TEXT)]


@pytest.mark.clock(NOW)
def test_two_sweeps_at_once_make_one_campaign_and_send_once(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    db: Database,
) -> None:
    greeted = _customer(client, salon, "13800138001", birthday="03-13")
    run_worker(app)
    provider.sent.clear()
    _turn_on(client, salon)
    now = datetime.fromisoformat(NOW)
    postgres = db.engine.dialect.name == "postgresql"
    second: list[int] = []

    def other_sweep() -> None:
        with db.transaction() as session:
            second.append(send_birthday_offers(session, now=now))

    with db.transaction() as session:
        assert send_birthday_offers(session, now=now) == 1
        other = threading.Thread(target=other_sweep)
        other.start()
        # The other sweep has read that no campaign is there and waits on this one's row
        # (PostgreSQL: the unique index; SQLite: the write lock) until it commits.
        deadline = time.monotonic() + 10
        while postgres and time.monotonic() < deadline and not _waiting_on_a_lock(db):
            time.sleep(0.05)
        assert not postgres or _waiting_on_a_lock(db)
    other.join(timeout=30)

    assert second == [0]
    sweep_and_send(app)
    assert _offers(provider) == [(greeted, TEXT)]
    with db.sessions() as session:
        assert len(session.scalars(select(Campaign)).all()) == 1


def _waiting_on_a_lock(db: Database) -> bool:
    with db.engine.connect() as connection:
        return bool(
            connection.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar()
        )


@pytest.mark.parametrize("kind", ["aliyun", "tencent"])
def test_a_template_provider_sends_the_day_s_offers_as_the_marketing_template(
    china_app: Flask,
    china_client: FlaskClient,
    db: Database,
    clock: TestClock,
    kind: str,
) -> None:
    _at(clock, NOW)
    salon = china_salon(china_app, kind)
    _customer(china_client, salon, "13800138001", birthday="03-13")
    _turn_on(china_client, salon)
    with china_app.app_context():
        run_sweep()

    with db.sessions() as session:
        (text_,) = session.scalars(select(Message).where(Message.campaign_id.is_not(None))).all()
        # The approved marketing template with the offer's two values; the stored body is what
        # the customer reads, ending with the words the provider requires.
        assert text_.template == "campaign_offer"
        assert dict(json.loads(text_.template_params or "[]")) == OFFER
        assert text_.body.endswith("拒收请回复R")
    (campaign,) = _campaigns(china_client, salon)
    assert campaign["status"] == CampaignStatus.SENDING.value


@pytest.mark.parametrize("kind", ["aliyun", "tencent"])
def test_a_provider_that_cannot_send_campaigns_skips_the_day_once_without_numbers(
    china_app: Flask,
    china_client: FlaskClient,
    db: Database,
    clock: TestClock,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    _at(clock, NOW)
    with db.transaction() as session:  # the marketing template not approved yet
        session.execute(
            delete(TemplateCode).where(
                TemplateCode.provider == kind, TemplateCode.name == "campaign_offer"
            )
        )
    salon = china_salon(china_app, kind)
    _customer(china_client, salon, "13800138001", birthday="03-13")
    _turn_on(china_client, salon)

    with caplog.at_level(logging.WARNING, logger="gateway.services.campaigns.birthdays"):
        for _ in range(2):
            with china_app.app_context():
                run_sweep()

    skipped = [r.getMessage() for r in caplog.records if "birthday offers" in r.getMessage()]
    assert len(skipped) == 1 and "campaign_offer" in skipped[0]
    assert "13800138001" not in caplog.text
    with db.sessions() as session:
        assert session.scalars(select(Message).where(Message.campaign_id.is_not(None))).all() == []
    (campaign,) = _campaigns(china_client, salon)
    assert campaign["status"] == CampaignStatus.CANCELLED.value
