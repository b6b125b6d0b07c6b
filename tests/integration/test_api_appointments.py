"""The CRM API for appointments: auth, validation, upsert, reading, and salon isolation."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    appointment_payload,
    book,
    in_days,
    reply,
    run_worker,
    status_of,
)


def _post(client: FlaskClient, salon: SalonHandle, payload: Any, **kwargs: Any) -> Any:
    return client.post("/api/v1/appointments", json=payload, headers=salon.headers, **kwargs)


def _error(response: Any) -> dict[str, str]:
    body = response.get_json()
    assert set(body) == {"error"}, body
    error: dict[str, str] = body["error"]
    assert error["code"] and error["message"]
    return error


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer sk_wrong"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer "},
    ],
)
def test_missing_or_wrong_key_is_401(
    client: FlaskClient, salon: SalonHandle, headers: dict[str, str]
) -> None:
    for response in (
        client.post("/api/v1/appointments", json=appointment_payload(), headers=headers),
        client.get("/api/v1/appointments/A-1", headers=headers),
        client.get("/api/v1/appointments/A-1/messages", headers=headers),
    ):
        assert response.status_code == 401
        assert _error(response)["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_create_then_update_is_201_then_200(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    created = _post(client, salon, appointment_payload())
    assert created.status_code == 201
    assert created.headers["Location"] == "/api/v1/appointments/A-1"
    body = created.get_json()
    assert set(body) == {
        "id", "external_id", "status", "ref", "customer", "service", "stylist",
        "starts_at", "duration_minutes", "created_at", "updated_at",
    }  # fmt: skip
    assert body["customer"] == {
        "phone": "+8613800138000",
        "name": "王女士",
        "locale": "zh-CN",
        "opted_out": False,
    }
    assert body["duration_minutes"] == 60 and body["starts_at"].endswith("+08:00")

    updated = _post(client, salon, appointment_payload(stylist="Amy", duration_minutes=90))
    assert updated.status_code == 200
    again = updated.get_json()
    assert again["id"] == body["id"] and again["ref"] == body["ref"]
    assert again["stylist"] == "Amy" and again["duration_minutes"] == 90
    run_worker(app)
    assert len(provider.sent) == 1  # same time, same customer: no second request


def test_new_time_reschedules_and_drops_the_old_request(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon)
    reply(client, salon, "确认")
    assert status_of(client, salon) == "confirmed"
    moved = book(client, salon, starts_at=in_days(4, hour=10))
    assert moved["status"] == "unconfirmed"
    run_worker(app)
    # The old request and the "confirmed" answer were still queued: only the new request goes.
    [request] = provider.sent
    assert "10:00" in request.body


def test_cancelled_appointment_cannot_be_moved_by_upsert(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    reply(client, salon, "取消")
    response = _post(client, salon, appointment_payload(starts_at=in_days(5)))
    assert response.status_code == 409
    assert _error(response)["field"] == "starts_at"


@pytest.mark.parametrize(
    ("phone", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("008613800138000", "+8613800138000"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("+886 912 345 678", "+886912345678"),
    ],
)
def test_phone_spellings_are_stored_as_e164(
    client: FlaskClient, salon: SalonHandle, phone: str, e164: str
) -> None:
    body = book(client, salon, customer={"phone": phone})
    assert body["customer"]["phone"] == e164


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"customer": {"phone": "12345"}}, "invalid_phone", "customer.phone"),
        ({"customer": {"phone": "call me"}}, "invalid_phone", "customer.phone"),
        ({"customer": {"phone": 13800138000}}, "invalid_field", "customer.phone"),
        ({"customer": {"name": "x"}}, "missing_field", "customer.phone"),
        ({"customer": "13800138000"}, "invalid_field", "customer"),
        ({"customer": None}, "missing_field", "customer"),
        (
            {"customer": {"phone": "13800138000", "locale": "fr"}},
            "invalid_field",
            "customer.locale",
        ),
        ({"customer": {"phone": "13800138000", "vip": True}}, "unknown_field", "customer.vip"),
        ({"external_id": ""}, "missing_field", "external_id"),
        ({"external_id": None}, "missing_field", "external_id"),
        ({"external_id": 7}, "invalid_field", "external_id"),
        ({"external_id": "x" * 101}, "invalid_field", "external_id"),
        ({"starts_at": None}, "missing_field", "starts_at"),
        ({"starts_at": "tomorrow 2pm"}, "invalid_field", "starts_at"),
        ({"starts_at": "2030-01-01T14:00:00"}, "invalid_field", "starts_at"),
        ({"starts_at": "2020-01-01T14:00:00+08:00"}, "invalid_request", "starts_at"),
        ({"duration_minutes": 0}, "invalid_field", "duration_minutes"),
        ({"duration_minutes": "60"}, "invalid_field", "duration_minutes"),
        ({"duration_minutes": True}, "invalid_field", "duration_minutes"),
        ({"send_confirmation": "yes"}, "invalid_field", "send_confirmation"),
        ({"service": ["cut"]}, "invalid_field", "service"),
        ({"stylist": "s" * 2000}, "invalid_field", "stylist"),
        ({"id": 5}, "unknown_field", "id"),
        ({"status": "confirmed"}, "unknown_field", "status"),
        ({"salon_id": 2}, "unknown_field", "salon_id"),
    ],
)
def test_bad_fields_are_422_naming_the_field_and_store_nothing(
    client: FlaskClient, salon: SalonHandle, change: dict[str, Any], code: str, field: str
) -> None:
    payload = appointment_payload()
    payload.update(change)
    response = _post(client, salon, payload)
    assert response.status_code == 422, response.get_json()
    error = _error(response)
    assert (error["code"], error.get("field")) == (code, field)
    assert field.split(".")[-1] in error["message"]
    assert client.get("/api/v1/appointments/A-1", headers=salon.headers).status_code == 404


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        ('{"external_id": "A-1",', "application/json", 400, "invalid_json"),
        ("[1, 2]", "application/json", 422, "invalid_field"),
        ('"text"', "application/json", 422, "invalid_field"),
        ("external_id=A-1", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ("\xff\xfe", "application/json", 400, "invalid_json"),
    ],
)
def test_malformed_bodies_are_clear_4xx(
    client: FlaskClient, salon: SalonHandle, data: str, content_type: str, status: int, code: str
) -> None:
    response = client.post(
        "/api/v1/appointments", data=data, content_type=content_type, headers=salon.headers
    )
    assert response.status_code == status
    assert _error(response)["code"] == code


def test_unknown_routes_and_methods_answer_json(client: FlaskClient, salon: SalonHandle) -> None:
    missing = client.get("/api/v1/nothing-here", headers=salon.headers)
    assert missing.status_code == 404 and _error(missing)["code"] == "not_found"
    wrong = client.delete("/api/v1/appointments", headers=salon.headers)
    assert wrong.status_code == 405 and "POST" in wrong.headers["Allow"]
    assert _error(wrong)["code"] == "method_not_allowed"


def test_oversized_body_is_413(client: FlaskClient, salon: SalonHandle) -> None:
    payload = appointment_payload(service="x" * 300_000)
    response = _post(client, salon, payload)
    assert response.status_code == 413
    assert _error(response)["code"] == "request_entity_too_large"


def test_another_salons_appointment_is_not_found(client: FlaskClient, make_salon: Any) -> None:
    mine, theirs = make_salon("丝绒发型"), make_salon("小美美甲")
    book(client, theirs, external_id="SECRET-1")
    for path in ("/api/v1/appointments/SECRET-1", "/api/v1/appointments/SECRET-1/messages"):
        response = client.get(path, headers=mine.headers)
        assert response.status_code == 404
        assert "SECRET" not in str(response.get_json()["error"].get("field", ""))
    # The same external_id in two salons is two appointments.
    own = book(client, mine, external_id="SECRET-1", customer={"phone": "13900139000"})
    theirs_view = client.get("/api/v1/appointments/SECRET-1", headers=theirs.headers).get_json()
    assert own["id"] != theirs_view["id"]
    assert theirs_view["customer"]["phone"] == "+8613800138000"


def test_replies_only_reach_the_salon_they_were_sent_to(
    client: FlaskClient, make_salon: Any
) -> None:
    first, second = make_salon("丝绒发型"), make_salon("小美美甲")
    book(client, first)
    book(client, second)
    reply(client, second, "取消")
    assert status_of(client, first) == "unconfirmed"
    assert status_of(client, second) == "cancelled"


def test_send_confirmation_false_queues_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon, send_confirmation=False)
    assert run_worker(app) == 0
    assert provider.sent == []
