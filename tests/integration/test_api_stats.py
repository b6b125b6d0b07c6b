"""Salon statistics on a small dataset whose every figure is known, built with time injected."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.domain.lifecycle import AppointmentStatus
from gateway.models import Appointment, Salon
from gateway.services import (
    Booking,
    StaffEdit,
    book,
    claim_for_sending,
    edit_appointment,
    record_sent,
)
from gateway.services.handoff import Work, handed_off
from tests.support import SalonHandle, customer_texts, in_days, thread
from tests.support import book as book_via_api

#: Now for every test here: figures are counted by the salon's days and weeks, so a run near a
#: midnight or a month's end must not move a case from one window to the next.
NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
pytestmark = pytest.mark.clock(NOW.isoformat())
#: Ten days ago at noon in Shanghai: bookings, sends and replies all happen then.
T0 = (NOW - timedelta(days=10)).replace(hour=4, minute=0, second=0, microsecond=0)
_sids = itertools.count(1)


@dataclass(frozen=True)
class Case:
    """One appointment: when it starts, what the customer answers (and after how long), and
    what staff record once it is over."""

    starts_in_days: int
    reply: str | None = None
    reply_after_s: int = 0
    outcome: AppointmentStatus | None = None


CASES = [
    Case(12, "确认", 120),  # confirmed
    Case(12, "取消", 600),  # cancelled
    Case(12, "hello?", 300),  # unclear: stays unconfirmed
    Case(12),  # no answer: unconfirmed
    Case(5, "确认", 240, AppointmentStatus.COMPLETED),
    Case(5, "确认", 60, AppointmentStatus.NO_SHOW),
    Case(5, None, 0, AppointmentStatus.NO_SHOW),
    Case(5, None, 0, AppointmentStatus.COMPLETED),
    Case(12, "改时间", 30),  # change requested
    Case(5, None, 0, AppointmentStatus.COMPLETED),
]


def _phone(n: int) -> str:
    return f"+86139001{n:05d}"


def _build(db: Database, salon: SalonHandle) -> None:
    """Book every case at T0, send its request a minute later, reply, record the outcome."""
    with db.transaction() as session:
        session.get_one(Salon, salon.id).quiet_hours = "21:00-09:00"  # T0 is noon: none waits
    sent_at = T0 + timedelta(minutes=1)
    for n, case in enumerate(CASES):
        with db.transaction() as session:
            result = book(
                session,
                salon=session.get_one(Salon, salon.id),
                booking=Booking(
                    external_id=f"S-{n}",
                    phone=_phone(n),
                    customer_name=None,
                    customer_locale=None,
                    service="剪发",
                    stylist=None,
                    starts_at=T0 + timedelta(days=case.starts_in_days),
                    duration_minutes=60,
                    send_confirmation=True,
                ),
                now=T0,
            )
            for message_id in handed_off(session, Work.SEND):
                claim_for_sending(session, message_id=message_id, now=sent_at)
                record_sent(
                    session, message_id=message_id, provider="twilio", sid=_sid(), now=sent_at
                )
            appointment_id = result.appointment.id
        if case.reply is not None:
            customer_texts(
                db,
                now=sent_at + timedelta(seconds=case.reply_after_s),
                from_number=_phone(n),
                to_number=salon.sender,
                body=case.reply,
            )
        if case.outcome is not None:
            with db.transaction() as session:
                edit_appointment(
                    session,
                    appointment=session.get_one(Appointment, appointment_id),
                    edit=StaffEdit(status=case.outcome),
                    now=NOW,
                )


def _sid() -> str:
    return f"SMOUT{next(_sids):029d}"  # apart from the inbound sids tests.support draws


def _stats(client: FlaskClient, salon: SalonHandle, query: str = "") -> Any:
    response = client.get(f"/api/v1/stats{query}", headers=salon.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_figures_on_a_known_dataset(
    client: FlaskClient, salon: SalonHandle, make_salon: Any, db: Database
) -> None:
    _build(db, salon)
    # Outside the default window, and another salon's: neither counts.
    book_via_api(client, salon, external_id="LATER", starts_at=in_days(60), send_confirmation=False)
    book_via_api(client, make_salon("小美美甲"), external_id="S-0")

    stats = _stats(client, salon)
    assert stats["appointments"] == {
        "unconfirmed": {"count": 2, "label": "未确认"},
        "confirmed": {"count": 1, "label": "已确认"},
        "change_requested": {"count": 1, "label": "变更"},
        "cancelled": {"count": 1, "label": "取消"},
        "completed": {"count": 3, "label": "已完成"},
        "no_show": {"count": 2, "label": "未到店"},
    }
    # Confirmed now (1) or before completing (1) or missing it (1), of the 9 not cancelled.
    assert stats["confirmation_rate"] == pytest.approx(3 / 9, abs=1e-4)
    # Replies after 30, 60, 120, 240, 300 and 600 seconds.
    assert stats["median_reply_seconds"] == 180
    assert stats["unclear_reply_rate"] == pytest.approx(1 / 6, abs=1e-4)
    # Confirmed: 1 missed of 2 that ended; never confirmed: 1 missed of 3.
    assert stats["no_show_rate"] == {
        "confirmed": 0.5,
        "unconfirmed": pytest.approx(1 / 3, abs=1e-4),
        "all": 0.4,  # 2 missed of 5 that ended: the console's 未到店率
    }

    segments = sum(
        m["segments"]
        for n in range(len(CASES))
        for m in thread(client, salon, f"S-{n}")
        if m["status"] == "sent"
    )
    assert segments >= len(CASES)  # ten requests, at least one segment each
    assert stats["messages"] == {
        "inbound": 6,
        "sent": len(CASES),
        "delivered": 0,  # no handset receipt came back
        "failed": 0,
        "segments": segments,
        "stranger_answers": {"sent": 0, "suppressed": 0},
    }
    cost = (Decimal(segments) * Decimal("0.1")).quantize(Decimal("0.01"))
    assert stats["estimated_cost"] == {"amount": str(cost), "currency": "CNY"}


def test_a_chosen_window(client: FlaskClient, salon: SalonHandle, db: Database) -> None:
    _build(db, salon)
    start = (T0 + timedelta(days=11)).isoformat().replace("+", "%2B")
    end = (T0 + timedelta(days=13)).isoformat().replace("+", "%2B")
    stats = _stats(client, salon, f"?from={start}&to={end}")
    counts = {status: figure["count"] for status, figure in stats["appointments"].items()}
    assert counts == {
        "unconfirmed": 2,
        "confirmed": 1,
        "change_requested": 1,
        "cancelled": 1,
        "completed": 0,
        "no_show": 0,
    }
    assert stats["confirmation_rate"] == 0.25
    assert stats["no_show_rate"] == {"confirmed": None, "unconfirmed": None, "all": None}
    # Message figures count what was written in the window: nothing was, yet.
    assert stats["messages"] == {
        "inbound": 0,
        "sent": 0,
        "delivered": 0,
        "failed": 0,
        "segments": 0,
        "stranger_answers": {"sent": 0, "suppressed": 0},
    }
    assert stats["unclear_reply_rate"] is None
    assert stats["estimated_cost"]["amount"] == "0.00"
    assert stats["from"].endswith("+08:00")


def test_an_empty_salon_has_zeros_and_no_rates(client: FlaskClient, make_salon: Any) -> None:
    salon = make_salon("Velvet", timezone="Europe/London", locale="en")
    stats = _stats(client, salon)
    assert stats["appointments"]["no_show"] == {"count": 0, "label": "No-show"}
    assert stats["confirmation_rate"] is None and stats["median_reply_seconds"] is None
    assert stats["estimated_cost"] == {"amount": "0.00", "currency": "CNY"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?from=last-week", "from"),
        ("?to=2030-01-01", "to"),  # a date without a time has no offset either
        ("?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to"),
        ("?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", "to"),  # over a year
        ("?since=2030-01-01T00:00:00Z", "since"),
    ],
)
def test_bad_windows_are_422_naming_the_parameter(
    client: FlaskClient, salon: SalonHandle, query: str, parameter: str
) -> None:
    response = client.get(f"/api/v1/stats{query}", headers=salon.headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == parameter
