"""Customers by phone number: reading one with their counts, and erasing one for good."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import String, Text, select, update

from gateway.db import Database
from gateway.models import Base, Message, Reminder, ReminderStatus, Salon
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    book,
    in_days,
    post_signed,
    reply,
    run_worker,
    status_of,
    thread,
    twilio_form,
)

E164, NATIONAL = "+8613800138000", "13800138000"


def _customer(client: FlaskClient, salon: SalonHandle, phone: str) -> Any:
    return client.get(f"/api/v1/customers/{quote(phone, safe='')}", headers=salon.headers)


def _erase(client: FlaskClient, salon: SalonHandle, phone: str = NATIONAL) -> Any:
    return client.delete(f"/api/v1/customers/{quote(phone, safe='')}", headers=salon.headers)


def _copies_of(db: Database, *numbers: str) -> list[str]:
    """Every text column of every table, searched for the numbers: where each copy is."""
    found: list[str] = []
    with db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for column in columns:
                for number in numbers:
                    hits = session.execute(
                        select(column).where(column.contains(number, autoescape=True))
                    ).all()
                    found += [f"{table.name}.{column.name}: {row[0]!r}" for row in hits]
    return found


@pytest.mark.parametrize("spelling", [NATIONAL, E164, "+86 138-0013-8000", "0086 138 0013 8000"])
def test_customer_by_any_spelling_with_counts(
    app: Flask, client: FlaskClient, salon: SalonHandle, spelling: str
) -> None:
    book(client, salon, external_id="A-1", customer={"phone": NATIONAL, "name": "王女士"})
    book(client, salon, external_id="A-2", starts_at=in_days(3))
    reply(client, salon, "取消 " + _ref(client, salon, "A-2"))
    run_worker(app)

    response = _customer(client, salon, spelling)
    assert response.status_code == 200
    assert response.get_json() == {
        "phone": E164,
        "name": "王女士",
        "locale": "zh-CN",
        "opted_out": False,
        "birthday": None,
        "tags": [],
        "consent": {
            "marketing": False,
            "method": None,
            "evidence": None,
            "at": None,
            "recorded_at": None,
            "recorded_by": None,
            "recorded_by_name": None,
        },
        "marketing_reachable": False,
        "appointments": {
            "unconfirmed": 1,
            "confirmed": 0,
            "change_requested": 0,
            "cancelled": 1,
            "completed": 0,
            "no_show": 0,
        },
        # Two requests and the answer to 取消 out; the reply in.
        "messages": {"inbound": 1, "outbound": 3},
    }


def _ref(client: FlaskClient, salon: SalonHandle, external_id: str) -> str:
    body = client.get(f"/api/v1/appointments/{external_id}", headers=salon.headers).get_json()
    ref: str = body["ref"]
    return ref


def test_unknown_customer_is_404_and_a_non_number_is_422(
    client: FlaskClient, salon: SalonHandle
) -> None:
    assert _customer(client, salon, "13900139000").status_code == 404
    for junk in ("12345", "call me", "erased:1"):
        response = _customer(client, salon, junk)
        assert response.status_code == 422
        assert response.get_json()["error"]["field"] == "phone"
        assert _erase(client, salon, junk).status_code == 422


def test_erasure_leaves_no_copy_of_the_number_and_keeps_the_counts(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    with db.transaction() as session:
        # Events to the CRM carry the customer; make sure there are some to scrub.
        session.get_one(Salon, salon.id).webhook_url = "http://127.0.0.1:9/crm-hook"
    book(client, salon, external_id="A-1", customer={"phone": NATIONAL, "name": "王女士"})
    reply(client, salon, "确认")
    reply(client, salon, f"我的号码是{NATIONAL}，谢谢?")  # unclear: an event with the message
    # Idempotent answers keep a copy of the appointment, customer included.
    stored = client.post(
        "/api/v1/appointments",
        json={
            "external_id": "A-2",
            "customer": {"phone": E164},
            "starts_at": in_days(5),
        },
        headers={**salon.headers, "Idempotency-Key": "k-erase-1"},
    )
    assert stored.status_code == 201
    run_worker(app)
    with db.transaction() as session:
        # A provider's refusal quoting the number, as Twilio words it.
        session.execute(
            update(Message)
            .where(Message.template == "confirmed")
            .values(error_message=f"The 'To' number {E164} is not a valid phone number.")
        )
    where = {copy.split(":")[0] for copy in _copies_of(db, NATIONAL)}
    assert where == {  # the search finds every kind of copy before erasure
        "customers.phone",
        "messages.body",
        "messages.error_message",
        "webhook_deliveries.payload",
        "idempotent_requests.response_body",
    }

    assert _erase(client, salon, "+86 138 0013 8000").status_code == 204

    assert _copies_of(db, NATIONAL, E164) == []
    assert _customer(client, salon, NATIONAL).status_code == 404
    assert _erase(client, salon).status_code == 204  # a repeat is harmless
    appointment = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert appointment["status"] == "confirmed"  # the history stays, for the statistics
    assert appointment["customer"]["phone"].startswith("erased:")
    assert appointment["customer"]["name"] is None
    messages = thread(client, salon, "A-1")
    assert len(messages) >= 4 and {m["body"] for m in messages} == {""}
    assert {m["intent"] for m in messages if m["direction"] == "inbound"} == {"confirm", "unknown"}
    stats = client.get("/api/v1/stats", headers=salon.headers).get_json()
    assert stats["appointments"]["confirmed"]["count"] == 1
    assert stats["messages"]["inbound"] == 2


def test_erasure_stops_every_text_still_to_go(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    book(client, salon)  # the request is queued, and a reminder planned
    # A reply stored by the webhook that no worker has read yet.
    post_signed(client, twilio_form("确认", to=salon.sender))
    assert _erase(client, salon).status_code == 204
    run_worker(app)  # reads the reply too: there is nobody left to answer
    assert provider.sent == []
    assert [m["status"] for m in thread(client, salon)] == ["cancelled"]
    assert status_of(client, salon) == "unconfirmed"
    with db.sessions() as session:
        reminders = session.scalars(select(Reminder)).all()
        assert reminders and {r.status for r in reminders} == {ReminderStatus.CANCELLED}
    # Its appointment can no longer be moved: there is nobody left to ask.
    moved = client.patch(
        "/api/v1/appointments/A-1", json={"starts_at": in_days(4)}, headers=salon.headers
    )
    assert moved.status_code == 409 and "erased" in moved.get_json()["error"]["message"]
    # Staff can still record what happened.
    cancelled = client.patch(
        "/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=salon.headers
    )
    assert cancelled.status_code == 200
    run_worker(app)
    assert provider.sent == []


def test_the_number_booked_again_is_a_new_customer(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon, external_id="A-1", customer={"phone": NATIONAL, "name": "王女士"})
    assert _erase(client, salon).status_code == 204
    book(client, salon, external_id="A-2", customer={"phone": NATIONAL})
    again = _customer(client, salon, NATIONAL).get_json()
    assert again["name"] is None
    assert again["appointments"]["unconfirmed"] == 1  # only the new booking
    reply(client, salon, "确认")
    assert status_of(client, salon, "A-2") == "confirmed"
    assert status_of(client, salon, "A-1") == "unconfirmed"


def test_erasure_is_per_salon(client: FlaskClient, make_salon: Any, db: Database) -> None:
    mine, theirs = make_salon("丝绒发型"), make_salon("小美美甲")
    book(client, mine)
    book(client, theirs)
    assert _erase(client, mine).status_code == 204
    assert _customer(client, mine, NATIONAL).status_code == 404
    kept = _customer(client, theirs, NATIONAL)
    assert kept.status_code == 200 and kept.get_json()["name"] == "王女士"
    with db.sessions() as session:
        bodies = session.scalars(
            select(Message.body).where(Message.salon_id == theirs.id, Message.body != "")
        ).all()
        assert bodies  # the other salon's thread is untouched
