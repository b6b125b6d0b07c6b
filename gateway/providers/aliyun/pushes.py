"""Reading what Alibaba Cloud SMS pushes: delivery receipts (SmsReport) and replies (SmsUp).

Both are JSON arrays. Parsing is lenient — unknown fields are ignored (the provider adds fields
over time), documented types are accepted (``sequence_id`` as a number on older pages, a string
on newer ones; ``sign_name`` only on older ones; times as ``2017-09-01 00:00:00`` or
``20170901000000``) — and one bad record is kept aside with its reason while the rest are read,
because answering a failure makes the provider resend the whole batch.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from gateway.providers.base import DeliveryReport, InboundSms, MalformedPush, Parsed, SampleReply
from gateway.providers.china import (
    CHINA_TZ,
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

PROVIDER: Final = "aliyun"

#: The body Alibaba Cloud expects back for every push it should not resend (only ``code`` is read).
PUSH_ANSWER: Final[dict[str, object]] = {"code": 0, "msg": "接收成功"}
#: What the console's URL check (its 测试 button, a GET) expects: ``code`` 0 (document 3041841).
URL_CHECK_ANSWER: Final[dict[str, object]] = {"code": 0, "msg": "成功"}
#: A push we could not read or keep: any other ``code`` makes the provider push it again.
REFUSAL: Final[dict[str, object]] = {"code": 1, "msg": "无法解析"}
#: ``aliyun:`` and the id must fit the 64 characters a stored message's provider id has.
SEQUENCE_MAX: Final = 56


def parse_sms_report(payload: object) -> Parsed[DeliveryReport]:
    """An SmsReport push: ``[{phone_number, send_time, report_time, success, err_code, err_msg,
    sms_size, biz_id, out_id}, …]``."""
    return read_records(_array(payload), _report)


def parse_sms_up(payload: object) -> Parsed[InboundSms]:
    """An SmsUp push: ``[{phone_number, content, send_time, dest_code, sequence_id}, …]``,
    with ``sign_name`` on older documentation pages."""
    return read_records(_array(payload), _reply)


def _array(payload: object) -> list[object]:
    if not isinstance(payload, list):
        raise MalformedPush("Alibaba Cloud pushes a JSON array")
    return payload


def _report(record: dict[str, Any]) -> DeliveryReport:
    success = record.get("success")
    if isinstance(success, str) and success.lower() in ("true", "false"):
        success = success.lower() == "true"
    if not isinstance(success, bool):
        raise ValueError("success is not a boolean")
    biz_id = text_field(record.get("biz_id"), field="biz_id", limit=ID_MAX)
    if biz_id is None:
        raise ValueError("biz_id missing")
    phone = record.get("phone_number")
    at, note = lenient_time("report_time", record.get("report_time"))
    return DeliveryReport(
        provider=PROVIDER,
        sid=biz_id,
        reference=text_field(record.get("out_id"), field="out_id", limit=REFERENCE_MAX),
        delivered=success,
        error_code=text_field(record.get("err_code"), field="err_code", limit=ID_MAX),
        phone=phone_from_push(phone) if phone not in (None, "") else None,
        at=at,
        note=note,
    )


def _reply(record: dict[str, Any]) -> InboundSms:
    sequence_id = text_field(record.get("sequence_id"), field="sequence_id", limit=SEQUENCE_MAX)
    if sequence_id is None:
        raise ValueError("sequence_id missing")
    content = message_text(record.get("content"), field="content")
    received_at, note = lenient_time("send_time", record.get("send_time"))
    return InboundSms(
        provider=PROVIDER,
        dedupe_id=f"{PROVIDER}:{sequence_id}",
        phone=phone_from_push(record.get("phone_number")),
        text=content,
        received_at=received_at,
        sign_name=text_field(record.get("sign_name"), field="sign_name", limit=SIGN_MAX),
        extend_code=text_field(record.get("dest_code"), field="dest_code", limit=CODE_MAX),
        note=note,
    )


def sample_reply(
    national: str, text: str, sign_name: str, extend_code: str, now: datetime
) -> SampleReply:
    """One SmsUp record, as the documents' example shows it."""
    record = {
        "phone_number": national,
        "content": text,
        "send_time": now.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"),
        "dest_code": extend_code,
        "sequence_id": str(uuid.uuid4().int % 10**12),
        "sign_name": sign_name,
    }
    return SampleReply(url="up", payload=[record])
