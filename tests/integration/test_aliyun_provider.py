"""The real Alibaba Cloud SDK against the local stub: what reaches the provider, each error's
meaning, timeouts, refused connections, and settling an uncertain send with QuerySendDetails."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from gateway.providers.aliyun.client import AliyunSms
from gateway.providers.base import FailureKind, ProviderError, SendResult, Settlement
from gateway.providers.china import CHINA_TZ
from gateway.providers.standins.aliyun import AliyunStub
from tests.twilio_stub import refusing_url

NOW = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)  # 15:00 in China
SIGN = "丽丽美发"
TEMPLATE = "SMS_460760001"
PARAMS = (("when", "5月2日 10:00"), ("service", "剪发"), ("ref", "K7Q2"))


def china_noon(day: date) -> datetime:
    """An instant on ``day`` in China: the day QuerySendDetails is asked about."""
    return datetime.combine(day, time(12), CHINA_TZ)


@pytest.fixture
def stub() -> Iterator[AliyunStub]:
    with AliyunStub(templates={TEMPLATE: ("when", "service", "ref")}, sign_names={SIGN}) as stub:
        yield stub


def sms_for(stub: AliyunStub, **overrides: object) -> AliyunSms:
    options: dict[str, object] = {
        "access_key_id": stub.access_key_id,
        "access_key_secret": stub.access_key_secret,
        "endpoint": stub.endpoint,
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "clock": lambda: NOW,
        **overrides,
    }
    return AliyunSms(**options)  # type: ignore[arg-type]


def send(sms: AliyunSms, **overrides: object) -> SendResult:
    options: dict[str, object] = {
        "to": "+8613800138000",
        "sign_name": SIGN,
        "template_code": TEMPLATE,
        "params": PARAMS,
        "extend_code": "01",
        "reference": "msg-1",
        **overrides,
    }
    return sms.send_template(**options)  # type: ignore[arg-type]


def test_send_reaches_the_provider_signed_and_spelt_as_it_wants(stub: AliyunStub) -> None:
    result = send(sms_for(stub))
    assert result.sid == stub.sent[0].biz_id and result.provider == "aliyun"
    (request,) = stub.received
    assert request.headers["Authorization"].startswith("ACS3-HMAC-SHA256 Credential=")
    assert request.headers["x-acs-action"] == "SendSms"
    assert request.params["PhoneNumbers"] == "13800138000"
    assert request.params["SignName"] == SIGN
    assert request.params["TemplateCode"] == TEMPLATE
    assert request.params["SmsUpExtendCode"] == "01"
    assert request.params["OutId"] == "msg-1"
    assert json.loads(request.params["TemplateParam"]) == dict(PARAMS)


def test_international_number_goes_with_its_country_code(stub: AliyunStub) -> None:
    send(sms_for(stub), to="+85291234567")
    assert stub.received[0].params["PhoneNumbers"] == "85291234567"


def test_a_wrong_secret_is_refused_by_the_signature_check(stub: AliyunStub) -> None:
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub, access_key_secret="not-the-secret"))
    assert (caught.value.kind, caught.value.code) == (
        FailureKind.HOLD_ACCOUNT,
        "SignatureDoesNotMatch",
    )
    assert stub.sent == []


@pytest.mark.parametrize(
    ("overrides", "code", "kind"),
    [
        ({"sign_name": "别家美发"}, "isv.SMS_SIGNATURE_ILLEGAL", FailureKind.HOLD_CONFIG),
        ({"template_code": "SMS_0"}, "isv.SMS_TEMPLATE_ILLEGAL", FailureKind.HOLD_CONFIG),
        ({"params": PARAMS[:2]}, "isv.TEMPLATE_MISSING_PARAMETERS", FailureKind.FAILED),
        (
            {"params": (*PARAMS[:2], ("ref", "x" * 36))},
            "isv.PARAM_LENGTH_LIMIT",
            FailureKind.FAILED,
        ),
        ({"to": "+86123"}, "isv.MOBILE_NUMBER_ILLEGAL", FailureKind.FAILED),
    ],
)
def test_the_stub_checks_what_the_provider_checks(
    stub: AliyunStub, overrides: dict[str, object], code: str, kind: FailureKind
) -> None:
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub), **overrides)
    assert (caught.value.code, caught.value.kind) == (code, kind)
    assert stub.sent == []


@pytest.mark.parametrize(
    ("code", "message", "kind", "retry_after"),
    [
        ("isv.MOBILE_NUMBER_ILLEGAL", "", FailureKind.FAILED, None),
        (
            "isv.BUSINESS_LIMIT_CONTROL",
            "触发分钟级流控Permits:1",
            FailureKind.DEFER,
            timedelta(minutes=1),
        ),
        (
            "isv.BUSINESS_LIMIT_CONTROL",
            "触发小时级流控Permits:5",
            FailureKind.DEFER,
            timedelta(hours=1),
        ),
        (
            "isv.BUSINESS_LIMIT_CONTROL",
            "触发天级流控Permits:10",
            FailureKind.DEFER,
            timedelta(hours=24),
        ),
        ("isv.DAY_LIMIT_CONTROL", "", FailureKind.DEFER, timedelta(hours=24)),
        ("isv.SIGN_STATE_ILLEGAL", "", FailureKind.HOLD_CONFIG, None),
        ("isv.AMOUNT_NOT_ENOUGH", "", FailureKind.HOLD_ACCOUNT, None),
        ("isv.OUT_OF_SERVICE", "", FailureKind.HOLD_ACCOUNT, None),
        ("isp.RAM_PERMISSION_DENY", "", FailureKind.HOLD_ACCOUNT, None),
        ("isv.SMS_SIGNATURE_SCENE_ILLEGAL", "", FailureKind.HOLD_CONFIG, None),
        ("isv.EXTEND_CODE_ERROR", "", FailureKind.HOLD_CONFIG, None),
        ("isp.SYSTEM_ERROR", "", FailureKind.UNCERTAIN, None),
    ],
)
def test_each_error_code_keeps_its_meaning_through_the_sdk(
    stub: AliyunStub, code: str, message: str, kind: FailureKind, retry_after: timedelta | None
) -> None:
    stub.fail_next(code, message)
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub))
    error = caught.value
    assert (error.code, error.kind, error.retry_after) == (code, kind, retry_after)
    assert error.retryable == (kind in (FailureKind.RETRY, FailureKind.DEFER))
    assert len(stub.received) == 1  # the SDK did not retry


@pytest.mark.parametrize(
    ("code", "status", "kind"),
    [
        ("Throttling.User", 400, FailureKind.DEFER),
        ("InvalidAccessKeyId.NotFound", 404, FailureKind.HOLD_ACCOUNT),
        ("ServiceUnavailable", 503, FailureKind.RETRY),
        ("InternalError", 500, FailureKind.UNCERTAIN),
        ("SomethingElse", 502, FailureKind.UNCERTAIN),
    ],
)
def test_http_errors_of_the_gateway_in_front(
    stub: AliyunStub, code: str, status: int, kind: FailureKind
) -> None:
    stub.fail_next(code, status=status)
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub))
    assert (caught.value.code, caught.value.kind) == (code, kind)
    assert len(stub.received) == 1


def test_a_late_answer_is_uncertain_and_settled_by_query_send_details(stub: AliyunStub) -> None:
    sms = sms_for(stub)
    stub.slow_next(3)
    with pytest.raises(ProviderError) as caught:
        send(sms, reference="msg-late")
    assert (caught.value.kind, caught.value.code, caught.value.retryable) == (
        FailureKind.UNCERTAIN,
        "timeout",
        False,
    )
    assert len(stub.sent) == 1  # it did go out
    assert sms.settle(
        to="+8613800138000", sent_at=china_noon(date(2024, 5, 1)), reference="msg-late"
    ) == (Settlement.UNKNOWN)
    stub.mark("msg-late", delivered=True)
    assert sms.settle(
        to="+8613800138000", sent_at=china_noon(date(2024, 5, 1)), reference="msg-late"
    ) == (Settlement.DELIVERED)
    query = stub.received[-1]
    assert query.headers["x-acs-action"] == "QuerySendDetails"
    assert (query.params["PhoneNumber"], query.params["SendDate"]) == ("13800138000", "20240501")


def test_a_dropped_connection_after_sending_is_uncertain(stub: AliyunStub) -> None:
    stub.hang_up_next()
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub))
    assert caught.value.kind is FailureKind.UNCERTAIN
    assert len(stub.sent) == 1


def test_a_refused_connection_is_retried_later() -> None:
    with refusing_url() as url:
        sms = AliyunSms(
            access_key_id="k", access_key_secret="s", endpoint=url.removeprefix("http://")
        )
        with pytest.raises(ProviderError) as caught:
            send(sms)
    assert (caught.value.kind, caught.value.code, caught.value.retryable) == (
        FailureKind.RETRY,
        "connection",
        True,
    )


def test_settle_finds_a_failed_text_among_the_days_texts_by_biz_id(stub: AliyunStub) -> None:
    sms = sms_for(stub)
    first = send(sms, reference="msg-a")
    send(sms, reference="msg-b")
    stub.mark("msg-a", delivered=False)
    stub.mark("msg-b", delivered=True)
    day = date(2024, 5, 1)
    assert (
        sms.settle(to="+8613800138000", sent_at=china_noon(day), reference="msg-a")
        == Settlement.FAILED
    )
    assert (
        sms.settle(to="+8613800138000", sent_at=china_noon(day), reference="msg-b")
        == Settlement.DELIVERED
    )
    assert (
        sms.settle(
            to="+8613800138000",
            sent_at=china_noon(day),
            reference="msg-a",
            biz_id=first.sid,
        )
        == Settlement.FAILED
    )
    assert sms.settle(
        to="+8613800138000", sent_at=china_noon(date(2024, 5, 2)), reference="msg-a"
    ) == (Settlement.UNKNOWN)


def test_endpoint_must_be_host_and_port() -> None:
    with pytest.raises(ValueError, match="host:port"):
        AliyunSms(access_key_id="k", access_key_secret="s", endpoint="http://127.0.0.1:1/")
    with pytest.raises(ValueError, match="ALIYUN_ACCESS_KEY_ID"):
        AliyunSms(access_key_id="", access_key_secret="s")
