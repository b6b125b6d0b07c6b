"""Campaign texts as the marketing template ``campaign_offer``: on Alibaba Cloud and Tencent Cloud
each goes out as that template's approved code with its values, through the providers' real SDKs
against the local stubs, and a salon without the code cannot start one (409 naming it); on every
provider each customer reads the offer in their own language when the gateway knows it, and the
dry run counts parts and cost on those texts."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from gateway.db import Database
from gateway.models import Message, TemplateCode
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.tencent import TencentStub
from tests.integration.conftest import (
    ALIYUN_CODES,
    TENCENT_CODES,
    aliyun_reply,
    china_salon,
    push,
    tencent_reply,
)
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, in_days, process_replies, run_worker, sweep_and_send

OFFER = {"offer": "生日当月烫染8折", "valid_until": "5月31日"}
EVERYONE = {
    "name": "五月会员日",
    "kind": "holiday",
    "audience": {"all_consenting": True},
    "values": OFFER,
}


def _customer(
    client: FlaskClient, salon: SalonHandle, phone: str, *, locale: str | None = None
) -> None:
    """A customer who booked once (in ``locale`` when given) and agreed to marketing on paper."""
    customer: dict[str, Any] = {"phone": phone}
    if locale is not None:
        customer["locale"] = locale
    book(client, salon, external_id="B-" + phone, customer=customer, starts_at=in_days(3))
    answer = client.put(
        f"/api/v1/customers/{phone}/consent",
        json={"marketing": True, "method": "paper_form", "evidence": "会员登记表 " + phone},
        headers=salon.headers,
    )
    assert answer.status_code == 200, answer.get_json()


def _start(client: FlaskClient, salon: SalonHandle, body: dict[str, Any] = EVERYONE) -> Any:
    created = client.post("/api/v1/campaigns", json=body, headers=salon.headers)
    assert created.status_code == 201, created.get_json()
    campaign_id = created.get_json()["id"]
    return client.post(f"/api/v1/campaigns/{campaign_id}/start", headers=salon.headers)


#: The codes of campaign_offer: the stubs also see the customers' confirmation requests.
OFFER_CODES = {code for (_, name, _), code in ALIYUN_CODES.items() if name == "campaign_offer"}
OFFER_IDS = {code for (_, name, _), code in TENCENT_CODES.items() if name == "campaign_offer"}


def _campaign_bodies(db: Database) -> list[tuple[str | None, str]]:
    with db.sessions() as session:
        return sorted(
            session.execute(
                select(Message.locale, Message.body).where(Message.campaign_id.is_not(None))
            ).tuples()
        )


def _drop_code(db: Database, provider: str, locale: str, *, international: bool = False) -> None:
    with db.transaction() as session:
        session.execute(
            delete(TemplateCode).where(
                TemplateCode.provider == provider,
                TemplateCode.locale == locale,
                TemplateCode.name == "campaign_offer",
                TemplateCode.international == international,
            )
        )


def test_without_the_marketing_templates_code_a_campaign_cannot_start(
    china_app: Flask, china_client: FlaskClient, db: Database
) -> None:
    _drop_code(db, "aliyun", "zh-CN")
    salon = china_salon(china_app, "aliyun")  # optional: the salon itself is not refused
    _customer(china_client, salon, "13800138001")

    started = _start(china_client, salon)

    assert started.status_code == 409
    assert "zh-CN/campaign_offer" in started.get_json()["error"]["message"]
    listed = china_client.get("/api/v1/campaigns", headers=salon.headers).get_json()["data"]
    assert [campaign["status"] for campaign in listed] == ["draft"]
    assert _campaign_bodies(db) == []

    # Approved: its code is recorded the way every template's is, and the campaign starts.
    recorded = china_app.test_cli_runner().invoke(
        args=["templates", "set-code", "--provider", "aliyun", "--locale", "zh-CN",
              "--name", "campaign_offer", "--code", "SMS_900000001"]
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    again = china_client.post(f"/api/v1/campaigns/{listed[0]['id']}/start", headers=salon.headers)
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["status"] == "sending"


def test_alibaba_cloud_gets_the_promotional_templates_code_and_its_values(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, db: Database
) -> None:
    salon = china_salon(china_app, "aliyun")
    _customer(china_client, salon, "13800138001")
    _customer(china_client, salon, "13800138002")

    started = _start(china_client, salon)
    assert started.status_code == 200, started.get_json()
    # Counted on the text as the customers read it, 【sign】 and 拒收请回复R included: one part
    # each, two customers at the salon's 0.1 a part.
    assert (started.get_json()["segments"], started.get_json()["estimated_cost"]) == (1, "0.20")
    sweep_and_send(china_app)

    # SendSms as help.aliyun.com document 419273 (SendSms, dysmsapi 2017-05-25) shows it:
    # TemplateCode "SMS_153055065", TemplateParam the JSON object {"code":"1111"} — here the
    # promotional template's code and its two values, by name.
    code = ALIYUN_CODES[("zh-CN", "campaign_offer", False)]
    offers = [text for text in aliyun_stub.sent if text.template_code in OFFER_CODES]
    assert sorted((text.phone, text.template_code, text.params) for text in offers) == [
        ("13800138001", code, OFFER),
        ("13800138002", code, OFFER),
    ]
    # What the customer reads: the approved template, ending with the line Alibaba Cloud's
    # promotional templates must end with (help.aliyun.com document 108088).
    body = "【丽丽美发】尊敬的会员，生日当月烫染8折，有效期至5月31日。拒收请回复R"
    assert _campaign_bodies(db) == [("zh-CN", body), ("zh-CN", body)]


def test_tencent_cloud_gets_the_marketing_templates_id_and_its_values_in_order(
    china_app: Flask, china_client: FlaskClient, tencent_stub: TencentStub, db: Database
) -> None:
    salon = china_salon(china_app, "tencent")
    _customer(china_client, salon, "13800138001")

    started = _start(china_client, salon)
    assert started.status_code == 200, started.get_json()
    sweep_and_send(china_app)

    # SendSms as cloud.tencent.com/document/api/382/55981 shows it (its example, also in
    # tencentcloud-cli's sms/v20210111/examples.json: TemplateId "1110", TemplateParamSet
    # ["1234"]): the marketing template's id, its values in the order of {1} and {2}.
    [sent] = [text for text in tencent_stub.sent if text.template_id in OFFER_IDS]
    assert sent.phone == "+8613800138001"
    assert sent.template_id == TENCENT_CODES[("zh-CN", "campaign_offer", False)]
    assert sent.params == [OFFER["offer"], OFFER["valid_until"]]
    assert _campaign_bodies(db) == [
        ("zh-CN", "【丽丽美发】尊敬的会员，生日当月烫染8折，有效期至5月31日。拒收请回复R")
    ]


def test_each_customer_gets_the_template_of_their_language_or_else_the_salons(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, db: Database
) -> None:
    _drop_code(db, "aliyun", "zh-TW")  # approved in Simplified and English only
    salon = china_salon(china_app, "aliyun")
    _customer(china_client, salon, "13800138001", locale="en")
    _customer(china_client, salon, "13800138002", locale="zh-TW")

    started = _start(
        china_client,
        salon,
        {**EVERYONE, "values": {"offer": "20% off colour", "valid_until": "31 May"}},
    )
    assert started.status_code == 200, started.get_json()
    sweep_and_send(china_app)

    offers = [text for text in aliyun_stub.sent if text.template_code in OFFER_CODES]
    assert sorted((text.phone, text.template_code) for text in offers) == [
        ("13800138001", ALIYUN_CODES[("en", "campaign_offer", False)]),
        ("13800138002", ALIYUN_CODES[("zh-CN", "campaign_offer", False)]),
    ]
    assert _campaign_bodies(db) == [
        ("en", "【丽丽美发】Dear member, 20% off colour, valid until 31 May. 拒收请回复R"),
        ("zh-CN", "【丽丽美发】尊敬的会员，20% off colour，有效期至31 May。拒收请回复R"),
    ]


def test_a_number_outside_the_mainland_without_the_international_code_is_left_out(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, db: Database
) -> None:
    _drop_code(db, "aliyun", "en", international=True)
    salon = china_salon(china_app, "aliyun")
    _customer(china_client, salon, "13800138001")
    _customer(china_client, salon, "+85291234567", locale="en")  # its bookings go as en ones

    created = china_client.post("/api/v1/campaigns", json=EVERYONE, headers=salon.headers)

    body = created.get_json()
    assert (body["audience_count"], body["excluded"]["no_template"]) == (1, 1)
    started = china_client.post(f"/api/v1/campaigns/{body['id']}/start", headers=salon.headers)
    assert started.status_code == 200, started.get_json()
    sweep_and_send(china_app)
    offers = [text for text in aliyun_stub.sent if text.template_code in OFFER_CODES]
    assert [text.phone for text in offers] == ["13800138001"]
    # Nothing was held: the salon's other texts still go.
    assert china_client.get("/healthz").get_json().get("salons_held_by_provider") is None


def test_an_offer_longer_than_a_template_value_is_refused_naming_it(
    china_app: Flask, china_client: FlaskClient, db: Database
) -> None:
    salon = china_salon(china_app, "aliyun")
    too_long = {**EVERYONE, "values": {"offer": "烫" * 36, "valid_until": "5月31日"}}

    answer = china_client.post("/api/v1/campaigns", json=too_long, headers=salon.headers)

    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["field"] == "values.offer"
    assert "35" in error["message"]
    assert china_client.get("/api/v1/campaigns", headers=salon.headers).get_json()["data"] == []


# Inside marketing hours in the salon's timezone, whatever the hour the suite runs at.
@pytest.mark.clock("2026-05-01T10:00:00+08:00")
def test_free_text_providers_write_the_same_offer_in_each_customers_language(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    _customer(client, salon, "13800138001")
    _customer(client, salon, "13800138002", locale="zh-TW")
    _customer(client, salon, "13800138003", locale="en")
    run_worker(app)
    provider.sent.clear()
    values = {"offer": "生日当月烫染8折，再送护理一次", "valid_until": "5月31日"}

    created = client.post(
        "/api/v1/campaigns", json={**EVERYONE, "values": values}, headers=salon.headers
    )

    drafted = created.get_json()
    started = client.post(f"/api/v1/campaigns/{drafted['id']}/start", headers=salon.headers)
    assert started.status_code == 200, started.get_json()
    sweep_and_send(app)
    offer, until = values["offer"], values["valid_until"]
    assert _campaign_bodies(db) == [
        ("en", f"丝绒发型: Dear member, {offer}, valid until {until}. Reply STOP to opt out"),
        ("zh-CN", f"【丝绒发型】尊敬的会员，{offer}，有效期至{until}。回复退订"),
        ("zh-TW", f"【丝绒发型】親愛的會員，{offer}，有效期至{until}。回覆退訂"),
    ]
    assert sorted(sms.body for sms in provider.sent) == sorted(b for _, b in _campaign_bodies(db))
    # Counted on each customer's own text: the Chinese ones fit one part (42 characters), the
    # English one takes two (76 characters, UCS-2 for its Chinese offer): 4 parts at 0.1.
    assert (drafted["segments"], drafted["estimated_cost"]) == (2, "0.40")


@pytest.mark.parametrize("provider", ["aliyun", "tencent"])
def test_r_after_a_campaign_text_opts_the_customer_out_and_withdraws_consent(
    china_app: Flask, china_client: FlaskClient, db: Database, provider: str
) -> None:
    salon = china_salon(china_app, provider)
    _customer(china_client, salon, "13800138000")
    assert _start(china_client, salon).status_code == 200
    sweep_and_send(china_app)

    # The customer answers the text's last words, 拒收请回复R, as the provider pushes a reply:
    # Alibaba Cloud's SmsUp records (a list), Tencent Cloud's reply object (conftest cites both).
    payload: object = [aliyun_reply("R")] if provider == "aliyun" else tencent_reply("R")
    kind = "up" if provider == "aliyun" else "reply"
    assert push(china_client, provider, kind, payload).status_code == 200
    process_replies(china_app)

    held = china_client.get("/api/v1/customers/+8613800138000", headers=salon.headers)
    assert held.get_json()["opted_out"] is True
    assert held.get_json()["consent"]["marketing"] is False
    assert held.get_json()["consent"]["method"] == "opt_out"
    assert held.get_json()["marketing_reachable"] is False
