"""Nothing secret in the log: the callback token in a push URL is written as *** wherever a log
line quotes it (Flask's own exception log included), and what a provider pushed cannot forge a
line of its own."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from gateway.providers import push_routes
from tests.integration.conftest import PUSH_TOKEN, aliyun_reply, push


def test_the_log_of_an_exception_on_a_push_route_holds_no_token(
    china_app: Flask,
    china_client: FlaskClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fails(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError(f"could not keep the push to {request.url}")

    monkeypatch.setattr(push_routes, "keep_push", fails)
    caplog.set_level(logging.INFO)
    answer = push(china_client, "aliyun", "up", [aliyun_reply("确认")])
    assert answer.status_code == 500
    assert "Exception on /sms/aliyun/***/up [POST]" in caplog.text
    assert "could not keep the push to http://localhost/sms/aliyun/***/up" in caplog.text
    assert PUSH_TOKEN not in caplog.text


def test_a_pushed_field_cannot_forge_a_log_line(
    china_app: Flask, china_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    forged = "01\nERROR gateway: salon 1 texts stopped"
    record = aliyun_reply("确认", dest_code=forged)
    assert push(china_client, "aliyun", "up", [record]).status_code == 200
    # Whatever quotes a caller's value, one record is one line.
    logging.getLogger("gateway.test").warning("a reply to %s", forged)
    lines = caplog.text.splitlines()
    assert not any(line.startswith("ERROR gateway: salon 1") for line in lines)
    assert "a reply to 01\\nERROR gateway: salon 1 texts stopped" in caplog.text
