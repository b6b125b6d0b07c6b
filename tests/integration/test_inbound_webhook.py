"""The Twilio inbound webhook: signatures, duplicates, concurrency, and input nobody planned for."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import Message, StatusChange, utcnow
from gateway.providers.twilio.webhooks import EMPTY_TWIML
from gateway.services.handoff import Work, handed_off
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    book,
    in_days,
    post_signed,
    process_replies,
    run_worker,
    sign,
    status_of,
    twilio_form,
)


def _count(db: Database, model: Any) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_valid_signature_is_answered_with_empty_twiml(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    response = post_signed(client, twilio_form("确认", to=salon.sender))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert response.get_data(as_text=True) == EMPTY_TWIML


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda form, headers: headers.pop("X-Twilio-Signature"), id="missing"),
        pytest.param(
            lambda form, headers: headers.update({"X-Twilio-Signature": "bm90IGl0"}), id="wrong"
        ),
        pytest.param(lambda form, headers: form.update({"Body": "取消"}), id="body-tampered"),
        pytest.param(
            lambda form, headers: form.update({"From": "+8613900139000"}), id="from-tampered"
        ),
        pytest.param(
            lambda form, headers: headers.update(
                {"X-Twilio-Signature": sign("http://localhost/sms/twilio/inbound", form, "other")}
            ),
            id="other-token",
        ),
    ],
)
def test_bad_signature_is_refused_and_nothing_changes(
    client: FlaskClient, salon: SalonHandle, db: Database, tamper: Any
) -> None:
    book(client, salon)
    before = _count(db, Message)
    form = twilio_form("确认", to=salon.sender)
    headers = {"X-Twilio-Signature": sign("http://localhost/sms/twilio/inbound", form)}
    tamper(form, headers)
    response = client.post("/sms/twilio/inbound", data=form, headers=headers)
    assert response.status_code == 403
    assert _count(db, Message) == before
    assert status_of(client, salon) == "unconfirmed"


def test_signature_behind_a_proxy_uses_public_base_url(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    settings = app.extensions["settings"]
    app.extensions["settings"] = replace(settings, public_base_url="https://sms.example.com/")
    form = twilio_form("确认", to=salon.sender)
    public = "https://sms.example.com/sms/twilio/inbound?salon=1"
    # Signed for the URL the proxy received, not for the http://localhost the app sees.
    ok = post_signed(client, form, path="/sms/twilio/inbound?salon=1", signed_url=public)
    assert ok.status_code == 200
    process_replies(app)
    assert status_of(client, salon) == "confirmed"

    local = twilio_form("取消", to=salon.sender)
    refused = post_signed(client, local, path="/sms/twilio/inbound?salon=1")
    assert refused.status_code == 403
    assert status_of(client, salon) == "confirmed"


def test_unknown_salon_number_is_answered_and_not_stored(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    response = post_signed(client, twilio_form("确认", to="+8610690009999"))
    assert response.status_code == 200
    assert _count(db, Message) == 0


@pytest.mark.parametrize("missing", ["MessageSid", "AccountSid", "From", "To", "Body"])
def test_missing_twilio_fields_are_a_clear_400(
    client: FlaskClient, salon: SalonHandle, db: Database, missing: str
) -> None:
    book(client, salon)
    form = twilio_form("取消", to=salon.sender)
    del form[missing]
    response = post_signed(client, form)
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith(f"{missing}: required")
    assert _count(db, Message) == 1  # the confirmation request only
    assert status_of(client, salon) == "unconfirmed"


def test_an_empty_body_is_stored_and_answered(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon)
    assert post_signed(client, twilio_form("", to=salon.sender)).status_code == 200
    process_replies(app)
    run_worker(app)
    assert status_of(client, salon) == "unconfirmed"
    assert len(provider.sent) == 2  # the request, and the help answer to the empty text


def test_a_rearranged_replay_of_a_real_cancel_is_refused(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon, external_id="A-1")
    captured = twilio_form("取消", to=salon.sender)
    signature = sign("http://localhost/sms/twilio/inbound", captured)
    headers = {"X-Twilio-Signature": signature}
    assert client.post("/sms/twilio/inbound", data=captured, headers=headers).status_code == 200
    process_replies(app)
    assert status_of(client, salon, "A-1") == "cancelled"
    book(client, salon, external_id="A-2", starts_at=in_days(9))  # the customer's next one

    # Twilio signs names and values run together: this is the same string, a "new" sid.
    replayed = {k: v for k, v in captured.items() if k != "NumMedia"}
    replayed["MessageSid"] = captured["MessageSid"] + "NumMedia" + captured["NumMedia"]
    assert sign("http://localhost/sms/twilio/inbound", replayed) == signature
    response = client.post("/sms/twilio/inbound", data=replayed, headers=headers)
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith("MessageSid: not a Twilio message sid")
    process_replies(app)
    assert status_of(client, salon, "A-2") == "unconfirmed"
    assert _count(db, Message) == 4  # two requests, the 取消, its answer: no second 取消


@pytest.mark.parametrize(
    "sid",
    ["SM1", "SM" + "0" * 31, "SM" + "0" * 33, "SM" + "g" * 32, "AB" + "0" * 32, "sm" + "0" * 32],
)
def test_only_twilios_sids_are_accepted(
    client: FlaskClient, salon: SalonHandle, db: Database, sid: str
) -> None:
    book(client, salon)
    response = post_signed(client, twilio_form("取消", to=salon.sender, MessageSid=sid))
    assert response.status_code == 400
    assert b"MessageSid: not a Twilio message sid" in response.data
    assert _count(db, Message) == 1  # the confirmation request only
    assert status_of(client, salon) == "unconfirmed"


def test_media_sids_and_upper_case_hex_are_twilios_too(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    form = twilio_form("确认", to=salon.sender, MessageSid="MM" + "A0" * 16)
    assert post_signed(client, form).status_code == 200
    process_replies(app)
    assert status_of(client, salon) == "confirmed"


def test_a_sid_that_disagrees_with_its_twin_is_refused(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    form = twilio_form("取消", to=salon.sender, SmsSid="SM" + "f" * 32)
    response = post_signed(client, form)
    assert response.status_code == 400
    assert b"name different messages" in response.data
    assert status_of(client, salon) == "unconfirmed"


@pytest.mark.parametrize("field", ["Body", "To", "From", "MessageSid"])
def test_a_nul_byte_is_a_400_and_nothing_is_stored(
    client: FlaskClient, salon: SalonHandle, db: Database, field: str
) -> None:
    book(client, salon)
    form = twilio_form("取消", to=salon.sender)
    form[field] = form[field][:3] + "\x00" + form[field][3:]
    response = post_signed(client, form)
    assert response.status_code == 400
    assert response.get_data(as_text=True) == f"{field}: NUL characters are not allowed"
    assert _count(db, Message) == 1
    assert status_of(client, salon) == "unconfirmed"


def test_two_thousand_character_reply_is_kept_and_changes_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    body = "确认" * 1000
    response = post_signed(client, twilio_form(body, to=salon.sender))
    assert response.status_code == 200
    process_replies(app)
    assert status_of(client, salon) == "unconfirmed"
    with db.sessions() as session:
        stored = session.scalars(select(Message).where(Message.direction == "inbound")).one()
        assert stored.body == body and stored.intent == "unknown"


def test_unusable_from_number_is_stored_without_an_answer(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    response = post_signed(client, twilio_form("确认", to=salon.sender, sender="10086-1"))
    assert response.status_code == 200
    run_worker(app)
    assert provider.sent == []
    assert _count(db, Message) == 1


def test_same_message_sid_twice_acts_once(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    book(client, salon)
    run_worker(app)
    form = twilio_form("确认", to=salon.sender)
    assert post_signed(client, form).status_code == 200
    assert post_signed(client, form).status_code == 200
    run_worker(app)
    assert _count(db, StatusChange) == 1
    with db.sessions() as session:
        inbound = session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "inbound")
        )
    assert inbound == 1
    assert len(provider.sent) == 2  # the request, and one answer


@pytest.mark.parametrize("copies", [8])
def test_concurrent_deliveries_of_one_message_act_once(
    app: Flask, salon: SalonHandle, provider: RecordingProvider, db: Database, copies: int
) -> None:
    client = app.test_client()
    book(client, salon)
    run_worker(app)
    form = twilio_form("取消", to=salon.sender)
    barrier = threading.Barrier(copies)
    statuses: list[int] = []

    def deliver() -> None:
        own_client = app.test_client()
        barrier.wait()
        statuses.append(post_signed(own_client, form).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * copies
    process_replies(app)
    assert status_of(client, salon) == "cancelled"
    assert _count(db, StatusChange) == 1
    run_worker(app)
    assert len(provider.sent) == 2  # the request, and exactly one "cancelled" answer


def test_concurrent_different_replies_from_one_customer_are_applied_in_turn(
    app: Flask, salon: SalonHandle, db: Database
) -> None:
    client = app.test_client()
    book(client, salon)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def deliver(body: str) -> None:
        own_client = app.test_client()
        barrier.wait()
        statuses.append(post_signed(own_client, twilio_form(body, to=salon.sender)).status_code)

    threads = [threading.Thread(target=deliver, args=(b,)) for b in ("确认", "改时间")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    process_replies(app)
    # Whichever came second saw the first one's result: the audit trail is a chain.
    with db.sessions() as session:
        changes = session.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert changes[0].from_status == "unconfirmed"
    for earlier, later in zip(changes, changes[1:], strict=False):
        assert later.from_status == earlier.to_status
    assert status_of(client, salon) == changes[-1].to_status


def test_replies_are_acted_on_in_the_order_the_customer_sent_them(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    from gateway.services import process_replies as act

    book(client, salon)
    for body in ("确认", "取消"):
        assert post_signed(client, twilio_form(body, to=salon.sender)).status_code == 200
    with db.sessions() as session:
        first, second = session.scalars(
            select(Message.id).where(Message.direction == "inbound").order_by(Message.id)
        ).all()
    # The job for the later reply runs first: it takes the earlier one along, oldest first.
    with db.transaction() as session:
        assert act(session, message_ids=[second], now=utcnow()).processed == 2
    with db.transaction() as session:
        assert act(session, message_ids=[first], now=utcnow()).processed == 0
    with db.sessions() as session:
        changes = session.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("unconfirmed", "confirmed"),
        ("confirmed", "cancelled"),
    ]


def test_a_reply_whose_job_was_lost_is_picked_up_by_the_sweep(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    from gateway.services import sweep

    book(client, salon)
    post_signed(client, twilio_form("确认", to=salon.sender))
    sms_queue = app.extensions["sms_queue"]
    sms_queue.replies.empty()  # Redis lost the reply: its id and the job that would take it
    sms_queue.connection.delete(sms_queue.replies_waiting)
    with db.transaction() as session:
        assert sweep(session, now=utcnow()).replies_relayed == 0  # too soon to tell
    with db.transaction() as session:
        sweep(session, now=utcnow() + timedelta(minutes=5))
    assert sms_queue.replies.count == 1  # handed to the workers again
    process_replies(app)
    assert status_of(client, salon) == "confirmed"


def test_a_late_worker_judges_by_when_the_customer_wrote(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    from gateway.services import process_replies as act
    from gateway.services import receive_reply

    created = book(client, salon)
    starts = datetime.fromisoformat(created["starts_at"])
    with db.transaction() as session:
        receive_reply(
            session,
            provider="twilio",
            provider_sid="SM" + "7" * 32,
            from_number="+8613800138000",
            to_number=salon.sender,
            body="取消",
            now=starts - timedelta(minutes=30),
        )
        [message_id] = handed_off(session, Work.REPLY)
    # A Redis outage: the worker gets to it after the appointment's start time.
    with db.transaction() as session:
        act(session, message_ids=[message_id], now=starts + timedelta(hours=1))
    assert status_of(client, salon) == "cancelled"
