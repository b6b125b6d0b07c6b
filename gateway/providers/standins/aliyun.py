"""A local stand-in for Alibaba Cloud SMS (dysmsapi 2017-05-25), for driving the real SDK.

It checks what the provider checks — the ACS3-HMAC-SHA256 signature (recomputed with the
AccessKey secret, as the provider documents the algorithm), the sign name, the template code,
``TemplateParam`` holding exactly the template's variables within 35 characters and without
links, the phone number's spelling — and answers ``SendSms`` and ``QuerySendDetails`` as the
provider documents, including any error code a test asks for::

    with AliyunStub(templates={"SMS_1": ("when", "ref")}, sign_names={"丽丽美发"}) as stub:
        stub.fail_next("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10")
        sms = AliyunSms(access_key_id=stub.access_key_id, ..., endpoint=stub.endpoint)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from gateway.providers.standins.server import AnswerPlan, Received, StubServer

_AUTH = re.compile(
    r"ACS3-HMAC-SHA256 Credential=(?P<key>[^,]+),SignedHeaders=(?P<signed>[a-z0-9;.-]+),"
    r"Signature=(?P<signature>[0-9a-f]{64})"
)
_MAINLAND = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})")
_INTERNATIONAL = re.compile(r"(?:\+|00)?([1-9][0-9]{6,14})")
_LINK = re.compile(r"https?://|www\.", re.I)
_REQUIRED_HEADERS = ("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce")


@dataclass
class SentText:
    phone: str
    template_code: str
    params: dict[str, str]
    out_id: str | None
    biz_id: str
    send_date: date
    #: QuerySendDetails' SendStatus: 1 waiting for the receipt, 2 failed, 3 delivered.
    send_status: int = 1


class AliyunStub(StubServer):
    def __init__(
        self,
        *,
        templates: Mapping[str, tuple[str, ...]],
        sign_names: Container[str],
        access_key_id: str = "LTAI-stub-key",
        access_key_secret: str = "stub-secret",
        send_date: date = date(2024, 5, 1),
    ) -> None:
        super().__init__()
        self.templates = templates
        self.sign_names = sign_names
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        #: The provider's date for texts sent now (China's date), set by the test.
        self.send_date = send_date
        self.sent: list[SentText] = []
        self._count = 0
        self._sent_lock = threading.Lock()

    def fail_next(self, code: str, message: str = "", *, status: int = 200) -> None:
        """Answer the next request with ``code`` (HTTP 200 as SendSms does for isv./isp. codes;
        pass ``status`` for the gateway's own errors such as 400 SignatureDoesNotMatch)."""
        self.plan(AnswerPlan(code=code, message=message or code, status=status))

    def mark(self, out_id: str, *, delivered: bool) -> None:
        """The carrier's receipt for our text ``out_id`` has come in."""
        for text in self.sent:
            if text.out_id == out_id:
                text.send_status = 3 if delivered else 2

    # -- the provider's side
    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes, plan: AnswerPlan
    ) -> tuple[int, str, bytes]:
        lower = {k.lower(): v for k, v in headers.items()}
        query = dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))
        self.record(Received(method, path, headers, body, query))
        request_id = f"STUB-{len(self.received):08d}"
        problem = self._signature_problem(method, path, lower, query, body)
        if problem is not None:
            return _answer(400, {"Code": problem, "Message": problem, "RequestId": request_id})
        if plan.code is not None:
            status = plan.status
            return _answer(
                status, {"Code": plan.code, "Message": plan.message, "RequestId": request_id}
            )
        action = lower.get("x-acs-action")
        if action == "SendSms":
            return _answer(200, {"RequestId": request_id, **self._send_sms(query)})
        if action == "QuerySendDetails":
            return _answer(200, {"RequestId": request_id, **self._query(query)})
        return _answer(404, {"Code": "InvalidAction.NotFound", "RequestId": request_id})

    def _signature_problem(
        self, method: str, path: str, headers: dict[str, str], query: dict[str, str], body: bytes
    ) -> str | None:
        match = _AUTH.fullmatch(headers.get("authorization", ""))
        if match is None or any(name not in headers for name in _REQUIRED_HEADERS):
            return "IncompleteSignature"
        if headers.get("x-acs-version") != "2017-05-25":
            return "InvalidVersion"
        if match["key"] != self.access_key_id:
            return "InvalidAccessKeyId.NotFound"
        payload_hash = hashlib.sha256(body).hexdigest()
        if headers.get("x-acs-content-sha256") != payload_hash:
            return "SignatureDoesNotMatch"
        signed = match["signed"].split(";")
        if "host" not in signed or "x-acs-date" not in signed or signed != sorted(signed):
            return "IncompleteSignature"
        canonical_query = "&".join(f"{key}={quote(query[key], safe='~')}" for key in sorted(query))
        canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed)
        canonical = "\n".join(
            [
                method,
                urlsplit(path).path or "/",
                canonical_query,
                canonical_headers,
                ";".join(signed),
                payload_hash,
            ]
        )
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        expected = hmac.new(self.access_key_secret.encode(), to_sign.encode(), "sha256")
        if not hmac.compare_digest(expected.hexdigest(), match["signature"]):
            return "SignatureDoesNotMatch"
        return None

    def _send_sms(self, query: dict[str, str]) -> dict[str, Any]:
        phone = query.get("PhoneNumbers", "")
        if query.get("SignName") not in self.sign_names:
            return _error("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名")
        variables = self.templates.get(query.get("TemplateCode", ""))
        if variables is None:
            return _error("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        try:
            params = json.loads(query.get("TemplateParam") or "{}")
        except ValueError:
            return _error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
            return _error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        if set(params) != set(variables):
            return _error("isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值")
        if any(not 1 <= len(value) <= 35 for value in params.values()):
            return _error("isv.PARAM_LENGTH_LIMIT", "参数超出长度限制")
        if any(_LINK.search(value) for value in params.values()):
            return _error("isv.PARAM_NOT_SUPPORT_URL", "不支持URL")
        if "," in phone or not (_MAINLAND.fullmatch(phone) or _INTERNATIONAL.fullmatch(phone)):
            return _error("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        with self._sent_lock:
            self._count += 1
            biz_id = f"{900000000000000000 + self._count}^0"
            mainland = _MAINLAND.fullmatch(phone)
            self.sent.append(
                SentText(
                    phone=mainland.group(1) if mainland else phone.lstrip("+0"),
                    template_code=query["TemplateCode"],
                    params=params,
                    out_id=query.get("OutId"),
                    biz_id=biz_id,
                    send_date=self.send_date,
                )
            )
        return {"Code": "OK", "Message": "OK", "BizId": biz_id}

    def _query(self, query: dict[str, str]) -> dict[str, Any]:
        try:
            page, size = int(query["CurrentPage"]), int(query["PageSize"])
            day = date(
                int(query["SendDate"][:4]), int(query["SendDate"][4:6]), int(query["SendDate"][6:])
            )
        except (KeyError, ValueError):
            return _error("isv.INVALID_PARAMETERS", "参数异常")
        if not 1 <= size <= 50:
            return _error("isv.INVALID_PARAMETERS", "参数异常")
        matches = [
            text
            for text in self.sent
            if text.phone == query.get("PhoneNumber")
            and text.send_date == day
            and query.get("BizId") in (None, "", text.biz_id)
        ]
        shown = matches[(page - 1) * size : page * size]
        return {
            "Code": "OK",
            "Message": "OK",
            "TotalCount": len(matches),
            "SmsSendDetailDTOs": {
                "SmsSendDetailDTO": [
                    {
                        "PhoneNum": text.phone,
                        "SendStatus": text.send_status,
                        "ErrCode": "DELIVERED" if text.send_status == 3 else "",
                        "TemplateCode": text.template_code,
                        "Content": "",
                        "SendDate": f"{text.send_date:%Y-%m-%d} 10:00:00",
                        "ReceiveDate": "",
                        "OutId": text.out_id,
                    }
                    for text in shown
                ]
            },
        }


def _error(code: str, message: str) -> dict[str, Any]:
    return {"Code": code, "Message": message}


def _answer(status: int, body: dict[str, Any]) -> tuple[int, str, bytes]:
    return status, "application/json;charset=utf-8", json.dumps(body, ensure_ascii=False).encode()
