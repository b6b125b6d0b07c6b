"""The inbox's actions through the API: an unclear reply read as confirm / change / cancel, and
a change request moved to a new time; each only on the salon's own items, each answering the
customer as the console's would."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support import SalonHandle, book, reply, run_worker, status_of, thread

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")


def waiting(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get(
        "/api/v1/inbox?waiting=true", headers=salon.headers
    ).get_json()["data"]
    return data


def outbound(client: FlaskClient, salon: SalonHandle) -> list[str]:
    return [m["template"] for m in thread(client, salon, "A-1") if m["direction"] == "outbound"]


@pytest.mark.parametrize(
    ("intent", "status", "answer", "still_waiting"),
    [
        ("confirm", "confirmed", "confirmed", []),
        ("cancel", "cancelled", "cancelled", []),
        ("change", "change_requested", "change_received", ["change_requested"]),
    ],
)
def test_an_unclear_reply_is_treated_as_the_answer_it_was(
    client: FlaskClient,
    salon: SalonHandle,
    intent: str,
    status: str,
    answer: str,
    still_waiting: list[str],
) -> None:
    book(client, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(client, salon, "可以停车吗？")
    [item] = waiting(client, salon)
    assert item["reason"] == "unclear_reply"
    treated = client.post(
        f"/api/v1/inbox/{item['id']}/treat-as", json={"intent": intent}, headers=salon.headers
    )
    assert treated.status_code == 200, treated.get_json()
    body = treated.get_json()
    assert (body["treated_as"], body["treated_by"]) == (intent, "api")
    assert status_of(client, salon) == status
    assert outbound(client, salon)[-1] == answer
    assert [i["reason"] for i in waiting(client, salon)] == still_waiting
    [read] = [m for m in thread(client, salon, "A-1") if m["direction"] == "inbound"]
    assert read["intent"] == intent  # the reply is now recorded as what staff read it as


def test_treat_as_refuses_what_it_cannot_do_and_changes_nothing(
    client: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    book(client, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(client, salon, "可以停车吗？")
    [item] = waiting(client, salon)
    path = f"/api/v1/inbox/{item['id']}/treat-as"
    other = make_salon("小美美甲")
    assert client.post(path, json={"intent": "cancel"}, headers=other.headers).status_code == 404
    bad = client.post(path, json={"intent": "maybe"}, headers=salon.headers)
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "intent"
    assert client.post(path, data="intent=cancel", headers=salon.headers).status_code in (400, 415)
    assert status_of(client, salon) == "unconfirmed" and len(waiting(client, salon)) == 1
    client.post(f"/api/v1/inbox/{item['id']}/handle", headers=salon.headers)
    again = client.post(path, json={"intent": "cancel"}, headers=salon.headers)
    assert again.status_code == 409 and status_of(client, salon) == "unconfirmed"


def test_a_change_request_is_moved_and_the_customer_is_texted_the_new_time(
    app: Flask, client: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    book(client, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(client, salon, "改时间")
    [item] = waiting(client, salon)
    assert item["reason"] == "change_requested"
    path = f"/api/v1/inbox/{item['id']}/move"
    other = make_salon("小美美甲")
    new_time = {"starts_at": "2026-12-08T11:00:00+08:00", "stylist": "Mia"}
    assert client.post(path, json=new_time, headers=other.headers).status_code == 404
    past = client.post(path, json={"starts_at": "2026-12-01T11:00:00+08:00"}, headers=salon.headers)
    assert past.status_code == 422 and past.get_json()["error"]["field"] == "starts_at"
    assert len(waiting(client, salon)) == 1

    moved = client.post(path, json=new_time, headers=salon.headers)
    assert moved.status_code == 200, moved.get_json()
    assert (moved.get_json()["handled_by"], waiting(client, salon)) == ("api", [])
    appointment = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert (appointment["status"], appointment["starts_at"], appointment["stylist"]) == (
        "unconfirmed",
        "2026-12-08T11:00:00+08:00",
        "Mia",
    )
    run_worker(app)
    [request] = [
        m for m in thread(client, salon, "A-1") if m["template"] == "confirmation_request"
    ][-1:]
    assert "12月8日 11:00" in request["body"]
