"""The real Tencent Cloud SDK against the local stub: what reaches the provider, per-number codes
inside HTTP 200, each error's meaning, timeouts, refused connections, and settling."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from gateway.providers.base import FailureKind, ProviderError, SendResult, Settlement
from gateway.providers.standins.tencent import TencentStub
from gateway.providers.tencent.client import TencentSms, settlement_of
from tests.twilio_stub import refusing_url

SIGN = "丽丽美发"
TEMPLATE = "1860001"
PARAMS = (("when", "5月2日10:00"), ("service", "剪发"), ("ref", "K7Q2"))
TO = "+8613800138000"


@pytest.fixture
def stub() -> Iterator[TencentStub]:
    with TencentStub(templates={TEMPLATE: 3}, sign_names={SIGN}) as stub:
        yield stub


def sms_for(stub: TencentStub, **overrides: object) -> TencentSms:
    options: dict[str, object] = {
        "secret_id": stub.secret_id,
        "secret_key": stub.secret_key,
        "app_id": stub.app_id,
        "endpoint": stub.endpoint,
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "clock": lambda: stub.now,
        **overrides,
    }
    return TencentSms(**options)  # type: ignore[arg-type]


def send(sms: TencentSms, **overrides: object) -> SendResult:
    options: dict[str, object] = {
        "to": TO,
        "sign_name": SIGN,
        "template_code": TEMPLATE,
        "params": PARAMS,
        "extend_code": "01",
        "reference": "msg-1",
        **overrides,
    }
    return sms.send_template(**options)  # type: ignore[arg-type]


def test_send_reaches_the_provider_signed_with_values_in_template_order(
    stub: TencentStub,
) -> None:
    result = send(sms_for(stub))
    assert (result.provider, result.sid, result.status, result.fee) == (
        "tencent",
        stub.sent[0].serial_no,
        "Ok",
        1,
    )
    (request,) = stub.received
    assert request.headers["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKID-stub/")
    assert request.headers["X-TC-Action"] == "SendSms"
    assert request.params == {
        "PhoneNumberSet": [TO],
        "SmsSdkAppId": stub.app_id,
        "SignName": SIGN,
        "TemplateId": TEMPLATE,
        "TemplateParamSet": ["5月2日10:00", "剪发", "K7Q2"],
        "SessionContext": "msg-1",
    }


def test_extend_code_goes_only_where_the_account_has_it(stub: TencentStub) -> None:
    """SendSms ExtendCode: 默认未开通, enabled by Tencent's support (API 2021-01-11)."""
    send(sms_for(stub))
    send(sms_for(stub, extend_codes=True))
    assert [r.params.get("ExtendCode") for r in stub.received] == [None, "01"]


def test_a_number_outside_the_mainland_is_sent_without_a_sign_name(stub: TencentStub) -> None:
    send(sms_for(stub), to="+85291234567")
    (request,) = stub.received
    assert "SignName" not in request.params and request.params["PhoneNumberSet"] == ["+85291234567"]


def test_a_wrong_secret_is_refused_by_the_signature_check(stub: TencentStub) -> None:
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub, secret_key="not-the-key"))
    assert (caught.value.kind, caught.value.code) == (
        FailureKind.HOLD_ACCOUNT,
        "AuthFailure.SignatureFailure",
    )
    assert stub.sent == []


@pytest.mark.parametrize(
    ("overrides", "code", "kind"),
    [
        (
            {"sign_name": "别家"},
            "FailedOperation.SignatureIncorrectOrUnapproved",
            FailureKind.HOLD_CONFIG,
        ),
        (
            {"template_code": "1"},
            "FailedOperation.TemplateIncorrectOrUnapproved",
            FailureKind.HOLD_CONFIG,
        ),
        (
            {"params": PARAMS[:2]},
            "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
            FailureKind.HOLD_CONFIG,
        ),
        (
            {"params": (*PARAMS[:2], ("ref", "一二三四五六七八九十一二三"))},
            "InvalidParameterValue.TemplateParameterLengthLimit",
            FailureKind.FAILED,
        ),
        ({"to": "13800138000"}, "InvalidParameterValue.IncorrectPhoneNumber", FailureKind.FAILED),
    ],
)
def test_the_stub_checks_what_the_provider_checks(
    stub: TencentStub, overrides: dict[str, object], code: str, kind: FailureKind
) -> None:
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub), **overrides)
    assert (caught.value.code, caught.value.kind) == (code, kind)
    assert stub.sent == []


@pytest.mark.parametrize(
    ("code", "kind", "retry_after"),
    [
        ("InvalidParameterValue.IncorrectPhoneNumber", FailureKind.FAILED, None),
        ("LimitExceeded.PhoneNumberThirtySecondLimit", FailureKind.DEFER, timedelta(seconds=30)),
        ("LimitExceeded.PhoneNumberOneHourLimit", FailureKind.DEFER, timedelta(hours=1)),
        # 10:00 in China: 14 hours to its midnight
        ("LimitExceeded.PhoneNumberDailyLimit", FailureKind.DEFER, timedelta(hours=14)),
        ("LimitExceeded.PhoneNumberSameContentDailyLimit", FailureKind.DEFER, timedelta(hours=14)),
        ("LimitExceeded.DeliveryFrequencyLimit", FailureKind.DEFER, timedelta(hours=1)),
        ("LimitExceeded.AppDailyLimit", FailureKind.DEFER, timedelta(hours=14)),
        ("FailedOperation.PhoneNumberInBlacklist", FailureKind.OPT_OUT, None),
        ("FailedOperation.InsufficientBalanceInSmsPackage", FailureKind.HOLD_ACCOUNT, None),
        ("UnauthorizedOperation.ServiceSuspendDueToArrears", FailureKind.HOLD_ACCOUNT, None),
        ("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", FailureKind.FAILED, None),
        ("InternalError.Timeout", FailureKind.UNCERTAIN, None),
        ("InternalError.SendAndRecvFail", FailureKind.UNCERTAIN, None),
    ],
)
@pytest.mark.parametrize("per_number", [True, False], ids=["in-SendStatusSet", "Response.Error"])
def test_each_error_code_keeps_its_meaning_through_the_sdk(
    stub: TencentStub,
    code: str,
    kind: FailureKind,
    retry_after: timedelta | None,
    per_number: bool,
) -> None:
    stub.fail_next(code, per_number=per_number)
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub))
    error = caught.value
    assert (error.code, error.kind, error.retry_after) == (code, kind, retry_after)
    assert len(stub.received) == 1  # the SDK did not retry
    assert stub.sent == []


def test_a_late_answer_is_uncertain_and_settled_by_the_numbers_receipts(stub: TencentStub) -> None:
    sms = sms_for(stub)
    stub.slow_next(3)
    with pytest.raises(ProviderError) as caught:
        send(sms, reference="msg-late")
    assert (caught.value.kind, caught.value.code) == (FailureKind.UNCERTAIN, "timeout")
    assert len(stub.sent) == 1  # it did go out
    until = stub.now + timedelta(minutes=10)
    assert sms.settle(to=TO, reference="msg-late", sent_at=stub.now, until=until) == (
        Settlement.UNKNOWN
    )
    stub.mark("msg-late", delivered=False)
    assert sms.settle(to=TO, reference="msg-late", sent_at=stub.now, until=until) == (
        Settlement.FAILED
    )
    assert stub.received[-1].headers["X-TC-Action"] == "PullSmsSendStatusByPhoneNumber"
    # reading by number consumes nothing: the same answer again
    assert sms.settle(to=TO, reference="msg-late", sent_at=stub.now, until=until) == (
        Settlement.FAILED
    )


def test_settling_needs_the_session_context_echoed(stub: TencentStub) -> None:
    sms = sms_for(stub)
    send(sms, reference="msg-1")
    stub.mark("msg-1", delivered=True)
    stub.echo_session_context = False
    until = stub.now + timedelta(minutes=10)
    assert sms.settle(to=TO, reference="msg-1", sent_at=stub.now, until=until) == (
        Settlement.UNKNOWN
    )


def test_pulled_receipts_are_the_whole_apps_and_come_once(stub: TencentStub) -> None:
    sms = sms_for(stub)
    send(sms, reference="msg-a")
    send(sms, reference="msg-b", to="+8613900139000")
    stub.mark("msg-a", delivered=True)
    stub.mark("msg-b", delivered=False)
    reports = sms.pull_receipts()
    assert {(r.reference, r.delivered, r.phone) for r in reports} == {
        ("msg-a", True, TO),
        ("msg-b", False, "+8613900139000"),
    }
    assert settlement_of("msg-b", reports) == Settlement.FAILED
    assert settlement_of("msg-c", reports) == Settlement.UNKNOWN
    assert sms.pull_receipts() == []


def test_a_dropped_connection_after_sending_is_uncertain(stub: TencentStub) -> None:
    stub.hang_up_next()
    with pytest.raises(ProviderError) as caught:
        send(sms_for(stub))
    assert caught.value.kind is FailureKind.UNCERTAIN
    assert len(stub.sent) == 1


def test_a_burst_of_new_connections_all_reach_the_stand_in_while_it_is_busy(
    stub: TencentStub,
) -> None:
    """Two workers' threads connect at once while the stand-in's accepting thread waits (as it
    does for the GIL on a loaded machine): each text gets there and is sent, none is left
    uncertain by a connection the stand-in had no room to queue."""
    server = stub._server
    assert server is not None
    server.shutdown()  # not accepting for a moment; its socket still listens
    burst = 16
    sms = [sms_for(stub, read_timeout=5.0) for _ in range(burst)]
    answers: list[object] = [None] * burst

    def one(i: int) -> None:
        try:
            answers[i] = send(sms[i], reference=f"msg-{i}").status
        except ProviderError as exc:
            answers[i] = f"{exc.kind.value}: {exc.code}"

    callers = [threading.Thread(target=one, args=(i,)) for i in range(burst)]
    for caller in callers:
        caller.start()
    time.sleep(0.3)  # every connection is made (or refused) before accepting resumes
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    for caller in callers:
        caller.join(timeout=10)
    assert answers == ["Ok"] * burst
    assert sorted(t.session_context for t in stub.sent) == sorted(f"msg-{i}" for i in range(burst))


def test_a_refused_connection_is_retried_later() -> None:
    with refusing_url() as url:
        sms = TencentSms(
            secret_id="id", secret_key="key", app_id="1", endpoint=url.removeprefix("http://")
        )
        with pytest.raises(ProviderError) as caught:
            send(sms)
    assert (caught.value.kind, caught.value.code, caught.value.retryable) == (
        FailureKind.RETRY,
        "connection",
        True,
    )


def test_settings_are_checked_when_built() -> None:
    with pytest.raises(ValueError, match="host:port"):
        TencentSms(secret_id="i", secret_key="k", app_id="1", endpoint="https://x/")
    with pytest.raises(ValueError, match="TENCENT_SMS_APP_ID"):
        TencentSms(secret_id="i", secret_key="k", app_id="")


def test_a_pulled_receipt_without_report_status_leaves_the_text_uncertain(
    stub: TencentStub,
) -> None:
    sms = sms_for(stub)
    send(sms, reference="msg-1")
    stub.list_pending_receipts = True
    until = stub.now + timedelta(minutes=10)
    assert sms.settle(to=TO, reference="msg-1", sent_at=stub.now, until=until) == (
        Settlement.UNKNOWN
    )


def test_settling_narrows_a_full_page_by_time_not_by_offset(stub: TencentStub) -> None:
    """PullSmsSendStatusByPhoneNumber's Offset is documented as fixed at 0."""
    sms = sms_for(stub)
    for n in range(101):
        stub.now += timedelta(seconds=1)
        send(sms, reference=f"msg-{n}")
        stub.mark(f"msg-{n}", delivered=n != 100)
    until = stub.now + timedelta(minutes=10)
    start = stub.now - timedelta(seconds=100)
    assert sms.settle(to=TO, reference="msg-100", sent_at=start, until=until) == (Settlement.FAILED)
    asked = [r.params for r in stub.received if r.headers["X-TC-Action"] != "SendSms"]
    assert {p["Offset"] for p in asked} == {0} and len(asked) > 1


def test_the_proxy_is_read_once_when_the_client_is_built(
    stub: TencentStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SDK reads HTTP(S)_PROXY on building its client, and the client keeps to it: requests
    # no longer looks at the environment again for every text (a quarter of a text's CPU).
    # A proxy named before the client is built carries its texts (here one that refuses: the
    # text cannot have gone, so it is tried again, not looked up as uncertain)...
    with refusing_url() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)
        with pytest.raises(ProviderError) as raised:
            send(sms_for(stub))
        assert (raised.value.kind, raised.value.code) == (FailureKind.RETRY, "connection")
        assert stub.received == []
        # ...and one named after it is not looked at: the text goes as the client was built.
        monkeypatch.delenv("HTTP_PROXY")
        sms = sms_for(stub)
        monkeypatch.setenv("HTTP_PROXY", proxy)
        assert send(sms).status == "Ok"
    assert len(stub.received) == 1
