"""Two salons on one service: no endpoint ever shows or changes one salon's data for the other,
and one salon's burst of requests never slows the other down (per-key rate limits).
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select

from gateway.db import Database
from gateway.domain.lifecycle import Intent
from gateway.domain.quarters import Quarter
from gateway.models import (
    Appointment,
    Feedback,
    Message,
    Salon,
    Survey,
    TaughtPhrase,
    WebhookDelivery,
    utcnow,
)
from tests.support import SalonHandle, appointment_payload, book, reply

THEIR_PHONE = "13700137000"
CAMPAIGN = {
    "name": "元旦",
    "kind": "holiday",
    "audience": {"all_consenting": True},
    "values": {"offer": "全场8折", "valid_until": "1月3日"},
}


@pytest.fixture
def two_salons(client: FlaskClient, make_salon: Any, db: Database) -> tuple[SalonHandle, Any]:
    """Mine is empty; theirs has an appointment, a thread, a customer and a webhook delivery."""
    mine, theirs = make_salon("丝绒发型"), make_salon("小美美甲")
    with db.transaction() as session:
        session.get_one(Salon, theirs.id).webhook_url = "http://127.0.0.1:9/crm-hook"
    book(client, theirs, external_id="THEIRS-1", customer={"phone": THEIR_PHONE})
    reply(client, theirs, "确认", sender="+86" + THEIR_PHONE)
    with db.sessions() as session:
        delivery_id = session.scalar(
            select(WebhookDelivery.id).where(WebhookDelivery.salon_id == theirs.id)
        )
    assert delivery_id is not None
    _surveyed(db, theirs)
    with db.transaction() as session:
        phrase = TaughtPhrase(
            salon_id=theirs.id, text="ok搞掂", intent=Intent.CONFIRM, taught_by="api"
        )
        session.add(phrase)
        session.flush()
        phrase_id = phrase.id
    campaign = client.post("/api/v1/campaigns", json=CAMPAIGN, headers=theirs.headers)
    assert campaign.status_code == 201, campaign.get_json()
    return mine, {
        "salon": theirs,
        "campaign_id": campaign.get_json()["id"],
        "delivery_id": delivery_id,
        "quarter": _quarter_now(),
        "phrase_id": phrase_id,
    }


def _surveyed(db: Database, salon: SalonHandle) -> None:
    """Their visit was surveyed and scored 1 with a comment (a call-back)."""
    now = utcnow()
    with db.transaction() as session:
        appointment = session.scalars(
            select(Appointment).where(Appointment.salon_id == salon.id)
        ).one()
        reply_row = session.scalars(
            select(Message).where(Message.salon_id == salon.id, Message.direction == "inbound")
        ).first()
        assert reply_row is not None
        survey = Survey(
            salon_id=salon.id,
            appointment_id=appointment.id,
            customer_id=appointment.customer_id,
            status="sent",
            send_at=now,
            sent_at=now,
            decision="due after the visit",
            created_at=now,
            updated_at=now,
        )
        session.add(survey)
        session.flush()
        session.add(
            Feedback(
                salon_id=salon.id,
                survey_id=survey.id,
                appointment_id=appointment.id,
                customer_id=appointment.customer_id,
                message_id=reply_row.id,
                score=1,
                comment="剪坏了",
                received_at=now,
            )
        )


def _quarter_now() -> str:
    return str(Quarter.of(utcnow(), "Asia/Shanghai"))


Probe = Callable[[FlaskClient, SalonHandle, dict[str, Any]], Any]


def _get(path: str) -> Probe:
    return lambda client, mine, theirs: client.get(
        "/api/v1" + path.format(**theirs), headers=mine.headers
    )


#: Every documented operation, called with my key and their ids, and what I may see: nothing.
PROBES: dict[str, tuple[Probe, Callable[[Any], bool]]] = {
    "listAppointments": (_get("/appointments"), lambda r: r.get_json()["data"] == []),
    "getAppointment": (_get("/appointments/THEIRS-1"), lambda r: r.status_code == 404),
    "listAppointmentMessages": (
        _get("/appointments/THEIRS-1/messages"),
        lambda r: r.status_code == 404,
    ),
    "changeAppointment": (
        lambda client, mine, theirs: client.patch(
            "/api/v1/appointments/THEIRS-1", json={"status": "cancelled"}, headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    # The same external_id in my salon is my own, new appointment.
    "upsertAppointment": (
        lambda client, mine, theirs: client.post(
            "/api/v1/appointments",
            json=appointment_payload(external_id="THEIRS-1", customer={"phone": "13900139000"}),
            headers=mine.headers,
        ),
        lambda r: r.status_code == 201 and r.get_json()["customer"]["phone"] == "+8613900139000",
    ),
    "getCustomer": (_get(f"/customers/{THEIR_PHONE}"), lambda r: r.status_code == 404),
    "eraseCustomer": (
        lambda client, mine, theirs: client.delete(
            f"/api/v1/customers/{THEIR_PHONE}", headers=mine.headers
        ),
        lambda r: r.status_code == 204,
    ),
    "changeCustomer": (
        lambda client, mine, theirs: client.patch(
            f"/api/v1/customers/{THEIR_PHONE}",
            json={"name": "改了", "birthday": "03-15", "tags": ["VIP"]},
            headers=mine.headers,
        ),
        lambda r: r.status_code == 404,
    ),
    "changeConsent": (
        lambda client, mine, theirs: client.put(
            f"/api/v1/customers/{THEIR_PHONE}/consent",
            json={"marketing": True, "method": "in_store", "evidence": "柜台"},
            headers=mine.headers,
        ),
        lambda r: r.status_code == 404,
    ),
    "exportCustomer": (_get(f"/customers/{THEIR_PHONE}/export"), lambda r: r.status_code == 404),
    "getStats": (
        _get("/stats"),
        lambda r: {f["count"] for f in r.get_json()["appointments"].values()} == {0}
        and r.get_json()["messages"]["inbound"] == 0,
    ),
    "listWebhookDeliveries": (_get("/webhook-deliveries"), lambda r: r.get_json()["data"] == []),
    "getWebhookDelivery": (
        _get("/webhook-deliveries/{delivery_id}"),
        lambda r: r.status_code == 404,
    ),
    "retryWebhookDelivery": (
        lambda client, mine, theirs: client.post(
            f"/api/v1/webhook-deliveries/{theirs['delivery_id']}/retry", headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    "listInbox": (_get("/inbox"), lambda r: r.get_json()["data"] == []),
    "listFeedback": (_get("/feedback"), lambda r: r.get_json()["data"] == []),
    "listPhrases": (_get("/phrases"), lambda r: r.get_json()["data"] == []),
    "deletePhrase": (
        lambda client, mine, theirs: client.delete(
            f"/api/v1/phrases/{theirs['phrase_id']}", headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    "getFeedbackStats": (_get("/feedback/stats"), lambda r: r.get_json()["surveys_sent"] == 0),
    "getFeedbackReport": (
        _get("/feedback/report?quarter={quarter}"),
        lambda r: r.get_json()["surveys_sent"] == 0 and r.get_json()["low_scores"] == [],
    ),
    "handleInboxItem": (
        lambda client, mine, theirs: client.post("/api/v1/inbox/1/handle", headers=mine.headers),
        lambda r: r.status_code == 404,
    ),
    "treatInboxItem": (
        lambda client, mine, theirs: client.post(
            "/api/v1/inbox/1/treat-as", json={"intent": "cancel"}, headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    "moveInboxItem": (
        lambda client, mine, theirs: client.post(
            "/api/v1/inbox/1/move",
            json={"starts_at": "2036-11-23T14:00:00+08:00"},
            headers=mine.headers,
        ),
        lambda r: r.status_code == 404,
    ),
    "listCustomerMessages": (
        _get(f"/customers/{THEIR_PHONE}/messages"),
        lambda r: r.status_code == 404,
    ),
    "answerCustomer": (
        lambda client, mine, theirs: client.post(
            f"/api/v1/customers/{THEIR_PHONE}/messages", json={"body": "hi"}, headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    # The key's own salon's way of answering: nothing of theirs in it.
    "listAnswerTemplates": (
        _get("/answer-templates"),
        lambda r: r.get_json()["answers_with"] == "body"
        and "小美美甲" not in r.get_data(as_text=True),
    ),
    # The key's own salon only: mine, never theirs.
    "getSalon": (
        _get("/salon"),
        lambda r: r.get_json()["name"] == "丝绒发型" and "小美美甲" not in r.get_data(as_text=True),
    ),
    "changeSalon": (
        lambda client, mine, theirs: client.patch(
            "/api/v1/salon", json={"name": "改名了", "webhook_url": ""}, headers=mine.headers
        ),
        lambda r: r.get_json()["id"] != r.get_json().get("their_id")
        and "小美美甲" not in r.get_data(as_text=True),
    ),
    "makeOffer": (
        lambda client, mine, theirs: client.post(
            "/api/v1/appointments/THEIRS-1/offers",
            json={"slots": [{"starts_at": "2036-11-23T14:00:00+08:00", "stylist": "Lily"}]},
            headers=mine.headers,
        ),
        lambda r: r.status_code == 404,
    ),
    "withdrawOffer": (
        lambda client, mine, theirs: client.delete(
            "/api/v1/appointments/THEIRS-1/offers/1", headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    # Availability is per salon: mine is replaced (here refused: the day is years ahead).
    "publishAvailability": (
        lambda client, mine, theirs: client.put(
            "/api/v1/availability",
            json={"from": "2036-11-23", "to": "2036-11-23", "stylists": []},
            headers=mine.headers,
        ),
        lambda r: r.status_code == 422 and r.get_json()["error"]["field"] == "to",
    ),
    "listCampaigns": (_get("/campaigns"), lambda r: r.get_json()["data"] == []),
    "getCampaign": (_get("/campaigns/{campaign_id}"), lambda r: r.status_code == 404),
    "startCampaign": (
        lambda client, mine, theirs: client.post(
            f"/api/v1/campaigns/{theirs['campaign_id']}/start", headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    "cancelCampaign": (
        lambda client, mine, theirs: client.post(
            f"/api/v1/campaigns/{theirs['campaign_id']}/cancel", headers=mine.headers
        ),
        lambda r: r.status_code == 404,
    ),
    # My own draft: their customers are neither counted nor left out of it.
    "createCampaign": (
        lambda client, mine, theirs: client.post(
            "/api/v1/campaigns", json=CAMPAIGN, headers=mine.headers
        ),
        lambda r: r.status_code == 201
        and r.get_json()["audience_count"] == 0
        and sum(r.get_json()["excluded"].values()) == 0,
    ),
    # Public, and about no salon.
    "getOpenApiDocument": (_get("/openapi.json"), lambda r: "paths" in r.get_json()),
}


def test_every_operation_is_probed(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operations = {
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
    }
    assert operations == set(PROBES), "a new endpoint needs an isolation probe here"


@pytest.mark.parametrize("operation", sorted(PROBES))
def test_another_salons_key_sees_and_changes_nothing(
    client: FlaskClient, two_salons: tuple[SalonHandle, Any], operation: str
) -> None:
    mine, theirs = two_salons
    probe, shows_nothing = PROBES[operation]
    response = probe(client, mine, theirs)
    assert response.status_code < 500
    assert shows_nothing(response), response.get_data(as_text=True)
    # Whatever I did, their data is as it was.
    theirs_now = client.get("/api/v1/appointments/THEIRS-1", headers=theirs["salon"].headers)
    assert theirs_now.get_json()["status"] == "confirmed"
    assert theirs_now.get_json()["customer"]["phone"] == "+86" + THEIR_PHONE
    their_customer = client.get(
        f"/api/v1/customers/{THEIR_PHONE}", headers=theirs["salon"].headers
    ).get_json()
    assert their_customer["name"] is None and their_customer["birthday"] is None
    assert their_customer["tags"] == [] and their_customer["consent"]["marketing"] is False
    assert THEIR_PHONE not in response.get_data(as_text=True)
    their_phrases = client.get("/api/v1/phrases", headers=theirs["salon"].headers).get_json()
    assert [p["id"] for p in their_phrases["data"]] == [theirs["phrase_id"]]
    their_campaign = client.get(
        f"/api/v1/campaigns/{theirs['campaign_id']}", headers=theirs["salon"].headers
    ).get_json()
    assert their_campaign["status"] == "draft"


# --- rate limits ------------------------------------------------------------------------------


@pytest.fixture
def limited_app(app: Flask, make_app: Callable[..., Flask]) -> Flask:
    """conftest's app (same database) with a small limit."""
    return make_app(api_rate_limit=3)


def test_a_key_over_its_limit_gets_429_with_retry_after(
    limited_app: Flask, make_salon: Any
) -> None:
    client = limited_app.test_client()
    busy, quiet = make_salon("丝绒发型"), make_salon("小美美甲")
    for _ in range(3):
        assert client.get("/api/v1/appointments", headers=busy.headers).status_code == 200
    refused = client.post("/api/v1/appointments", json=appointment_payload(), headers=busy.headers)
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/api/v1/appointments/A-1", headers=busy.headers).status_code == 429
    # The other salon's key has its own allowance.
    assert client.get("/api/v1/appointments", headers=quiet.headers).status_code == 200
    # Refused requests did nothing.
    assert client.get("/api/v1/appointments", headers=quiet.headers).get_json()["data"] == []


def test_the_limit_fails_open_when_redis_is_down(
    app: Flask, make_app: Callable[..., Flask], salon: SalonHandle, caplog: Any
) -> None:
    dead = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    down = make_app(api_rate_limit=1, redis_connection=dead)
    client = down.test_client()
    with caplog.at_level(logging.WARNING, logger="gateway.api.ratelimit"):
        for _ in range(3):
            assert client.get("/api/v1/appointments", headers=salon.headers).status_code == 200
        created = client.post(
            "/api/v1/appointments", json=appointment_payload(), headers=salon.headers
        )
    assert created.status_code == 201  # the text waits in the outbox for the relay
    # Said once per outage, not once per request.
    assert caplog.text.count("rate limit not applied") == 1


def test_a_hung_redis_delays_reads_by_a_moment_at_most(
    app: Flask, make_app: Callable[..., Flask], salon: SalonHandle
) -> None:
    with socket.socket() as hung:
        # Connections are accepted (by the kernel), and never answered.
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        # As connect_redis makes it: no timeouts of its own.
        silent = Redis(host="127.0.0.1", port=hung.getsockname()[1])
        stuck = make_app(api_rate_limit=1, redis_connection=silent)
        client = stuck.test_client()
        started = time.monotonic()
        for _ in range(5):
            assert client.get("/api/v1/appointments", headers=salon.headers).status_code == 200
        assert time.monotonic() - started < 3
