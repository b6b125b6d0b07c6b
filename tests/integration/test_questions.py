"""A customer who asks when or where (几点来着, 在哪里, "where are you?") is answered by the
machine with the appointment's date, time and stylist and the salon's address; nothing moves and
nobody at the front desk has to answer it. The address is a salon setting per locale."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.integration.conftest import aliyun_reply, china_salon, push
from tests.support import SalonHandle, book, process_replies, reply, status_of, thread

pytestmark = pytest.mark.clock("2026-12-01T10:00:00+08:00")
STARTS_AT = "2026-12-03T14:00:00+08:00"


def set_address(client: FlaskClient, salon: SalonHandle, address: Any) -> Any:
    return client.patch("/api/v1/salon", json={"address": address}, headers=salon.headers)


def inbox(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get("/api/v1/inbox", headers=salon.headers).get_json()[
        "data"
    ]
    return data


def test_where_is_answered_with_the_address_and_the_time(
    client: FlaskClient, salon: SalonHandle
) -> None:
    assert set_address(client, salon, {"zh-CN": " 文三路100号2楼 "}).status_code == 200
    book(client, salon, starts_at=STARTS_AT)
    reply(client, salon, "请问店在哪里？")
    answer = thread(client, salon)[-1]
    assert answer["direction"] == "outbound"
    assert answer["body"] == (
        "【丝绒发型】我们的地址：文三路100号2楼。您的预约是 12月3日 14:00 剪发，由Lily为您服务"
        f"（预约号 {answer['body'].split('预约号 ')[1][:4]}），期待您的光临！"
    )
    assert thread(client, salon)[-2]["intent"] == "question_place"
    assert status_of(client, salon) == "unconfirmed"
    assert inbox(client, salon) == []


def test_when_is_answered_with_the_time_and_the_stylist(
    client: FlaskClient, salon: SalonHandle
) -> None:
    booked = book(client, salon, starts_at=STARTS_AT)
    reply(client, salon, "几点来着？")
    answer = thread(client, salon)[-1]["body"]
    assert answer == (
        f"【丝绒发型】您的预约是 12月3日 14:00 剪发，由Lily为您服务（预约号 {booked['ref']}），"
        "期待您的光临！"
    )
    assert status_of(client, salon) == "unconfirmed"
    assert inbox(client, salon) == []


def test_a_customer_without_an_upcoming_appointment_goes_to_the_inbox_as_before(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon, starts_at=STARTS_AT)
    reply(client, salon, "取消")
    reply(client, salon, "在哪里？")
    assert [item["reason"] for item in inbox(client, salon)] == ["unclear_reply"]


def test_a_china_salon_answers_with_its_approved_template(
    china_app: Flask, china_client: FlaskClient
) -> None:
    salon = china_salon(china_app, "aliyun")
    set_address(china_client, salon, {"zh-CN": "文三路100号2楼"})
    book(china_client, salon, starts_at=STARTS_AT)
    assert push(china_client, "aliyun", "up", [aliyun_reply("在哪里")]).status_code == 200
    process_replies(china_app)
    answer = thread(china_client, salon)[-1]
    assert answer["template"] == "answer_place"
    assert answer["body"].startswith("【丽丽美发】我们的地址：文三路100号2楼。您的预约是 ")


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ({"fr": "1 rue"}, "address"),
        ({"zh-CN": ""}, "address.zh-CN"),
        ({"zh-CN": "路" * 61}, "address.zh-CN"),
        ({"zh-CN": "文三路\n100号"}, "address.zh-CN"),
        ("文三路100号", "address"),
        ({"zh-CN": 7}, "address"),
    ],
)
def test_a_bad_address_is_refused_by_field_and_changes_nothing(
    client: FlaskClient, salon: SalonHandle, address: Any, field: str
) -> None:
    set_address(client, salon, {"en": "100 Nathan Rd"})
    refused = set_address(client, salon, address)
    assert refused.status_code in (400, 422), refused.get_json()
    assert field in str(refused.get_json())
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert shown["address"] == {"en": "100 Nathan Rd"}


def test_the_address_is_shown_per_locale_and_cleared_with_an_empty_object(
    client: FlaskClient, salon: SalonHandle
) -> None:
    set_address(client, salon, {"zh-CN": "文三路100号", "en": "100 Wensan Rd"})
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert shown["address"] == {"zh-CN": "文三路100号", "en": "100 Wensan Rd"}
    assert set_address(client, salon, {}).status_code == 200
    assert client.get("/api/v1/salon", headers=salon.headers).get_json()["address"] == {}


def test_the_command_line_sets_the_address(app: Flask, salon: SalonHandle) -> None:
    result = app.test_cli_runner().invoke(
        args=["salon", "update", str(salon.id), "--address", "zh-CN=文三路100号"]
    )
    assert result.exit_code == 0, result.output
    assert '"address": {"zh-CN": "文三路100号"}' in result.stdout.replace("\n", "")
    refused = app.test_cli_runner().invoke(
        args=["salon", "update", str(salon.id), "--address", "文三路100号"]
    )
    assert refused.exit_code != 0 and "--address" in refused.output
