"""Offers of new times end a 变更 by SMS: the CRM publishes availability, the customer asks for a
change, the gateway texts three slots in the same job, and a reply B moves the appointment."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import InboxItem, Message, Offer, Reminder, ReminderStatus, WebhookDelivery
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.tencent import TencentStub
from gateway.services import process_replies as process_replies_service
from gateway.services import sweep
from tests.integration.conftest import (
    ALIYUN_CODES,
    TENCENT_CODES,
    aliyun_reply,
    china_salon,
    push,
    tencent_reply,
)
from tests.integration.test_china_loop import sent_to
from tests.integration.test_console import desk  # noqa: F401
from tests.integration.test_console import post as console_post
from tests.recording_provider import RecordingProvider
from tests.support import (
    SalonHandle,
    TestClock,
    book,
    post_signed,
    process_replies,
    reply,
    run_worker,
    status_of,
    thread,
    twilio_form,
)

#: Tuesday 1 December 2026, 10:00 in Shanghai.
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
STARTS_AT = "2026-12-03T14:00:00+08:00"
#: The China providers' fixtures run on 1 May 2026 (tests/integration/conftest.py).
CHINA_STARTS_AT = "2026-05-03T14:00:00+08:00"
#: Lily's free time: one stretch on each of three days; Mia's on the appointment's day.
AVAILABILITY = {
    "from": "2026-12-02",
    "to": "2026-12-04",
    "stylists": [
        {
            "stylist": "Lily",
            "free": [
                {"start": "2026-12-02T13:00:00+08:00", "end": "2026-12-02T15:00:00+08:00"},
                {"start": "2026-12-03T16:00:00+08:00", "end": "2026-12-03T18:00:00+08:00"},
                {"start": "2026-12-04T10:00:00+08:00", "end": "2026-12-04T12:00:00+08:00"},
            ],
        },
        {
            "stylist": "Mia",
            "free": [{"start": "2026-12-03T14:00:00+08:00", "end": "2026-12-03T16:00:00+08:00"}],
        },
    ],
}
OFFER_TEXT = (
    "【丝绒发型】可改约的时间：A 12月2日 14:00，B 12月3日 16:00，C 12月4日 11:00。"
    "回复“A”“B”或“C”选择时间，回复“取消”取消预约。"
)


@pytest.fixture
def ready(client: FlaskClient, salon: SalonHandle, clock: TestClock) -> SalonHandle:
    """A salon at ``NOW`` with a CRM endpoint (events are stored for it) and no quiet hours."""
    clock.set(NOW)
    changed = client.patch(
        "/api/v1/salon",
        json={"quiet_hours": "off", "webhook_url": "http://127.0.0.1:9/crm"},
        headers=salon.headers,
    )
    assert changed.status_code == 200, changed.get_json()
    return salon


def publish(client: FlaskClient, salon: SalonHandle, body: dict[str, Any] = AVAILABILITY) -> Any:
    return client.put("/api/v1/availability", json=body, headers=salon.headers)


def events(db: Database, *types: str) -> list[dict[str, Any]]:
    with db.sessions() as session:
        payloads = session.scalars(select(WebhookDelivery.payload).order_by(WebhookDelivery.id))
        found = [json.loads(p) for p in payloads]
    return [e for e in found if not types or e["type"] in types]


def outbound(client: FlaskClient, salon: SalonHandle, external_id: str = "A-1") -> list[str]:
    return [
        m["template"] for m in thread(client, salon, external_id) if m["direction"] == "outbound"
    ]


def inbox_reasons(db: Database) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(InboxItem.reason).order_by(InboxItem.id)))


def appointment(client: FlaskClient, salon: SalonHandle, external_id: str = "A-1") -> Any:
    return client.get(f"/api/v1/appointments/{external_id}", headers=salon.headers).get_json()


def test_a_change_ends_in_a_new_confirmed_time_by_sms(
    app: Flask,
    client: FlaskClient,
    ready: SalonHandle,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
) -> None:
    salon = ready
    book(client, salon, starts_at=STARTS_AT, duration_minutes=60)
    run_worker(app)
    published = publish(client, salon)
    assert published.status_code == 200, published.get_json()
    assert published.get_json() == {
        "from": "2026-12-02",
        "to": "2026-12-04",
        "stylists": ["Lily", "Mia"],
        "intervals": 4,
    }
    assert publish(client, salon).get_json() == published.get_json()  # the same body: no change

    clock.advance(timedelta(seconds=5))
    reply(client, salon, "变更")
    # The worker that read 变更 queued the offer in the same job: it is the answer.
    assert status_of(client, salon) == "change_requested"
    assert outbound(client, salon) == ["confirmation_request", "offer_3"]
    run_worker(app)
    assert provider.sent[-1].body == OFFER_TEXT
    assert inbox_reasons(db) == []  # nothing for the front desk to do
    [sent] = events(db, "offer.sent")
    assert [s["letter"] + " " + s["starts_at"] for s in sent["data"]["offer"]["slots"]] == [
        "A 2026-12-02T14:00:00+08:00",
        "B 2026-12-03T16:00:00+08:00",
        "C 2026-12-04T11:00:00+08:00",
    ]

    clock.advance(timedelta(seconds=40))
    reply(client, salon, "B")
    moved = appointment(client, salon)
    assert (moved["status"], moved["starts_at"], moved["stylist"]) == (
        "confirmed",
        "2026-12-03T16:00:00+08:00",
        "Lily",
    )
    run_worker(app)
    assert provider.sent[-1].body.startswith("【丝绒发型】您 12月3日 16:00 剪发的预约已确认")
    [rescheduled] = events(db, "appointment.rescheduled")
    assert rescheduled["data"]["by"] == "customer"
    assert rescheduled["data"]["offer"]["picked"] == "B"
    assert rescheduled["data"]["appointment"]["starts_at"] == "2026-12-03T16:00:00+08:00"
    assert [e["data"]["offer"]["status"] for e in events(db, "offer.accepted")] == ["accepted"]
    # The reply in each event reads as what it was taken for, as docs/webhooks.md shows it.
    told = events(db, "appointment.rescheduled", "offer.accepted", "appointment.confirmed")
    assert [
        (
            e["data"]["message"]["body"],
            e["data"]["message"]["intent"],
            e["data"]["message"]["picked"],
        )
        for e in told
    ] == [("B", "offer_pick", "B")] * 3
    [pick] = [m for m in thread(client, salon, "A-1") if m["body"] == "B"]
    assert (pick["intent"], pick["picked"]) == ("offer_pick", "B")
    with db.sessions() as session:
        reminders = session.scalars(select(Reminder).order_by(Reminder.id)).all()
        pending = [r.starts_at for r in reminders if r.status == ReminderStatus.PENDING]
        cancelled = [r.starts_at for r in reminders if r.status == ReminderStatus.CANCELLED]
    assert pending == [datetime(2026, 12, 3, 8, 0, tzinfo=UTC)]
    assert cancelled == [datetime(2026, 12, 3, 6, 0, tzinfo=UTC)]
    assert inbox_reasons(db) == []

    window = {"from": "2026-11-30T00:00:00+08:00", "to": "2026-12-10T00:00:00+08:00"}
    stats = client.get("/api/v1/stats", query_string=window, headers=salon.headers).get_json()
    assert stats["offers"] == {
        "made": 1,
        "accepted": 1,
        "expired": 0,
        "declined": 0,
        "change_requests": 1,
        "closed_by_sms": 1,
        "closed_by_sms_rate": 1.0,
        "median_seconds_to_new_time": 40.0,  # 变更 at 10:00:05, B at 10:00:45
    }


def test_a_hint_ranks_the_slots_that_fit_it_first(
    app: Flask, client: FlaskClient, ready: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    publish(client, ready)
    reply(client, ready, "变更，周五上午")
    run_worker(app)
    # Friday morning first: only Lily's Friday slots fit, so they lead.
    assert "A 12月4日 10:00" in provider.sent[-1].body


def test_an_expired_offer_goes_to_the_inbox_and_a_late_pick_gets_a_fresh_offer(
    app: Flask,
    client: FlaskClient,
    ready: SalonHandle,
    db: Database,
    clock: TestClock,
    provider: RecordingProvider,
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    publish(client, ready)
    reply(client, ready, "变更")
    clock.advance(timedelta(hours=2, minutes=1))
    with db.transaction() as session:
        assert sweep(session, now=clock()).offers_expired == 1
    assert [e["data"]["offer"]["status"] for e in events(db, "offer.expired")] == ["expired"]
    assert inbox_reasons(db) == ["change_requested"]

    reply(client, ready, "A")
    assert status_of(client, ready) == "change_requested"
    assert outbound(client, ready)[-3:] == ["offer_3", "offer_gone", "offer_3"]
    run_worker(app)
    assert "您选择的时间已不可预约" in provider.sent[-2].body
    with db.sessions() as session:
        statuses = session.scalars(select(Offer.status).order_by(Offer.id)).all()
    assert statuses == ["expired", "open"]


def test_a_sweep_that_only_expires_offers_says_so_in_its_log(
    app: Flask,
    client: FlaskClient,
    ready: SalonHandle,
    clock: TestClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from gateway.jobs import run_sweep

    book(client, ready, starts_at=STARTS_AT)
    publish(client, ready)
    reply(client, ready, "变更")
    run_worker(app)
    clock.advance(timedelta(hours=2, minutes=1))
    with caplog.at_level("INFO", logger="gateway.jobs"), app.app_context():
        run_sweep()
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("sweep:")]
    assert "offers expired 1" in line and "reminders queued 0" in line


def test_a_withdrawn_offer_is_gone_and_without_availability_the_change_waits_for_staff(
    app: Flask, client: FlaskClient, ready: SalonHandle, db: Database
) -> None:
    book(client, ready, starts_at=STARTS_AT, stylist=None)
    path = "/api/v1/appointments/A-1/offers"
    no_stylist = client.post(
        path, json={"slots": [{"starts_at": "2026-12-02T14:00:00+08:00"}]}, headers=ready.headers
    )
    assert no_stylist.status_code == 422
    assert no_stylist.get_json()["error"]["field"] == "slots.0.stylist"
    made = client.post(
        path,
        json={
            "slots": [
                {"starts_at": "2026-12-02T14:00:00+08:00", "stylist": "Lily"},
                {
                    "starts_at": "2026-12-02T16:30:00+08:00",
                    "stylist": "Mia",
                    "duration_minutes": 90,
                },
            ],
            "expires_in_minutes": 60,
        },
        headers=ready.headers,
    )
    assert made.status_code == 201, made.get_json()
    offer = made.get_json()
    assert (offer["status"], offer["source"], offer["expires_at"]) == (
        "open",
        "crm",
        "2026-12-01T11:00:00+08:00",
    )
    assert [s["stylist"] for s in offer["slots"]] == ["Lily", "Mia"]
    assert outbound(client, ready)[-1] == "offer_2"
    body = thread(client, ready)[-1]["body"]
    assert "A 12月2日 14:00（Lily），B 12月2日 16:30（Mia）。" in body

    assert client.delete(f"{path}/{offer['id']}", headers=ready.headers).get_json()["status"] == (
        "withdrawn"
    )
    again = client.delete(f"{path}/{offer['id']}", headers=ready.headers)
    assert again.status_code == 409

    reply(client, ready, "A")
    assert status_of(client, ready) == "change_requested"
    assert outbound(client, ready)[-2:] == ["offer_gone", "change_received"]
    assert inbox_reasons(db) == ["change_requested"]


def test_another_salons_appointment_and_offer_are_not_found(
    client: FlaskClient, ready: SalonHandle, make_salon: Any
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    other = make_salon("别家")
    path = "/api/v1/appointments/A-1/offers"
    slot = {"slots": [{"starts_at": "2026-12-02T14:00:00+08:00"}]}
    assert client.post(path, json=slot, headers=other.headers).status_code == 404
    made = client.post(path, json=slot, headers=ready.headers).get_json()
    book(client, other, starts_at=STARTS_AT)
    assert client.delete(f"{path}/{made['id']}", headers=other.headers).status_code == 404


def test_none_of_these_declines_and_cancel_cancels(
    app: Flask, client: FlaskClient, ready: SalonHandle, db: Database
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    book(client, ready, external_id="A-2", starts_at=STARTS_AT, customer={"phone": "13800138001"})
    publish(client, ready)
    reply(client, ready, "变更")
    reply(client, ready, "都不行")
    assert status_of(client, ready) == "change_requested"
    assert outbound(client, ready)[-1] == "change_received"
    assert [e["data"]["offer"]["status"] for e in events(db, "offer.declined")] == ["declined"]
    assert events(db, "offer.declined")[0]["data"]["message"]["intent"] == "change"
    assert inbox_reasons(db) == ["change_requested"]

    reply(client, ready, "变更", sender="+8613800138001")
    reply(client, ready, "取消", sender="+8613800138001")
    assert status_of(client, ready, "A-2") == "cancelled"
    with db.sessions() as session:
        statuses = session.scalars(select(Offer.status).order_by(Offer.id)).all()
    assert statuses == ["declined", "withdrawn"]


def test_opting_out_in_the_middle_ends_the_offer(
    app: Flask, client: FlaskClient, ready: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    publish(client, ready)
    reply(client, ready, "变更")
    run_worker(app)
    sent = len(provider.sent)
    reply(client, ready, "退订")
    reply(client, ready, "B")
    run_worker(app)
    assert appointment(client, ready)["starts_at"] == "2026-12-03T14:00:00+08:00"
    assert status_of(client, ready) == "change_requested"
    # Only the opt-out's own confirmation went.
    assert [m.body for m in provider.sent[sent:]] == [provider.sent[sent].body]
    assert "退订" in provider.sent[sent].body


def test_a_bare_confirm_while_an_offer_is_open_does_not_keep_the_old_time(
    client: FlaskClient, ready: SalonHandle, db: Database
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    publish(client, ready)
    reply(client, ready, "变更")
    reply(client, ready, "1")
    assert status_of(client, ready) == "change_requested"
    assert inbox_reasons(db) == ["unclear_reply"]


# Concurrent writers: PostgreSQL only (SQLite takes one writer at a time).
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_customers_picking_one_slot_the_first_wins(
    app: Flask, client: FlaskClient, ready: SalonHandle, db: Database
) -> None:
    assert db.engine.dialect.name == "postgresql"
    slot = {"starts_at": "2026-12-02T14:00:00+08:00", "stylist": "Lily"}
    for external_id, phone in (("A-1", "13800138000"), ("A-2", "13800138001")):
        book(client, ready, external_id=external_id, starts_at=STARTS_AT, customer={"phone": phone})
        made = client.post(
            f"/api/v1/appointments/{external_id}/offers",
            json={"slots": [slot]},
            headers=ready.headers,
        )
        assert made.status_code == 201
    publish(client, ready)  # availability for the loser's fresh offer
    for phone in ("+8613800138000", "+8613800138001"):
        assert (
            post_signed(client, twilio_form("A", to=ready.sender, sender=phone)).status_code == 200
        )
    with db.sessions() as session:
        first_id, second_id = session.scalars(
            select(Message.id).where(Message.direction == "inbound").order_by(Message.id)
        ).all()

    now = NOW + timedelta(minutes=1)
    # The first pick holds its transaction open while the second runs: without a lock the
    # second would see the slot free too and both would move into it.
    second_done = threading.Event()

    def second() -> None:
        with db.transaction() as session:
            process_replies_service(session, message_ids=[second_id], now=now)
        second_done.set()

    with db.transaction() as session:
        process_replies_service(session, message_ids=[first_id], now=now)
        runner = threading.Thread(target=second)
        runner.start()
        second_done.wait(2)  # how long the second gets to finish on its own, if nothing stops it
    runner.join(30)
    assert second_done.is_set()

    first, second_appointment = appointment(client, ready, "A-1"), appointment(client, ready, "A-2")
    assert (first["status"], first["starts_at"]) == ("confirmed", "2026-12-02T14:00:00+08:00")
    assert (second_appointment["status"], second_appointment["starts_at"]) == (
        "unconfirmed",
        "2026-12-03T14:00:00+08:00",
    )
    assert outbound(client, ready, "A-2")[-2:] == ["offer_gone", "offer_3"]
    fresh = thread(client, ready, "A-2")[-1]["body"]
    assert "12月2日 14:00" not in fresh  # the slot taken is not offered again


@pytest.mark.parametrize("provider_name", ["aliyun", "tencent"])
def test_an_offer_at_a_china_provider_goes_as_an_approved_template_with_its_values(
    provider_name: str,
    china_app: Flask,
    china_client: FlaskClient,
    aliyun_stub: AliyunStub,
    tencent_stub: TencentStub,
) -> None:
    salon = china_salon(china_app, provider_name)
    book(china_client, salon, starts_at=CHINA_STARTS_AT)
    published = publish(
        china_client,
        salon,
        {
            "from": "2026-05-02",
            "to": "2026-05-04",
            "stylists": [
                {
                    "stylist": "Lily",
                    "free": [
                        {"start": "2026-05-02T13:00:00+08:00", "end": "2026-05-02T14:00:00+08:00"},
                        {"start": "2026-05-04T10:00:00+08:00", "end": "2026-05-04T11:00:00+08:00"},
                    ],
                },
                {
                    "stylist": "Alexandra",
                    "free": [
                        {"start": "2026-05-03T16:00:00+08:00", "end": "2026-05-03T17:00:00+08:00"}
                    ],
                },
            ],
        },
    )
    assert published.status_code == 200, published.get_json()
    if provider_name == "aliyun":
        push(china_client, "aliyun", "up", [aliyun_reply("变更")])
    else:
        push(china_client, "tencent", "reply", tencent_reply("变更", extend="01"))
    process_replies(china_app)
    run_worker(china_app)
    codes = ALIYUN_CODES if provider_name == "aliyun" else TENCENT_CODES
    # Lily is free once on each side of the day; the middle slot names the other stylist.
    values = ["A 5月2日 13:00", "B 5月3日 16:00（Alexandra）", "C 5月4日 10:00"]
    expected = dict(zip(("slot_a", "slot_b", "slot_c"), values, strict=True))
    stub: AliyunStub | TencentStub = aliyun_stub if provider_name == "aliyun" else tencent_stub
    assert sent_to(stub)[-1] == (
        codes[("zh-CN", "offer_3", False)],
        expected if provider_name == "aliyun" else values,
    )
    assert thread(china_client, salon)[-1]["body"] == (
        "【丽丽美发】可改约的时间："
        + "，".join(values)
        + "。回复“A”“B”或“C”选择时间，回复“取消”取消预约。"
    )

    if provider_name == "aliyun":
        push(china_client, "aliyun", "up", [aliyun_reply("选B")])
    else:
        push(china_client, "tencent", "reply", tencent_reply("选B", extend="01"))
    process_replies(china_app)
    run_worker(china_app)
    moved = appointment(china_client, salon)
    assert (moved["status"], moved["starts_at"], moved["stylist"]) == (
        "confirmed",
        "2026-05-03T16:00:00+08:00",
        "Alexandra",
    )
    assert sent_to(stub)[-1][0] == codes[("zh-CN", "confirmed", False)]


def test_staff_offer_new_times_from_the_today_page(
    desk: FlaskClient,  # noqa: F811
    ready: SalonHandle,
    clock: TestClock,
) -> None:
    created = book(desk, ready, starts_at="2026-12-01T15:00:00+08:00")
    page = desk.get("/staff/today").get_data(as_text=True)
    assert "发改约时间" in page
    path = f"/staff/appointments/{created['id']}/offer"
    refused = console_post(desk, path)
    assert refused.status_code == 302
    assert "没有可约的空闲时间" in desk.get("/staff/today").get_data(as_text=True)

    publish(desk, ready)
    assert console_post(desk, path).status_code == 302
    assert "已发送可选时间" in desk.get("/staff/today").get_data(as_text=True)
    [offered] = [m for m in thread(desk, ready) if m["template"] == "offer_3"]
    assert offered["body"].startswith("【丝绒发型】可改约的时间：A 12月2日 14:00")


def test_staff_are_told_why_a_customer_cannot_be_offered_new_times(
    app: Flask,
    desk: FlaskClient,  # noqa: F811
    ready: SalonHandle,
) -> None:
    created = book(desk, ready, starts_at="2026-12-01T15:00:00+08:00")
    publish(desk, ready)
    reply(desk, ready, "退订")
    run_worker(app)
    assert console_post(desk, f"/staff/appointments/{created['id']}/offer").status_code == 302
    assert "这位顾客已退订短信" in desk.get("/staff/today").get_data(as_text=True)
    assert not [t for t in outbound(desk, ready) if t.startswith("offer")]


def test_a_crm_move_while_an_offer_is_open_withdraws_it(
    client: FlaskClient, ready: SalonHandle, db: Database
) -> None:
    book(client, ready, starts_at=STARTS_AT)
    publish(client, ready)
    reply(client, ready, "变更")
    moved = client.patch(
        "/api/v1/appointments/A-1",
        json={"starts_at": "2026-12-05T10:00:00+08:00"},
        headers=ready.headers,
    )
    assert moved.status_code == 200
    reply(client, ready, "A")
    # The salon's own move stands; the late pick is told the time is gone.
    assert appointment(client, ready)["starts_at"] == "2026-12-05T10:00:00+08:00"
    assert "offer_gone" in outbound(client, ready)
    with db.sessions() as session:
        assert session.scalars(select(Offer.status).order_by(Offer.id)).first() == "withdrawn"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to": "2026-12-16"}, "to"),  # 15 days ahead
        ({"from": "2026-12-04", "to": "2026-12-02"}, "to"),
        ({"to": "2026-12-03"}, "stylists.0.free.2.start"),  # the 4th lies outside the days
        (
            {
                "stylists": [
                    {
                        "stylist": "Lily",
                        "free": [
                            {
                                "start": "2026-12-02T13:00:00+08:00",
                                "end": "2026-12-02T15:00:00+08:00",
                            },
                            {
                                "start": "2026-12-02T14:00:00+08:00",
                                "end": "2026-12-02T16:00:00+08:00",
                            },
                        ],
                    }
                ]
            },
            "stylists.0.free.1.start",
        ),
        (
            {
                "stylists": [
                    {
                        "stylist": "Lily",
                        "free": [
                            {
                                "start": "2026-12-02T15:00:00+08:00",
                                "end": "2026-12-02T13:00:00+08:00",
                            }
                        ],
                    }
                ]
            },
            "stylists.0.free.0.end",
        ),
        ({"stylists": [{"stylist": "Lily", "free": []}] * 2}, "stylists.1.stylist"),
        ({"stylists": [{"stylist": " ", "free": []}]}, "stylists.0.stylist"),
    ],
)
def test_availability_that_cannot_be_true_is_refused_naming_the_field(
    client: FlaskClient, ready: SalonHandle, change: dict[str, Any], field: str
) -> None:
    refused = publish(client, ready, {**AVAILABILITY, **change})
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["error"]["field"] == field
    # Nothing was stored: a 变更 gets no offer.
    book(client, ready, starts_at=STARTS_AT)
    reply(client, ready, "变更")
    assert outbound(client, ready)[-1] == "change_received"
