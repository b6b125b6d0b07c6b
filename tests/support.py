"""Helpers for tests: booking through the API, replying as Twilio would, running the worker."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker
from twilio.request_validator import RequestValidator

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.services import InboundResult, receive_reply
from gateway.services import process_replies as process_replies_service
from gateway.services.handoff import Work, handed_off

AUTH_TOKEN = "test-auth-token"


class TestClock:
    """The app's clock in tests: the real time until a test sets it, then only what it is set to."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self) -> None:
        self._now: datetime | None = None

    def __call__(self) -> datetime:
        return self._now if self._now is not None else datetime.now(UTC)

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the clock keeps aware times")
        self._now = when.astimezone(UTC)

    def advance(self, by: timedelta) -> None:
        self.set(self() + by)


def run_worker(app: Flask) -> int:
    """Run every queued job in a real RQ worker (no fork), replies first as in production;
    returns how many outbound texts were queued when it started."""
    sms_queue = app.extensions["sms_queue"]
    with app.app_context():
        queued = len(sms_queue.sends_in_hand())
        worker = SimpleWorker(sms_queue.queues, connection=sms_queue.connection)
        worker.work(burst=True)
        return int(queued)


def book_together(db: Database, salon: SalonHandle, count: int) -> list[int]:
    """``count`` appointments booked in one transaction: their requests go in one send job."""
    from gateway.models import Salon, utcnow
    from gateway.services import Booking
    from gateway.services import book as book_service
    from gateway.services.handoff import Work, handed_off

    with db.transaction() as session:
        salon_row = session.get_one(Salon, salon.id)
        for n in range(count):
            booking = Booking(
                external_id=f"T-{n}",
                phone=f"+861390000{n:04d}",
                customer_name=None,
                customer_locale=None,
                service="剪发",
                stylist=None,
                starts_at=utcnow() + timedelta(days=3),
                duration_minutes=60,
                send_confirmation=True,
            )
            book_service(session, salon=salon_row, booking=booking, now=utcnow())
        return handed_off(session, Work.SEND)


def sweep_and_send(app: Flask) -> None:
    """One pass of the sweep (it hands campaigns' texts to their queue at the salon's pace),
    then a worker sends what was queued."""
    with app.app_context():
        run_sweep()
    run_worker(app)


def process_replies(app: Flask) -> None:
    """Let a real worker act on the replies the webhook stored (and only those: outbound texts
    stay queued, so tests can look at them before they go)."""
    sms_queue = app.extensions["sms_queue"]
    with app.app_context():
        queues = [sms_queue.pushes, sms_queue.replies]  # pushes carry replies
        SimpleWorker(queues, connection=sms_queue.connection).work(burst=True)


@dataclass
class SalonHandle:
    id: int
    api_key: str
    sender: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


def quiet_hours_away_from(now: datetime, tz: str = "Asia/Shanghai") -> str:
    """Quiet hours that surely do not cover the few hours after ``now``, so texts go at once."""
    from zoneinfo import ZoneInfo

    local = now.astimezone(ZoneInfo(tz))
    start = (local + timedelta(hours=6)).strftime("%H:00")
    end = (local + timedelta(hours=8)).strftime("%H:00")
    return f"{start}-{end}"


def quiet_hours_away_from_now(tz: str = "Asia/Shanghai") -> str:
    """The same, from the real time: for services running in other processes on the real clock."""
    return quiet_hours_away_from(datetime.now(UTC), tz)


#: The clock of the test running now (the ``clock`` fixture sets it), so times written relative
#: to "now" follow a pinned clock.
current_clock: TestClock | None = None


def now_in_test() -> datetime:
    """The running test's now: its clock's (pinned or real), or the real time outside one."""
    return current_clock() if current_clock is not None else datetime.now(UTC)


def in_days(days: float, hour: int = 14) -> str:
    """An ISO time on the day ``days`` after the test's now at ``hour``:00 Shanghai time. Its
    distance from now varies with the hour by up to a day: a test about reminders, quiet hours or
    the salon's day pins its clock (``@pytest.mark.clock``) so that distance is fixed."""
    when = now_in_test() + timedelta(days=days)
    return when.strftime(f"%Y-%m-%dT{hour:02d}:00:00+08:00")


def appointment_payload(**fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "external_id": "A-1",
        "customer": {"phone": "13800138000", "name": "王女士"},
        "service": "剪发",
        "stylist": "Lily",
        "starts_at": in_days(2),
    }
    payload.update(fields)
    return payload


def book(client: FlaskClient, salon: SalonHandle, **fields: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/appointments", json=appointment_payload(**fields), headers=salon.headers
    )
    assert response.status_code in (200, 201), response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


_sids = itertools.count(1)


def twilio_form(
    body: str, *, to: str, sender: str = "+8613800138000", **extra: str
) -> dict[str, str]:
    form = {
        "MessageSid": f"SM{next(_sids):032d}",
        "AccountSid": "AC" + "1" * 32,
        "From": sender,
        "To": to,
        "Body": body,
        "NumMedia": "0",
    }
    form.update(extra)
    return form


def sign(url: str, form: Mapping[str, str], token: str = AUTH_TOKEN) -> str:
    signature: str = RequestValidator(token).compute_signature(url, dict(form))
    return signature


def post_signed(
    client: FlaskClient,
    form: Mapping[str, str],
    *,
    path: str = "/sms/twilio/inbound",
    signed_url: str | None = None,
    **kwargs: Any,
) -> Any:
    """POST as Twilio does: form-encoded, signed over the URL it called."""
    url = signed_url or f"http://localhost{path}"
    return client.post(
        path, data=dict(form), headers={"X-Twilio-Signature": sign(url, form)}, **kwargs
    )


def reply(client: FlaskClient, salon: SalonHandle, body: str, **kwargs: Any) -> Any:
    """The customer replies: Twilio's signed webhook, then a worker acts on the stored reply."""
    response = post_signed(client, twilio_form(body, to=salon.sender, **kwargs))
    assert response.status_code == 200, response.data
    process_replies(client.application)
    return response


def thread(
    client: FlaskClient, salon: SalonHandle, external_id: str = "A-1"
) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/appointments/{external_id}/messages", headers=salon.headers)
    assert response.status_code == 200
    data: list[dict[str, Any]] = response.get_json()["data"]
    return data


def status_of(client: FlaskClient, salon: SalonHandle, external_id: str = "A-1") -> str:
    response = client.get(f"/api/v1/appointments/{external_id}", headers=salon.headers)
    assert response.status_code == 200
    status: str = response.get_json()["status"]
    return status


def customer_texts(db: Database, *, now: datetime, **fields: Any) -> InboundResult:
    """A reply at an injected time, as production handles it: stored by the webhook's
    transaction, then acted on in a worker's (``fields`` are ``receive_reply``'s)."""
    fields.setdefault("provider", "twilio")
    fields.setdefault("provider_sid", f"SM{next(_sids):032d}")
    fields.setdefault("from_number", "+8613800138000")
    with db.transaction() as session:
        received = receive_reply(session, now=now, **fields)
        stored = handed_off(session, Work.REPLY)
    assert stored, received
    with db.transaction() as session:
        return process_replies_service(session, message_ids=stored[:1], now=now)
