"""Listing appointments (filters, cursor pages) and staff changing them with PATCH."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from gateway.db import Database
from gateway.models import Appointment, Reminder, ReminderStatus, Salon, StatusChange
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, in_days, reply, run_worker, status_of, thread


def _list(client: FlaskClient, salon: SalonHandle, query: str = "") -> Any:
    response = client.get(f"/api/v1/appointments{query}", headers=salon.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _ids(page: dict[str, Any]) -> list[str]:
    return [a["external_id"] for a in page["data"]]


def _patch(client: FlaskClient, salon: SalonHandle, external_id: str, body: Any) -> Any:
    return client.patch(f"/api/v1/appointments/{external_id}", json=body, headers=salon.headers)


def _phone(n: int) -> str:
    return f"1390013{n:04d}"


def _book_at(
    client: FlaskClient, salon: SalonHandle, external_id: str, days: int, hour: int = 14
) -> None:
    """Book ``external_id`` in ``days`` at ``hour``:00 Shanghai time, for its own customer."""
    book(
        client,
        salon,
        external_id=external_id,
        starts_at=in_days(days, hour=hour),
        customer={"phone": _phone(days * 100 + hour)},
        send_confirmation=False,
    )


def _q(value: str) -> str:
    """A time as a query value: + would read as a space."""
    return value.replace("+", "%2B")


def _all_pages(
    client: FlaskClient, salon: SalonHandle, query: str, cursor: str | None = None
) -> list[str]:
    """Every external_id from ``cursor`` (or the start) to the last page."""
    seen: list[str] = []
    while True:
        page = _list(client, salon, query + (f"&cursor={cursor}" if cursor else ""))
        seen += _ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


# --- listing ---------------------------------------------------------------------------------


def test_list_is_ordered_by_starts_at_and_paged(client: FlaskClient, salon: SalonHandle) -> None:
    for external_id, days in [("C", 3), ("A", 1), ("E", 5), ("B", 2), ("D", 4)]:
        _book_at(client, salon, external_id, days)
    first = _list(client, salon, "?limit=2")
    assert _ids(first) == ["A", "B"] and first["next_cursor"]
    assert _all_pages(client, salon, "?limit=2") == ["A", "B", "C", "D", "E"]
    everything = _list(client, salon)
    assert _ids(everything) == ["A", "B", "C", "D", "E"] and everything["next_cursor"] is None
    assert everything["data"][0]["customer"]["phone"].startswith("+86")


def test_pages_stay_correct_when_appointments_are_added_between_them(
    client: FlaskClient, salon: SalonHandle
) -> None:
    for external_id, days in [("A", 1), ("B", 2), ("C", 3), ("D", 4)]:
        _book_at(client, salon, external_id, days)
    first = _list(client, salon, "?limit=2")
    assert _ids(first) == ["A", "B"]
    # Booked while the CRM reads: one before the page it has, one after it.
    _book_at(client, salon, "EARLY", 1, hour=10)
    _book_at(client, salon, "LATE", 3, hour=18)
    # The same starts_at as the cursor's row: the id breaks the tie, so nothing repeats.
    book(
        client,
        salon,
        external_id="TWIN-B",
        starts_at=in_days(2),
        customer={"phone": _phone(9999)},
        send_confirmation=False,
    )
    rest = _all_pages(client, salon, "?limit=2", first["next_cursor"])
    assert rest == ["TWIN-B", "C", "LATE", "D"]
    assert "EARLY" in _ids(_list(client, salon))


def test_filters_by_status_time_and_change(client: FlaskClient, salon: SalonHandle) -> None:
    for external_id, days in [("A", 1), ("B", 2), ("C", 3)]:
        _book_at(client, salon, external_id, days)
    assert _patch(client, salon, "B", {"status": "confirmed"}).status_code == 200
    assert _patch(client, salon, "C", {"status": "cancelled"}).status_code == 200

    assert _ids(_list(client, salon, "?status=confirmed")) == ["B"]
    assert _ids(_list(client, salon, "?status=confirmed&status=unconfirmed")) == ["A", "B"]
    window = f"?from={_q(in_days(1, hour=20))}&to={_q(in_days(3))}"
    assert _ids(_list(client, salon, window)) == ["B"]  # to is exclusive
    changed = _list(client, salon, "?status=cancelled")["data"][0]["updated_at"]
    assert _ids(_list(client, salon, f"?updated_since={_q(changed)}")) == ["C"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?status=maybe", "status"),
        ("?status=confirmed&status=later", "status"),
        ("?from=yesterday", "from"),
        ("?to=2030-01-01T10:00:00", "to"),  # no offset: whose 10 o'clock?
        ("?updated_since=0", "updated_since"),
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?limit=ten", "limit"),
        ("?limit=5&limit=6", "limit"),
        ("?cursor=not-a-cursor", "cursor"),
        ("?cursor=WzFd", "cursor"),  # base64 JSON, but not ours
        # Ours in shape, with an id past any integer column: ["2030-01-01T00:00:00Z", 10**20]
        ("?cursor=WyIyMDMwLTAxLTAxVDAwOjAwOjAwWiIsIDEwMDAwMDAwMDAwMDAwMDAwMDAwMF0", "cursor"),
        ("?stauts=confirmed", "stauts"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(
    client: FlaskClient, salon: SalonHandle, query: str, parameter: str
) -> None:
    response = client.get(f"/api/v1/appointments{query}", headers=salon.headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == parameter and parameter in error["message"]


# --- PATCH: a new time -----------------------------------------------------------------------


def test_new_time_reschedules_like_a_new_booking(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    book(client, salon)
    reply(client, salon, "确认")
    response = _patch(client, salon, "A-1", {"starts_at": in_days(4, hour=10), "stylist": "Amy"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "unconfirmed" and body["stylist"] == "Amy"
    assert body["starts_at"].endswith("T10:00:00+08:00")
    run_worker(app)
    # The old request and the answer to 确认 were still queued: only the new request goes.
    [request] = provider.sent
    assert "10:00" in request.body and "Amy" in request.body
    with db.sessions() as session:
        reminders = session.scalars(select(Reminder)).all()
        assert {r.status for r in reminders if r.starts_at.hour == 2} == {ReminderStatus.PENDING}
        assert {r.status for r in reminders if r.starts_at.hour != 2} == {ReminderStatus.CANCELLED}
        causes = session.scalars(select(StatusChange.cause).order_by(StatusChange.id)).all()
        assert causes == ["customer_reply", "reschedule"]


def test_new_time_without_notify_texts_nobody(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon, send_confirmation=False)
    response = _patch(client, salon, "A-1", {"starts_at": in_days(5), "notify": False})
    assert response.status_code == 200
    assert run_worker(app) == 0 and provider.sent == []


def test_details_alone_keep_the_confirmation(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    created = book(client, salon)
    reply(client, salon, "确认")
    run_worker(app)
    sent = len(provider.sent)
    same_time = {"starts_at": created["starts_at"], "service": None, "duration_minutes": 90}
    response = _patch(client, salon, "A-1", same_time)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["service"], body["duration_minutes"]) == ("confirmed", None, 90)
    assert run_worker(app) == 0 and len(provider.sent) == sent


def test_closed_appointment_cannot_get_a_new_time(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon)
    reply(client, salon, "取消")
    response = _patch(client, salon, "A-1", {"starts_at": in_days(6)})
    assert response.status_code == 409
    assert response.get_json()["error"]["field"] == "starts_at"
    assert "cancelled" in response.get_json()["error"]["message"]


# --- PATCH: a status set by staff ------------------------------------------------------------

STAFF_ACTIONS = ["confirmed", "cancelled", "completed", "no_show"]
#: (status before, staff sets) → HTTP status. Same → same is a harmless repeat.
TRANSITIONS: dict[tuple[str, str], int] = {
    **{("unconfirmed", action): 200 for action in STAFF_ACTIONS},
    **{("confirmed", action): 200 for action in STAFF_ACTIONS},
    **{("change_requested", action): 200 for action in STAFF_ACTIONS},
    ("cancelled", "confirmed"): 409,
    ("cancelled", "cancelled"): 200,
    ("cancelled", "completed"): 409,
    ("cancelled", "no_show"): 409,
    ("completed", "confirmed"): 409,
    ("completed", "cancelled"): 409,
    ("completed", "completed"): 200,
    ("completed", "no_show"): 200,  # staff correct a mistake
    ("no_show", "confirmed"): 409,
    ("no_show", "cancelled"): 409,
    ("no_show", "completed"): 200,  # the customer came late after all
    ("no_show", "no_show"): 200,
}
CUSTOMER_SAYS = {"confirmed": "确认", "change_requested": "改时间", "cancelled": "取消"}


def _into_the_past(db: Database, external_id: str = "A-1") -> None:
    """The appointment began an hour ago (staff mark outcomes once it has)."""
    with db.transaction() as session:
        session.execute(
            update(Appointment)
            .where(Appointment.external_id == external_id)
            .values(starts_at=datetime.now(UTC) - timedelta(hours=1))
        )


@pytest.mark.parametrize(("before", "action"), list(TRANSITIONS))
def test_staff_status_transitions(
    client: FlaskClient, salon: SalonHandle, db: Database, before: str, action: str
) -> None:
    book(client, salon)
    if before in CUSTOMER_SAYS:
        reply(client, salon, CUSTOMER_SAYS[before])
    _into_the_past(db)
    if before in ("completed", "no_show"):
        assert _patch(client, salon, "A-1", {"status": before}).status_code == 200
    assert status_of(client, salon) == before

    response = _patch(client, salon, "A-1", {"status": action, "notify": False})
    expected = TRANSITIONS[(before, action)]
    assert response.status_code == expected, response.get_json()
    if expected == 200:
        assert response.get_json()["status"] == action
    else:
        error = response.get_json()["error"]
        assert error["field"] == "status"
        assert before in error["message"] and action in error["message"]
        assert status_of(client, salon) == before


def test_outcomes_wait_until_the_appointment_has_begun(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    for outcome in ("completed", "no_show"):
        response = _patch(client, salon, "A-1", {"status": outcome})
        assert response.status_code == 409
        assert "not begun" in response.get_json()["error"]["message"]
    assert status_of(client, salon) == "unconfirmed"


def test_staff_cancellation_texts_the_customer_audits_and_tells_the_crm(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    with db.transaction() as session:
        session.get_one(Salon, salon.id).webhook_url = "http://127.0.0.1:9/crm-hook"
    book(client, salon)
    response = _patch(client, salon, "A-1", {"status": "cancelled"})
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    run_worker(app)
    # The request still queued is dropped; the salon's cancellation goes instead.
    [notice] = provider.sent
    assert "本店已取消" in notice.body
    assert [m["template"] for m in thread(client, salon) if m["status"] != "cancelled"] == [
        "cancelled_by_salon"
    ]
    events = client.get(
        "/api/v1/webhook-deliveries?event_type=appointment.cancelled", headers=salon.headers
    ).get_json()["data"]
    assert len(events) == 1
    with db.sessions() as session:
        [change] = session.scalars(select(StatusChange)).all()
        assert (change.from_status, change.to_status, change.cause) == (
            "unconfirmed",
            "cancelled",
            "staff",
        )
    # Cancelling again changes nothing and texts nobody twice.
    assert _patch(client, salon, "A-1", {"status": "cancelled"}).status_code == 200
    run_worker(app)
    assert len(provider.sent) == 1


def test_staff_cancellation_with_notify_false_is_silent(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon)
    assert _patch(client, salon, "A-1", {"status": "cancelled", "notify": False}).status_code == 200
    run_worker(app)
    assert provider.sent == []


def test_staff_confirmation_drops_the_pending_request(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon)
    assert _patch(client, salon, "A-1", {"status": "confirmed"}).status_code == 200
    run_worker(app)
    assert provider.sent == []  # confirmed on the phone: no "please confirm" text after it
    reply(client, salon, "确认")
    assert status_of(client, salon) == "confirmed"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"id": 7}, "unknown_field", "id"),
        ({"external_id": "A-2"}, "unknown_field", "external_id"),
        ({"ref": "K7P3"}, "unknown_field", "ref"),
        ({"customer": {"phone": "13900139000"}}, "unknown_field", "customer"),
        ({"created_at": "2030-01-01T00:00:00Z"}, "unknown_field", "created_at"),
        ({"salon_id": 2}, "unknown_field", "salon_id"),
        ({"send_confirmation": False}, "unknown_field", "send_confirmation"),
        ({"status": "unconfirmed"}, "invalid_field", "status"),
        ({"status": "change_requested"}, "invalid_field", "status"),
        ({"status": None}, "invalid_field", "status"),
        ({"status": ["cancelled"]}, "invalid_field", "status"),
        ({"starts_at": None}, "missing_field", "starts_at"),
        ({"starts_at": "next week"}, "invalid_field", "starts_at"),
        ({"starts_at": "2020-01-01T14:00:00+08:00"}, "invalid_request", "starts_at"),
        ({"duration_minutes": 2000}, "invalid_field", "duration_minutes"),
        ({"service": "\x00"}, "invalid_field", "service"),
        ({"notify": "no"}, "invalid_field", "notify"),
        ({"starts_at": in_days(3), "status": "cancelled"}, "invalid_request", "status"),
    ],
)
def test_bad_changes_are_422_and_change_nothing(
    client: FlaskClient, salon: SalonHandle, body: dict[str, Any], code: str, field: str
) -> None:
    before = book(client, salon)
    response = _patch(client, salon, "A-1", body)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    after = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert after == before


def test_patch_of_a_missing_appointment_is_404(client: FlaskClient, salon: SalonHandle) -> None:
    response = _patch(client, salon, "NOPE", {"status": "cancelled"})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
