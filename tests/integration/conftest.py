"""Fixtures for salons on Alibaba Cloud and Tencent Cloud: the real SDKs against local stubs that
know every template of every locale by its code, and an app configured for both."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.providers.standins.aliyun import AliyunStub
from gateway.providers.standins.tencent import TencentStub
from gateway.services.sending.template_codes import set_code
from gateway.sms_text import TEMPLATE_NAMES, variables
from tests.support import SalonHandle, TestClock

#: The secret in the push URLs.
PUSH_TOKEN = "push-secret-0123456789"
SIGN = "丽丽美发"
OTHER_SIGN = "北京美发"
#: 10:00 on 1 May 2026 in China: a weekday morning, far from quiet hours.
NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
STARTS_AT = "2026-05-03T14:00:00+08:00"


def _codes(first: Callable[[int], str], international: bool) -> dict[tuple[str, str, bool], str]:
    names = [(locale, name) for locale in SUPPORTED_LOCALES for name in TEMPLATE_NAMES]
    offset = 500 if international else 0
    return {
        (locale, name, international): first(offset + i) for i, (locale, name) in enumerate(names)
    }


#: Every template in every locale has a mainland code; Alibaba Cloud also has international
#: codes for the English ones (Tencent Cloud has none).
ALIYUN_CODES = _codes(lambda i: f"SMS_4607{i:05d}", False) | {
    key: code for key, code in _codes(lambda i: f"SMS_4607{i:05d}", True).items() if key[0] == "en"
}
TENCENT_CODES = _codes(lambda i: str(1860000 + i), False)


@pytest.fixture
def aliyun_stub() -> Iterator[AliyunStub]:
    templates = {code: variables(name, locale) for (locale, name, _), code in ALIYUN_CODES.items()}
    with AliyunStub(
        templates=templates, sign_names={SIGN, OTHER_SIGN}, send_date=date(2026, 5, 1)
    ) as stub:
        yield stub


@pytest.fixture
def tencent_stub() -> Iterator[TencentStub]:
    templates = {
        code: len(variables(name, locale)) for (locale, name, _), code in TENCENT_CODES.items()
    }
    with TencentStub(
        templates=templates, sign_names={SIGN, OTHER_SIGN}, value_limit=None, now=NOW
    ) as stub:
        yield stub


@pytest.fixture
def china_app(
    make_app: Callable[..., Flask],
    aliyun_stub: AliyunStub,
    tencent_stub: TencentStub,
    clock: TestClock,
) -> Flask:
    """An app that reaches both stubs, with every template code recorded, at ``NOW``."""
    clock.set(NOW)
    app = make_app(
        aliyun_access_key_id=aliyun_stub.access_key_id,
        aliyun_access_key_secret=aliyun_stub.access_key_secret,
        aliyun_sms_endpoint=aliyun_stub.endpoint,
        tencent_secret_id=tencent_stub.secret_id,
        tencent_secret_key=tencent_stub.secret_key,
        tencent_sms_app_id=tencent_stub.app_id,
        tencent_sms_endpoint=tencent_stub.endpoint,
        sms_callback_token=PUSH_TOKEN,
    )
    db: Database = app.extensions["db"]
    with db.transaction() as session:
        for provider, codes in (("aliyun", ALIYUN_CODES), ("tencent", TENCENT_CODES)):
            for (locale, name, international), code in codes.items():
                set_code(
                    session,
                    provider=provider,
                    locale=locale,
                    name=name,
                    code=code,
                    international=international,
                    now=NOW,
                )
    return app


@pytest.fixture
def china_client(china_app: Flask) -> FlaskClient:
    return china_app.test_client()


def create_salon(app: Flask, *args: str) -> dict[str, Any]:
    """``flask salon create`` as a salon's engineer runs it; its JSON output."""
    result = app.test_cli_runner().invoke(args=["salon", "create", *args])
    assert result.exit_code == 0, result.output
    salon: dict[str, Any] = json.loads(result.stdout)
    result = app.test_cli_runner().invoke(
        args=["salon", "update", str(salon["id"]), "--quiet-hours", "off"]
    )
    assert result.exit_code == 0, result.output
    return salon


def china_salon(
    app: Flask,
    provider: str,
    *,
    name: str = "丽丽美发沙龙",
    sign: str = SIGN,
    locale: str = "zh-CN",
) -> SalonHandle:
    salon = create_salon(
        app, "--name", name, "--provider", provider, "--sign-name", sign, "--locale", locale
    )
    return SalonHandle(salon["id"], salon["api_key"], salon["sender_number"] or "")


_sequence = iter(range(10_000, 1_000_000))


def aliyun_reply(text: str, *, phone: str = "13800138000", **fields: Any) -> dict[str, Any]:
    """One SmsUp record as the newer documentation shows it (no sign_name, string id)."""
    return {
        "phone_number": phone,
        "content": text,
        "send_time": "2026-05-01 10:05:00",
        "dest_code": "01",
        "sequence_id": str(next(_sequence)),
        **fields,
    }


def tencent_reply(text: str, *, mobile: str = "13800138000", **fields: Any) -> dict[str, Any]:
    """A reply push as Tencent Cloud sends it: one object."""
    return {
        "extend": "",
        "mobile": mobile,
        "nationcode": "86",
        "sign": SIGN,
        "text": text,
        "time": int(NOW.timestamp()) + 300 + next(_sequence) % 1000,
        **fields,
    }


def push(client: FlaskClient, provider: str, kind: str, payload: object, **kwargs: Any) -> Any:
    """The provider pushes ``payload`` (JSON) to our URL with the secret token."""
    token = kwargs.pop("token", PUSH_TOKEN)
    return client.post(f"/sms/{provider}/{token}/{kind}", json=payload, **kwargs)
