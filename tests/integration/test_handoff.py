"""The one after-commit hand-off: what a transaction queues reaches the workers only if it
commits, and a savepoint that rolls back takes back only its own work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from gateway.db import Database
from gateway.models import Salon
from gateway.queueing import SmsQueue
from gateway.services import Booking, book, receive_reply
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, run_worker


class _Changed(Exception):
    """The caller's mind: something after the service failed, so the transaction rolls back."""


def _book(session: Session, salon: SalonHandle, external_id: str, phone: str) -> None:
    row = session.get_one(Salon, salon.id)
    row.quiet_hours = "off"  # the request is due at once
    booking = Booking(
        external_id=external_id,
        phone=phone,
        customer_name=None,
        customer_locale=None,
        service="剪发",
        stylist=None,
        starts_at=datetime.now(UTC) + timedelta(days=2),
        duration_minutes=60,
        send_confirmation=True,
    )
    book(session, salon=row, booking=booking, now=datetime.now(UTC))


def test_a_booking_whose_transaction_rolls_back_texts_nobody(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider
) -> None:
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    with pytest.raises(_Changed), db.transaction() as session:
        _book(session, salon, "A-1", "+8613800138000")
        raise _Changed
    assert sms_queue.queue.count == 0
    run_worker(app)
    assert provider.sent == []

    with db.transaction() as session:  # the same booking, committed, does reach the queue
        _book(session, salon, "A-1", "+8613800138000")
    assert sms_queue.queue.count == 1
    run_worker(app)
    assert [sms.to for sms in provider.sent] == ["+8613800138000"]


def test_a_reply_whose_transaction_rolls_back_is_not_acted_on(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    with pytest.raises(_Changed), db.transaction() as session:
        receive_reply(
            session,
            provider="twilio",
            provider_sid="SM" + "1" * 32,
            from_number="+8613800138000",
            to_number=salon.sender,
            body="确认",
            now=datetime.now(UTC),
        )
        raise _Changed
    assert sms_queue.replies.count == 0


def test_a_savepoint_rolled_back_takes_back_only_its_own_work(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider
) -> None:
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    with db.transaction() as session:
        _book(session, salon, "A-1", "+8613800138000")
        with pytest.raises(_Changed), session.begin_nested():
            _book(session, salon, "A-2", "+8613800138001")
            raise _Changed
    assert sms_queue.queue.count == 1
    run_worker(app)
    assert [sms.to for sms in provider.sent] == ["+8613800138000"]
