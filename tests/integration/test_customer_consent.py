"""Customers' marketing facts and consent over the API: what a salon may keep (name, birthday,
tags), consent given and withdrawn as a history with its evidence, an opt-out of texts
withdrawing it (and told to the CRM), the export of everything held, and erasure of it all."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import ConsentChange, Customer, Salon, WebhookDelivery
from gateway.services import hash_api_key
from tests.integration.test_api_customers import _copies_of
from tests.support import SalonHandle, book, reply, run_worker

PHONE = "13800138000"
PATH = f"/api/v1/customers/{PHONE}"
#: 2026-12-07 10:00 in Shanghai: consent dated before it is in the past.
NOW = "2026-12-07T10:00:00+08:00"
PAPER_FORM = {
    "marketing": True,
    "method": "paper_form",
    "evidence": "会员登记表 No.0042",
    "at": "2026-12-05T15:30:00+08:00",
}


@pytest.fixture
def hooked(client: FlaskClient, salon: SalonHandle, db: Database) -> SalonHandle:
    """A salon with a CRM endpoint (events are recorded for it) and a booked customer."""
    with db.transaction() as session:
        session.get_one(Salon, salon.id).webhook_url = "http://127.0.0.1:9/crm-hook"
    book(client, salon)
    return salon


def _get(client: FlaskClient, salon: SalonHandle, suffix: str = "") -> Any:
    response = client.get(PATH + suffix, headers=salon.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _consent(client: FlaskClient, salon: SalonHandle, body: Any) -> Any:
    return client.put(PATH + "/consent", json=body, headers=salon.headers)


def _events(db: Database, salon: SalonHandle, event_type: str) -> list[dict[str, Any]]:
    """The bodies the salon's CRM is sent, in order."""
    with db.sessions() as session:
        payloads = session.scalars(
            select(WebhookDelivery.payload)
            .where(WebhookDelivery.salon_id == salon.id, WebhookDelivery.event_type == event_type)
            .order_by(WebhookDelivery.id)
        ).all()
    return [json.loads(payload) for payload in payloads]


def _history_rows(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(ConsentChange)) or 0


def test_marketing_facts_are_kept_and_shown(client: FlaskClient, hooked: SalonHandle) -> None:
    response = client.patch(
        PATH,
        json={"name": "王丽", "birthday": "1990-03-15", "tags": ["VIP", " 烫发 ", "VIP"]},
        headers=hooked.headers,
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["birthday"] == "1990-03-15"
    # Only what is sent changes: the name and tags stay when the birthday alone changes.
    client.patch(PATH, json={"birthday": "02-29"}, headers=hooked.headers)
    shown = _get(client, hooked)
    assert (shown["name"], shown["birthday"], shown["tags"]) == ("王丽", "02-29", ["VIP", "烫发"])
    client.patch(PATH, json={"tags": [], "birthday": None}, headers=hooked.headers)
    shown = _get(client, hooked)
    assert (shown["birthday"], shown["tags"]) == (None, [])


@pytest.mark.clock(NOW)
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"birthday": "02-30"}, "birthday", "not a day of the calendar"),
        ({"birthday": "2023-02-29"}, "birthday", "not a day of the calendar"),
        ({"birthday": "3/15"}, "birthday", "MM-DD or YYYY-MM-DD"),
        ({"birthday": "2030-01-01"}, "birthday", "in the future"),
        ({"tags": [f"t{i}" for i in range(11)]}, "tags", "more than 10 tags"),
        ({"tags": ["x" * 21]}, "tags", "longer than 20 characters"),
        ({"tags": ["两个 词"]}, "tags", "one word per tag"),
        ({"tags": "VIP"}, "tags", "list of words"),
        ({"age": 30}, "age", "not a field you can set"),
    ],
)
def test_a_bad_fact_is_refused_by_name_and_changes_nothing(
    client: FlaskClient, hooked: SalonHandle, body: dict[str, Any], field: str, words: str
) -> None:
    response = client.patch(PATH, json={"name": "改名了", **body}, headers=hooked.headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field and words in error["message"]
    shown = _get(client, hooked)
    assert (shown["name"], shown["birthday"], shown["tags"]) == ("王女士", None, [])


def test_unknown_or_malformed_numbers(client: FlaskClient, salon: SalonHandle) -> None:
    for method, suffix, body in [
        ("patch", "", {"name": "x"}),
        ("put", "/consent", PAPER_FORM),
        ("get", "/export", None),
    ]:
        unknown = getattr(client, method)(
            "/api/v1/customers/13900139000" + suffix, json=body, headers=salon.headers
        )
        assert unknown.status_code == 404
        malformed = getattr(client, method)(
            "/api/v1/customers/call-me" + suffix, json=body, headers=salon.headers
        )
        assert malformed.status_code == 422
        assert malformed.get_json()["error"]["field"] == "phone"


@pytest.mark.clock(NOW)
def test_consent_history_is_kept_across_grant_withdraw_grant(
    client: FlaskClient, hooked: SalonHandle, db: Database
) -> None:
    granted = _consent(client, hooked, PAPER_FORM)
    assert granted.status_code == 200, granted.get_json()
    assert granted.get_json()["consent"] == {
        "marketing": True,
        "method": "paper_form",
        "evidence": "会员登记表 No.0042",
        "at": "2026-12-05T15:30:00+08:00",
        "recorded_at": NOW,
        "recorded_by": "api_key",
        "recorded_by_name": "key " + hash_api_key(hooked.api_key)[:8],
    }
    assert granted.get_json()["marketing_reachable"] is True

    withdrawn = _consent(client, hooked, {"marketing": False})
    assert withdrawn.get_json()["consent"]["marketing"] is False
    assert withdrawn.get_json()["consent"]["at"] == NOW  # now, from the clock, when absent
    assert withdrawn.get_json()["marketing_reachable"] is False
    again = _consent(client, hooked, {"marketing": True, "method": "in_store", "evidence": "柜台"})
    assert again.get_json()["marketing_reachable"] is True

    history = _get(client, hooked, "/export")["consent_history"]
    assert [(c["marketing"], c["method"]) for c in history] == [
        (True, "paper_form"),
        (False, None),
        (True, "in_store"),
    ]
    assert [e["data"]["consent"]["marketing"] for e in _events(db, hooked, "consent.changed")] == [
        True,
        False,
        True,
    ]


@pytest.mark.clock(NOW)
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"marketing": True, "evidence": "表格"}, "method", "required"),
        ({"marketing": True, "method": "in_store"}, "evidence", "required"),
        ({"marketing": True, "method": "in_store", "evidence": "  "}, "evidence", "required"),
        ({"marketing": True, "method": "carrier_pigeon", "evidence": "x"}, "method", "one of"),
        ({"marketing": False, "method": "opt_out"}, "method", "one of"),
        ({"method": "in_store", "evidence": "x"}, "marketing", "required"),
        ({"marketing": "yes", "method": "in_store", "evidence": "x"}, "marketing", "true or false"),
        ({**PAPER_FORM, "at": "2026-12-08T10:00:00+08:00"}, "at", "in the future"),
        ({**PAPER_FORM, "at": "2026-12-05T15:30:00"}, "at", "UTC offset"),
        ({**PAPER_FORM, "evidence": "x" * 501}, "evidence", "longer than 500"),
    ],
)
def test_a_bad_consent_is_refused_by_name_and_stores_nothing(
    client: FlaskClient,
    hooked: SalonHandle,
    db: Database,
    body: dict[str, Any],
    field: str,
    words: str,
) -> None:
    response = _consent(client, hooked, body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field and words in error["message"], error
    assert _history_rows(db) == 0
    assert _get(client, hooked)["consent"]["marketing"] is False
    assert _events(db, hooked, "consent.changed") == []


@pytest.mark.parametrize("words", ["退订", "STOP"])
def test_opting_out_of_texts_withdraws_consent_and_tells_the_crm(
    app: Flask, client: FlaskClient, hooked: SalonHandle, db: Database, words: str
) -> None:
    assert _consent(client, hooked, PAPER_FORM).status_code == 200
    reply(client, hooked, words)
    run_worker(app)

    shown = _get(client, hooked)
    assert shown["opted_out"] is True and shown["marketing_reachable"] is False
    assert shown["consent"]["marketing"] is False
    assert (shown["consent"]["method"], shown["consent"]["recorded_by"]) == ("opt_out", "customer")
    withdrawal = _events(db, hooked, "consent.changed")[-1]
    assert withdrawal["data"]["consent"]["method"] == "opt_out"
    assert withdrawal["data"]["customer"]["opted_out"] is True
    with db.sessions() as session:
        customer = session.scalars(select(Customer)).one()
        assert customer.marketing_consent_at is None


def test_consent_never_overrides_an_opt_out(
    app: Flask, client: FlaskClient, hooked: SalonHandle, db: Database
) -> None:
    reply(client, hooked, "退订")
    run_worker(app)
    granted = _consent(client, hooked, {"marketing": True, "method": "in_store", "evidence": "x"})
    # Recorded, and said plainly: the customer still cannot be sent marketing.
    assert granted.status_code == 200
    body = granted.get_json()
    assert body["consent"]["marketing"] is True
    assert body["opted_out"] is True and body["marketing_reachable"] is False
    # Opting out again takes the new consent away too.
    reply(client, hooked, "TD")
    run_worker(app)
    assert _get(client, hooked)["consent"]["method"] == "opt_out"
    # Opting back in to appointment texts does not bring marketing back.
    reply(client, hooked, "订阅")
    run_worker(app)
    shown = _get(client, hooked)
    assert shown["opted_out"] is False and shown["marketing_reachable"] is False


@pytest.mark.clock(NOW)
def test_the_export_holds_everything_and_erasure_removes_the_new_facts(
    app: Flask, client: FlaskClient, hooked: SalonHandle, db: Database
) -> None:
    client.patch(PATH, json={"birthday": "03-15", "tags": ["VIP"]}, headers=hooked.headers)
    _consent(client, hooked, PAPER_FORM)
    # A stored idempotent answer keeps a copy of the customer, consent included.
    kept = client.patch(
        PATH, json={"name": "王女士"}, headers={**hooked.headers, "Idempotency-Key": "k-facts-1"}
    )
    assert kept.get_json()["consent"]["evidence"] == "会员登记表 No.0042"
    reply(client, hooked, "确认")
    run_worker(app)

    export = _get(client, hooked, "/export")
    assert export["customer"] == {
        "phone": "+8613800138000",
        "name": "王女士",
        "locale": "zh-CN",
        "birthday": "03-15",
        "tags": ["VIP"],
        "opted_out": False,
        "opted_out_at": None,
        "marketing_reachable": True,
        "created_at": export["customer"]["created_at"],
    }
    assert export["consent"]["evidence"] == "会员登记表 No.0042"
    assert [c["evidence"] for c in export["consent_history"]] == ["会员登记表 No.0042"]
    assert [a["external_id"] for a in export["appointments"]] == ["A-1"]
    assert [a["status"] for a in export["appointments"]] == ["confirmed"]
    assert [m["body"] for m in export["messages"] if m["direction"] == "inbound"] == ["确认"]
    assert export["feedback"] == []
    assert export["exported_at"] == NOW

    assert client.delete(PATH, headers=hooked.headers).status_code == 204
    assert client.get(PATH + "/export", headers=hooked.headers).status_code == 404
    assert _history_rows(db) == 0
    with db.sessions() as session:
        customer = session.scalars(select(Customer)).one()
        facts = (customer.birthday, customer.tags, customer.marketing_consent_at)
        assert facts == (None, None, None)
    # The CRM's copies of the consent and the stored answers lose the evidence with the number.
    assert _copies_of(db, "No.0042", PHONE) == []
