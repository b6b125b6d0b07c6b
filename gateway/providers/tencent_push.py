"""Reading what Tencent Cloud SMS pushes: delivery receipts and replies.

Receipts come as a JSON array of up to 100 records; a reply comes as a single JSON object (an
array of them is read too). Tencent's replies carry no id, so the id that stores one reply once
is derived from what it says: sha256 over (number, time, text, sign, extend). Parsing is lenient
in the same way as Alibaba Cloud's (see ``aliyun_push``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, Final

from gateway.providers.base import DeliveryReport, InboundSms, MalformedPush, Parsed
from gateway.providers.china import china_time, phone_from_push, read_records, text_field

PROVIDER: Final = "tencent"

#: The body Tencent Cloud expects back for every push it should not resend.
PUSH_ANSWER: Final[dict[str, object]] = {"result": 0, "errmsg": "OK"}


def parse_receipts(payload: object) -> Parsed[DeliveryReport]:
    """``[{user_receive_time, nationcode, mobile, report_status, errmsg, description, sid}]``,
    with ``ext`` (our SessionContext) once Tencent's support enables it."""
    if not isinstance(payload, list):
        raise MalformedPush("Tencent Cloud pushes receipts as a JSON array")
    return read_records(payload, _receipt)


def parse_reply(payload: object) -> Parsed[InboundSms]:
    """``{extend, mobile, nationcode, sign, text, time}`` (time in Unix seconds)."""
    if isinstance(payload, dict):
        return read_records([payload], _reply)
    if isinstance(payload, list):
        return read_records(payload, _reply)
    raise MalformedPush("Tencent Cloud pushes a reply as a JSON object")


def reply_id(phone: str, time: int, text: str, sign: str | None, extend: str | None) -> str:
    """The same reply pushed twice gets the same id; any difference in what it says, another."""
    canonical = json.dumps([phone, time, text, sign or "", extend or ""], ensure_ascii=False)
    # 192 bits of the hash: ample against collisions, and the id fits the 64 characters a
    # stored message's provider_sid has.
    return f"{PROVIDER}:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:48]


def _receipt(record: dict[str, Any]) -> DeliveryReport:
    status = record.get("report_status")
    if status not in ("SUCCESS", "FAIL"):
        raise ValueError("report_status is neither SUCCESS nor FAIL")
    sid = text_field(record.get("sid"))
    if sid is None:
        raise ValueError("sid missing")
    mobile = record.get("mobile")
    received = record.get("user_receive_time")
    ext = record.get("ext")
    return DeliveryReport(
        provider=PROVIDER,
        sid=sid,
        # ``ext`` is the SessionContext echoed, once support enables it; only a string is ours
        reference=ext.strip() or None if isinstance(ext, str) else None,
        delivered=status == "SUCCESS",
        error_code=text_field(record.get("errmsg")),
        phone=phone_from_push(mobile, nationcode=record.get("nationcode"))
        if mobile not in (None, "")
        else None,
        at=china_time(received) if received not in (None, "") else None,
    )


def _reply(record: dict[str, Any]) -> InboundSms:
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("text missing")
    phone = phone_from_push(record.get("mobile"), nationcode=record.get("nationcode"))
    time = record.get("time")
    if isinstance(time, str) and time.strip().isdigit():
        time = int(time)
    if not isinstance(time, int) or isinstance(time, bool) or time <= 0:
        raise ValueError("time is not Unix seconds")
    sign = text_field(record.get("sign"))
    extend = text_field(record.get("extend"))
    return InboundSms(
        provider=PROVIDER,
        dedupe_id=reply_id(phone, time, text, sign, extend),
        phone=phone,
        text=text,
        received_at=datetime.fromtimestamp(time, UTC),
        sign_name=sign,
        extend_code=extend,
    )
