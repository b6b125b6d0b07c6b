"""A letter in a phone number is refused wherever a number comes in: phonenumbers would read
138ABCD8000 as +8613822238000 (the letters of a phone keypad) and text a stranger."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Salon
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    appointment_payload,
    book,
    post_signed,
    process_replies,
    run_worker,
    status_of,
    twilio_form,
)


def test_a_booking_with_letters_in_the_phone_is_a_422_and_texts_nobody(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    response = client.post(
        "/api/v1/appointments",
        json=appointment_payload(customer={"phone": "138ABCD8000"}),
        headers=salon.headers,
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == "customer.phone"
    assert "letters are not allowed" in error["message"]
    run_worker(app)
    assert provider.sent == []
    listed = client.get("/api/v1/appointments", headers=salon.headers).get_json()
    assert listed["data"] == []


def test_looking_up_a_customer_with_letters_is_a_422(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon, customer={"phone": "13822238000"})
    response = client.get("/api/v1/customers/138ABCD8000", headers=salon.headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "phone"
    erase = client.delete("/api/v1/customers/138ABCD8000", headers=salon.headers)
    assert erase.status_code == 422
    assert client.get("/api/v1/customers/13822238000", headers=salon.headers).status_code == 200


def test_a_reply_from_a_number_with_letters_is_a_422_and_changes_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon, customer={"phone": "13822238000"})
    run_worker(app)
    response = post_signed(client, twilio_form("取消", to=salon.sender, sender="+86138ABCD8000"))
    assert response.status_code == 422
    assert response.get_data(as_text=True) == "From: letters are not allowed in a phone number"
    process_replies(app)
    run_worker(app)
    assert status_of(client, salon) == "unconfirmed"
    assert len(provider.sent) == 1  # the confirmation request, and no answer to anyone


def test_a_sender_number_with_letters_is_refused_by_the_command_line(
    app: Flask, db: Database
) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["salon", "create", "--name", "丝绒", "--sender", "+86 1069 0000 ABC"]
    )
    assert result.exit_code == 2
    assert "--sender" in result.output
    assert "letters are not allowed in a phone number" in result.output
    with db.sessions() as session:
        assert session.scalars(select(Salon.name)).all() == []
