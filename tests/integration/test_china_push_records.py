"""A push is kept as it came and answered at once; the workers read it record by record, so a
bad record is kept with its reason and never takes the others down — on SQLite and PostgreSQL.
Raw pushes and unrouted replies go with an erased customer and with the retention period."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import (
    Customer,
    Message,
    MessageDirection,
    ProviderPush,
    PushProblem,
    UnroutedReply,
)
from tests.integration.conftest import (
    STARTS_AT,
    aliyun_reply,
    china_salon,
    push,
    tencent_reply,
)
from tests.support import SalonHandle, TestClock, book, process_replies, run_worker, status_of


def problems(app: Flask) -> list[tuple[int, str, bool]]:
    db: Database = app.extensions["db"]
    with db.transaction() as session:
        rows = session.scalars(select(PushProblem).order_by(PushProblem.position)).all()
        return [(p.position, p.reason, p.acted_on) for p in rows]


def replies_from(app: Flask, phone: str) -> list[str]:
    db: Database = app.extensions["db"]
    with db.transaction() as session:
        return list(
            session.scalars(
                select(Message.body)
                .join(Customer, Customer.id == Message.customer_id)
                .where(Message.direction == MessageDirection.INBOUND, Customer.phone == phone)
            )
        )


def pushes(app: Flask) -> list[ProviderPush]:
    db: Database = app.extensions["db"]
    with db.transaction() as session:
        rows = list(session.scalars(select(ProviderPush).order_by(ProviderPush.id)))
        session.expunge_all()
        return rows


def sweep(app: Flask) -> None:
    """``flask sweep``, as the cron process runs it."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["sweep"])
    assert result.exit_code == 0, result.output


def salon_with_a_booking(app: Flask, client: FlaskClient, provider: str) -> SalonHandle:
    salon = china_salon(app, provider)
    book(client, salon, starts_at=STARTS_AT)
    run_worker(app)
    return salon


def test_a_push_is_kept_as_it_came_and_answered_before_any_worker_reads_it(
    china_app: Flask, china_client: FlaskClient
) -> None:
    salon = salon_with_a_booking(china_app, china_client, "aliyun")
    body = json.dumps([aliyun_reply("确认")], ensure_ascii=False)
    answer = china_client.post(
        "/sms/aliyun/push-secret-0123456789/up", data=body, content_type="application/json"
    )
    assert (answer.status_code, answer.get_json()["code"]) == (200, 0)
    [kept] = pushes(china_app)
    assert (kept.provider, kept.kind, kept.body, kept.processed_at) == ("aliyun", "up", body, None)
    assert status_of(china_client, salon) == "unconfirmed"
    process_replies(china_app)
    assert status_of(china_client, salon) == "confirmed"
    [done] = pushes(china_app)
    assert done.outcome is not None and done.outcome.startswith("stored 1,")


def test_every_bad_record_is_kept_with_its_reason_and_the_good_one_is_acted_on(
    china_app: Flask, china_client: FlaskClient
) -> None:
    salon = salon_with_a_booking(china_app, china_client, "aliyun")
    batch = [
        aliyun_reply("确认"),
        aliyun_reply("取消", content="取\x00消"),  # NUL: PostgreSQL cannot keep it
        aliyun_reply("取消", sign_name="丽" * 41),  # over-long sign name
        aliyun_reply("取消", sequence_id="9" * 200),  # over-long id
        {"phone_number": "13800138000", "content": "取消", "send_time": "2026-05-01 10:06:00"},
        aliyun_reply("你好", phone="13900139000", send_time="yesterday at ten"),  # odd time
    ]
    answer = push(china_client, "aliyun", "up", batch)
    assert (answer.status_code, answer.get_json()) == (200, {"code": 0, "msg": "接收成功"})
    process_replies(china_app)
    assert status_of(china_client, salon) == "confirmed"
    assert problems(china_app) == [
        (1, "content holds a NUL character", False),
        (2, "sign_name is over 40 characters", False),
        (3, "sequence_id is over 56 characters", False),
        (4, "sequence_id missing", False),
        (
            5,
            "send_time 'yesterday at ten' is in no documented form; the time the push came "
            "was used",
            True,
        ),
    ]
    # The record with the odd time was acted on all the same.
    assert replies_from(china_app, "+8613900139000") == ["你好"]


def test_a_bad_receipt_takes_no_other_down(china_app: Flask, china_client: FlaskClient) -> None:
    salon = salon_with_a_booking(china_app, china_client, "tencent")
    [request] = china_client.get(
        "/api/v1/appointments/A-1/messages", headers=salon.headers
    ).get_json()["data"]
    assert request["status"] == "sent"
    # Tencent Cloud's receipt push (tencentcloud.com/document/api/382/43547, SMS Sending Status
    # Notification), its sample's fields; the sid is the SerialNo our send got.
    good = {
        "user_receive_time": "2026-05-01 10:01:00",
        "nationcode": "86",
        "mobile": "13800138000",
        "report_status": "SUCCESS",
        "errmsg": "DELIVRD",
        "description": "用户短信送达成功",
        "sid": request["provider_sid"],
    }
    batch = [{**good, "sid": "x" * 65}, {**good, "sid": None}, good, {**good, "errmsg": "A\x00"}]
    assert push(china_client, "tencent", "report", batch).status_code == 200
    process_replies(china_app)
    [delivered] = china_client.get(
        "/api/v1/appointments/A-1/messages", headers=salon.headers
    ).get_json()["data"]
    assert delivered["status"] == "delivered"
    assert [(p, reason) for p, reason, _ in problems(china_app)] == [
        (0, "sid is over 64 characters"),
        (1, "sid missing"),
        (3, "errmsg holds control characters"),
    ]


def test_a_tencent_reply_without_nationcode_from_outside_the_mainland_is_kept_aside(
    china_app: Flask, china_client: FlaskClient
) -> None:
    record = tencent_reply("确认", mobile="91234567")
    del record["nationcode"]
    assert push(china_client, "tencent", "reply", record).status_code == 200
    process_replies(china_app)
    [(position, reason, _)] = problems(china_app)
    assert (position, reason) == (
        0,
        "a number without its nationcode that is not a mainland mobile",
    )


def test_a_push_whose_job_was_lost_is_read_by_the_next_sweep(
    china_app: Flask, china_client: FlaskClient, clock: TestClock
) -> None:
    salon = salon_with_a_booking(china_app, china_client, "aliyun")
    assert push(china_client, "aliyun", "up", [aliyun_reply("确认")]).status_code == 200
    china_app.extensions["sms_queue"].pushes.empty()  # Redis lost the job
    process_replies(china_app)
    assert status_of(china_client, salon) == "unconfirmed"
    clock.advance(timedelta(minutes=4))
    sweep(china_app)
    process_replies(china_app)
    assert status_of(china_client, salon) == "confirmed"


def test_an_erased_customer_leaves_no_copy_in_pushes_or_unrouted_replies(
    china_app: Flask, china_client: FlaskClient
) -> None:
    salon = salon_with_a_booking(china_app, china_client, "aliyun")
    other = aliyun_reply("确认", phone="13900139000", dest_code="99", sign_name="别家美发")
    batch = [
        aliyun_reply("我的卡号是1234"),
        aliyun_reply("取消", dest_code="99", sign_name="别家美发"),  # nobody's: unrouted
        other,
        {"phone_number": "13800138000", "content": "无编号的记录"},  # unreadable: kept aside
    ]
    assert push(china_client, "aliyun", "up", batch).status_code == 200
    process_replies(china_app)
    erased = china_client.delete("/api/v1/customers/13800138000", headers=salon.headers)
    assert erased.status_code == 204
    [kept] = pushes(china_app)
    assert "13800138000" not in kept.body and "我的卡号" not in kept.body
    assert "取消" not in kept.body and "无编号的记录" not in kept.body
    # Another number in the same push is untouched.
    assert "13900139000" in kept.body
    db: Database = china_app.extensions["db"]
    with db.transaction() as session:
        assert session.scalars(select(UnroutedReply.phone)).all() == ["+8613900139000"]
        records = session.scalars(select(PushProblem.record)).all()
        assert records and all("13800138000" not in r for r in records)


def test_raw_pushes_and_unrouted_replies_expire_with_the_retention_period(
    china_app: Flask, china_client: FlaskClient, clock: TestClock
) -> None:
    china_salon(china_app, "aliyun")
    batch = [aliyun_reply("确认", dest_code="99", sign_name="别家美发"), {"content": "?"}]
    assert push(china_client, "aliyun", "up", batch).status_code == 200
    process_replies(china_app)
    clock.advance(timedelta(days=181))
    sweep(china_app)
    db: Database = china_app.extensions["db"]
    with db.transaction() as session:
        left = [
            session.scalar(select(func.count()).select_from(model))
            for model in (ProviderPush, PushProblem, UnroutedReply)
        ]
    assert left == [0, 0, 0]
