"""The sweep writes each reminder from plain rows with the wording worked out once per salon,
template and locale: the text a customer gets is, character for character, the one the
one-at-a-time path (``queue_about``) writes for the same appointment, on Twilio, Alibaba Cloud
and Tencent Cloud, in zh-CN, zh-TW and en, inside the mainland and outside it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select, update

from gateway.db import Database
from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Message, Salon
from gateway.services import Booking, book, create_salon, sweep
from gateway.services.sending.outbox import queue_about
from tests.integration.conftest import SIGN

SH = ZoneInfo("Asia/Shanghai")
#: The china_app's clock: 10:00 on 1 May 2026 in Shanghai.
BOOKED = datetime(2026, 5, 1, 10, 0, tzinfo=SH)
STARTS = datetime(2026, 5, 3, 14, 0, tzinfo=SH)
DUE = STARTS - timedelta(days=1)
#: Long enough for Alibaba Cloud's limit per value to cut it.
SERVICE = "日式头皮护理加精油按摩及造型设计"

#: Per salon: (external id, phone, customer's locale, stylist, confirmed).
CUSTOMERS = (
    ("A-1", "+8613800138001", None, "Lily", False),
    ("A-2", "+8613800138002", "zh-TW", "", True),
    ("A-3", "+8613800138003", "en", "Sunny", False),
    ("A-4", "+8613800138004", "en", None, True),
)
#: Alibaba Cloud has English international codes (tests/integration/conftest.py): a Hong Kong
#: number gets them; Tencent Cloud has none, so it takes no number outside the mainland.
OUTSIDE = ("A-5", "+85291234567", "en", "Mia", False)


def _salons(db: Database) -> dict[str, int]:
    ids = {}
    with db.transaction() as session:
        for number, provider in enumerate(("twilio", "aliyun", "tencent"), start=1):
            salon, _ = create_salon(
                session,
                name="丽丽美发沙龙",
                sender_number=f"+861069000009{number}",
                timezone="Asia/Shanghai",
                locale="zh-CN",
                provider=provider,
            )
            salon.display_names = {"en": "Lili Hair", "zh-TW": "麗麗美髮沙龍"}
            salon.sign_name = None if provider == "twilio" else SIGN
            salon.extend_code = None if provider == "twilio" else f"0{number}"
            salon.quiet_hours = "21:00-09:00"
            salon.reminder_offsets = "1440"
            ids[provider] = salon.id
    return ids


def _book_everyone(db: Database, salons: dict[str, int]) -> None:
    with db.transaction() as session:
        for provider, salon_id in salons.items():
            salon = session.get_one(Salon, salon_id)
            people = CUSTOMERS + ((OUTSIDE,) if provider != "tencent" else ())
            for external_id, phone, locale, stylist, confirmed in people:
                appointment = book(
                    session,
                    salon=salon,
                    booking=Booking(
                        external_id=external_id,
                        phone=phone,
                        customer_name="王女士",
                        customer_locale=locale,
                        service=SERVICE,
                        stylist=stylist,
                        starts_at=STARTS,
                        duration_minutes=60,
                        send_confirmation=False,
                    ),
                    now=BOOKED,
                ).appointment
                if confirmed:
                    session.execute(
                        update(Appointment)
                        .where(Appointment.id == appointment.id)
                        .values(status=AppointmentStatus.CONFIRMED)
                    )


#: What a customer would notice of a text, and what the provider is sent.
COLUMNS = ("salon_id", "customer_id", "appointment_id", "template", "locale", "body")
COLUMNS += ("template_params", "segments", "status", "created_at", "send_after", "enqueued_at")


def _as_written(message: Message) -> dict[str, Any]:
    return {column: getattr(message, column) for column in COLUMNS}


def test_the_sweeps_reminders_read_as_the_one_at_a_time_path_writes_them(
    china_app: Flask,
) -> None:
    db: Database = china_app.extensions["db"]
    salons = _salons(db)
    _book_everyone(db, salons)
    with db.transaction() as session:
        assert sweep(session, now=DUE).reminders_queued == 14

    with db.transaction() as session:
        swept = list(
            session.scalars(
                select(Message)
                .where(
                    Message.template.in_([TemplateName.REMINDER, TemplateName.REMINDER_UNCONFIRMED])
                )
                .order_by(Message.id)
            )
        )
        assert len(swept) == 14
        for message in swept:
            appointment = session.get_one(Appointment, message.appointment_id)
            one = queue_about(session, appointment, message.template, now=DUE, unprompted=True)
            assert one is not None
            session.flush()
            assert _as_written(message) == _as_written(one), appointment.external_id
        bodies = {
            (message.salon_id, message.appointment.external_id): message.body for message in swept
        }
        session.rollback()

    twilio, aliyun, tencent = salons["twilio"], salons["aliyun"], salons["tencent"]
    assert bodies[twilio, "A-1"] == (
        f"【丽丽美发沙龙】温馨提醒：您预约了 5月3日 14:00 {SERVICE}，由Lily为您服务（预约号 "
        + bodies[twilio, "A-1"].split("预约号 ")[1]
    )
    assert bodies[twilio, "A-2"].startswith("【麗麗美髮沙龍】提醒您：您預約了 5月3日 14:00 日式")
    assert bodies[twilio, "A-3"].startswith(
        f"Lili Hair: Please confirm your appointment for {SERVICE} with Sunny on Sun 3 May at "
        "2:00 pm"
    )
    assert bodies[twilio, "A-4"].startswith(
        f"Lili Hair: Reminder of your appointment for {SERVICE}"
    )
    for salon in (aliyun, tencent):
        assert bodies[salon, "A-1"].startswith(f"【{SIGN}】温馨提醒：您预约了 5月3日 14:00 日式")
        assert bodies[salon, "A-2"].startswith(f"【{SIGN}】提醒您：您預約了 5月3日 14:00 日式")
        assert bodies[salon, "A-3"].startswith(f"【{SIGN}】Please confirm your appointment for ")
    # Alibaba Cloud cuts a value at its limit; Tencent Cloud (an enterprise account) does not.
    assert "…" in bodies[aliyun, "A-1"] and SERVICE in bodies[tencent, "A-1"]
    assert bodies[aliyun, "A-5"].startswith(f"【{SIGN}】Please confirm your appointment for ")
