"""Booking and moving at the front desk, for a customer who calls: through the console's forms,
with the API's validation; the customer is texted, reminders follow the new time, and the CRM
hears of it (``appointment.created``, ``appointment.rescheduled``, ``by: "staff"``), signed as
docs/webhooks.md says (the ``standardwebhooks`` verifier)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Appointment, InboxItem, Reminder, ReminderStatus
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_crm_webhooks import Crm, crm, hooked  # noqa: F401
from tests.integration.test_offers import STARTS_AT, publish
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, reply, run_worker, status_of, thread

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

NEW_BOOKING = {
    "phone": "138 0013 8000",
    "name": "王女士",
    "service": "烫发",
    "stylist": "Mia",
    "day": "2026-12-07",
    "time": "15:00",
    "duration_minutes": "180",
}


@pytest.fixture
def front(client: FlaskClient, db: Database, hooked: SalonHandle) -> FlaskClient:  # noqa: F811
    make_staff(db, hooked, "lily@salon.example")
    assert sign_in(client, "lily@salon.example").status_code == 302
    return client


def appointments(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get(
        "/api/v1/appointments", headers=salon.headers
    ).get_json()["data"]
    return data


def test_a_customer_who_calls_is_booked_and_moved_and_the_crm_hears_both(
    app: Flask,
    front: FlaskClient,
    hooked: SalonHandle,  # noqa: F811
    crm: Crm,  # noqa: F811
    db: Database,
    provider: RecordingProvider,
) -> None:
    booked = post(front, "/staff/appointments", **NEW_BOOKING)
    assert booked.status_code == 302 and booked.location.endswith("/staff/today?day=2026-12-07")
    words = visible(front.get("/staff/today?day=2026-12-07").get_data(as_text=True))
    assert "已预约，确认短信已排队" in words
    assert "15:00–18:00\n未确认\n3 小时\n王女士\n138 0013 8000\n烫发" in words
    run_worker(app)
    assert provider.sent[-1].body.startswith("【丝绒发型】您预约了 12月7日 15:00 烫发")
    [created] = crm.events().values()
    assert (created["type"], created["data"]["by"]) == ("appointment.created", "staff")
    appointment = created["data"]["appointment"]
    assert appointment["external_id"].startswith("desk-")
    assert (appointment["starts_at"], appointment["duration_minutes"]) == (
        "2026-12-07T15:00:00+08:00",
        180,
    )
    assert appointment["customer"]["phone"] == "+8613800138000"

    [row] = appointments(front, hooked)
    moved = post(
        front,
        f"/staff/appointments/{row['id']}/move",
        day="2026-12-08",
        time="11:00",
        stylist="Lily",
        next="/staff/today?day=2026-12-07",
    )
    assert moved.status_code == 302
    assert "已改时间，已通知顾客" in visible(front.get(moved.location).get_data(as_text=True))
    run_worker(app)
    assert provider.sent[-1].body.startswith("【丝绒发型】您预约了 12月8日 11:00 烫发，由Lily")
    rescheduled = [e for e in crm.events().values() if e["type"] == "appointment.rescheduled"]
    assert [(e["data"]["by"], e["data"]["appointment"]["starts_at"]) for e in rescheduled] == [
        ("staff", "2026-12-08T11:00:00+08:00")
    ]
    [row] = appointments(front, hooked)
    assert (row["status"], row["stylist"]) == ("unconfirmed", "Lily")
    with db.sessions() as session:
        pending = session.scalars(
            select(Reminder.starts_at).where(Reminder.status == ReminderStatus.PENDING)
        ).all()
    assert set(pending) == {datetime(2026, 12, 8, 3, 0, tzinfo=UTC)}  # the new time only


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"phone": "12345"}, "请检查“顾客手机号”"),
        ({"time": "25:00"}, "请检查“新的预约时间”"),
        ({"day": "2026-12-01"}, "请检查“新的预约时间”"),  # past
        ({"duration_minutes": "0"}, "请检查“时长（分钟）”"),
    ],
)
def test_a_booking_the_api_would_refuse_is_refused_and_nothing_is_stored(
    app: Flask,
    front: FlaskClient,
    hooked: SalonHandle,  # noqa: F811
    crm: Crm,  # noqa: F811
    change: dict[str, str],
    shown: str,
) -> None:
    answer = post(front, "/staff/appointments", **(NEW_BOOKING | change))
    assert answer.status_code == 422  # the form back as typed: test_console_kept_forms
    assert shown in visible(answer.get_data(as_text=True))
    run_worker(app)
    assert appointments(front, hooked) == [] and crm.received == []


def test_another_salons_appointment_cannot_be_moved(
    front: FlaskClient, make_salon: Any, db: Database
) -> None:
    other = make_salon("别家")
    book(front, other, starts_at="2026-12-07T15:00:00+08:00")
    with db.sessions() as session:
        other_id = session.scalars(select(Appointment.id)).one()
    answer = post(front, f"/staff/appointments/{other_id}/move", day="2026-12-08", time="11:00")
    assert answer.status_code == 404
    assert appointments(front, other)[0]["starts_at"] == "2026-12-07T15:00:00+08:00"


def _item_id(db: Database) -> int:
    with db.sessions() as session:
        return session.scalars(select(InboxItem.id).order_by(InboxItem.id.desc())).first() or 0


def test_an_unclear_reply_is_treated_as_a_confirmation_in_one_tap(
    front: FlaskClient,
    hooked: SalonHandle,  # noqa: F811
    db: Database,
    app: Flask,
    crm: Crm,  # noqa: F811
) -> None:
    book(front, hooked, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, hooked, "可以停车吗？")
    item = _item_id(db)
    page = visible(front.get(f"/staff/inbox/{item}").get_data(as_text=True))
    assert "按顾客的意思处理：\n确认\n要改期\n取消" in page
    assert post(front, f"/staff/inbox/{item}/treat-as", intent="confirm").status_code == 302
    page = visible(front.get(f"/staff/inbox/{item}").get_data(as_text=True))
    assert "已按确认处理" in page and "按“确认”处理，操作人\nlily@salon.example" in page
    assert "按顾客的意思处理：" not in page  # handled: the buttons are gone
    assert status_of(front, hooked) == "confirmed"
    run_worker(app)
    assert [e["type"] for e in crm.events().values()][-1] == "appointment.confirmed"
    # Read as the staff member read it, and answered as a clear 确认 would be.
    assert thread(front, hooked)[-1]["template"] == "confirmed"
    assert bad_intent(front, item).status_code == 302


def bad_intent(front: FlaskClient, item: int) -> Any:
    return post(front, f"/staff/inbox/{item}/treat-as", intent="maybe")


def test_a_change_request_is_moved_from_its_inbox_item(
    app: Flask,
    front: FlaskClient,
    hooked: SalonHandle,  # noqa: F811
    db: Database,
    crm: Crm,  # noqa: F811
) -> None:
    book(front, hooked, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, hooked, "改时间")
    item = _item_id(db)
    page = visible(front.get(f"/staff/inbox/{item}").get_data(as_text=True))
    assert "改到…" in page and "按顾客的意思处理：" not in page
    moved = post(front, f"/staff/inbox/{item}/move", day="2026-12-08", time="11:00")
    assert moved.status_code == 302
    page = visible(front.get(f"/staff/inbox/{item}").get_data(as_text=True))
    assert "已改时间，已通知顾客" in page and "lily@salon.example" in page
    run_worker(app)
    [event] = [e for e in crm.events().values() if e["type"] == "appointment.rescheduled"]
    assert (event["data"]["by"], event["data"]["appointment"]["starts_at"]) == (
        "staff",
        "2026-12-08T11:00:00+08:00",
    )
    assert "12月8日 11:00" in thread(front, hooked)[-1]["body"]


def _values(html: str) -> dict[str, str]:
    """The offer form's prefilled fields (day0, time0, stylist0 …)."""
    return dict(re.findall(r'name="((?:day|time|stylist)\d)" type="\w+" value="([^"]*)"', html))


@pytest.mark.clock("2026-12-01T10:00:00+08:00")
def test_times_are_offered_from_availability_previewed_then_sent(
    app: Flask,
    front: FlaskClient,
    hooked: SalonHandle,  # noqa: F811
    db: Database,
    crm: Crm,  # noqa: F811
    provider: RecordingProvider,
) -> None:
    book(front, hooked, starts_at=STARTS_AT, duration_minutes=60)
    reply(front, hooked, "改时间")  # nothing published yet: the change waits for staff
    item = _item_id(db)
    assert publish(front, hooked).status_code == 200
    page = visible(front.get(f"/staff/inbox/{item}").get_data(as_text=True))
    assert "发可选时间" in page
    html = front.get(f"/staff/inbox/{item}/offer").get_data(as_text=True)
    assert "以下是排班里最合适的空闲时间，可修改后预览" in visible(html)
    proposed = _values(html)
    assert [proposed[f"day{i}"] + " " + proposed[f"time{i}"] for i in range(3)] == [
        "2026-12-02 14:00",
        "2026-12-03 16:00",
        "2026-12-04 11:00",
    ]
    edited = proposed | {"time2": "10:30", "preview": "1"}
    preview = visible(
        front.get(f"/staff/inbox/{item}/offer", query_string=edited).get_data(as_text=True)
    )
    text = (
        "【丝绒发型】可改约的时间：A 12月2日 14:00，B 12月3日 16:00，C 12月4日 10:30。"
        "回复“A”“B”或“C”选择时间，回复“取消”取消预约。"
    )
    assert f"顾客将收到：\n{text}" in preview
    run_worker(app)
    sent_before = len(provider.sent)
    assert not [e for e in crm.events().values() if e["type"] == "offer.sent"]  # only previewed

    del edited["preview"]
    assert post(front, f"/staff/inbox/{item}/offer", **edited).status_code == 302
    run_worker(app)
    assert len(provider.sent) == sent_before + 1 and provider.sent[-1].body == text
    [sent] = [e for e in crm.events().values() if e["type"] == "offer.sent"]
    assert sent["data"]["offer"]["source"] == "staff"
    reply(front, hooked, "B")
    assert client_status(front, hooked) == ("confirmed", "2026-12-03T16:00:00+08:00")
    items = front.get("/api/v1/inbox", headers=hooked.headers).get_json()["data"]
    assert [(i["reason"], i["handled_by"]) for i in items] == [("change_requested", "system")]


def client_status(front: FlaskClient, salon: SalonHandle) -> tuple[str, str]:
    found = front.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    return found["status"], found["starts_at"]


def test_with_nothing_published_the_offer_page_says_to_type_the_times(
    front: FlaskClient,
    hooked: SalonHandle,  # noqa: F811
    db: Database,
) -> None:
    book(front, hooked, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, hooked, "改时间")
    page = visible(front.get(f"/staff/inbox/{_item_id(db)}/offer").get_data(as_text=True))
    assert "排班里没有合适的空闲时间：请填写要给顾客选的时间" in page
    empty = {"preview": "1"}
    shown = visible(
        front.get(f"/staff/inbox/{_item_id(db)}/offer", query_string=empty).get_data(as_text=True)
    )
    assert "请至少填写一个时间" in shown and "顾客将收到：" not in shown
