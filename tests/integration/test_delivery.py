"""Sending and delivery: provider errors by what they mean, and status callbacks in any order."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Message
from gateway.providers import FailureKind, ProviderError
from gateway.services import SendOrder, claim_for_sending
from gateway.services.sending.delivery import start_provider_call
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    TestClock,
    book,
    book_together,
    post_signed,
    reply,
    run_worker,
    twilio_form,
)


@pytest.fixture
def provider() -> RecordingProvider:
    """Stands in for Twilio here: status callbacks arrive on Twilio's route for its sids."""
    return RecordingProvider(name="twilio")


def _request(db: Database) -> Message:
    with db.sessions() as session:
        return session.scalars(
            select(Message).where(Message.template == "confirmation_request")
        ).one()


def _callback(client: FlaskClient, sid: str, status: str, **extra: str) -> Any:
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "1" * 32, **extra}
    return post_signed(client, form, path="/sms/twilio/status")


def _sent_request(app: Flask, client: FlaskClient, salon: SalonHandle, db: Database) -> Message:
    book(client, salon)
    run_worker(app)
    message = _request(db)
    assert message.status == "sent" and message.provider_sid
    return message


ORDERS = list(itertools.permutations(["sent", "delivered", "queued"]))


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_callbacks_in_any_order_end_delivered(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, order: tuple[str, ...]
) -> None:
    sid = _sent_request(app, client, salon, db).provider_sid
    assert sid is not None
    for status in (*order, *order):  # every callback twice
        assert _callback(client, sid, status).status_code == 204
    assert _request(db).status == "delivered"


def test_undelivered_is_recorded_with_its_error(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    sid = _sent_request(app, client, salon, db).provider_sid
    assert sid is not None
    _callback(client, sid, "undelivered", ErrorCode="30003")
    message = _request(db)
    assert (message.status, message.error_code) == ("undelivered", "30003")
    _callback(client, sid, "sent")
    assert _request(db).status == "undelivered"


def test_callback_for_an_opted_out_recipient_opts_the_customer_out(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    sid = _sent_request(app, client, salon, db).provider_sid
    assert sid is not None
    _callback(client, sid, "failed", ErrorCode="21610")
    appointment = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert appointment["customer"]["opted_out"] is True


def test_callback_settles_a_send_that_timed_out(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    # What the Twilio client raises when no answer came in time (test_twilio_provider.py).
    provider.failures.append(ProviderError("no answer", code="timeout", kind=FailureKind.UNCERTAIN))
    book(client, salon)
    run_worker(app)
    message = _request(db)
    assert (message.status, message.provider_sid) == ("uncertain", None)
    response = post_signed(
        client,
        {"MessageSid": "SM" + "a" * 32, "MessageStatus": "delivered"},
        path=f"/sms/twilio/status?message={message.id}",
    )
    assert response.status_code == 204
    settled = _request(db)
    assert (settled.status, settled.provider_sid) == ("delivered", "SM" + "a" * 32)


def test_unsigned_or_unknown_callbacks_change_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    sid = _sent_request(app, client, salon, db).provider_sid
    unsigned = client.post(
        "/sms/twilio/status", data={"MessageSid": sid, "MessageStatus": "failed"}
    )
    assert unsigned.status_code == 403
    assert _callback(client, "SM" + "0" * 32, "delivered").status_code == 204
    assert _callback(client, str(sid), "").status_code == 400
    assert _request(db).status == "sent"


@pytest.mark.parametrize("code", ["21211", "21612", "21614", "30006"])
def test_undeliverable_numbers_fail_without_retry(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    code: str,
) -> None:
    provider.failures.append(ProviderError("unreachable", code=code, retryable=False))
    book(client, salon)
    run_worker(app)
    message = _request(db)
    assert (message.status, message.error_code) == ("failed", code)
    assert message.error_message == "unreachable"
    assert app.extensions["sms_queue"].queue.scheduled_job_registry.count == 0
    assert provider.sent == []


def test_send_to_an_opted_out_recipient_opts_them_out(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    # What the Twilio client raises for 21610 (tests/integration/test_twilio_provider.py).
    provider.failures.append(ProviderError("opted out", code="21610", kind=FailureKind.OPT_OUT))
    book(client, salon)
    run_worker(app)
    appointment = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert appointment["customer"]["opted_out"] is True
    book(client, salon, external_id="A-2", starts_at=appointment["starts_at"])
    assert run_worker(app) == 0  # nothing more is queued for them


def test_rate_limit_is_retried_later_and_sent_once(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    provider.failures.append(ProviderError("slow down", code="20429", retryable=True))
    book(client, salon)
    run_worker(app)
    message = _request(db)
    assert (message.status, message.error_code) == ("queued", "20429")
    queue = app.extensions["sms_queue"].queue
    [job_id] = queue.scheduled_job_registry.get_job_ids()  # RQ's Retry, with its interval
    queue.enqueue_job(queue.fetch_job(job_id))  # the retry's time has come
    run_worker(app)
    assert _request(db).status == "sent"
    assert len(provider.sent) == 1


def test_opt_out_between_queueing_and_sending_sends_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    book(client, salon)
    reply(client, salon, "STOP")
    run_worker(app)
    assert _request(db).status == "cancelled"
    [confirmation_of_opt_out] = provider.sent  # and never the request
    assert "确认请回复" not in confirmation_of_opt_out.body


def test_cancelled_appointment_request_is_not_sent_late(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    book(client, salon)
    post_signed(client, twilio_form("取消", to=salon.sender))
    run_worker(app)
    assert _request(db).status == "cancelled"
    assert [sms.body for sms in provider.sent if "确认请回复" in sms.body] == []
    assert "已取消" in provider.sent[-1].body


# --- A worker that dies between taking a text and handing it to the provider --------------------


def _sweep_at(app: Flask) -> str:
    """The cron's sweep job, at the app's (test) clock."""
    from gateway.jobs import run_sweep

    with app.app_context():
        return run_sweep()


def _claim_and_die(app: Flask, db: Database, clock: TestClock) -> SendOrder:
    """What a send job does before it calls the provider; then its worker is killed."""
    message = _request(db)
    with db.transaction() as session:
        order = claim_for_sending(session, message_id=message.id, now=clock())
    assert isinstance(order, SendOrder)
    app.extensions["sms_queue"].queue.empty()  # its job died with the worker
    return order


def test_a_text_claimed_but_never_handed_to_the_provider_is_sent_once(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    clock.set(datetime.now(UTC))
    book(client, salon)
    order = _claim_and_die(app, db, clock)

    clock.advance(timedelta(minutes=15))  # well past the claim, and past STALE_SENDING
    _sweep_at(app)
    run_worker(app)
    assert [sms.body for sms in provider.sent] == [order.body]
    assert _request(db).status == "sent"

    # The dead worker's claim cannot come back to life and send it a second time.
    with db.transaction() as session:
        assert start_provider_call(session, order=order, now=clock()) is False
    _sweep_at(app)
    run_worker(app)
    assert len(provider.sent) == 1


def test_a_text_that_may_have_gone_is_not_resent_and_the_salon_hears_after_an_hour(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    result = app.test_cli_runner().invoke(
        args=["salon", "update", str(salon.id), "--webhook-url", "http://127.0.0.1:9/hooks"]
    )
    assert result.exit_code == 0, result.output
    clock.set(datetime.now(UTC))
    book(client, salon)
    provider.failures.append(
        ProviderError("no answer in 10 s", code="timeout", kind=FailureKind.UNCERTAIN)
    )
    run_worker(app)
    assert _request(db).status == "uncertain"

    def uncertain_events() -> list[dict[str, Any]]:
        response = client.get(
            "/api/v1/webhook-deliveries?event_type=message.uncertain", headers=salon.headers
        )
        assert response.status_code == 200, response.get_json()
        data: list[dict[str, Any]] = response.get_json()["data"]
        return data

    clock.advance(timedelta(minutes=50))
    _sweep_at(app)
    assert uncertain_events() == []
    clock.advance(timedelta(minutes=15))
    _sweep_at(app)
    _sweep_at(app)
    assert len(uncertain_events()) == 1
    assert _request(db).status == "uncertain"
    assert len(provider.sent) == 0  # never re-sent blindly


def test_a_batch_refused_half_way_is_retried_and_each_text_sent_once(
    app: Flask, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    """Texts of one send job go to the provider several at once; one the provider asks to
    retry goes later, the others are not sent again."""
    ids = book_together(db, salon, 12)
    provider.failures.append(ProviderError("slow down", code="20429", retryable=True))
    assert run_worker(app) == 12
    assert len(provider.sent) == 11
    with db.sessions() as session:
        statuses = sorted(m.status for m in session.scalars(select(Message)))
    assert statuses == ["queued"] + ["sent"] * 11
    queue = app.extensions["sms_queue"].queue
    [job_id] = queue.scheduled_job_registry.get_job_ids()  # RQ's Retry of the whole batch
    queue.enqueue_job(queue.fetch_job(job_id))
    run_worker(app)
    assert sorted(sms.to for sms in provider.sent) == sorted(
        f"+861390000{n:04d}" for n in range(12)
    )
    with db.sessions() as session:
        rows = session.scalars(select(Message).where(Message.id.in_(ids))).all()
    assert {m.status for m in rows} == {"sent"}
    assert len({m.provider_sid for m in rows}) == 12


def test_a_receipt_that_overtakes_the_providers_answer_is_kept(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The delivery receipt can reach us before the worker has recorded the provider's
    answer: recording the wave then keeps "delivered" and the sid, and stamps the send."""
    send = provider.send

    def send_then_receipt(*, to: str, sender: str, body: str, callback: str | None) -> Any:
        result = send(to=to, sender=sender, body=body, callback=callback)
        message_id = _request(db).id
        receipt = {"MessageSid": result.sid, "MessageStatus": "delivered"}
        answer = post_signed(client, receipt, path=f"/sms/twilio/status?message={message_id}")
        assert answer.status_code == 204
        return result

    monkeypatch.setattr(provider, "send", send_then_receipt)
    book(client, salon)
    run_worker(app)
    message = _request(db)
    [sms] = provider.sent
    assert (message.status, message.provider_sid) == ("delivered", sms.sid)
    assert message.sent_at is not None and message.error_code is None


def test_a_wave_with_a_refusal_and_a_text_taken_leaves_the_salon_sending(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    """The provider refuses one text of a wave for the account's sake but takes the others:
    the salon is held and resumed in the same record, its refused text queued again."""
    ids = book_together(db, salon, 3)
    provider.failures.append(
        ProviderError("account suspended", code="20003", kind=FailureKind.HOLD_ACCOUNT)
    )
    run_worker(app)
    assert len(provider.sent) == 2
    assert "salons_held_by_provider" not in client.get("/healthz").get_json()
    with db.sessions() as session:
        statuses = sorted(
            m.status for m in session.scalars(select(Message).where(Message.id.in_(ids)))
        )
    assert statuses == ["queued", "sent", "sent"]
