"""The per-salon daily SMS cap: over it, texts wait for the salon's next day; none is lost."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Message, Salon, WebhookDelivery
from gateway.services import sweep
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    TestClock,
    book,
    in_days,
    post_signed,
    run_worker,
    twilio_form,
)

# A cap counts by the salon's day, so every test here pins its clock: 10:00 on a Monday in
# Shanghai. With the real time as its base the first test failed just after the salon's midnight:
# its next day then reached the day-before reminder of a visit booked for "tomorrow", and a
# fourth text went out.
pytestmark = pytest.mark.clock("2026-12-07T10:00:00+08:00")


def test_over_the_cap_is_held_until_the_next_day_then_sent(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    with db.transaction() as session:
        row = session.get_one(Salon, salon.id)
        row.daily_sms_cap = 2
        row.webhook_url = "http://127.0.0.1:9/crm"  # events are recorded; delivery not needed
    for i in range(3):
        # Thursday: no reminder falls due before Tuesday's midnight, when the held text goes.
        book(
            client,
            salon,
            external_id=f"A-{i}",
            customer={"phone": f"1380013800{i}"},
            starts_at="2026-12-10T14:00:00+08:00",
        )
    run_worker(app)
    assert len(provider.sent) == 2
    with db.sessions() as session:
        [held] = session.scalars(select(Message).where(Message.status == "held")).all()
        events = session.scalars(
            select(WebhookDelivery.event_type).where(
                WebhookDelivery.event_type == "salon.sms_cap_reached"
            )
        ).all()
    shanghai_midnight = held.send_after.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (shanghai_midnight.hour, shanghai_midnight.minute) == (0, 0)
    assert "daily cap of 2" in (held.error_message or "")
    assert events == ["salon.sms_cap_reached"]  # once, however many are held

    # The same day, a sweep leaves it held.
    with db.transaction() as session:
        assert sweep(session, now=held.send_after - timedelta(minutes=1)).relayed == 0
    # The salon's next day comes.
    clock.set(held.send_after)
    with db.transaction() as session:
        result = sweep(session, now=clock())
    assert result.relayed == 1
    run_worker(app)
    assert len(provider.sent) == 3
    assert len({sms.to for sms in provider.sent}) == 3


def test_cap_counts_by_the_salons_own_day(app: Flask, db: Database, salon: SalonHandle) -> None:
    from gateway.domain.schedule import local_day

    start, end = local_day(datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC")), "Asia/Shanghai")
    # 23:30 UTC is already 07:30 on the 23rd in Shanghai.
    assert start == datetime(2026, 11, 23, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert end - start == timedelta(days=1)


def test_a_held_text_about_an_old_time_is_dropped_when_the_appointment_moves(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    with db.transaction() as session:
        session.get_one(Salon, salon.id).daily_sms_cap = 1
    book(client, salon, external_id="A-0", customer={"phone": "13800138009"})
    book(client, salon, external_id="A-1", starts_at=in_days(2, hour=14))
    run_worker(app)
    [held] = _with_status(db, "held")
    assert "14:00" in held.body

    book(client, salon, external_id="A-1", starts_at=in_days(3, hour=10))  # staff move it
    assert _with_status(db, "held") == []
    assert _with_status(db, "cancelled")[0].id == held.id  # never to go out with the old time
    [new_request] = _with_status(db, "queued")
    assert "10:00" in new_request.body


def _with_status(db: Database, status: str) -> list[Message]:
    with db.sessions() as session:
        return list(
            session.scalars(select(Message).where(Message.status == status).order_by(Message.id))
        )


def _stranger_texts(client: FlaskClient, salon: SalonHandle, body: str, number: str) -> None:
    response = post_signed(client, twilio_form(body, to=salon.sender, sender=number))
    assert response.status_code == 200


def _stranger_answers(client: FlaskClient, salon: SalonHandle) -> dict[str, int]:
    response = client.get("/api/v1/stats", headers=salon.headers)
    assert response.status_code == 200
    figures: dict[str, int] = response.get_json()["messages"]["stranger_answers"]
    return figures


def test_a_stranger_is_answered_once_a_day_and_cannot_spend_the_cap(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    with db.transaction() as session:
        session.get_one(Salon, salon.id).daily_sms_cap = 10
    clock.set(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    for i in range(12):
        _stranger_texts(client, salon, f"你们几点开门{i}", "+8613900000001")
    run_worker(app)
    assert [sms.to for sms in provider.sent] == ["+8613900000001"]  # one help answer
    assert _stranger_answers(client, salon) == {"sent": 1, "suppressed": 11}

    # A customer booked after all that still gets the confirmation request at once.
    book(client, salon, customer={"phone": "13800138000"}, starts_at="2026-03-12T14:00:00+08:00")
    run_worker(app)
    assert [sms.to for sms in provider.sent][1:] == ["+8613800138000"]

    # The salon's next day, the stranger is answered once again.
    clock.set(datetime(2026, 3, 11, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai")))
    _stranger_texts(client, salon, "在吗", "+8613900000001")
    _stranger_texts(client, salon, "在吗？", "+8613900000001")
    run_worker(app)
    assert [sms.to for sms in provider.sent][2:] == ["+8613900000001"]


def test_answers_to_strangers_never_take_the_last_of_the_cap(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    with db.transaction() as session:
        session.get_one(Salon, salon.id).daily_sms_cap = 10  # 5 of them kept for appointments
    for i in range(8):
        _stranger_texts(client, salon, "HELP", f"+86139000000{i:02d}")
    run_worker(app)
    assert len(provider.sent) == 5
    assert _stranger_answers(client, salon) == {"sent": 5, "suppressed": 3}

    for i in range(5):
        book(client, salon, external_id=f"A-{i}", customer={"phone": f"1380013800{i}"})
    run_worker(app)
    requests = [sms.to for sms in provider.sent[5:]]
    assert sorted(requests) == [f"+861380013800{i}" for i in range(5)]
    with db.sessions() as session:
        assert session.scalars(select(Message).where(Message.status == "held")).all() == []


def test_a_batch_claimed_together_stops_exactly_at_the_cap(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider, clock: TestClock
) -> None:
    from gateway.models import Salon as SalonRow
    from gateway.services import Booking
    from gateway.services import book as book_service

    with db.transaction() as session:
        salon_row = session.get_one(SalonRow, salon.id)
        salon_row.daily_sms_cap = 3
        for n in range(5):
            booking = Booking(
                external_id=f"B-{n}",
                phone=f"+861380000{n:04d}",
                customer_name=None,
                customer_locale=None,
                service="剪发",
                stylist=None,
                starts_at=clock() + timedelta(days=3),
                duration_minutes=60,
                send_confirmation=True,
            )
            book_service(session, salon=salon_row, booking=booking, now=clock())
    run_worker(app)
    assert len(provider.sent) == 3
    assert len(_with_status(db, "held")) == 2
    run_worker(app)  # the same day: nothing more goes
    assert len(provider.sent) == 3
