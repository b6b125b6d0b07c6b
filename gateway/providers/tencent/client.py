"""Tencent Cloud SMS (API 2021-01-11): sending approved templates, what its errors mean, and
finding out what became of a text whose sending was uncertain.

The only module that imports the Tencent Cloud SDK. Requests are signed by the SDK's default,
TC3-HMAC-SHA256, and not retried by it (its default retryer does nothing; we pass that one
explicitly). An HTTP 200 is not success: each number's ``SendStatusSet[].Code`` decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

import requests
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.retry import NoopRetryer
from tencentcloud.sms.v20210111 import models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from gateway.clock import system_clock
from gateway.providers.base import (
    DeliveryReport,
    FailureKind,
    ProviderError,
    SendResult,
    Settlement,
)
from gateway.providers.china import CHINA_TZ, network_failure, until_next_china_day

_F, _R, _D = FailureKind.FAILED, FailureKind.RETRY, FailureKind.DEFER
_HA, _HC, _OO = FailureKind.HOLD_ACCOUNT, FailureKind.HOLD_CONFIG, FailureKind.OPT_OUT

#: What each error code means (tencentcloud/sms/v20210111/errorcodes.py and the common API
#: errors). Codes not listed are FAILED, except ``InternalError.*``, which is UNCERTAIN.
ERRORS: Mapping[str, FailureKind] = {
    "InvalidParameterValue.IncorrectPhoneNumber": _F,
    "FailedOperation.PhoneNumberParseFail": _F,
    "InvalidParameterValue.TemplateParameterLengthLimit": _F,
    "InvalidParameterValue.TemplateParameterFormatError": _F,
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": _F,
    "InvalidParameterValue.ContentLengthLimit": _F,
    "FailedOperation.ContainSensitiveWord": _F,
    "InvalidParameter.DirtyWordFound": _F,
    "UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone": _F,
    "UnsupportedOperation.GlobalTemplateToChineseMainlandPhone": _F,
    "UnsupportedOperation.UnsupportedRegion": _F,
    "LimitExceeded.AppCountryOrRegionInBlacklist": _F,
    "LimitExceeded.PhoneNumberThirtySecondLimit": _D,
    "LimitExceeded.PhoneNumberOneHourLimit": _D,
    "LimitExceeded.PhoneNumberDailyLimit": _D,
    "LimitExceeded.PhoneNumberSameContentDailyLimit": _D,
    "LimitExceeded.DeliveryFrequencyLimit": _D,
    "LimitExceeded.AppDailyLimit": _D,
    "LimitExceeded.AppCountryOrRegionDailyLimit": _D,
    "LimitExceeded.AppGlobalDailyLimit": _D,
    "LimitExceeded.AppMainlandChinaDailyLimit": _D,
    "LimitExceeded.DailyLimit": _D,
    "LimitExceeded.GlobalSmsSendingRateLimit": _D,
    "FailedOperation.MarketingSendTimeConstraint": _D,
    "RequestLimitExceeded": _D,
    "FailedOperation.InsufficientBalanceInSmsPackage": _HA,
    "UnauthorizedOperation.ServiceSuspendDueToArrears": _HA,
    "UnauthorizedOperation.SdkAppIdIsDisabled": _HA,
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail": _HA,
    "UnauthorizedOperation.RequestPermissionDeny": _HA,
    "UnauthorizedOperation.RequestIpNotInWhitelist": _HA,
    "InvalidParameterValue.SdkAppIdNotExist": _HA,
    "InvalidParameter.AppidAndBizId": _HA,
    "AuthFailure.SignatureFailure": _HA,
    "AuthFailure.SecretIdNotFound": _HA,
    "AuthFailure.SignatureExpire": _HA,
    "AuthFailure.UnauthorizedOperation": _HA,
    "FailedOperation.SignatureIncorrectOrUnapproved": _HC,
    "FailedOperation.TemplateIncorrectOrUnapproved": _HC,
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": _HC,
    "FailedOperation.TemplateUnapprovedOrNotExist": _HC,
    "FailedOperation.MissingSignatureList": _HC,
    "FailedOperation.MissingTemplateList": _HC,
    "FailedOperation.TemplateIdNotExist": _HC,
    "UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny": _HC,
    "FailedOperation.PhoneNumberInBlacklist": _OO,
    # the SDK's own codes: an HTTP error status, or a request that did not complete
    "ServerNetworkError": FailureKind.UNCERTAIN,
}

#: How long each flow-control code lasts; None means until the next day in China.
_WINDOWS: Mapping[str, timedelta | None] = {
    "LimitExceeded.PhoneNumberThirtySecondLimit": timedelta(seconds=30),
    "LimitExceeded.PhoneNumberOneHourLimit": timedelta(hours=1),
    # the console's frequency policy names no window: an hour covers its shorter rules
    "LimitExceeded.DeliveryFrequencyLimit": timedelta(hours=1),
    "LimitExceeded.GlobalSmsSendingRateLimit": timedelta(minutes=1),
    "RequestLimitExceeded": timedelta(seconds=1),
}

#: The first part of every code Tencent Cloud's API answers with (its common and SMS errors).
_API_ERROR_FAMILIES = frozenset(
    {
        "AuthFailure",
        "FailedOperation",
        "InternalError",
        "InvalidAction",
        "InvalidParameter",
        "InvalidParameterValue",
        "InvalidRequest",
        "LimitExceeded",
        "MissingParameter",
        "RequestLimitExceeded",
        "ResourceNotFound",
        "ResourceUnavailable",
        "UnauthorizedOperation",
        "UnknownParameter",
        "UnsupportedOperation",
    }
)

_SMS_DEFAULT_HOST = "sms.tencentcloudapi.com"
#: The most receipts one PullSmsSendStatusByPhoneNumber answers with.
_PULL_LIMIT = 100
#: How many times a full page's window is halved before settling gives up (1/64 of it).
_WINDOW_SPLITS = 6
_HOST_PORT = re.compile(r"[A-Za-z0-9.-]+:[0-9]{1,5}")


def classify(code: str, *, now: datetime) -> tuple[FailureKind, timedelta | None]:
    """The meaning of a Tencent error ``code`` and, for flow control, how long it lasts."""
    if code.startswith("InternalError"):
        return FailureKind.UNCERTAIN, None
    kind = ERRORS.get(code, FailureKind.FAILED)
    if kind is not FailureKind.DEFER:
        return kind, None
    if code == "FailedOperation.MarketingSendTimeConstraint":
        return kind, _until_china_eight(now)
    if code in _WINDOWS:
        return kind, _WINDOWS[code]
    return kind, until_next_china_day(now)


def _until_china_eight(now: datetime) -> timedelta:
    """Marketing texts may go 08:00–22:00 China time: the wait until the next 08:00."""
    local = now.astimezone(CHINA_TZ)
    eight = local.replace(hour=8, minute=0, second=0, microsecond=0)
    if eight <= local:
        eight += timedelta(days=1)
    return eight - local


def _read_environment_once(client: SmsClient) -> None:
    """Stop requests re-reading the environment for every text, as the Twilio provider's
    ``_read_environment_once`` does for its session. Here there is nothing to copy in first:
    the SDK has read its proxy (HTTPS_PROXY, HTTP_PROXY towards a stand-in, with its NO_PROXY)
    once, on building the client, and hands it and its certificates to each call, so the
    session's own look at the proxy variables and ~/.netrc changes nothing but costs a quarter
    of a text's CPU (docs/performance.md). The SDK keeps its session in
    ``request.conn._session``; an SDK that keeps it elsewhere sends as before, only slower."""
    connection = getattr(getattr(client, "request", None), "conn", None)
    session = getattr(connection, "_session", None)
    if isinstance(session, requests.Session):
        session.trust_env = False


class TencentSms:
    """One Tencent Cloud SMS application (SmsSdkAppId) sending for every salon on it."""

    name = "tencent"

    def __init__(
        self,
        *,
        secret_id: str,
        secret_key: str,
        app_id: str,
        endpoint: str | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        clock: Callable[[], datetime] | None = None,
        extend_codes: bool = False,
    ) -> None:
        """``endpoint`` is a stand-in's ``host:port`` (spoken to over plain HTTP); None is the
        provider itself over HTTPS. ``extend_codes``: the account has 扩展码, which Tencent's
        support enables on request (TENCENT_SMS_EXTEND_CODE); without it none is sent."""
        if not secret_id or not secret_key or not app_id:
            raise ValueError(
                "Tencent Cloud SMS needs TENCENT_SECRET_ID, TENCENT_SECRET_KEY and "
                "TENCENT_SMS_APP_ID"
            )
        if endpoint and not _HOST_PORT.fullmatch(endpoint):
            raise ValueError("TENCENT_SMS_ENDPOINT must be host:port")
        http = HttpProfile(
            protocol="http" if endpoint else "https",
            endpoint=endpoint or _SMS_DEFAULT_HOST,
            # handed to requests as it is: (connect, read) seconds
            reqTimeout=(connect_timeout, read_timeout),
        )
        profile = ClientProfile(httpProfile=http, retryer=NoopRetryer())
        self._client = SmsClient(Credential(secret_id, secret_key), "ap-guangzhou", profile)
        _read_environment_once(self._client)
        self._app_id = app_id
        self._clock = clock or system_clock
        self._extend_codes = extend_codes

    def send_template(
        self,
        *,
        to: str,
        sign_name: str,
        template_code: str,
        params: Sequence[tuple[str, str]],
        extend_code: str | None,
        reference: str,
    ) -> SendResult:
        """Send one approved template (``template_code`` is Tencent's TemplateId) to one
        number; the values go in ``params``' order. Raises ProviderError with its kind."""
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [to]
        request.SmsSdkAppId = self._app_id
        if to.startswith("+86"):
            # Required for mainland numbers; international texts go without one (API 2021-01-11).
            request.SignName = sign_name
        request.TemplateId = template_code
        request.TemplateParamSet = [value for _, value in params]
        if extend_code and self._extend_codes:
            request.ExtendCode = extend_code
        request.SessionContext = reference
        try:
            response = self._client.SendSms(request)
        except TencentCloudSDKException as exc:
            raise self._error(exc) from exc
        statuses = [s for s in response.SendStatusSet or [] if s.PhoneNumber in (to, None)]
        if not statuses:
            raise ProviderError(
                "Tencent Cloud answered without a status for the number; the SMS may have gone",
                code="no_status",
                kind=FailureKind.UNCERTAIN,
            )
        status = statuses[0]
        code = str(status.Code or "")
        if code != "Ok":
            kind, retry_after = classify(code, now=self._clock())
            raise ProviderError(
                f"Tencent Cloud refused the SMS: {code} {status.Message or ''}".strip(),
                code=code or "unknown",
                kind=kind,
                retry_after=retry_after,
            )
        fee = status.Fee if isinstance(status.Fee, int) else None
        return SendResult(provider=self.name, sid=str(status.SerialNo), status=code, fee=fee)

    def settle(
        self, *, to: str, reference: str, sent_at: datetime, until: datetime | None = None
    ) -> Settlement:
        """What became of our text ``reference`` to ``to``, sent about ``sent_at``.

        Uses ``PullSmsSendStatusByPhoneNumber``: the number's receipts between ``sent_at`` (less
        a minute for clock drift) and ``until`` (default now), read without consuming them. Ours is
        the one whose ``SessionContext`` is ``reference`` — which Tencent echoes in receipts only
        once its support has enabled that for the application; without it this says UNKNOWN.
        """
        begin = int((sent_at - timedelta(minutes=1)).timestamp())
        end = int((until or self._clock()).timestamp())
        return self._settle_within(to, reference, begin, end, splits=_WINDOW_SPLITS)

    def _settle_within(
        self, to: str, reference: str, begin: int, end: int, *, splits: int
    ) -> Settlement:
        """``Offset`` is documented as fixed at 0: a full page is narrowed by halving the time
        window instead of paging, a few times at most."""
        request = models.PullSmsSendStatusByPhoneNumberRequest()
        request.BeginTime, request.EndTime = begin, end
        request.Offset, request.Limit = 0, _PULL_LIMIT
        request.PhoneNumber, request.SmsSdkAppId = to, self._app_id
        try:
            response = self._client.PullSmsSendStatusByPhoneNumber(request)
        except TencentCloudSDKException as exc:
            raise self._error(exc) from exc
        receipts = response.PullSmsSendStatusSet or []
        outcome = settlement_of(reference, (r for r in map(_receipt, receipts) if r is not None))
        if outcome is not Settlement.UNKNOWN or len(receipts) < _PULL_LIMIT:
            return outcome
        if splits <= 0 or end - begin < 2:
            return Settlement.UNKNOWN
        middle = (begin + end) // 2
        for part in ((begin, middle), (middle + 1, end)):
            outcome = self._settle_within(to, reference, *part, splits=splits - 1)
            if outcome is not Settlement.UNKNOWN:
                return outcome
        return Settlement.UNKNOWN

    def pull_receipts(self, *, limit: int = 100) -> list[DeliveryReport]:
        """Up to ``limit`` (≤ 100) receipts of the whole application, from ``PullSmsSendStatus``.

        A queue: each receipt is handed out ONCE, whichever text it is for, so the caller must
        apply every report returned (as if pushed), not only the one it was looking for. Needs
        enabling by Tencent's support; the push of receipts is the usual way.
        """
        request = models.PullSmsSendStatusRequest()
        request.Limit = max(1, min(limit, 100))
        request.SmsSdkAppId = self._app_id
        try:
            response = self._client.PullSmsSendStatus(request)
        except TencentCloudSDKException as exc:
            raise self._error(exc) from exc
        pulled = (_receipt(r) for r in response.PullSmsSendStatusSet or [])
        return [report for report in pulled if report is not None]

    def _error(self, exc: TencentCloudSDKException) -> ProviderError:
        code = str(exc.code or "")
        if code == "ClientNetworkError":
            kind, network_code = network_failure(exc)
            if kind is FailureKind.RETRY:
                return ProviderError(
                    "could not reach Tencent Cloud SMS", code=network_code, kind=kind
                )
            return ProviderError(
                "Tencent Cloud SMS did not answer; the SMS may or may not have been sent",
                code=network_code,
                kind=kind,
            )
        if code.split(".")[0] not in _API_ERROR_FAMILIES and code not in ERRORS:
            # the SDK could not read the answer (its codes are then Python exception names)
            return ProviderError(
                "Tencent Cloud SMS gave an unreadable answer; the SMS may have been sent",
                code=code or "unknown",
                kind=FailureKind.UNCERTAIN,
            )
        kind, retry_after = classify(code, now=self._clock())
        return ProviderError(
            f"Tencent Cloud refused the request: {code} {exc.message or ''}".strip(),
            code=code,
            kind=kind,
            retry_after=retry_after,
        )


def settlement_of(reference: str, reports: Iterable[DeliveryReport]) -> Settlement:
    """DELIVERED or FAILED if a report carries our ``reference``, else UNKNOWN."""
    for report in reports:
        if report.reference == reference:
            return Settlement.DELIVERED if report.delivered else Settlement.FAILED
    return Settlement.UNKNOWN


def _receipt(status: models.PullSmsSendStatus) -> DeliveryReport | None:
    """A pulled receipt; None when it has no ``ReportStatus`` (the carrier has not said yet):
    the text stays uncertain rather than being counted failed."""
    if status.ReportStatus not in ("SUCCESS", "FAIL"):
        return None
    at = status.UserReceiveTime
    delivered = status.ReportStatus == "SUCCESS"
    return DeliveryReport(
        provider=TencentSms.name,
        sid=status.SerialNo or None,
        reference=status.SessionContext or None,
        delivered=delivered,
        error_code=None if delivered else (status.Description or status.ReportStatus or None),
        phone=status.PhoneNumber or None,
        at=datetime.fromtimestamp(at, UTC) if isinstance(at, int) and at > 0 else None,
    )
