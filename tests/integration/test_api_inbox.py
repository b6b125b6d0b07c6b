"""The inbox and customers' threads through the CRM API, and another salon's key → 404."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.models import Salon
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, in_days, reply, run_worker, status_of

PHONE = "13800138000"


def _inbox(client: FlaskClient, salon: SalonHandle, query: str = "") -> Any:
    response = client.get(f"/api/v1/inbox{query}", headers=salon.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_unclear_confirm_is_in_the_inbox_answered_and_handled(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
) -> None:
    book(client, salon, external_id="A-1", starts_at=in_days(2))
    book(client, salon, external_id="A-2", starts_at=in_days(3))
    run_worker(app)
    with db.transaction() as session:  # an answer goes at once, quiet hours or not
        session.get_one(Salon, salon.id).quiet_hours = "00:00-23:59"
    reply(client, salon, "确认")
    [item] = _inbox(client, salon)["data"]
    assert item["reason"] == "no_appointment" and item["appointment"] is None
    assert item["customer"]["name"] == "王女士" and item["message"]["body"] == "确认"
    assert item["handled_at"] is None and item["handled_by"] is None

    answered = client.post(
        f"/api/v1/customers/{PHONE}/messages",
        json={"body": "请问您确认的是哪一天？"},
        headers=salon.headers,
    )
    assert answered.status_code == 201, answered.get_json()
    assert answered.get_json()["status"] == "queued"
    run_worker(app)
    assert provider.sent[-1].body == "【丝绒发型】请问您确认的是哪一天？"

    for _ in range(2):
        handled = client.post(f"/api/v1/inbox/{item['id']}/handle", headers=salon.headers)
        assert handled.status_code == 200 and handled.get_json()["handled_by"] == "api"
    assert _inbox(client, salon, "?waiting=true")["data"] == []
    assert {status_of(client, salon, e) for e in ("A-1", "A-2")} == {"unconfirmed"}

    thread = client.get(f"/api/v1/customers/{PHONE}/messages", headers=salon.headers)
    assert [(m["direction"], m["appointment"]) for m in thread.get_json()["data"]] == [
        ("outbound", "A-1"),
        ("outbound", "A-2"),
        ("inbound", None),
        ("outbound", None),
        ("outbound", None),
    ]


def test_bad_answers_and_parameters_are_refused_naming_the_field(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    path = f"/api/v1/customers/{PHONE}/messages"
    for body, field in [
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": 3}, "body"),
        ({"body": "x" * 301}, "body"),
        ({"body": "hi", "to": "+1"}, "to"),
    ]:
        response = client.post(path, json=body, headers=salon.headers)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["field"] == field
    for query, field in [("?cursor=nope", "cursor"), ("?waiting=yes", "waiting"), ("?x=1", "x")]:
        response = client.get(f"/api/v1/inbox{query}", headers=salon.headers)
        assert response.status_code == 422 and response.get_json()["error"]["field"] == field


def test_an_opted_out_customer_gets_no_answer(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon)
    reply(client, salon, "退订")
    response = client.post(
        f"/api/v1/customers/{PHONE}/messages", json={"body": "好的"}, headers=salon.headers
    )
    assert response.status_code == 409 and response.get_json()["error"]["field"] == "phone"


def test_another_salons_key_finds_nothing(
    client: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    book(client, salon)
    reply(client, salon, "看情况？")
    [item] = _inbox(client, salon)["data"]
    other = make_salon("别家")
    assert _inbox(client, other)["data"] == []
    for method, path, body in [
        ("post", f"/api/v1/inbox/{item['id']}/handle", None),
        ("get", f"/api/v1/customers/{PHONE}/messages", None),
        ("post", f"/api/v1/customers/{PHONE}/messages", {"body": "hi"}),
    ]:
        response = getattr(client, method)(path, json=body, headers=other.headers)
        assert response.status_code == 404, path
    assert _inbox(client, salon, "?waiting=true")["data"][0]["id"] == item["id"]


def test_pages_follow_next_cursor(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon)
    for n in range(3):
        reply(client, salon, f"问题{n}？")
    first = _inbox(client, salon, "?limit=2")
    second = _inbox(client, salon, f"?limit=2&cursor={first['next_cursor']}")
    bodies = [i["message"]["body"] for i in first["data"] + second["data"]]
    assert bodies == ["问题2？", "问题1？", "问题0？"] and second["next_cursor"] is None
