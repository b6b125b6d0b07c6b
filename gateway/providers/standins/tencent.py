"""A local stand-in for Tencent Cloud SMS (API 2021-01-11), for driving the real SDK.

It checks what the provider checks — the TC3-HMAC-SHA256 signature (recomputed with the
SecretKey, following the provider's documented algorithm), the SmsSdkAppId, the sign name, the
TemplateId, ``TemplateParamSet`` holding exactly the template's variable count within 12
characters (a personal account), E.164 numbers — and answers ``SendSms``,
``PullSmsSendStatus`` and ``PullSmsSendStatusByPhoneNumber`` as the provider documents. A test
can make the next answer any error code, inside ``SendStatusSet`` (per number, HTTP 200) or as
``Response.Error``::

    with TencentStub(templates={"1234567": 2}, sign_names={"丽丽美发"}) as stub:
        stub.fail_next("LimitExceeded.PhoneNumberThirtySecondLimit")
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gateway.providers.standins.server import AnswerPlan, Received, StubServer

_AUTH = re.compile(
    r"TC3-HMAC-SHA256 Credential=(?P<id>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})/sms/tc3_request, "
    r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})"
)
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_LINK = re.compile(r"https?://|www\.", re.I)


@dataclass
class SentText:
    phone: str
    template_id: str
    params: list[str]
    session_context: str
    serial_no: str
    sent_at: datetime
    #: None until the carrier's receipt comes in; then SUCCESS or FAIL.
    report_status: str | None = None
    pulled: bool = False


class TencentStub(StubServer):
    def __init__(
        self,
        *,
        templates: Mapping[str, int],
        sign_names: Container[str],
        secret_id: str = "AKID-stub",
        secret_key: str = "stub-key",
        app_id: str = "1400000001",
        value_limit: int | None = 12,
        now: datetime = datetime(2024, 5, 1, 2, 0, tzinfo=UTC),
    ) -> None:
        super().__init__()
        self.templates = templates
        self.sign_names = sign_names
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.app_id = app_id
        self.value_limit = value_limit
        #: The provider's time for texts sent now, set by the test.
        self.now = now
        #: Receipts echo SessionContext only once Tencent's support has enabled it.
        self.echo_session_context = True
        #: Number queries also list texts the carrier has not reported on (no ReportStatus).
        self.list_pending_receipts = False
        self.sent: list[SentText] = []
        self._sent_lock = threading.Lock()

    def fail_next(self, code: str, message: str = "", *, per_number: bool = True) -> None:
        self.plan(AnswerPlan(code=code, message=message or code, per_number=per_number))

    def mark(self, session_context: str, *, delivered: bool) -> None:
        """The carrier's receipt for our text ``session_context`` has come in."""
        for text in self.sent:
            if text.session_context == session_context:
                text.report_status = "SUCCESS" if delivered else "FAIL"

    # -- the provider's side
    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes, plan: AnswerPlan
    ) -> tuple[int, str, bytes]:
        lower = {k.lower(): v for k, v in headers.items()}
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
        self.record(Received(method, path, headers, body, params))
        request_id = f"stub-{len(self.received):08d}"
        problem = self._signature_problem(method, path, lower, body)
        if problem is None and lower.get("x-tc-version") != "2021-01-11":
            problem = "InvalidParameterValue"
        if problem is None and plan.code is not None and not plan.per_number:
            problem = plan.code
        if problem is not None:
            error = {"Code": problem, "Message": plan.message or problem}
            return _answer({"Error": error, "RequestId": request_id})
        action = lower.get("x-tc-action")
        if action == "SendSms":
            return _answer({**self._send_sms(params, plan), "RequestId": request_id})
        if action == "PullSmsSendStatus":
            return _answer({**self._pull(params), "RequestId": request_id})
        if action == "PullSmsSendStatusByPhoneNumber":
            return _answer({**self._pull_by_number(params), "RequestId": request_id})
        error = {"Code": "InvalidAction", "Message": f"{action} not found"}
        return _answer({"Error": error, "RequestId": request_id})

    def _signature_problem(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> str | None:
        match = _AUTH.fullmatch(headers.get("authorization", ""))
        timestamp = headers.get("x-tc-timestamp", "")
        if match is None or not timestamp.isdigit() or "x-tc-action" not in headers:
            return "AuthFailure.SignatureFailure"
        if match["id"] != self.secret_id:
            return "AuthFailure.SecretIdNotFound"
        day = datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d")
        if match["date"] != day:
            return "AuthFailure.SignatureFailure"
        signed = match["signed"].split(";")
        canonical = "\n".join(
            [
                method,
                path.split("?")[0] or "/",
                "",
                "".join(f"{name}:{headers.get(name, '')}\n" for name in signed),
                ";".join(signed),
                hashlib.sha256(body).hexdigest(),
            ]
        )
        to_sign = "\n".join(
            [
                "TC3-HMAC-SHA256",
                timestamp,
                f"{day}/sms/tc3_request",
                hashlib.sha256(canonical.encode()).hexdigest(),
            ]
        )
        key = ("TC3" + self.secret_key).encode()
        for part in (day, "sms", "tc3_request"):
            key = hmac.new(key, part.encode(), "sha256").digest()
        expected = hmac.new(key, to_sign.encode(), "sha256").hexdigest()
        if not hmac.compare_digest(expected, match["signature"]):
            return "AuthFailure.SignatureFailure"
        return None

    def _send_sms(self, params: dict[str, Any], plan: AnswerPlan) -> dict[str, Any]:
        if params.get("SmsSdkAppId") != self.app_id:
            return _error("UnauthorizedOperation.SmsSdkAppIdVerifyFail")
        mainland = any(str(p).startswith("+86") for p in params.get("PhoneNumberSet") or [])
        # SignName: required for mainland numbers, left empty for international ones.
        if mainland and params.get("SignName") not in self.sign_names:
            return _error("FailedOperation.SignatureIncorrectOrUnapproved")
        count = self.templates.get(str(params.get("TemplateId")))
        if count is None:
            return _error("FailedOperation.TemplateIncorrectOrUnapproved")
        values = params.get("TemplateParamSet") or []
        if len(values) != count or not all(isinstance(v, str) for v in values):
            return _error("FailedOperation.TemplateParamSetNotMatchApprovedTemplate")
        if self.value_limit is not None and any(len(v) > self.value_limit for v in values):
            return _error("InvalidParameterValue.TemplateParameterLengthLimit")
        if any(_LINK.search(v) for v in values):
            return _error("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter")
        statuses = []
        for phone in params.get("PhoneNumberSet") or []:
            status: dict[str, Any] = {
                "PhoneNumber": phone,
                "SessionContext": params.get("SessionContext", ""),
                "IsoCode": "CN" if str(phone).startswith("+86") else "DEF",
                "Fee": 0,
                "SerialNo": "",
            }
            if plan.code is not None:
                status.update(Code=plan.code, Message=plan.message)
            elif not _E164.fullmatch(str(phone)):
                status.update(
                    Code="InvalidParameterValue.IncorrectPhoneNumber", Message="手机号格式错误"
                )
            else:
                with self._sent_lock:
                    serial = f"2433:{len(self.sent) + 1:020d}"
                    self.sent.append(
                        SentText(
                            phone=phone,
                            template_id=str(params["TemplateId"]),
                            params=list(values),
                            session_context=params.get("SessionContext", ""),
                            serial_no=serial,
                            sent_at=self.now,
                        )
                    )
                status.update(Code="Ok", Message="send success", SerialNo=serial, Fee=1)
            statuses.append(status)
        return {"SendStatusSet": statuses}

    def _receipt(self, text: SentText) -> dict[str, Any]:
        return {
            "UserReceiveTime": int(text.sent_at.timestamp()) + 5,
            "CountryCode": "86",
            "SubscriberNumber": text.phone.removeprefix("+86"),
            "PhoneNumber": text.phone,
            "SerialNo": text.serial_no,
            **({"ReportStatus": text.report_status} if text.report_status else {}),
            "Description": "用户短信送达成功" if text.report_status == "SUCCESS" else "MK:0001",
            "SessionContext": text.session_context if self.echo_session_context else "",
        }

    def _pull(self, params: dict[str, Any]) -> dict[str, Any]:
        """The application's receipt queue: each receipt is handed out once."""
        limit = int(params.get("Limit") or 0)
        if not 1 <= limit <= 100:
            return _error("InvalidParameterValue.LimitVerifyFail")
        with self._sent_lock:
            ready = [t for t in self.sent if t.report_status and not t.pulled][:limit]
            for text in ready:
                text.pulled = True
        return {"PullSmsSendStatusSet": [self._receipt(t) for t in ready]}

    def _pull_by_number(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            begin, end = int(params["BeginTime"]), int(params["EndTime"])
            offset, limit = int(params["Offset"]), int(params["Limit"])
        except (KeyError, TypeError, ValueError):
            return _error("MissingParameter")
        if not 1 <= limit <= 100:
            return _error("InvalidParameterValue.LimitVerifyFail")
        matches = [
            t
            for t in self.sent
            if t.phone == params.get("PhoneNumber")
            and (t.report_status or self.list_pending_receipts)
            and begin <= t.sent_at.timestamp() <= end
        ]
        # Offset is documented as "fixed at 0 for now": any other value is read as 0.
        del offset
        return {"PullSmsSendStatusSet": [self._receipt(t) for t in matches[:limit]]}


def _error(code: str) -> dict[str, Any]:
    return {"Error": {"Code": code, "Message": code}}


def _answer(response: dict[str, Any]) -> tuple[int, str, bytes]:
    # The SDK reads errors only when the Content-Type is exactly application/json.
    body = json.dumps({"Response": response}, ensure_ascii=False).encode()
    return 200, "application/json", body
