"""Alibaba Cloud SMS (dysmsapi 2017-05-25): sending approved templates, what its errors mean,
and asking what became of a text whose sending was uncertain.

The only module that imports the Alibaba Cloud SDK. Requests are signed by the SDK's default,
ACS3-HMAC-SHA256. The SDK does not retry (our job decides); a timeout or a connection that broke
after sending is UNCERTAIN, because ``SendSms`` has no idempotency: the text may be on its way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_dysmsapi20170525.models import (
    QuerySendDetailsRequest,
    SendSmsRequest,
)
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.exceptions import ResponseException
from darabonba.policy.retry import RetryOptions
from darabonba.runtime import RuntimeOptions

from gateway.clock import system_clock
from gateway.providers.base import FailureKind, ProviderError, SendResult, Settlement
from gateway.providers.china import (
    CHINA_TZ,
    mainland_national,
    network_failure,
    until_next_china_month,
)

#: What each ``Code`` of SendSms means (help.aliyun.com document 101346; the provider publishes
#: no retry table, so this is our reading of each code's description). Codes not listed are
#: FAILED when the answer came back (the provider looked at the request and said no).
ERRORS: Mapping[str, FailureKind] = {
    # the number or the request content: this text cannot go to this number
    "isv.MOBILE_NUMBER_ILLEGAL": FailureKind.FAILED,
    "isv.MOBILE_COUNT_OVER_LIMIT": FailureKind.FAILED,
    "isv.TEMPLATE_MISSING_PARAMETERS": FailureKind.FAILED,
    "isv.INVALID_JSON_PARAM": FailureKind.FAILED,
    "isv.INVALID_PARAMETERS": FailureKind.FAILED,
    "isv.PARAM_LENGTH_LIMIT": FailureKind.FAILED,
    "isv.PARAM_NOT_SUPPORT_URL": FailureKind.FAILED,
    "isv.BLACK_KEY_CONTROL_LIMIT": FailureKind.FAILED,
    "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": FailureKind.FAILED,
    # flow control: nothing sent; the window comes from the code or its message
    "isv.BUSINESS_LIMIT_CONTROL": FailureKind.DEFER,
    "isv.DAY_LIMIT_CONTROL": FailureKind.DEFER,
    "isv.MONTH_LIMIT_CONTROL": FailureKind.DEFER,
    "Throttling": FailureKind.DEFER,
    "Throttling.User": FailureKind.DEFER,
    "Throttling.Api": FailureKind.DEFER,
    # the account: nothing this salon sends can go until someone pays or fixes access
    "isv.AMOUNT_NOT_ENOUGH": FailureKind.HOLD_ACCOUNT,
    "isv.OUT_OF_SERVICE": FailureKind.HOLD_ACCOUNT,
    "isv.PRODUCT_UN_SUBSCRIPT": FailureKind.HOLD_ACCOUNT,
    "isv.PRODUCT_UNSUBSCRIBE": FailureKind.HOLD_ACCOUNT,
    "isv.ACCOUNT_NOT_EXISTS": FailureKind.HOLD_ACCOUNT,
    "isv.ACCOUNT_ABNORMAL": FailureKind.HOLD_ACCOUNT,
    "isv.DENY_IP_RANGE": FailureKind.HOLD_ACCOUNT,
    "isv.SECURITY_FROZEN_ACCOUNT": FailureKind.HOLD_ACCOUNT,
    "isp.RAM_PERMISSION_DENY": FailureKind.HOLD_ACCOUNT,
    "InvalidAccessKeyId.NotFound": FailureKind.HOLD_ACCOUNT,
    "SignatureDoesNotMatch": FailureKind.HOLD_ACCOUNT,
    "Forbidden.RAM": FailureKind.HOLD_ACCOUNT,
    # signature or template not approved, or not matching what was approved
    "isv.SMS_SIGNATURE_ILLEGAL": FailureKind.HOLD_CONFIG,
    "isv.SMS_SIGN_ILLEGAL": FailureKind.HOLD_CONFIG,
    # the signature's state (不可用), name or content: every text under it fails alike
    "isv.SIGN_STATE_ILLEGAL": FailureKind.HOLD_CONFIG,
    "isv.SIGN_NAME_ILLEGAL": FailureKind.HOLD_CONFIG,
    "isv.SIGNATURE_BLACKLIST": FailureKind.HOLD_CONFIG,
    "isv.SMS_TEMPLATE_ILLEGAL": FailureKind.HOLD_CONFIG,
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL": FailureKind.HOLD_CONFIG,
    "isv.EXTEND_CODE_ERROR": FailureKind.HOLD_CONFIG,
    # the provider failed inside: the text may or may not have gone
    "isp.SYSTEM_ERROR": FailureKind.UNCERTAIN,
    "InternalError": FailureKind.UNCERTAIN,
    # the gateway in front was unavailable before it looked at the request
    "ServiceUnavailable": FailureKind.RETRY,
}

#: How long a day-level flow control lasts: Alibaba Cloud counts the last 24 hours.
ROLLING_DAY = timedelta(hours=24)

_SMS_DEFAULT_HOST = "dysmsapi.aliyuncs.com"
_HOST_PORT = re.compile(r"[A-Za-z0-9.-]+:[0-9]{1,5}")


def classify(code: str, message: str, *, now: datetime) -> tuple[FailureKind, timedelta | None]:
    """The meaning of an error ``code`` (and, for flow control, the window its message names)."""
    kind = ERRORS.get(code, FailureKind.FAILED)
    if kind is not FailureKind.DEFER:
        return kind, None
    if code == "isv.DAY_LIMIT_CONTROL" or "天级" in message:
        # A day here is the 24 hours before the send (短信发送频率限制), not a calendar day.
        return kind, ROLLING_DAY
    if code == "isv.MONTH_LIMIT_CONTROL" or "月级" in message:
        return kind, until_next_china_month(now)
    if "分钟级" in message or code.startswith("Throttling"):
        return kind, timedelta(minutes=1)
    # 小时级, or a message naming no window: an hour is the shortest safe wait for both.
    return kind, timedelta(hours=1)


def phone_for_aliyun(e164: str) -> str:
    """Mainland numbers national (``13800138000``); others country code and number, no prefix
    (``85291234567``), as ``SendSmsRequest.phone_numbers`` documents."""
    if not e164.startswith("+") or not e164[1:].isdigit():
        raise ValueError("not an E.164 number")
    return mainland_national(e164) or e164[1:]


class AliyunSms:
    """One Alibaba Cloud account (an AccessKey pair) sending SMS for every salon on it."""

    name = "aliyun"

    def __init__(
        self,
        *,
        access_key_id: str,
        access_key_secret: str,
        endpoint: str | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``endpoint`` is a stand-in's ``host:port`` (spoken to over plain HTTP); None is the
        provider itself over HTTPS. ``clock`` tells flow-control errors when "tomorrow" starts."""
        if not access_key_id or not access_key_secret:
            raise ValueError(
                "Alibaba Cloud SMS needs ALIYUN_ACCESS_KEY_ID and ALIYUN_ACCESS_KEY_SECRET"
            )
        if endpoint and not _HOST_PORT.fullmatch(endpoint):
            raise ValueError("ALIYUN_SMS_ENDPOINT must be host:port")
        config = Config(
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            endpoint=endpoint or _SMS_DEFAULT_HOST,
            protocol="http" if endpoint else "https",
            region_id="cn-hangzhou",
            # milliseconds, as the SDK counts them
            connect_timeout=int(connect_timeout * 1000),
            read_timeout=int(read_timeout * 1000),
            retry_options=RetryOptions({"retryable": False}),
        )
        self._client = Client(config)
        self._clock = clock or system_clock

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
        """Send one approved template to one number; raises ProviderError with its kind."""
        request = SendSmsRequest(
            phone_numbers=phone_for_aliyun(to),
            sign_name=sign_name,
            template_code=template_code,
            template_param=json.dumps(dict(params), ensure_ascii=False) if params else None,
            sms_up_extend_code=extend_code or None,
            out_id=reference,
        )
        try:
            response = self._client.send_sms_with_options(request, RuntimeOptions())
        except Exception as exc:  # the SDK's own, and whatever a broken answer raises
            raise self._error(exc) from exc
        body = response.body
        code = str(getattr(body, "code", "") or "")
        if code != "OK":
            message = str(getattr(body, "message", "") or "")
            kind, retry_after = classify(code, message, now=self._clock())
            raise ProviderError(
                f"Alibaba Cloud refused the SMS: {code} {message}".strip(),
                code=code or "unknown",
                kind=kind,
                retry_after=retry_after,
            )
        return SendResult(provider=self.name, sid=str(body.biz_id), status=code)

    def settle(
        self,
        *,
        to: str,
        reference: str,
        sent_at: datetime,
        until: datetime | None = None,
        biz_id: str | None = None,
    ) -> Settlement:
        """What became of our text ``reference`` to ``to``, handed over at ``sent_at``.

        ``QuerySendDetails`` lists the number's texts of one day in China (the day of
        ``sent_at``; ``until`` is not needed), by ``BizId`` when we have it;
        ours is the one whose ``OutId`` is ``reference``. ``SendStatus`` 3 is delivered, 2 failed,
        1 still waiting for the carrier's receipt (unknown, as is no record at all).
        """
        page, page_size = 1, 50
        while True:
            request = QuerySendDetailsRequest(
                phone_number=phone_for_aliyun(to),
                send_date=sent_at.astimezone(CHINA_TZ).strftime("%Y%m%d"),
                page_size=page_size,
                current_page=page,
                biz_id=biz_id or None,
            )
            try:
                response = self._client.query_send_details_with_options(request, RuntimeOptions())
            except Exception as exc:
                raise self._error(exc) from exc
            body = response.body
            if str(body.code) != "OK":
                raise ProviderError(
                    f"Alibaba Cloud could not list sent texts: {body.code} {body.message}",
                    code=str(body.code),
                    kind=classify(str(body.code), str(body.message or ""), now=self._clock())[0],
                )
            holder = body.sms_send_detail_dtos
            details = (holder.sms_send_detail_dto if holder is not None else None) or []
            for detail in details:
                if detail.out_id == reference:
                    if detail.send_status == 3:
                        return Settlement.DELIVERED
                    if detail.send_status == 2:
                        return Settlement.FAILED
                    return Settlement.UNKNOWN
            total = int(body.total_count or 0)
            if len(details) < page_size or page * page_size >= total:
                return Settlement.UNKNOWN
            page += 1

    def _error(self, exc: Exception) -> ProviderError:
        if isinstance(exc, ResponseException):
            code = str(getattr(exc, "code", "") or "")
            message = str(getattr(exc, "message", "") or "")
            kind, retry_after = classify(code, message, now=self._clock())
            status = getattr(exc, "status_code", None)
            if code not in ERRORS and isinstance(status, int) and status >= 500:
                kind = FailureKind.UNCERTAIN  # an unknown server error may follow a send
            return ProviderError(
                f"Alibaba Cloud refused the request: {code} (HTTP {status})",
                code=code or str(status),
                kind=kind,
                retry_after=retry_after,
            )
        kind, code = network_failure(exc)
        if kind is FailureKind.RETRY:
            return ProviderError("could not reach Alibaba Cloud SMS", code=code, kind=kind)
        return ProviderError(
            "Alibaba Cloud SMS did not answer; the SMS may or may not have been sent",
            code=code,
            kind=kind,
        )
