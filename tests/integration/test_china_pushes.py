"""Pushes from Alibaba Cloud and Tencent Cloud as they come in practice: both documented Aliyun
shapes, Tencent's single-object reply, retries, a batch with a bad record, a wrong token, a
sign name no salon has, replies in the wrong order, and the carriers' opt-out words."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.serving import make_server

from gateway.db import Database
from gateway.models import Message, MessageDirection, UnroutedReply
from gateway.providers.standins.aliyun import AliyunStub
from tests.integration.conftest import (
    OTHER_SIGN,
    STARTS_AT,
    aliyun_reply,
    china_salon,
    push,
    tencent_reply,
)
from tests.support import SalonHandle, book, process_replies, run_worker, status_of, thread


def inbound_count(app: Flask) -> int:
    db: Database = app.extensions["db"]
    with db.transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Message)
                .where(Message.direction == MessageDirection.INBOUND)
            )
            or 0
        )


@pytest.fixture
def aliyun_salon(china_app: Flask, china_client: FlaskClient) -> SalonHandle:
    salon = china_salon(china_app, "aliyun")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    return salon


@pytest.mark.parametrize(
    "record",
    [
        # older documentation: sign_name present, sequence_id a number
        {"sign_name": "丽丽美发", "sequence_id": 1234567890},
        # newer documentation: no sign_name, sequence_id a string
        {"sequence_id": "1234567891"},
    ],
)
def test_both_documented_aliyun_reply_shapes_are_read(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle, record: dict[str, Any]
) -> None:
    answer = push(china_client, "aliyun", "up", [aliyun_reply("确认", **record)])
    assert (answer.status_code, answer.get_json()) == (200, {"code": 0, "msg": "接收成功"})
    process_replies(china_app)
    assert status_of(china_client, aliyun_salon) == "confirmed"


def test_a_retried_push_stores_nothing_twice(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle
) -> None:
    record = aliyun_reply("确认")
    for _ in range(3):
        assert push(china_client, "aliyun", "up", [record]).status_code == 200
    process_replies(china_app)
    run_worker(china_app)
    assert inbound_count(china_app) == 1
    assert [m["template"] for m in thread(china_client, aliyun_salon)].count("confirmed") == 1


def test_a_batch_with_a_bad_record_stores_the_good_ones_and_answers_success(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle
) -> None:
    batch = [
        {"phone_number": "13800138000", "content": "确认"},  # no sequence_id
        "not a record",
        aliyun_reply("确认"),
    ]
    answer = push(china_client, "aliyun", "up", batch)
    assert (answer.status_code, answer.get_json()) == (200, {"code": 0, "msg": "接收成功"})
    process_replies(china_app)
    assert inbound_count(china_app) == 1
    assert status_of(china_client, aliyun_salon) == "confirmed"


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/sms/aliyun/wrong-token/up", [aliyun_reply("确认")]),
        ("/sms/tencent/wrong-token/reply", tencent_reply("确认")),
        ("/sms/aliyun/push-secret-0123456789/nonsense", [aliyun_reply("确认")]),
    ],
)
def test_a_wrong_token_is_not_found_and_stores_nothing(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle, path: str, payload: Any
) -> None:
    assert china_client.post(path, json=payload).status_code == 404
    assert inbound_count(china_app) == 0


def test_a_push_that_is_not_json_is_refused_in_the_providers_terms(
    china_client: FlaskClient,
) -> None:
    answer = china_client.post(
        "/sms/tencent/push-secret-0123456789/report", data="<xml/>", content_type="text/xml"
    )
    assert (answer.status_code, answer.get_json()["result"]) == (400, 1)


def test_a_reply_for_an_unknown_sign_name_is_kept_for_the_operator(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle
) -> None:
    record = tencent_reply("确认", sign="别家美发", mobile="13900139000")
    for _ in range(2):  # retried: kept once
        answer = push(china_client, "tencent", "reply", record)
        assert (answer.status_code, answer.get_json()) == (200, {"result": 0, "errmsg": "OK"})
    process_replies(china_app)
    db: Database = china_app.extensions["db"]
    with db.transaction() as session:
        kept = session.scalars(select(UnroutedReply)).all()
        assert [(r.provider, r.phone, r.body, r.sign_name) for r in kept] == [
            ("tencent", "+8613900139000", "确认", "别家美发")
        ]
    listed = china_app.test_cli_runner().invoke(args=["templates", "unrouted"])
    assert "tencent from +86139****9000 sign=别家美发 extend=-: 确认" in listed.output
    assert inbound_count(china_app) == 0


def test_replies_in_one_batch_are_acted_on_in_the_order_they_were_written(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle
) -> None:
    batch = [
        aliyun_reply("变更", send_time="2026-05-01 10:07:00"),
        aliyun_reply("确认", send_time="2026-05-01 10:05:00"),
    ]
    assert push(china_client, "aliyun", "up", batch).status_code == 200
    process_replies(china_app)
    # 确认 then 变更: the customer's last word is a change.
    assert status_of(china_client, aliyun_salon) == "change_requested"


def test_tencent_reply_routed_by_its_extend_code_among_salons_sharing_a_sign(
    china_app: Flask, china_client: FlaskClient
) -> None:
    first = china_salon(china_app, "tencent", name="丽丽美发一店")
    second = china_salon(china_app, "tencent", name="丽丽美发二店", sign=OTHER_SIGN)
    shared = china_app.test_cli_runner().invoke(
        args=["salon", "update", str(second.id), "--share-sign-with", str(first.id)]
    )
    assert shared.exit_code == 0, shared.output
    book(china_client, first, starts_at=STARTS_AT)
    book(china_client, second, starts_at=STARTS_AT)
    run_worker(china_app)
    assert push(
        china_client, "tencent", "reply", tencent_reply("取消", extend="02")
    ).status_code == (200)
    process_replies(china_app)
    assert (status_of(china_client, first), status_of(china_client, second)) == (
        "unconfirmed",
        "cancelled",
    )


@pytest.mark.parametrize("word", ["N", "R", "TD", "退订", "ｔ"])
def test_the_carriers_opt_out_words_opt_the_customer_out(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, word: str
) -> None:
    salon = china_salon(china_app, "aliyun")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    assert push(china_client, "aliyun", "up", [aliyun_reply(word)]).status_code == 200
    process_replies(china_app)
    customer = china_client.get("/api/v1/customers/+8613800138000", headers=salon.headers)
    assert customer.get_json()["opted_out"] is True


def test_a_source_allowlist_honours_the_proxy_only_when_one_is_declared(
    make_app: Any, china_app: Flask, aliyun_salon: SalonHandle
) -> None:
    settings = china_app.extensions["settings"]
    options = {
        name: getattr(settings, name)
        for name in (
            "aliyun_access_key_id",
            "aliyun_access_key_secret",
            "aliyun_sms_endpoint",
            "sms_callback_token",
            "database_url",
        )
    }
    direct = make_app(**options, sms_callback_allow="203.0.113.0/24").test_client()
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    # Without a declared proxy, a forwarded header proves nothing.
    assert push(direct, "aliyun", "up", [aliyun_reply("确认")], headers=forwarded).status_code == (
        403
    )
    proxied_app = make_app(**options, sms_callback_allow="203.0.113.0/24", trusted_proxies=1)
    proxied = proxied_app.test_client()
    spoofed = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    assert push(proxied, "aliyun", "up", [aliyun_reply("确认")], headers=spoofed).status_code == 403
    assert (
        push(proxied, "aliyun", "up", [aliyun_reply("确认")], headers=forwarded).status_code == 200
    )
    process_replies(proxied_app)
    assert inbound_count(china_app) == 1


def test_make_reply_pushes_as_the_provider_does(
    china_app: Flask, china_client: FlaskClient, aliyun_salon: SalonHandle
) -> None:
    """``make reply PROVIDER=aliyun SIGN=丽丽美发 EXTEND=01`` against a running service."""
    server = make_server("127.0.0.1", 0, china_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with china_app.app_context():
            result = china_app.test_cli_runner().invoke(
                args=["simulate-push", "--provider", "aliyun", "--from", "+8613800138000",
                      "--body", "确认", "--sign-name", "丽丽美发", "--extend-code", "01",
                      "--url", f"http://127.0.0.1:{server.server_port}"]
            )  # fmt: skip
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert result.output.strip() == '200 {"code":0,"msg":"接收成功"}'
    process_replies(china_app)
    assert status_of(china_client, aliyun_salon) == "confirmed"
