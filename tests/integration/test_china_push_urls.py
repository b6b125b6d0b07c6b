"""The push URLs as the providers' consoles check them before saving them, and as a push is
answered when it could not be kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from tests.integration.conftest import PUSH_TOKEN, push

#: help.aliyun.com, SmsReport (短信发送状态报告, 参数示例): the documents' own sample record,
#: masked number included. A console's test may push exactly this.
ALIYUN_REPORT_SAMPLE = [
    {
        "phone_number": "1381111****",
        "send_time": "2017-01-01 00:00:00",
        "report_time": "2017-01-01 00:00:00",
        "success": True,
        "err_code": "DELIVERED",
        "err_msg": "用户接收成功",
        "sms_size": "1",
        "biz_id": "12345********",
        "out_id": "67890**",
    }
]
#: help.aliyun.com, SmsUp (上行短信消息, 请求样例), the older page: a time without separators
#: and a numeric sequence_id.
ALIYUN_UP_SAMPLE = [
    {
        "phone_number": "18612345678",
        "send_time": "20170901000000",
        "content": "内容",
        "sign_name": "签名",
        "dest_code": "1234",
        "sequence_id": 1234567890,
    }
]

#: tencentcloud.com/document/api/382/43548 (SMS Reply), the sample request as published.
TENCENT_REPLY_SAMPLE = {
    "extend": "扩展码",
    "mobile": "13xxxxxxxxx",
    "nationcode": "86",
    "sign": "短信签名",
    "text": "用户回复的内容",
    "time": 1457336869,
}
#: tencentcloud.com/document/api/382/43547 (SMS Sending Status Notification), the sample.
TENCENT_REPORT_SAMPLE = [
    {
        "user_receive_time": "2015-10-17 08:03:04",
        "nationcode": "86",
        "mobile": "13xxxxxxxxx",
        "report_status": "SUCCESS",
        "errmsg": "DELIVRD",
        "description": "The SMS message is successfully delivered",
        "sid": "xxxxxxx",
    }
]

ALIYUN_CHECKED = {"code": 0, "msg": "成功"}
TENCENT_OK = {"result": 0, "errmsg": "OK"}


@pytest.mark.parametrize("kind", ["up", "report"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_alibaba_clouds_url_check_is_answered_as_it_expects(
    china_client: FlaskClient, kind: str, method: str
) -> None:
    """help.aliyun.com document 3041841: the console's 测试 checks the URL with a GET."""
    answer = china_client.open(f"/sms/aliyun/{PUSH_TOKEN}/{kind}", method=method)
    assert answer.status_code == 200
    if method == "GET":
        assert answer.get_json() == ALIYUN_CHECKED


@pytest.mark.parametrize("kind", ["reply", "report"])
def test_tencent_clouds_urls_answer_a_get(china_client: FlaskClient, kind: str) -> None:
    answer = china_client.get(f"/sms/tencent/{PUSH_TOKEN}/{kind}")
    assert (answer.status_code, answer.get_json()) == (200, TENCENT_OK)


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("up", []), ("report", []), ("up", ALIYUN_UP_SAMPLE), ("report", ALIYUN_REPORT_SAMPLE)],
)
def test_an_empty_batch_or_the_documents_sample_is_taken(
    china_client: FlaskClient, kind: str, payload: Any
) -> None:
    answer = push(china_client, "aliyun", kind, payload)
    assert (answer.status_code, answer.get_json()["code"]) == (200, 0)


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("reply", TENCENT_REPLY_SAMPLE), ("report", TENCENT_REPORT_SAMPLE), ("report", [])],
)
def test_tencent_clouds_samples_are_taken(
    china_client: FlaskClient, kind: str, payload: Any
) -> None:
    answer = push(china_client, "tencent", kind, payload)
    assert (answer.status_code, answer.get_json()) == (200, TENCENT_OK)


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_a_url_check_with_a_wrong_token_is_not_found(
    china_client: FlaskClient, method: str
) -> None:
    for url in ("/sms/aliyun/wrong-token/up", "/sms/tencent/wrong-token/reply"):
        assert china_client.open(url, method=method, json=[]).status_code == 404


def _unreachable(database_url: str, tmp_path: Path) -> str:
    """The same kind of database, down: PostgreSQL on a closed port, SQLite in a folder."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path}"  # a folder cannot be opened as a database file
    return make_url(database_url).set(port=1).render_as_string(hide_password=False)


def test_a_push_that_could_not_be_stored_is_answered_with_a_failure_so_it_is_pushed_again(
    make_app: Any, china_app: Flask, database_url: str, tmp_path: Path
) -> None:
    settings = china_app.extensions["settings"]
    down = make_app(
        database_url=_unreachable(database_url, tmp_path),
        sms_callback_token=settings.sms_callback_token,
    ).test_client()
    record = {**ALIYUN_UP_SAMPLE[0], "send_time": "2026-05-01 10:05:00", "content": "确认"}
    answer = push(down, "aliyun", "up", [record])
    assert answer.status_code == 503
    assert answer.get_json()["code"] != 0
    tencent = push(down, "tencent", "report", [{"report_status": "SUCCESS", "sid": "s1"}])
    assert (tencent.status_code, tencent.get_json()["result"]) == (503, 1)


def test_a_batch_larger_than_the_apis_body_limit_is_taken(china_client: FlaskClient) -> None:
    """Alibaba Cloud documents no batch size: 200 replies of 500 characters (about 330 KB, past
    the 256 KiB the API takes) are still one push."""
    batch = [{**ALIYUN_UP_SAMPLE[0], "sequence_id": n, "content": "确认" * 250} for n in range(200)]
    answer = push(china_client, "aliyun", "up", batch)
    assert (answer.status_code, answer.get_json()["code"]) == (200, 0)
