"""Each provider's error table: every code the issue and the providers' documents name, what
it means, and how long flow control lasts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gateway.providers.aliyun import client as aliyun
from gateway.providers.base import FailureKind, ProviderError
from gateway.providers.tencent import client as tencent

K = FailureKind
#: 2024-05-01 15:00 in China: 9 hours to China's midnight, 17 to its next 08:00.
NOW = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "message", "kind", "retry_after"),
    [
        ("isv.MOBILE_NUMBER_ILLEGAL", "", K.FAILED, None),
        ("isv.TEMPLATE_MISSING_PARAMETERS", "", K.FAILED, None),
        ("isv.INVALID_JSON_PARAM", "", K.FAILED, None),
        ("isv.PARAM_LENGTH_LIMIT", "", K.FAILED, None),
        ("isv.PARAM_NOT_SUPPORT_URL", "", K.FAILED, None),
        ("isv.BLACK_KEY_CONTROL_LIMIT", "", K.FAILED, None),
        ("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", K.DEFER, timedelta(minutes=1)),
        ("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", K.DEFER, timedelta(hours=1)),
        ("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10", K.DEFER, timedelta(hours=24)),
        ("isv.BUSINESS_LIMIT_CONTROL", "", K.DEFER, timedelta(hours=1)),
        ("isv.DAY_LIMIT_CONTROL", "", K.DEFER, timedelta(hours=24)),
        # help.aliyun.com document 101346: the signature's state, name, content
        ("isv.SIGN_STATE_ILLEGAL", "", K.HOLD_CONFIG, None),
        ("isv.SIGN_NAME_ILLEGAL", "", K.HOLD_CONFIG, None),
        ("isv.SIGNATURE_BLACKLIST", "", K.HOLD_CONFIG, None),
        ("isv.MONTH_LIMIT_CONTROL", "", K.DEFER, timedelta(days=30, hours=9)),
        (
            "Throttling.User",
            "Request was denied due to user flow control.",
            K.DEFER,
            timedelta(minutes=1),
        ),
        ("isv.AMOUNT_NOT_ENOUGH", "", K.HOLD_ACCOUNT, None),
        ("isv.OUT_OF_SERVICE", "", K.HOLD_ACCOUNT, None),
        ("isp.RAM_PERMISSION_DENY", "", K.HOLD_ACCOUNT, None),
        ("SignatureDoesNotMatch", "", K.HOLD_ACCOUNT, None),
        ("InvalidAccessKeyId.NotFound", "", K.HOLD_ACCOUNT, None),
        ("isv.SMS_SIGNATURE_ILLEGAL", "", K.HOLD_CONFIG, None),
        ("isv.SMS_TEMPLATE_ILLEGAL", "", K.HOLD_CONFIG, None),
        ("isv.SMS_SIGNATURE_SCENE_ILLEGAL", "", K.HOLD_CONFIG, None),
        ("isv.EXTEND_CODE_ERROR", "", K.HOLD_CONFIG, None),
        ("isp.SYSTEM_ERROR", "", K.UNCERTAIN, None),
        ("ServiceUnavailable", "", K.RETRY, None),
        ("isv.SOMETHING_NEW", "", K.FAILED, None),
    ],
)
def test_aliyun_error_table(
    code: str, message: str, kind: FailureKind, retry_after: timedelta | None
) -> None:
    assert aliyun.classify(code, message, now=NOW) == (kind, retry_after)


@pytest.mark.parametrize(
    ("code", "kind", "retry_after"),
    [
        ("InvalidParameterValue.IncorrectPhoneNumber", K.FAILED, None),
        ("FailedOperation.PhoneNumberParseFail", K.FAILED, None),
        ("InvalidParameterValue.TemplateParameterLengthLimit", K.FAILED, None),
        ("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", K.FAILED, None),
        ("LimitExceeded.PhoneNumberThirtySecondLimit", K.DEFER, timedelta(seconds=30)),
        ("LimitExceeded.PhoneNumberOneHourLimit", K.DEFER, timedelta(hours=1)),
        ("LimitExceeded.PhoneNumberDailyLimit", K.DEFER, timedelta(hours=9)),
        ("LimitExceeded.PhoneNumberSameContentDailyLimit", K.DEFER, timedelta(hours=9)),
        ("LimitExceeded.DeliveryFrequencyLimit", K.DEFER, timedelta(hours=1)),
        ("LimitExceeded.AppDailyLimit", K.DEFER, timedelta(hours=9)),
        ("LimitExceeded.AppMainlandChinaDailyLimit", K.DEFER, timedelta(hours=9)),
        ("FailedOperation.MarketingSendTimeConstraint", K.DEFER, timedelta(hours=17)),
        ("RequestLimitExceeded", K.DEFER, timedelta(seconds=1)),
        ("FailedOperation.PhoneNumberInBlacklist", K.OPT_OUT, None),
        ("FailedOperation.InsufficientBalanceInSmsPackage", K.HOLD_ACCOUNT, None),
        ("UnauthorizedOperation.ServiceSuspendDueToArrears", K.HOLD_ACCOUNT, None),
        ("UnauthorizedOperation.SmsSdkAppIdVerifyFail", K.HOLD_ACCOUNT, None),
        ("AuthFailure.SignatureFailure", K.HOLD_ACCOUNT, None),
        ("FailedOperation.SignatureIncorrectOrUnapproved", K.HOLD_CONFIG, None),
        ("FailedOperation.TemplateIncorrectOrUnapproved", K.HOLD_CONFIG, None),
        ("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", K.HOLD_CONFIG, None),
        ("InternalError.Timeout", K.UNCERTAIN, None),
        ("InternalError.SendAndRecvFail", K.UNCERTAIN, None),
        ("InternalError.SomethingNew", K.UNCERTAIN, None),
        ("FailedOperation.SomethingNew", K.FAILED, None),
    ],
)
def test_tencent_error_table(code: str, kind: FailureKind, retry_after: timedelta | None) -> None:
    assert tencent.classify(code, now=NOW) == (kind, retry_after)


def test_day_level_flow_control_lasts_until_chinas_midnight_not_utcs() -> None:
    just_before = datetime(2024, 5, 1, 15, 59, tzinfo=UTC)  # 23:59 in China
    # Alibaba Cloud counts a rolling 24 hours: midnight resets nothing.
    assert aliyun.classify("isv.DAY_LIMIT_CONTROL", "", now=just_before)[1] == timedelta(hours=24)
    assert tencent.classify("LimitExceeded.AppDailyLimit", now=just_before)[1] == timedelta(
        minutes=1
    )


@pytest.mark.parametrize(
    ("kind", "retryable"),
    [
        (K.FAILED, False),
        (K.RETRY, True),
        (K.DEFER, True),
        (K.HOLD_ACCOUNT, False),
        (K.HOLD_CONFIG, False),
        (K.OPT_OUT, False),
        (K.UNCERTAIN, False),
    ],
)
def test_provider_error_retryable_follows_its_kind(kind: FailureKind, retryable: bool) -> None:
    error = ProviderError("x", code="c", kind=kind)
    assert (error.kind, error.retryable, error.code) == (kind, retryable, "c")


def test_provider_error_without_a_kind_reads_as_before() -> None:
    assert ProviderError("x", code="21211", retryable=False).kind is K.FAILED
    slow = ProviderError("x", code="20429", retryable=True)
    assert (slow.kind, slow.retryable, slow.retry_after) == (K.RETRY, True, None)
    with pytest.raises(ValueError):
        ProviderError("x", kind=K.UNCERTAIN, retryable=True)


@pytest.mark.parametrize(
    ("e164", "aliyun_spelling"),
    [("+8613800138000", "13800138000"), ("+85291234567", "85291234567")],
)
def test_aliyun_phone_spelling(e164: str, aliyun_spelling: str) -> None:
    assert aliyun.phone_for_aliyun(e164) == aliyun_spelling
