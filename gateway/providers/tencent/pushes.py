"""Reading what Tencent Cloud SMS pushes: delivery receipts and replies.

Receipts come as a JSON array of up to 100 records; a reply comes as a single JSON object (an
array of them is read too). Tencent's replies carry no id, so the id that stores one reply once
is derived from what it says: sha256 over (number, time, text, sign, extend). Parsing is lenient
in the same way as Alibaba Cloud's (see ``providers.aliyun.pushes``); a number without its
nationcode is read as mainland only when it looks like a mainland mobile.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Final

from gateway.providers.base import DeliveryReport, InboundSms, MalformedPush, Parsed, SampleReply
from gateway.providers.china import (
    CODE_MAX,
    ID_MAX,
    REFERENCE_MAX,
    SIGN_MAX,
    lenient_time,
    message_text,
    phone_from_push,
    read_records,
    text_field,
)

PROVIDER: Final = "tencent"

#: The body Tencent Cloud expects back for every push it should not resend.
PUSH_ANSWER: Final[dict[str, object]] = {"result": 0, "errmsg": "OK"}
#: A push we could not read or keep: any other ``result`` makes the provider push it again.
REFUSAL: Final[dict[str, object]] = {"result": 1, "errmsg": "unreadable"}


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


def reply_id(phone: str, time: int | str, text: str, sign: str | None, extend: str | None) -> str:
    """The same reply pushed twice gets the same id; any difference in what it says, another.
    ``time`` is Unix seconds, or the pushed value as written when it is no time we can read."""
    canonical = json.dumps([phone, time, text, sign or "", extend or ""], ensure_ascii=False)
    # 192 bits of the hash: ample against collisions, and the id fits the 64 characters a
    # stored message's provider_sid has.
    return f"{PROVIDER}:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:48]


def _phone(record: dict[str, Any]) -> str:
    nationcode = record.get("nationcode")
    return phone_from_push(
        record.get("mobile"),
        nationcode=nationcode,
        bare_is_mainland=nationcode in (None, ""),
    )


def _receipt(record: dict[str, Any]) -> DeliveryReport:
    status = record.get("report_status")
    if status not in ("SUCCESS", "FAIL"):
        raise ValueError("report_status is neither SUCCESS nor FAIL")
    sid = text_field(record.get("sid"), field="sid", limit=ID_MAX)
    if sid is None:
        raise ValueError("sid missing")
    at, note = lenient_time("user_receive_time", record.get("user_receive_time"))
    ext = record.get("ext")
    return DeliveryReport(
        provider=PROVIDER,
        sid=sid,
        # ``ext`` is the SessionContext echoed, once support enables it; only a string is ours
        reference=text_field(ext, field="ext", limit=REFERENCE_MAX)
        if isinstance(ext, str)
        else None,
        delivered=status == "SUCCESS",
        error_code=text_field(record.get("errmsg"), field="errmsg", limit=ID_MAX),
        phone=_phone(record) if record.get("mobile") not in (None, "") else None,
        at=at,
        note=note,
    )


def _reply(record: dict[str, Any]) -> InboundSms:
    text = message_text(record.get("text"), field="text")
    phone = _phone(record)
    raw_time = record.get("time")
    if raw_time in (None, ""):
        raise ValueError("time missing: without it a retried push could not be told apart")
    received_at, note = lenient_time("time", raw_time)
    time_key: int | str = int(received_at.timestamp()) if received_at else repr(raw_time)
    sign = text_field(record.get("sign"), field="sign", limit=SIGN_MAX)
    extend = text_field(record.get("extend"), field="extend", limit=CODE_MAX)
    return InboundSms(
        provider=PROVIDER,
        dedupe_id=reply_id(phone, time_key, text, sign, extend),
        phone=phone,
        text=text,
        received_at=received_at,
        sign_name=sign,
        extend_code=extend,
        note=note,
    )


def sample_reply(
    national: str, text: str, sign_name: str, extend_code: str, now: datetime
) -> SampleReply:
    """One reply push, as the documents' example shows it."""
    record = {
        "extend": extend_code,
        "mobile": national,
        "nationcode": "86",
        "sign": sign_name,
        "text": text,
        "time": int(now.timestamp()),
    }
    return SampleReply(url="reply", payload=record)
