"""A started campaign's texts, and the marketing rules the sending path asks when each goes:
only to customers who agreed (asked again at that moment), each ending with the opt-out line,
only inside marketing hours, never over the frequency cap; and an opt-out reply to one."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Message, MessageStatus, Salon, WebhookDelivery
from tests.integration.test_api_campaigns import (
    BIRTHDAY_WEEK,
    NOW,
    _create,
    _customer,
    _earlier_campaign_texts,
)
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, book, reply, run_worker, sweep_and_send

OPT_OUT = "回复退订"


def _start(client: FlaskClient, salon: SalonHandle, body: dict[str, Any] | None = None) -> int:
    campaign_id: int = _create(client, salon, body or BIRTHDAY_WEEK).get_json()["id"]
    started = client.post(f"/api/v1/campaigns/{campaign_id}/start", headers=salon.headers)
    assert started.status_code == 200, started.get_json()
    return campaign_id


def _campaign_texts(provider: RecordingProvider) -> list[tuple[str, str]]:
    """(to, body) of every campaign text the provider was handed."""
    return sorted((sms.to, sms.body) for sms in provider.sent if sms.body.endswith(OPT_OUT))


def _statuses(db: Database, campaign_id: int) -> list[tuple[MessageStatus, str | None]]:
    with db.sessions() as session:
        return sorted(
            session.execute(
                select(Message.status, Message.error_message).where(
                    Message.campaign_id == campaign_id
                )
            ).tuples()
        )


@pytest.mark.clock(NOW)
def test_started_it_sends_exactly_to_the_consenting_each_ending_with_the_opt_out_line(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    first = _customer(client, salon, "13800138001", birthday="03-12")
    second = _customer(client, salon, "13800138002", birthday="03-15")
    _customer(client, salon, "13800138003", birthday="03-12", consent=False)
    opted_out = _customer(client, salon, "13800138004", birthday="03-12")
    reply(client, salon, "退订", sender=opted_out)
    run_worker(app)
    provider.sent.clear()

    campaign_id = _start(client, salon)
    sweep_and_send(app)

    body = "【丝绒发型】尊敬的会员，生日当月烫染8折，有效期至3月31日。回复退订"
    assert _campaign_texts(provider) == [(first, body), (second, body)]
    results = client.get(f"/api/v1/campaigns/{campaign_id}", headers=salon.headers).get_json()
    assert results["status"] == "sending"
    assert results["results"]["sent"] == 2


@pytest.mark.clock(NOW)
def test_consent_withdrawn_between_start_and_sending_stops_that_text(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    staying = _customer(client, salon, "13800138001", birthday="03-12")
    leaving = _customer(client, salon, "13800138002", birthday="03-12")
    run_worker(app)
    provider.sent.clear()
    campaign_id = _start(client, salon)

    withdrawn = client.put(
        f"/api/v1/customers/{leaving}/consent", json={"marketing": False}, headers=salon.headers
    )
    assert withdrawn.status_code == 200
    sweep_and_send(app)

    assert [to for to, _ in _campaign_texts(provider)] == [staying]
    assert _statuses(db, campaign_id) == [
        (MessageStatus.CANCELLED, "no marketing consent when it was due"),
        (MessageStatus.SENT, None),
    ]


@pytest.mark.clock("2026-03-10T22:00:00+08:00")
def test_started_after_hours_it_waits_for_eight_the_next_morning(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    customer = _customer(client, salon, "13800138001", birthday="03-12")
    run_worker(app)
    provider.sent.clear()

    campaign_id = _start(client, salon)
    sweep_and_send(app)
    assert _campaign_texts(provider) == []
    answer = client.get(f"/api/v1/campaigns/{campaign_id}", headers=salon.headers).get_json()
    assert (answer["status"], answer["results"]["waiting"]) == ("scheduled", 1)

    clock.set(datetime.fromisoformat("2026-03-11T07:59:00+08:00"))
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert _campaign_texts(provider) == []

    clock.set(datetime.fromisoformat("2026-03-11T08:00:00+08:00"))
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert [to for to, _ in _campaign_texts(provider)] == [customer]


@pytest.mark.clock("2026-03-10T20:59:00+08:00")
def test_a_text_due_before_nine_but_sent_after_waits_for_the_morning(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    clock: TestClock,
    db: Database,
) -> None:
    _customer(client, salon, "13800138001", birthday="03-12")
    run_worker(app)
    provider.sent.clear()
    campaign_id = _start(client, salon)

    # The workers were busy: it is 21:00 when they take it.
    clock.set(datetime.fromisoformat("2026-03-10T21:00:00+08:00"))
    sweep_and_send(app)

    assert _campaign_texts(provider) == []
    with db.sessions() as session:
        waiting = session.scalars(select(Message).where(Message.campaign_id == campaign_id)).one()
        assert waiting.status is MessageStatus.QUEUED
        assert waiting.send_after == datetime.fromisoformat("2026-03-11T08:00:00+08:00")


@pytest.mark.clock(NOW)
def test_a_text_that_would_pass_the_cap_when_it_goes_is_not_sent(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    customer = _customer(client, salon, "13800138001", birthday="03-12")
    _earlier_campaign_texts(db, salon, customer, 3)
    run_worker(app)
    provider.sent.clear()
    first = _start(client, salon)
    # Counted with the first campaign's queued text, a second one leaves them out at once.
    second = _create(client, salon, {**BIRTHDAY_WEEK, "name": "三月会员日", "kind": "holiday"})
    assert second.get_json()["excluded"]["frequency_cap"] == 1

    # Another marketing text reached them between the start and the sending.
    _earlier_campaign_texts(db, salon, customer, 1)
    sweep_and_send(app)

    assert _campaign_texts(provider) == []
    assert _statuses(db, first) == [(MessageStatus.CANCELLED, "over the marketing frequency cap")]


@pytest.mark.parametrize("words", ["退订", "STOP"])
@pytest.mark.clock(NOW)
def test_opting_out_after_a_campaign_text_withdraws_consent(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    words: str,
) -> None:
    customer = _customer(client, salon, "13800138001", birthday="03-12")
    campaign_id = _start(client, salon)
    sweep_and_send(app)
    assert len(_campaign_texts(provider)) == 1

    reply(client, salon, words, sender=customer)
    run_worker(app)

    now_held = client.get(f"/api/v1/customers/{customer}", headers=salon.headers).get_json()
    assert now_held["opted_out"] is True
    assert now_held["consent"]["marketing"] is False
    assert now_held["consent"]["method"] == "opt_out"
    assert now_held["marketing_reachable"] is False
    results = client.get(f"/api/v1/campaigns/{campaign_id}", headers=salon.headers).get_json()
    assert results["results"]["opted_out_after"] == 1
    assert results["results"]["replies"] == 1


@pytest.mark.clock(NOW)
def test_a_reply_to_the_offer_goes_to_the_inbox_as_a_campaign_reply(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    customer = _customer(client, salon, "13800138001", birthday="03-12")
    cancelled = client.patch(
        "/api/v1/appointments/B-13800138001", json={"status": "cancelled"}, headers=salon.headers
    )
    assert cancelled.status_code == 200
    campaign_id = _start(client, salon)
    sweep_and_send(app)
    provider.sent.clear()

    reply(client, salon, "烫发也打8折吗？", sender=customer)
    run_worker(app)

    [item] = client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    assert item["reason"] == "campaign_reply"
    assert item["message"]["body"] == "烫发也打8折吗？"
    assert provider.sent == []  # a person answers, not the machine's help text
    results = client.get(f"/api/v1/campaigns/{campaign_id}", headers=salon.headers).get_json()
    assert results["results"]["replies"] == 1


@pytest.mark.clock(NOW)
def test_appointment_words_after_an_offer_still_go_to_the_appointment_logic(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    customer = _customer(client, salon, "13800138001", birthday="03-12")
    _start(client, salon)
    sweep_and_send(app)

    reply(client, salon, "确认", sender=customer)
    run_worker(app)

    answer = client.get("/api/v1/appointments/B-13800138001", headers=salon.headers).get_json()
    assert answer["status"] == "confirmed"
    assert client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"] == []


@pytest.mark.clock(NOW)
def test_when_its_last_text_is_settled_the_campaign_finishes_and_the_crm_hears(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    with db.transaction() as session:
        session.get_one(Salon, salon.id).webhook_url = "http://127.0.0.1:9/crm-hook"
    _customer(client, salon, "13800138001", birthday="03-12")
    _customer(client, salon, "13800138002", birthday="03-12")
    campaign_id = _start(client, salon)

    sweep_and_send(app)
    with app.app_context():
        run_sweep()

    answer = client.get(f"/api/v1/campaigns/{campaign_id}", headers=salon.headers).get_json()
    assert answer["status"] == "finished"
    assert answer["finished_at"] == "2026-03-10T12:00:00+08:00"
    with db.sessions() as session:
        [payload] = session.scalars(
            select(WebhookDelivery.payload).where(WebhookDelivery.event_type == "campaign.finished")
        ).all()
    event = json.loads(payload)
    assert event["data"]["campaign"]["id"] == campaign_id
    assert event["data"]["campaign"]["results"]["sent"] == 2
    # Settled once: a later sweep tells the CRM nothing more.
    with app.app_context():
        run_sweep()
    with db.sessions() as session:
        assert (
            session.scalar(
                select(func.count()).where(WebhookDelivery.event_type == "campaign.finished")
            )
            == 1
        )


@pytest.mark.clock(NOW)
def test_a_campaign_spends_its_own_budget_never_the_daily_cap_appointments_need(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    provider: RecordingProvider,
    db: Database,
) -> None:
    for number in ("13800138001", "13800138002", "13800138003"):
        _customer(client, salon, number, birthday="03-12")
    run_worker(app)  # their 3 confirmation requests count against the cap
    with db.transaction() as session:
        session.get_one(Salon, salon.id).daily_sms_cap = 4
    budget = client.patch(
        "/api/v1/salon", json={"marketing_daily_budget": 2}, headers=salon.headers
    )
    assert budget.status_code == 200, budget.get_json()
    provider.sent.clear()

    campaign_id = _start(client, salon)
    sweep_and_send(app)
    book(client, salon, external_id="LATER", customer={"phone": "13900139000"},
         starts_at="2026-03-12T15:00:00+08:00")  # fmt: skip
    run_worker(app)

    # Two offers (the budget), and the new booking's request still fits under the cap.
    assert len(_campaign_texts(provider)) == 2
    assert [sms.to for sms in provider.sent if not sms.body.endswith(OPT_OUT)] == ["+8613900139000"]
    with db.sessions() as session:
        held = session.scalars(
            select(Message).where(
                Message.campaign_id == campaign_id, Message.status == MessageStatus.HELD
            )
        ).one()
        assert held.send_after == datetime.fromisoformat("2026-03-11T08:00:00+08:00")
