"""Reminders and quiet hours, with time injected: the sweep runs at chosen moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import select, update

from gateway.db import Database
from gateway.domain.lifecycle import AppointmentStatus
from gateway.models import Appointment, Customer, Message, Reminder, Salon
from gateway.services import Booking, book, sweep
from gateway.services.handoff import Work, handed_off
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, customer_texts, run_worker

SH = ZoneInfo("Asia/Shanghai")
LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SH)


def _booking(
    starts_at: datetime, external_id: str = "A-1", phone: str = "+8613800138000"
) -> Booking:
    return Booking(
        external_id=external_id,
        phone=phone,
        customer_name="王女士",
        customer_locale=None,
        service="剪发",
        stylist="Lily",
        starts_at=starts_at,
        duration_minutes=60,
        send_confirmation=True,
    )


def _setup(db: Database, salon: SalonHandle, **settings: str) -> None:
    with db.transaction() as session:
        row = session.get_one(Salon, salon.id)
        row.quiet_hours = settings.get("quiet_hours", "21:00-09:00")
        row.reminder_offsets = settings.get("reminder_offsets", "1440")
        if "timezone" in settings:
            row.timezone = settings["timezone"]


def _book(
    db: Database, salon: SalonHandle, starts_at: datetime, *, now: datetime, **kw: Any
) -> list[int]:
    with db.transaction() as session:
        book(
            session,
            salon=session.get_one(Salon, salon.id),
            booking=_booking(starts_at, **kw),
            now=now,
        )
        return handed_off(session, Work.SEND)


def _sweep(app: Flask, db: Database, now: datetime) -> Any:
    with db.transaction() as session:
        return sweep(session, now=now)


def _templates(db: Database) -> list[tuple[str, str]]:
    with db.sessions() as session:
        rows = session.execute(
            select(Message.template, Message.status)
            .where(Message.direction == "outbound")
            .order_by(Message.id)
        ).all()
    return [(t, s) for t, s in rows]


def _reminders(db: Database) -> list[Reminder]:
    with db.sessions() as session:
        return list(session.scalars(select(Reminder).order_by(Reminder.id)))


def test_day_before_reminder_goes_once_when_due(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(db, salon)
    starts = datetime(2026, 11, 23, 14, 0, tzinfo=SH)
    _book(db, salon, starts, now=NOW)
    [reminder] = _reminders(db)
    assert reminder.send_at == datetime(2026, 11, 22, 14, 0, tzinfo=SH)
    assert reminder.decision == "sent when due"

    assert _sweep(app, db, datetime(2026, 11, 22, 13, 59, tzinfo=SH)).reminders_queued == 0
    first = _sweep(app, db, datetime(2026, 11, 22, 14, 0, tzinfo=SH))
    again = _sweep(app, db, datetime(2026, 11, 22, 14, 1, tzinfo=SH))
    assert (first.reminders_queued, again.reminders_queued) == (1, 0)
    templates = [t for t, _ in _templates(db)]
    assert templates == ["confirmation_request", "reminder_unconfirmed"]


def test_confirmed_customer_gets_the_plain_reminder(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider, clock: TestClock
) -> None:
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    customer_texts(db, to_number=salon.sender, body="确认", now=NOW + timedelta(minutes=5))
    due = datetime(2026, 11, 22, 14, 0, tzinfo=SH)
    _sweep(app, db, due)
    assert [t for t, _ in _templates(db)][-1] == "reminder"
    clock.set(due)  # the send job judges "still upcoming" by the app's clock
    run_worker(app)
    assert "11月23日" in provider.sent[-1].body and "14:00" in provider.sent[-1].body


def test_reminder_is_not_sent_once_the_appointment_has_begun(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider, clock: TestClock
) -> None:
    """A reminder whose job runs late (a worker was down) must not arrive after the visit."""
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    _sweep(app, db, datetime(2026, 11, 22, 14, 0, tzinfo=SH))
    clock.set(datetime(2026, 11, 23, 14, 30, tzinfo=SH))
    run_worker(app)
    assert provider.sent == []
    assert _templates(db)[-1] == ("reminder_unconfirmed", "cancelled")


def test_reminder_due_at_night_waits_for_the_morning(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 22, 30, tzinfo=SH), now=NOW)
    [reminder] = _reminders(db)
    assert reminder.send_at == datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    assert "quiet hours" in reminder.decision
    assert _sweep(app, db, datetime(2026, 11, 22, 22, 30, tzinfo=SH)).reminders_queued == 0
    assert _sweep(app, db, datetime(2026, 11, 23, 9, 0, tzinfo=SH)).reminders_queued == 1


def test_reminder_swept_late_at_night_waits_for_the_morning_and_names_its_text(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider, clock: TestClock
) -> None:
    """The sweep was down all evening: the reminder becomes a text that waits for 09:00, and
    staff can still see which text it became."""
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    assert _sweep(app, db, datetime(2026, 11, 22, 23, 0, tzinfo=SH)).reminders_queued == 1
    [reminder] = _reminders(db)
    with db.sessions() as session:
        text = session.scalars(select(Message).where(Message.template == "reminder_unconfirmed"))
        [waiting] = text.all()
    assert waiting.send_after == datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    assert (reminder.status, reminder.message_id) == ("queued", waiting.id)
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=SH))
    assert _sweep(app, db, clock()).relayed == 1
    run_worker(app)
    assert "11月23日" in provider.sent[-1].body


def test_no_reminder_for_cancelled_or_past_appointments(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    _book(
        db,
        salon,
        datetime(2026, 11, 24, 14, 0, tzinfo=SH),
        now=NOW,
        external_id="A-2",
        phone="+8613900139000",
    )
    with db.transaction() as session:
        session.execute(
            update(Appointment)
            .where(Appointment.external_id == "A-1")
            .values(status=AppointmentStatus.CANCELLED)
        )
        session.execute(
            update(Appointment)
            .where(Appointment.external_id == "A-2")
            .values(status=AppointmentStatus.COMPLETED)
        )
    result = _sweep(app, db, datetime(2026, 11, 24, 14, 0, tzinfo=SH))
    assert (result.reminders_queued, result.reminders_skipped) == (0, 2)
    assert sorted(r.decision for r in _reminders(db)) == [
        "the appointment is cancelled",
        "the appointment is completed",
    ]


def test_rescheduled_appointment_is_reminded_of_the_new_time_only(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    _book(db, salon, datetime(2026, 11, 25, 16, 0, tzinfo=SH), now=NOW + timedelta(hours=1))
    old, new = _reminders(db)
    assert (old.status, old.decision) == ("cancelled", "the appointment moved")
    assert new.send_at == datetime(2026, 11, 24, 16, 0, tzinfo=SH)
    assert _sweep(app, db, datetime(2026, 11, 22, 14, 0, tzinfo=SH)).reminders_queued == 0
    assert _sweep(app, db, datetime(2026, 11, 24, 16, 0, tzinfo=SH)).reminders_queued == 1
    # Moving it back plans the original time again, still only once.
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW + timedelta(hours=2))
    assert _sweep(app, db, datetime(2026, 11, 22, 14, 0, tzinfo=SH)).reminders_queued == 1
    assert _sweep(app, db, datetime(2026, 11, 22, 14, 5, tzinfo=SH)).reminders_queued == 0


def test_opted_out_customer_gets_no_reminder(app: Flask, db: Database, salon: SalonHandle) -> None:
    _setup(db, salon)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    with db.transaction() as session:
        session.execute(update(Customer).values(opted_out_at=NOW))
    result = _sweep(app, db, datetime(2026, 11, 22, 14, 0, tzinfo=SH))
    assert (result.reminders_queued, result.reminders_skipped) == (0, 1)
    assert _reminders(db)[0].decision == "the customer opted out"


def test_several_offsets_each_once(app: Flask, db: Database, salon: SalonHandle) -> None:
    _setup(db, salon, reminder_offsets="1440,120")
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    moments = [datetime(2026, 11, 22, 14, 0, tzinfo=SH), datetime(2026, 11, 23, 12, 0, tzinfo=SH)]
    counts = [_sweep(app, db, at).reminders_queued for at in moments + moments]
    assert counts == [1, 1, 0, 0]


def test_request_created_at_night_waits_until_quiet_hours_end(
    app: Flask, db: Database, salon: SalonHandle, provider: RecordingProvider
) -> None:
    _setup(db, salon)
    night = datetime(2026, 11, 20, 23, 0, tzinfo=SH)
    assert _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=night) == []
    with db.sessions() as session:
        request = session.scalars(select(Message)).one()
    assert request.send_after == datetime(2026, 11, 21, 9, 0, tzinfo=SH)
    assert _sweep(app, db, datetime(2026, 11, 21, 8, 59, tzinfo=SH)).relayed == 0
    assert _sweep(app, db, datetime(2026, 11, 21, 9, 0, tzinfo=SH)).relayed == 1


def test_answers_to_the_customer_ignore_quiet_hours(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(db, salon)
    night = datetime(2026, 11, 20, 23, 0, tzinfo=SH)
    _book(db, salon, datetime(2026, 11, 23, 14, 0, tzinfo=SH), now=NOW)
    sends = app.extensions["sms_queue"].queue
    queued_before = sends.count
    customer_texts(db, to_number=salon.sender, body="确认", now=night)
    assert sends.count == queued_before + 1  # enqueued at once, at 23:00


def test_request_for_an_appointment_before_the_quiet_hours_end_is_kept_unsent(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(db, salon)
    night = datetime(2026, 11, 20, 23, 0, tzinfo=SH)
    _book(db, salon, datetime(2026, 11, 21, 8, 30, tzinfo=SH), now=night)
    [(template, status)] = _templates(db)
    assert (template, status) == ("confirmation_request", "cancelled")


def test_los_angeles_reminder_across_the_dst_change(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    _setup(
        db,
        salon,
        timezone="America/Los_Angeles",
        quiet_hours="21:00-09:00",
        reminder_offsets="1440",
    )
    # Sunday 1 Nov 2026, 08:30 PST. 24 elapsed hours before is Saturday 09:30 PDT: decent.
    starts = datetime(2026, 11, 1, 8, 30, tzinfo=LA).astimezone(UTC)
    _book(db, salon, starts, now=datetime(2026, 10, 25, 12, 0, tzinfo=LA), phone="+14155552671")
    [reminder] = _reminders(db)
    assert reminder.send_at == starts - timedelta(hours=24)
    assert reminder.send_at == datetime(2026, 10, 31, 9, 30, tzinfo=LA)
    # A 1-hour reminder is due 07:30 PST: quiet until 09:00, after the appointment; the evening
    # before, 20:59 PDT, is the last decent minute.
    _setup(db, salon, timezone="America/Los_Angeles", reminder_offsets="60")
    _book(
        db,
        salon,
        starts,
        now=datetime(2026, 10, 25, 12, 0, tzinfo=LA),
        external_id="A-2",
        phone="+14155552672",
    )
    late = [r for r in _reminders(db) if r.offset_minutes == 60][0]
    assert late.send_at == datetime(2026, 10, 31, 20, 59, tzinfo=LA)
    assert late.send_at.astimezone(UTC) == datetime(2026, 11, 1, 3, 59, tzinfo=UTC)


@pytest.mark.parametrize("runs", [2])
def test_two_sweeps_at_once_queue_each_reminder_once(
    app: Flask, db: Database, salon: SalonHandle, runs: int
) -> None:
    import threading

    _setup(db, salon)
    for i in range(20):
        _book(
            db,
            salon,
            datetime(2026, 11, 23, 14, 0, tzinfo=SH),
            now=NOW,
            external_id=f"A-{i}",
            phone=f"+86138001380{i:02d}",
        )
    barrier = threading.Barrier(runs)
    counts: list[int] = []

    def run() -> None:
        barrier.wait()
        counts.append(_sweep(app, db, datetime(2026, 11, 22, 14, 0, tzinfo=SH)).reminders_queued)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 20
    assert [t for t, _ in _templates(db)].count("reminder_unconfirmed") == 20
