"""What the China providers' refusals mean for a salon's texts: flow control defers (not fails),
an account or approval problem holds the salon's texts until the provider takes one again (one
event each way), a blacklisted number opts the customer out, and a text that may have gone is
settled by asking the provider — never sent twice."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Message
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.tencent import TencentStub
from tests.integration.conftest import NOW, STARTS_AT, china_salon
from tests.integration.test_crm_webhooks import Crm, crm, set_webhook  # noqa: F401
from tests.support import SalonHandle, TestClock, book, run_worker, thread


def sweep(app: Flask) -> None:
    with app.app_context():
        run_sweep()
    run_worker(app)


def statuses(client: FlaskClient, salon: SalonHandle, external_id: str = "A-1") -> list[str]:
    return [m["status"] for m in thread(client, salon, external_id)]


def test_flow_control_defers_past_the_window_it_names(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, clock: TestClock
) -> None:
    salon = china_salon(china_app, "aliyun")
    aliyun_stub.fail_next("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    [request] = thread(china_client, salon)
    assert (request["status"], request["error_code"]) == ("queued", "isv.BUSINESS_LIMIT_CONTROL")
    clock.advance(timedelta(seconds=30))
    sweep(china_app)
    assert aliyun_stub.sent == []  # still inside the minute
    clock.advance(timedelta(seconds=31))
    sweep(china_app)
    assert len(aliyun_stub.sent) == 1
    assert statuses(china_client, salon) == ["sent"]


def test_a_blocked_account_holds_the_salons_texts_and_resumes_by_itself(
    china_app: Flask,
    china_client: FlaskClient,
    aliyun_stub: AliyunStub,
    clock: TestClock,
    crm: Crm,  # noqa: F811
) -> None:
    salon = china_salon(china_app, "aliyun")
    crm.secret = set_webhook(china_app, salon, crm.url)["webhook_secret"]
    aliyun_stub.fail_next("isv.AMOUNT_NOT_ENOUGH", "账户余额不足")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    book(china_client, salon, external_id="A-2", starts_at=STARTS_AT)
    run_worker(china_app)
    assert len(aliyun_stub.received) == 1  # the second text was held without asking
    assert statuses(china_client, salon) + statuses(china_client, salon, "A-2") == [
        "held",
        "held",
    ]
    health = china_client.get("/healthz")
    assert health.status_code == 200
    [held] = health.get_json()["salons_held_by_provider"]
    assert (held["salon"], held["provider"]) == (salon.id, "aliyun")
    assert "isv.AMOUNT_NOT_ENOUGH" in held["reason"]

    # The salon tops up, but the first probe comes before the provider has seen the payment.
    aliyun_stub.fail_next("isv.AMOUNT_NOT_ENOUGH", "账户余额不足")
    clock.advance(timedelta(minutes=5))
    sweep(china_app)
    assert len(aliyun_stub.received) == 1  # no probe before its time
    clock.advance(timedelta(minutes=6))
    sweep(china_app)
    assert len(aliyun_stub.received) == 2 and aliyun_stub.sent == []  # one probe, refused
    clock.advance(timedelta(minutes=11))
    sweep(china_app)  # the probe goes: the salon resumes, its other text is queued again
    sweep(china_app)
    assert len(aliyun_stub.sent) == 2
    assert statuses(china_client, salon) + statuses(china_client, salon, "A-2") == [
        "sent",
        "sent",
    ]
    assert "salons_held_by_provider" not in china_client.get("/healthz").get_json()
    assert [e["type"] for e in crm.events().values()] == [
        "salon.provider_blocked",
        "salon.provider_resumed",
    ]


def test_a_blacklisted_number_opts_the_customer_out(
    china_app: Flask, china_client: FlaskClient, tencent_stub: TencentStub
) -> None:
    salon = china_salon(china_app, "tencent")
    tencent_stub.fail_next("FailedOperation.PhoneNumberInBlacklist")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    assert statuses(china_client, salon) == ["failed"]
    customer = china_client.get("/api/v1/customers/+8613800138000", headers=salon.headers)
    assert customer.get_json()["opted_out"] is True


def test_an_uncertain_aliyun_send_is_settled_by_query_send_details(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, clock: TestClock
) -> None:
    salon = china_salon(china_app, "aliyun")
    aliyun_stub.hang_up_next()  # it went out, but the answer was lost
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    [request] = thread(china_client, salon)
    assert request["status"] == "uncertain"
    sweep(china_app)
    assert len(aliyun_stub.sent) == 1  # never sent again blindly
    aliyun_stub.mark(str(request["id"]), delivered=True)
    clock.advance(timedelta(minutes=3))
    sweep(china_app)
    assert statuses(china_client, salon) == ["delivered"]
    assert len(aliyun_stub.sent) == 1
    assert aliyun_stub.received[-1].headers["x-acs-action"] == "QuerySendDetails"


def test_an_uncertain_tencent_send_is_settled_by_pulling_the_numbers_receipts(
    china_app: Flask, china_client: FlaskClient, tencent_stub: TencentStub, clock: TestClock
) -> None:
    salon = china_salon(china_app, "tencent")
    tencent_stub.hang_up_next()
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    [request] = thread(china_client, salon)
    assert request["status"] == "uncertain"
    tencent_stub.mark(str(request["id"]), delivered=False)
    clock.set(NOW + timedelta(minutes=3))
    sweep(china_app)
    assert statuses(china_client, salon) == ["failed"]
    asked = tencent_stub.received[-1].headers["X-TC-Action"]
    assert asked == "PullSmsSendStatusByPhoneNumber"
    assert len(tencent_stub.sent) == 1


def test_a_deferred_text_once_taken_shows_sent_with_its_serial_and_the_parts_billed(
    china_app: Flask, china_client: FlaskClient, tencent_stub: TencentStub, clock: TestClock
) -> None:
    """What Tencent Cloud answers for a text it took (SendStatusSet[].SerialNo and .Fee, the
    parts billed: https://cloud.tencent.com/document/api/382/55981) is kept on the text, and
    the earlier deferral's error is cleared."""
    salon = china_salon(china_app, "tencent")
    tencent_stub.fail_next("LimitExceeded.PhoneNumberThirtySecondLimit")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    [request] = thread(china_client, salon)
    assert (request["status"], request["error_code"]) == (
        "queued",
        "LimitExceeded.PhoneNumberThirtySecondLimit",
    )
    clock.advance(timedelta(minutes=6))
    sweep(china_app)
    [request] = thread(china_client, salon)
    [sent] = tencent_stub.sent
    assert (request["status"], request["provider_sid"], request["error_code"]) == (
        "sent",
        sent.serial_no,
        None,
    )
    assert request["sent_at"] is not None
    db: Database = china_app.extensions["db"]
    with db.sessions() as session:
        assert session.get_one(Message, request["id"]).fee == 1  # the stand-in bills one part
