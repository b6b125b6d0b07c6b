"""A customer's answers, taken in the order they were written: what is waiting to ask them is
dropped once they have answered, and two replies close together apply oldest first."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Appointment, Message, Salon
from gateway.services import Booking, book, process_replies, receive_reply, sweep
from gateway.services.handoff import Work, handed_off
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, customer_texts, run_worker

SH = ZoneInfo("Asia/Shanghai")
PHONE = "+8613800138000"
_sids = itertools.count(1)


def _book_at(db: Database, salon: SalonHandle, *, now: datetime, quiet_hours: str) -> list[int]:
    with db.transaction() as session:
        row = session.get_one(Salon, salon.id)
        row.quiet_hours = quiet_hours
        booking = Booking(
            external_id="A-1",
            phone=PHONE,
            customer_name="王女士",
            customer_locale=None,
            service="剪发",
            stylist="Lily",
            starts_at=datetime(2026, 11, 23, 14, 0, tzinfo=SH),
            duration_minutes=60,
            send_confirmation=True,
        )
        book(session, salon=row, booking=booking, now=now)
        return handed_off(session, Work.SEND)


def _outbound(db: Database) -> list[tuple[str | None, str]]:
    with db.sessions() as session:
        rows = session.execute(
            select(Message.template, Message.status)
            .where(Message.direction == "outbound")
            .order_by(Message.id)
        ).all()
    return [(template, status) for template, status in rows]


def test_a_request_held_for_quiet_hours_is_dropped_once_the_customer_confirmed(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider, clock: TestClock
) -> None:
    # Booked at 04:02: the request waits for 09:00; the customer confirms at 07:30 anyway.
    booked = datetime(2026, 11, 20, 4, 2, tzinfo=SH)
    assert _book_at(db, salon, now=booked, quiet_hours="21:00-09:00") == []
    clock.set(datetime(2026, 11, 20, 7, 30, tzinfo=SH))
    customer_texts(db, to_number=salon.sender, from_number=PHONE, body="确认", now=clock())

    clock.set(datetime(2026, 11, 20, 9, 1, tzinfo=SH))
    with db.transaction() as session:
        sweep(session, now=clock())
    run_worker(app)

    assert _outbound(db) == [("confirmation_request", "cancelled"), ("confirmed", "sent")]
    assert len(provider.sent) == 1  # the answer to 确认, and no request asking for one


def test_two_replies_apply_in_the_order_they_were_received_not_by_id(
    app: Flask, db: Database, salon: SalonHandle, clock: TestClock
) -> None:
    _book_at(db, salon, now=datetime(2026, 11, 20, 10, 0, tzinfo=SH), quiet_hours="off")
    first_written = datetime(2026, 11, 20, 10, 5, 0, 100_000, tzinfo=SH)
    then_written = datetime(2026, 11, 20, 10, 5, 0, 300_000, tzinfo=SH)

    def store(body: str, now: datetime) -> int:
        with db.transaction() as session:
            receive_reply(
                session,
                provider="twilio",
                provider_sid=f"SM{next(_sids):032x}",
                from_number=PHONE,
                to_number=salon.sender,
                body=body,
                now=now,
            )
            [message_id] = handed_off(session, Work.REPLY)
        return message_id

    # 改时间 came in first, but its webhook's insert lost the race: it holds the larger id.
    confirm = store("确认", then_written)
    change = store("改时间", first_written)
    assert change > confirm
    for message_id in (confirm, change):  # whichever job runs first
        with db.transaction() as session:
            process_replies(session, message_ids=[message_id], now=then_written)

    with db.sessions() as session:
        status = session.scalars(select(Appointment.status)).one()
    assert status == "confirmed"  # 改时间, then 确认: the customer's last word
