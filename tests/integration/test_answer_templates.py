"""Staff answers where only approved templates go: on Alibaba Cloud and Tencent Cloud staff pick
one of the salon's answer templates and fill its fields; the real SDKs carry it to the stubs with
the template's code and values. Their own words there, a template on Twilio, or a bad field are
each a 422 that says what to send, and nothing is queued."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import Message, Salon
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.tencent import TencentStub
from tests.integration.conftest import ALIYUN_CODES, STARTS_AT, TENCENT_CODES, china_salon
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.support import SalonHandle, book, run_worker

PHONE = "13800138000"


def _answer(client: FlaskClient, salon: SalonHandle, **body: Any) -> Any:
    return client.post(f"/api/v1/customers/{PHONE}/messages", json=body, headers=salon.headers)


def _texts(app: Flask) -> int:
    db: Database = app.extensions["db"]
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Message)) or 0


def test_the_salons_answer_templates_are_listed_with_fields_and_preview(
    china_app: Flask, china_client: FlaskClient
) -> None:
    salon = china_salon(china_app, "aliyun")
    listed = china_client.get("/api/v1/answer-templates", headers=salon.headers)
    assert listed.status_code == 200
    body = listed.get_json()
    assert (body["answers_with"], body["provider"], body["problem"]) == ("template", "aliyun", None)
    by_name = {t["name"]: t for t in body["data"]}
    # No answer claims a new time: staff move the appointment, and the customer gets its time.
    assert set(by_name) == {"answer_call_soon", "answer_call_us"}
    [phone] = by_name["answer_call_us"]["fields"]
    assert (phone["name"], phone["type"], phone["example"]) == ("phone", "phone", "021-55551234")
    assert by_name["answer_call_soon"]["fields"] == []


def test_a_template_answer_reaches_alibaba_cloud_with_its_code_and_values(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub
) -> None:
    salon = china_salon(china_app, "aliyun")
    book(china_client, salon, starts_at=STARTS_AT)
    answered = _answer(
        china_client, salon, template="answer_call_us", values={"phone": "021-5555 1234"}
    )
    assert answered.status_code == 201, answered.get_json()
    assert "021-5555 1234" in answered.get_json()["body"]
    assert answered.get_json()["status"] == "queued"
    run_worker(china_app)
    sent = aliyun_stub.sent[-1]
    assert sent.template_code == ALIYUN_CODES[("zh-CN", "answer_call_us", False)]
    assert sent.params == {"phone": "021-5555 1234"}


def test_a_template_answer_reaches_tencent_cloud_in_order(
    china_app: Flask, china_client: FlaskClient, tencent_stub: TencentStub
) -> None:
    salon = china_salon(china_app, "tencent")
    book(china_client, salon, starts_at=STARTS_AT)
    answered = _answer(
        china_client, salon, template="answer_call_us", values={"phone": " 021-5555  1234 "}
    )
    assert answered.status_code == 201, answered.get_json()
    run_worker(china_app)
    sent = tencent_stub.sent[-1]
    assert sent.template_id == TENCENT_CODES[("zh-CN", "answer_call_us", False)]
    assert sent.params == ["021-5555 1234"]


def test_own_words_on_a_template_provider_are_refused_and_nothing_is_queued(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub
) -> None:
    salon = china_salon(china_app, "aliyun")
    book(china_client, salon, starts_at=STARTS_AT)
    run_worker(china_app)
    before = _texts(china_app)
    refused = _answer(china_client, salon, body="好的，三点见")
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["field"] == "body"
    assert "template" in error["message"] and "/answer-templates" in error["message"]
    run_worker(china_app)
    assert _texts(china_app) == before
    assert len(aliyun_stub.sent) == 1  # the confirmation request only


@pytest.mark.parametrize(
    ("template", "values", "field", "words"),
    [
        ("answer_call_us", {}, "values.phone", "required"),
        ("answer_call_us", {"phone": 1500}, "values.phone", "string"),
        # Retired: it claimed a time the appointment did not have.
        ("answer_new_time", {"new_time": "2026-05-03T15:00"}, "template", "must be one of"),
        ("answer_call_us", {"phone": "call me"}, "values.phone", "phone number"),
        ("answer_call_us", {"phone": "http://x.cn"}, "values.phone", "phone number"),
        # 20 digits make a number, but 39 characters are over Alibaba Cloud's 35 per value.
        ("answer_call_us", {"phone": "-".join("12345678901234567890")}, "values.phone", "35"),
        ("answer_call_soon", {"note": "hi"}, "values.note", "no field"),
        ("answer_sorry", {}, "template", "must be one of"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(
    china_app: Flask,
    china_client: FlaskClient,
    aliyun_stub: AliyunStub,
    template: str,
    values: dict[str, Any],
    field: str,
    words: str,
) -> None:
    salon = china_salon(china_app, "aliyun")
    book(china_client, salon, starts_at=STARTS_AT)
    before = _texts(china_app)
    refused = _answer(china_client, salon, template=template, values=values)
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["field"] == field
    assert words in error["message"]
    assert _texts(china_app) == before


def test_a_template_on_a_salon_that_takes_words_says_to_send_body(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    refused = _answer(client, salon, template="answer_call_soon", values={})
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["field"] == "template" and '"body"' in error["message"]
    listed = client.get("/api/v1/answer-templates", headers=salon.headers).get_json()
    assert (listed["answers_with"], listed["data"]) == ("body", [])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "hi", "template": "answer_call_soon"}, "template"),
        ({"body": "hi", "values": {}}, "values"),
        ({}, "body"),
    ],
)
def test_words_or_a_template_never_both_nor_neither(
    client: FlaskClient, salon: SalonHandle, body: dict[str, Any], field: str
) -> None:
    book(client, salon)
    refused = _answer(client, salon, **body)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == field


def test_a_salon_on_the_deployments_template_provider_gets_422_not_a_held_text(
    make_app: Any, aliyun_stub: AliyunStub, make_salon: Any
) -> None:
    """A salon without its own provider sends through SMS_PROVIDER: when that is Alibaba Cloud,
    staff's own words are refused at once, as the sender would refuse them."""
    app = make_app(
        sms_provider="aliyun",
        sms_provider_instance=None,
        aliyun_access_key_id=aliyun_stub.access_key_id,
        aliyun_access_key_secret=aliyun_stub.access_key_secret,
        aliyun_sms_endpoint=aliyun_stub.endpoint,
    )
    client = app.test_client()
    salon = make_salon()
    db: Database = app.extensions["db"]
    with db.transaction() as session:
        assert session.get_one(Salon, salon.id).provider is None
    book(client, salon, send_confirmation=False)
    before = _texts(app)
    refused = _answer(client, salon, body="好的，三点见")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == "body"
    assert "aliyun" in refused.get_json()["error"]["message"]
    assert _texts(app) == before
    template = _answer(client, salon, template="answer_call_soon")
    assert template.status_code == 422
    assert "its own provider" in template.get_json()["error"]["message"]
    listed = client.get("/api/v1/answer-templates", headers=salon.headers).get_json()
    assert (listed["answers_with"], listed["provider"]) == ("template", "aliyun")
    assert "its own provider" in listed["problem"]


def test_a_template_answer_to_another_salons_customer_is_404(
    china_app: Flask, china_client: FlaskClient
) -> None:
    mine = china_salon(china_app, "aliyun")
    theirs = china_salon(china_app, "tencent", name="北京美发沙龙")
    book(china_client, theirs, starts_at=STARTS_AT)
    before = _texts(china_app)
    refused = _answer(china_client, mine, template="answer_call_soon")
    assert refused.status_code == 404
    assert _texts(china_app) == before


def test_the_console_answers_with_a_picked_template_on_a_template_provider(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub
) -> None:
    salon = china_salon(china_app, "aliyun")
    db: Database = china_app.extensions["db"]
    make_staff(db, salon, "mei@salon.example")
    assert sign_in(china_client, "mei@salon.example").status_code == 302
    book(china_client, salon, starts_at=STARTS_AT)
    with db.sessions() as session:
        customer_id = session.scalars(select(Message.customer_id)).first()
    page = china_client.get(f"/staff/customers/{customer_id}").get_data(as_text=True)
    assert "answer-body" not in page  # no free-text box where free text cannot go
    assert 'id="answer-answer_call_us"' in page and "请顾客致电门店" in page
    assert "answer-answer_new_time" not in page and "您的预约时间已改为" not in page

    refused = post(
        china_client,
        f"/staff/customers/{customer_id}/messages",
        template="answer_call_us",
        **{"value.phone": "call me"},
    )
    assert refused.status_code == 422  # the customer's page again, the number as typed
    shown = visible(refused.get_data(as_text=True))
    assert "请检查“门店电话”：电话号码应为 3 到 20 位数字（可以有空格、- 和开头的 +）" in shown
    assert 'value="call me"' in refused.get_data(as_text=True)

    sent = post(
        china_client,
        f"/staff/customers/{customer_id}/messages",
        template="answer_call_us",
        **{"value.phone": "021-5555 1234"},
    )
    assert sent.status_code == 302
    run_worker(china_app)
    assert aliyun_stub.sent[-1].template_code == ALIYUN_CODES[("zh-CN", "answer_call_us", False)]
    assert aliyun_stub.sent[-1].params == {"phone": "021-5555 1234"}
    # Their own words are refused there too, and nothing goes.
    own = post(china_client, f"/staff/customers/{customer_id}/messages", body="三点见")
    assert own.status_code == 422
    shown = visible(own.get_data(as_text=True))
    assert "本店的短信服务商只能发审核通过的模板：请选一个回复模板，或打电话给顾客" in shown
    run_worker(china_app)
    assert len(aliyun_stub.sent) == 2
