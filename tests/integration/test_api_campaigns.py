"""Campaigns over the API: a draft answers with its dry run (who gets it, who not and why, what
it costs), starting schedules it, cancelling stops what has not gone, and bad input or another
salon's id changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.domain.campaigns import CampaignKind, CampaignStatus
from gateway.models import Campaign, Customer, Message, MessageDirection, MessageStatus
from tests.support import SalonHandle, book, in_days, now_in_test, reply

#: Tuesday 10 March 2026, noon in Shanghai: birthdays are counted from this day.
NOW = "2026-03-10T12:00:00+08:00"
OFFER = {"offer": "生日当月烫染8折", "valid_until": "3月31日"}
BIRTHDAY_WEEK = {
    "name": "三月生日",
    "kind": "birthday",
    "audience": {"birthday_within_days": 7},
    "values": OFFER,
}


def _customer(
    client: FlaskClient,
    salon: SalonHandle,
    number: str,
    *,
    birthday: str | None = None,
    tags: list[str] | None = None,
    consent: bool = True,
) -> str:
    """A customer who booked once, with their birthday and tags, and consent on paper."""
    phone = "+86" + number
    book(client, salon, external_id="B-" + number, customer={"phone": number}, starts_at=in_days(3))
    facts: dict[str, Any] = {}
    if birthday is not None:
        facts["birthday"] = birthday
    if tags is not None:
        facts["tags"] = tags
    if facts:
        answer = client.patch(f"/api/v1/customers/{phone}", json=facts, headers=salon.headers)
        assert answer.status_code == 200, answer.get_json()
    if consent:
        answer = client.put(
            f"/api/v1/customers/{phone}/consent",
            json={"marketing": True, "method": "paper_form", "evidence": "会员登记表 " + number},
            headers=salon.headers,
        )
        assert answer.status_code == 200, answer.get_json()
    return phone


def _earlier_campaign_texts(db: Database, salon: SalonHandle, phone: str, count: int) -> None:
    """``count`` texts of an earlier campaign went to the customer in the last 30 days."""
    sent = now_in_test() - timedelta(days=5)
    with db.transaction() as session:
        customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
        earlier = Campaign(
            salon_id=salon.id,
            name="元旦",
            kind=CampaignKind.HOLIDAY,
            audience={"all_consenting": True},
            values=OFFER,
            status=CampaignStatus.FINISHED,
            created_at=sent,
            excluded={},
        )
        session.add(earlier)
        session.flush()
        for _ in range(count):
            session.add(
                Message(
                    salon_id=salon.id,
                    customer_id=customer.id,
                    campaign_id=earlier.id,
                    direction=MessageDirection.OUTBOUND,
                    body="【丝绒发型】元旦8折。回复退订",
                    status=MessageStatus.DELIVERED,
                    created_at=sent,
                    send_after=sent,
                    sent_at=sent,
                )
            )


def _create(client: FlaskClient, salon: SalonHandle, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/campaigns", json=body, headers=salon.headers)


@pytest.mark.clock(NOW)
def test_the_dry_run_counts_the_consenting_and_says_why_each_other_is_left_out(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    _customer(client, salon, "13800138001", birthday="03-12")
    _customer(client, salon, "13800138002", birthday="1990-03-13", consent=False)
    opted_out = _customer(client, salon, "13800138003", birthday="03-11")
    reply(client, salon, "退订", sender=opted_out)
    capped = _customer(client, salon, "13800138004", birthday="03-14")
    _earlier_campaign_texts(db, salon, capped, 4)
    under_cap = _customer(client, salon, "13800138005", birthday="03-17")
    _earlier_campaign_texts(db, salon, under_cap, 3)
    _customer(client, salon, "13800138006", birthday="08-01")
    erased = _customer(client, salon, "13800138007", birthday="03-12")
    assert client.delete(f"/api/v1/customers/{erased}", headers=salon.headers).status_code == 204

    answer = _create(client, salon, BIRTHDAY_WEEK)

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["status"] == "draft"
    assert body["audience_count"] == 2
    assert body["excluded"] == {
        "erased": 1,
        "not_in_audience": 1,
        "opted_out": 1,
        "no_consent": 1,
        "frequency_cap": 1,
        "no_template": 0,
    }
    # 【丝绒发型】尊敬的会员，生日当月烫染8折，有效期至3月31日。回复退订: one part, at 0.1.
    assert body["segments"] == 1
    assert body["estimated_cost"] == "0.20"
    assert client.get(f"/api/v1/campaigns/{body['id']}", headers=salon.headers).get_json()[
        "results"
    ] == {
        "sent": 0,
        "delivered": 0,
        "failed": 0,
        "cancelled": 0,
        "waiting": 0,
        "opted_out_after": 0,
        "replies": 0,
    }


@pytest.mark.clock(NOW)
def test_tags_and_everyone_who_agreed(client: FlaskClient, salon: SalonHandle) -> None:
    _customer(client, salon, "13800138001", tags=["VIP", "烫发"])
    _customer(client, salon, "13800138002", tags=["烫发"])
    _customer(client, salon, "13800138003", tags=["VIP"], consent=False)

    vip = _create(
        client, salon, {**BIRTHDAY_WEEK, "kind": "holiday", "audience": {"tags": ["vip"]}}
    )
    everyone = _create(
        client, salon, {**BIRTHDAY_WEEK, "kind": "holiday", "audience": {"all_consenting": True}}
    )

    assert (vip.get_json()["audience_count"], vip.get_json()["excluded"]["no_consent"]) == (1, 1)
    assert everyone.get_json()["audience_count"] == 2
    assert everyone.get_json()["excluded"]["no_consent"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "anniversary"}, "kind"),
        ({"kind": None}, "kind"),
        ({"audience": {}}, "audience"),
        ({"audience": {"birthday_within_days": 7, "tags": ["VIP"]}}, "audience"),
        ({"audience": {"birthday_within_days": 32}}, "audience"),
        ({"audience": {"not_visited_days": 0}}, "audience"),
        ({"audience": {"not_visited_days": 731}}, "audience"),
        ({"audience": {"tags": "VIP"}}, "audience"),
        ({"audience": {"all_consenting": False}}, "audience"),
        ({"values": {"offer": "八" * 61, "valid_until": "3月31日"}}, "values"),
        ({"values": {"offer": "8折"}}, "values"),
        ({"values": {"offer": "8折", "valid_until": "3月31日", "link": "x"}}, "values"),
        ({"values": {"offer": "8折\u202e", "valid_until": "3月31日"}}, "values"),
        ({"send_at": "2026-03-20 10:00"}, "send_at"),
        ({"send_at": "2026-03-20T10:00:00"}, "send_at"),
        ({"send_at": "2026-03-01T10:00:00+08:00"}, "send_at"),
        ({"name": ""}, "name"),
        ({"status": "finished"}, "status"),
    ],
)
@pytest.mark.clock(NOW)
def test_a_bad_campaign_is_refused_and_nothing_is_stored(
    client: FlaskClient, salon: SalonHandle, change: dict[str, Any], field: str
) -> None:
    answer = _create(client, salon, {**BIRTHDAY_WEEK, **change})

    assert answer.status_code == 422, answer.get_json()
    assert answer.get_json()["error"]["field"] == field
    assert client.get("/api/v1/campaigns", headers=salon.headers).get_json() == {"data": []}


@pytest.mark.clock(NOW)
def test_send_at_is_kept_in_the_salons_time(client: FlaskClient, salon: SalonHandle) -> None:
    answer = _create(client, salon, {**BIRTHDAY_WEEK, "send_at": "2026-03-12T02:00:00Z"})

    assert answer.status_code == 201
    assert answer.get_json()["send_at"] == "2026-03-12T10:00:00+08:00"


@pytest.mark.clock(NOW)
def test_start_schedules_a_draft_once(client: FlaskClient, salon: SalonHandle) -> None:
    _customer(client, salon, "13800138001", birthday="03-12")
    created = _create(
        client, salon, {**BIRTHDAY_WEEK, "send_at": "2026-03-12T10:00:00+08:00"}
    ).get_json()
    _customer(client, salon, "13800138002", birthday="03-13")

    started = client.post(f"/api/v1/campaigns/{created['id']}/start", headers=salon.headers)
    again = client.post(f"/api/v1/campaigns/{created['id']}/start", headers=salon.headers)

    assert started.status_code == 200
    assert started.get_json()["status"] == "scheduled"
    # Counted again when started: the customer who agreed since is in.
    assert started.get_json()["audience_count"] == 2
    assert again.status_code == 409
    listed = client.get("/api/v1/campaigns", headers=salon.headers).get_json()["data"]
    assert [(c["id"], c["status"]) for c in listed] == [(created["id"], "scheduled")]


@pytest.mark.clock(NOW)
def test_cancel_stops_the_texts_that_have_not_gone(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    first = _customer(client, salon, "13800138001", birthday="03-12")
    _customer(client, salon, "13800138002", birthday="03-12")
    created = _create(
        client, salon, {**BIRTHDAY_WEEK, "send_at": "2026-03-12T10:00:00+08:00"}
    ).get_json()
    client.post(f"/api/v1/campaigns/{created['id']}/start", headers=salon.headers)
    with db.transaction() as session:
        # The first customer's text went already (its send_at passed, say).
        gone = session.scalars(
            select(Message)
            .join(Customer, Customer.id == Message.customer_id)
            .where(Message.campaign_id == created["id"], Customer.phone == first)
        ).one()
        gone.status, gone.sent_at = MessageStatus.SENT, now_in_test()

    cancelled = client.post(f"/api/v1/campaigns/{created['id']}/cancel", headers=salon.headers)
    again = client.post(f"/api/v1/campaigns/{created['id']}/cancel", headers=salon.headers)

    assert cancelled.status_code == 200
    assert cancelled.get_json()["status"] == "cancelled"
    assert cancelled.get_json()["results"]["sent"] == 1
    assert cancelled.get_json()["results"]["cancelled"] == 1
    assert cancelled.get_json()["results"]["waiting"] == 0
    assert again.status_code == 409
    with db.sessions() as session:
        statuses = sorted(
            session.scalars(select(Message.status).where(Message.campaign_id == created["id"]))
        )
    assert statuses == [MessageStatus.CANCELLED, MessageStatus.SENT]


@pytest.mark.clock(NOW)
def test_another_salons_campaign_is_not_found_and_does_not_change(
    client: FlaskClient, make_salon: Any, db: Database
) -> None:
    mine, theirs = make_salon("丝绒发型"), make_salon("小美美甲")
    their_id = _create(client, theirs, BIRTHDAY_WEEK).get_json()["id"]

    answers = [
        client.get(f"/api/v1/campaigns/{their_id}", headers=mine.headers),
        client.post(f"/api/v1/campaigns/{their_id}/start", headers=mine.headers),
        client.post(f"/api/v1/campaigns/{their_id}/cancel", headers=mine.headers),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]
    assert client.get("/api/v1/campaigns", headers=mine.headers).get_json() == {"data": []}
    with db.sessions() as session:
        assert session.get_one(Campaign, their_id).status is CampaignStatus.DRAFT
