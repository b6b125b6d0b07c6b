"""The confirmation loop through HTTP: book → request sent by a real worker → reply → status."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import Message, StatusChange
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, reply, run_worker, status_of, thread


def test_book_send_reply_confirm(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    created = book(client, salon)
    assert created["status"] == "unconfirmed"
    assert created["customer"]["phone"] == "+8613800138000"

    assert run_worker(app) == 1
    [request] = provider.sent
    assert request.to == "+8613800138000" and request.sender == salon.sender
    assert request.body.startswith("【丝绒发型】")
    assert created["ref"] in request.body and "剪发" in request.body and "Lily" in request.body

    reply(client, salon, "确认")
    assert status_of(client, salon) == "confirmed"
    run_worker(app)
    answer = provider.sent[-1].body
    assert (
        answer.startswith("【丝绒发型】") and "的预约已确认" in answer and created["ref"] in answer
    )

    messages = thread(client, salon)
    assert [(m["direction"], m["template"], m["intent"]) for m in messages] == [
        ("outbound", "confirmation_request", None),
        ("inbound", None, "confirm"),
        ("outbound", "confirmed", None),
    ]
    assert [m["status"] for m in messages] == ["sent", "received", "sent"]
    assert messages[0]["provider_sid"] == request.sid
    assert all(m["segments"] >= 1 for m in messages)


def test_every_transition_is_audited(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    reply(client, salon, "确认")
    reply(client, salon, "改时间")
    reply(client, salon, "取消")
    reply(client, salon, "确认")  # a cancelled appointment stays cancelled
    assert status_of(client, salon) == "cancelled"
    with db.sessions() as session:
        changes = session.scalars(select(StatusChange).order_by(StatusChange.id)).all()
        assert [(c.from_status, c.to_status, c.cause) for c in changes] == [
            ("unconfirmed", "confirmed", "customer_reply"),
            ("confirmed", "change_requested", "customer_reply"),
            ("change_requested", "cancelled", "customer_reply"),
        ]
        inbound_ids = session.scalars(
            select(Message.id).where(Message.direction == "inbound").order_by(Message.id)
        ).all()
        assert [c.message_id for c in changes] == inbound_ids[:3]
    templates = [m["template"] for m in thread(client, salon) if m["direction"] == "outbound"]
    assert templates[-1] == "already_cancelled"


def test_unclear_reply_changes_nothing_and_is_kept_for_staff(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon)
    run_worker(app)
    reply(client, salon, "确认还是取消？我再想想")
    assert status_of(client, salon) == "unconfirmed"
    run_worker(app)
    inbound = [m for m in thread(client, salon) if m["direction"] == "inbound"]
    assert inbound[0]["intent"] == "unknown" and inbound[0]["body"] == "确认还是取消？我再想想"
    assert "1" in provider.sent[-1].body  # the help reply says how to answer


def test_two_open_appointments_need_a_ref(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    first = book(client, salon, external_id="A-1")
    second = book(client, salon, external_id="A-2", starts_at=_later())
    run_worker(app)
    provider.sent.clear()

    reply(client, salon, "确认")
    assert status_of(client, salon, "A-1") == status_of(client, salon, "A-2") == "unconfirmed"
    run_worker(app)
    [listing] = provider.sent
    assert first["ref"] in listing.body and second["ref"] in listing.body

    reply(client, salon, f"{second['ref'].lower()} 取消")
    assert status_of(client, salon, "A-1") == "unconfirmed"
    assert status_of(client, salon, "A-2") == "cancelled"

    # One open appointment left: no ref needed any more.
    reply(client, salon, "1")
    assert status_of(client, salon, "A-1") == "confirmed"


def test_reply_with_no_appointment_is_answered_and_stored(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    reply(client, salon, "确认", sender="+8613900139000")
    run_worker(app)
    [answer] = provider.sent
    assert answer.to == "+8613900139000" and answer.body.startswith("【丝绒发型】")
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 2


def test_locale_follows_the_customer(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon, customer={"phone": "+14155552671", "name": "Ann", "locale": "en"})
    run_worker(app)
    [request] = provider.sent
    assert request.to == "+14155552671"
    assert "Reply 1 to confirm" in request.body
    reply(client, salon, "Yes, see you then!", sender="+14155552671")
    assert status_of(client, salon) == "confirmed"


def test_opt_out_stops_everything_until_opt_in(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon)
    reply(client, salon, "退订")  # before the worker ran: the request must not go out
    run_worker(app)
    [only] = provider.sent  # the opted_out confirmation, never the request
    assert "您已退订" in only.body and "确认请回复" not in only.body
    reply(client, salon, "STOP")
    book(client, salon, external_id="A-2", starts_at=_later())
    run_worker(app)
    assert len(provider.sent) == 1  # no second confirmation, no request
    appointment: dict[str, Any] = client.get(
        "/api/v1/appointments/A-2", headers=salon.headers
    ).get_json()
    assert appointment["customer"]["opted_out"] is True

    reply(client, salon, "START")
    run_worker(app)
    assert len(provider.sent) == 2


def test_twilio_cancel_opt_out_cancels_the_appointment_and_records_opt_out(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon, customer={"phone": "+14155552671", "locale": "en"})
    reply(client, salon, "CANCEL", sender="+14155552671", OptOutType="STOP")
    appointment = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert appointment["status"] == "cancelled"
    assert appointment["customer"]["opted_out"] is True


def test_job_run_twice_sends_once(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    from gateway.jobs import send_message

    book(client, salon)
    with db.sessions() as session:
        message_id = session.scalar(select(Message.id))
    with app.app_context():
        assert send_message(message_id).startswith("sent")
        assert send_message(message_id) == "skipped: not queued"
    run_worker(app)  # and the job RQ already holds
    assert len(provider.sent) == 1


def _later() -> str:
    from tests.support import in_days

    return in_days(3, hour=16)
