"""A deployment that lost (or never had) a China provider's account: a salon's texts on that
provider are held with a message naming the missing settings — one warning line each, never a
traceback — while the rest of the service runs."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask

from tests.integration.conftest import NOW, STARTS_AT, china_salon
from tests.support import TestClock, book, run_worker, thread


def test_a_send_without_credentials_is_held_with_a_reason_not_a_traceback(
    china_app: Flask,
    make_app: Callable[..., Flask],
    clock: TestClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    salon = china_salon(china_app, "aliyun")
    bare = make_app(sms_callback_token="push-secret-0123456789")  # no ALIYUN_* settings
    clock.set(NOW)
    client = bare.test_client()
    book(client, salon, starts_at=STARTS_AT)
    with caplog.at_level(logging.INFO):
        run_worker(bare)
    [request] = thread(client, salon)
    assert request["status"] == "held"
    assert "ALIYUN_ACCESS_KEY_ID" in (request["error_message"] or "")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert [r.levelname for r in caplog.records if "not sent" in r.getMessage()] == ["WARNING"]
