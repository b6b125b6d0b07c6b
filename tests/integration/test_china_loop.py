"""A salon on Alibaba Cloud and one on Tencent Cloud run the whole loop against the local stubs,
through the real SDKs: book → SendSms with the approved template and its values → the customer's
确认 pushed back → confirmed → the answer sent → its receipt pushed → delivered → the CRM told."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.domain.provider_templates import Provider, value_limit
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.providers import Providers
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.tencent import TencentStub
from gateway.sms_text import TEMPLATE_NAMES, compose
from tests.integration.conftest import (
    ALIYUN_CODES,
    SIGN,
    STARTS_AT,
    TENCENT_CODES,
    aliyun_reply,
    china_salon,
    push,
    tencent_reply,
)
from tests.integration.test_crm_webhooks import Crm, crm, set_webhook  # noqa: F401
from tests.support import SalonHandle, book, process_replies, run_worker, status_of, thread
from tests.unit.test_sms_text import ctx_for

REQUEST = (
    "【丽丽美发】您预约了 5月3日 14:00 剪发，由Lily为您服务（预约号 {ref}）。"
    "确认请回复“1”或“确认”，改期请回复“2”或“变更”，取消请回复“3”或“取消”。"
)


def sent_to(stub: AliyunStub | TencentStub) -> list[tuple[str, Any]]:
    """(template code, values) of each text the provider took, in order."""
    if isinstance(stub, AliyunStub):
        return [(t.template_code, t.params) for t in stub.sent]
    return [(t.template_id, t.params) for t in stub.sent]


@pytest.mark.parametrize("provider", ["aliyun", "tencent"])
def test_the_whole_loop(
    provider: str,
    china_app: Flask,
    china_client: FlaskClient,
    aliyun_stub: AliyunStub,
    tencent_stub: TencentStub,
    crm: Crm,  # noqa: F811
) -> None:
    stub: AliyunStub | TencentStub = aliyun_stub if provider == "aliyun" else tencent_stub
    codes = ALIYUN_CODES if provider == "aliyun" else TENCENT_CODES
    salon = china_salon(china_app, provider)
    crm.secret = set_webhook(china_app, salon, crm.url)["webhook_secret"]

    booked = book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    ref = booked["ref"]
    request_code = codes[("zh-CN", "confirmation_request", False)]
    values = [("appointment", "5月3日 14:00 剪发，由Lily为您服务"), ("ref", ref)]
    expected = dict(values) if provider == "aliyun" else [v for _, v in values]
    assert sent_to(stub) == [(request_code, expected)]
    [request] = thread(china_client, salon)
    assert request["body"] == REQUEST.format(ref=ref)  # what the customer reads, sign included
    assert request["status"] == "sent" and request["segments"] == 2
    assert request["provider_sid"] == (
        aliyun_stub.sent[0].biz_id if provider == "aliyun" else tencent_stub.sent[0].serial_no
    )

    # The customer answers 确认 from that number; the provider pushes it to us.
    if provider == "aliyun":
        answer = push(china_client, "aliyun", "up", [aliyun_reply("确认")])
        assert answer.get_json() == {"code": 0, "msg": "接收成功"}
    else:
        answer = push(china_client, "tencent", "reply", tencent_reply("确认", extend="01"))
        assert answer.get_json() == {"result": 0, "errmsg": "OK"}
    assert answer.status_code == 200
    process_replies(china_app)
    assert status_of(china_client, salon) == "confirmed"
    run_worker(china_app)  # the answer goes, and the CRM hears of it
    assert sent_to(stub)[-1][0] == codes[("zh-CN", "confirmed", False)]
    confirmation = thread(china_client, salon)[-1]
    assert (
        confirmation["body"]
        == f"【丽丽美发】您 5月3日 14:00 剪发的预约已确认（预约号 {ref}），期待您的光临！"
    )

    # The carrier's receipt for the answer comes back.
    if provider == "aliyun":
        text = aliyun_stub.sent[-1]
        receipt = {
            "phone_number": "13800138000",
            "send_time": "2026-05-01 10:06:00",
            "report_time": "2026-05-01 10:06:05",
            "success": True,
            "err_code": "DELIVERED",
            "err_msg": "用户接收成功",
            "sms_size": "1",
            "biz_id": text.biz_id,
            "out_id": text.out_id,
        }
        assert push(china_client, "aliyun", "report", [receipt]).status_code == 200
    else:
        sent = tencent_stub.sent[-1]
        receipt = {
            "user_receive_time": "2026-05-01 10:06:05",
            "nationcode": "86",
            "mobile": "13800138000",
            "report_status": "SUCCESS",
            "errmsg": "DELIVRD",
            "description": "用户短信送达成功",
            "sid": sent.serial_no,
        }
        assert push(china_client, "tencent", "report", [receipt]).status_code == 200
    process_replies(china_app)  # the workers read the kept push
    assert thread(china_client, salon)[-1]["status"] == "delivered"
    assert [e["type"] for e in crm.events().values()] == ["appointment.confirmed"]


def test_every_template_in_every_locale_goes_through_both_providers(
    china_app: Flask, aliyun_stub: AliyunStub, tencent_stub: TencentStub
) -> None:
    """The stubs know each approved template's variables and check every value sent."""
    providers: Providers = china_app.extensions["sms_providers"]
    long_values = {"service": "日式头皮深层清洁护理加玻尿酸补水焗油套餐", "stylist": "Alexandra K."}
    for kind, codes in (("aliyun", ALIYUN_CODES), ("tencent", TENCENT_CODES)):
        sender = providers.template(kind)
        limit = value_limit(Provider(kind))
        for locale in SUPPORTED_LOCALES:
            for name in TEMPLATE_NAMES:
                composed = compose(
                    name, locale, ctx_for(locale, **long_values), sign_name=SIGN, value_limit=limit
                )
                sender.send_template(
                    to="+8613800138000",
                    sign_name=SIGN,
                    template_code=codes[(locale, name, False)],
                    params=composed.params,
                    extend_code="01",
                    reference=f"{locale}/{name}",
                )
    count = len(SUPPORTED_LOCALES) * len(TEMPLATE_NAMES)
    assert (len(aliyun_stub.sent), len(tencent_stub.sent)) == (count, count)


def test_a_chain_with_an_aliyun_salon_and_a_twilio_salon_in_one_app(
    make_app: Any,
    china_app: Flask,
    china_client: FlaskClient,
    aliyun_stub: AliyunStub,
    provider: Any,
) -> None:
    shanghai = china_salon(china_app, "aliyun", name="丽丽美发上海店")
    result = china_app.test_cli_runner().invoke(
        args=["salon", "create", "--name", "丽丽美发香港店", "--provider", "twilio",
              "--sender", "+85230010001", "--timezone", "Asia/Hong_Kong", "--locale", "zh-TW"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    hong_kong = SalonHandle(created["id"], created["api_key"], created["sender_number"])
    china_app.test_cli_runner().invoke(
        args=["salon", "update", str(hong_kong.id), "--quiet-hours", "off"]
    )

    book(china_client, shanghai, starts_at=STARTS_AT)
    book(china_client, hong_kong, starts_at=STARTS_AT, customer={"phone": "+85291234567"})
    run_worker(china_app)
    assert [t.template_code for t in aliyun_stub.sent] == [
        ALIYUN_CODES[("zh-CN", "confirmation_request", False)]
    ]
    [twilio_text] = provider.sent  # Twilio's stand-in got the other one, as text
    assert twilio_text.sender == "+85230010001"
    assert twilio_text.body.startswith("【丽丽美发香港店】您預約了 5月3日 14:00")
    assert thread(china_client, hong_kong)[0]["status"] == "sent"


def test_a_number_outside_the_mainland(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub
) -> None:
    """Tencent Cloud has no international codes here: a clear 422 at booking. Alibaba Cloud has
    them for English: the customer gets the international template."""
    tencent = china_salon(china_app, "tencent", name="丽丽美发深圳店")
    response = china_client.post(
        "/api/v1/appointments",
        json={"external_id": "HK-1", "customer": {"phone": "+85291234567"}, "service": "剪发",
              "starts_at": STARTS_AT},
        headers=tencent.headers,
    )  # fmt: skip
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == "customer.phone" and "international" in error["message"]

    aliyun = china_salon(china_app, "aliyun", name="丽丽美发上海店")
    book(
        china_client,
        aliyun,
        starts_at=STARTS_AT,
        customer={"phone": "+85291234567", "locale": "en"},
    )
    run_worker(china_app)
    [text] = aliyun_stub.sent
    assert text.template_code == ALIYUN_CODES[("en", "confirmation_request", True)]
    assert text.phone == "85291234567"
    assert thread(china_client, aliyun)[0]["body"].startswith(
        "【丽丽美发】Your appointment for 剪发 with Lily is on Sun 3 May at 2:00 pm"
    )


def test_a_long_service_name_is_cut_the_same_way_every_time(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub
) -> None:
    salon = china_salon(china_app, "aliyun")
    service = "日式头皮深层清洁护理加玻尿酸补水焗油套餐含肩颈按摩"
    book(china_client, salon, starts_at=STARTS_AT, service=service, stylist="")
    run_worker(china_app)
    value = aliyun_stub.sent[0].params["appointment"]
    assert value == "5月3日 14:00 日式头皮深层清洁护理加玻尿酸补水焗油套餐含肩颈…"
    assert len(value) == 35
    db: Database = china_app.extensions["db"]
    assert db is not None
    assert thread(china_client, salon)[0]["body"].startswith(f"【{SIGN}】您预约了 {value}（")


def test_staff_cannot_send_their_own_words_through_a_template_provider(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub
) -> None:
    """Free text is not allowed on Alibaba/Tencent Cloud: a clear 422, nothing queued."""
    salon = china_salon(china_app, "aliyun")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    before = len(aliyun_stub.sent)
    response = china_client.post(
        "/api/v1/customers/13800138000/messages",
        json={"body": "好的，周六见"},
        headers=salon.headers,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "body"
    assert "approved templates" in response.get_json()["error"]["message"]
    run_worker(china_app)
    assert len(aliyun_stub.sent) == before
