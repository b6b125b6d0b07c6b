"""Reading Alibaba Cloud's and Tencent Cloud's pushes: both documented Aliyun shapes, Tencent's
single-object reply, duplicates, and a bad record in a batch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.providers.aliyun import pushes as aliyun_push
from gateway.providers.base import DeliveryReport, InboundSms, MalformedPush
from gateway.providers.tencent import pushes as tencent_push


def test_aliyun_report_is_read_with_its_times_in_china_time() -> None:
    parsed = aliyun_push.parse_sms_report(
        [
            {
                "phone_number": "13800138000",
                "send_time": "2024-05-01 09:30:00",
                "report_time": "2024-05-01 09:30:05",
                "success": True,
                "err_code": "DELIVERED",
                "err_msg": "用户接收成功",
                "sms_size": "1",
                "biz_id": "932702304080415357^0",
                "out_id": "msg-42",
                "a_field_added_later": {"x": 1},
            }
        ]
    )
    assert parsed.skipped == 0
    assert parsed.items == (
        DeliveryReport(
            provider="aliyun",
            sid="932702304080415357^0",
            reference="msg-42",
            delivered=True,
            error_code="DELIVERED",
            phone="+8613800138000",
            at=datetime(2024, 5, 1, 1, 30, 5, tzinfo=UTC),
        ),
    )


def test_aliyun_failed_report_without_out_id() -> None:
    parsed = aliyun_push.parse_sms_report(
        [{"phone_number": "13800138000", "success": False, "err_code": "MK:0001", "biz_id": "9^0"}]
    )
    (report,) = parsed.items
    assert (report.delivered, report.error_code, report.reference, report.at) == (
        False,
        "MK:0001",
        None,
        None,
    )


OLD_SHAPE = {
    "phone_number": "13800138000",
    "send_time": "2024-05-01 10:00:00",
    "content": "确认",
    "sign_name": "丽丽美发",
    "dest_code": "1234",
    "sequence_id": 1234567890,
}
NEW_SHAPE = {
    "phone_number": "13800138000",
    "send_time": "2024-05-01 10:00:00",
    "content": "确认",
    "dest_code": "1234",
    "sequence_id": "1234567890",
}


@pytest.mark.parametrize("record", [OLD_SHAPE, NEW_SHAPE], ids=["number-id+sign", "string-id"])
def test_aliyun_reply_in_either_documented_shape(record: dict[str, object]) -> None:
    (reply,) = aliyun_push.parse_sms_up([record]).items
    assert reply.dedupe_id == "aliyun:1234567890"
    assert (reply.phone, reply.text, reply.extend_code) == ("+8613800138000", "确认", "1234")
    assert reply.received_at == datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    assert reply.sign_name == ("丽丽美发" if "sign_name" in record else None)


def test_aliyun_duplicate_replies_share_their_id() -> None:
    parsed = aliyun_push.parse_sms_up([OLD_SHAPE, NEW_SHAPE])
    assert len({reply.dedupe_id for reply in parsed.items}) == 1


@pytest.mark.parametrize(
    "bad",
    [
        "not an object",
        {**NEW_SHAPE, "sequence_id": None},
        {**NEW_SHAPE, "sequence_id": True},
        {**NEW_SHAPE, "content": None},
        {**NEW_SHAPE, "phone_number": "1381111****"},
        {**NEW_SHAPE, "content": "确\x00认"},
        {**NEW_SHAPE, "sign_name": "丽" * 41},
        {**NEW_SHAPE, "sequence_id": "9" * 200},
        {**NEW_SHAPE, "dest_code": "01\r\nINFO forged line"},
    ],
)
def test_aliyun_bad_reply_is_skipped_and_the_rest_read(bad: object) -> None:
    other = {**NEW_SHAPE, "sequence_id": "2", "phone_number": "+85291234567"}
    parsed = aliyun_push.parse_sms_up([NEW_SHAPE, bad, other])
    assert parsed.skipped == 1
    assert [r.phone for r in parsed.items] == ["+8613800138000", "+85291234567"]


def test_aliyun_bad_report_is_skipped_and_the_rest_read() -> None:
    good = {"biz_id": "1^0", "success": True, "phone_number": "8613800138000"}
    parsed = aliyun_push.parse_sms_report([good, {"biz_id": "2^0", "success": "maybe"}, good])
    assert (len(parsed.items), parsed.skipped) == (2, 1)
    assert parsed.items[0].phone == "+8613800138000"


@pytest.mark.parametrize("payload", [{"phone_number": "13800138000"}, "[]", None])
def test_aliyun_push_that_is_not_an_array_is_malformed(payload: object) -> None:
    with pytest.raises(MalformedPush):
        aliyun_push.parse_sms_up(payload)


def test_tencent_receipts_array() -> None:
    parsed = tencent_push.parse_receipts(
        [
            {
                "user_receive_time": "2024-05-01 09:30:05",
                "nationcode": "86",
                "mobile": "13800138000",
                "report_status": "SUCCESS",
                "errmsg": "DELIVRD",
                "description": "用户短信送达成功",
                "sid": "2019:538884*****",
                "ext": "msg-42",
            },
            {
                "user_receive_time": "2024-05-01 09:31:00",
                "nationcode": "852",
                "mobile": "91234567",
                "report_status": "FAIL",
                "errmsg": "MK:0005",
                "sid": "2019:538885*****",
            },
        ]
    )
    assert parsed.skipped == 0
    first, second = parsed.items
    assert (first.sid, first.reference, first.delivered, first.phone) == (
        "2019:538884*****",
        "msg-42",
        True,
        "+8613800138000",
    )
    assert first.at == datetime(2024, 5, 1, 1, 30, 5, tzinfo=UTC)
    assert (second.delivered, second.error_code, second.reference, second.phone) == (
        False,
        "MK:0005",
        None,
        "+85291234567",
    )


def test_tencent_bad_receipt_is_skipped() -> None:
    good = {"report_status": "SUCCESS", "sid": "s1", "mobile": "13800138000", "nationcode": "86"}
    parsed = tencent_push.parse_receipts([good, {"report_status": "MAYBE", "sid": "s2"}, 7])
    assert (len(parsed.items), parsed.skipped) == (1, 2)


REPLY = {
    "extend": "01",
    "mobile": "13800138000",
    "nationcode": "86",
    "sign": "丽丽美发",
    "text": "确认",
    "time": 1714528800,
}


def test_tencent_reply_is_a_single_object() -> None:
    parsed = tencent_push.parse_reply(REPLY)
    assert parsed.skipped == 0
    (reply,) = parsed.items
    assert reply == InboundSms(
        provider="tencent",
        dedupe_id=reply.dedupe_id,
        phone="+8613800138000",
        text="确认",
        received_at=datetime(2024, 5, 1, 2, 0, tzinfo=UTC),
        sign_name="丽丽美发",
        extend_code="01",
    )
    assert reply.dedupe_id.startswith("tencent:") and len(reply.dedupe_id) == 8 + 48 <= 64


def test_tencent_reply_pushed_twice_has_one_id_and_another_reply_another() -> None:
    again = tencent_push.parse_reply(dict(REPLY)).items[0].dedupe_id
    first = tencent_push.parse_reply(REPLY).items[0].dedupe_id
    assert again == first
    for change in ({"text": "取消"}, {"time": 1714528801}, {"extend": ""}, {"sign": "别家"}):
        assert tencent_push.parse_reply({**REPLY, **change}).items[0].dedupe_id != first
    # the same number spelt with its country code is the same customer
    assert (
        tencent_push.parse_reply({**REPLY, "mobile": "+8613800138000"}).items[0].dedupe_id == first
    )


@pytest.mark.parametrize(
    "bad",
    [
        {**REPLY, "time": None},
        {**REPLY, "text": None},
        {**REPLY, "mobile": ""},
        {},
        {**REPLY, "nationcode": "", "mobile": "91234567"},
        {**REPLY, "text": "\ud800"},
    ],
)
def test_tencent_bad_reply_is_skipped(bad: dict[str, object]) -> None:
    assert tencent_push.parse_reply(bad).skipped == 1
    assert tencent_push.parse_reply([bad, REPLY]).skipped == 1


def test_tencent_reply_without_optional_fields() -> None:
    (reply,) = tencent_push.parse_reply(
        {"mobile": "13800138000", "text": "1", "time": "1714528800"}
    ).items
    assert (reply.phone, reply.sign_name, reply.extend_code) == ("+8613800138000", None, None)


def test_success_answers_are_the_providers_own() -> None:
    assert aliyun_push.PUSH_ANSWER == {"code": 0, "msg": "接收成功"}
    assert tencent_push.PUSH_ANSWER == {"result": 0, "errmsg": "OK"}


# help.aliyun.com SmsUp (older page, 请求样例): "send_time" : "20170901000000"; the newer pages:
# "2017-09-01 00:00:00"; Tencent Cloud's reply push: "time": 1457336869 (Unix seconds).
@pytest.mark.parametrize(
    "written",
    [
        "2024-05-01 10:00:00",
        "20240501100000",
        1714528800,
        "1714528800",
        1714528800.0,
        "1714528800.25",
    ],
)
def test_every_documented_time_form_is_read(written: object) -> None:
    (reply,) = aliyun_push.parse_sms_up([{**NEW_SHAPE, "send_time": written}]).items
    assert reply.received_at is not None
    assert reply.received_at.replace(microsecond=0) == datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    assert reply.note is None


@pytest.mark.parametrize("odd", ["yesterday", "2024/05/01", -5, True, {"t": 1}, "99999999999999"])
def test_a_time_in_no_documented_form_keeps_the_record_with_a_note(odd: object) -> None:
    (reply,) = aliyun_push.parse_sms_up([{**NEW_SHAPE, "send_time": odd}]).items
    assert reply.received_at is None
    assert reply.note is not None and "send_time" in reply.note
    (tencent,) = tencent_push.parse_reply({**REPLY, "time": odd}).items
    assert (tencent.received_at, tencent.text) == (None, "确认")


def test_a_bad_record_is_kept_with_its_reason_and_place() -> None:
    parsed = aliyun_push.parse_sms_up([NEW_SHAPE, {**NEW_SHAPE, "content": "确\x00认"}])
    (problem,) = parsed.problems
    assert (problem.position, problem.reason) == (1, "content holds a NUL character")
    assert "\x00" not in problem.record and "\\u0000" in problem.record


@pytest.mark.parametrize(
    ("mobile", "expected"),
    [("13800138000", "+8613800138000"), ("8613800138000", "+8613800138000"),
     ("+85291234567", "+85291234567")],
)  # fmt: skip
def test_a_tencent_reply_without_nationcode_is_mainland_only_when_it_looks_so(
    mobile: str, expected: str
) -> None:
    record = {key: value for key, value in REPLY.items() if key != "nationcode"}
    (reply,) = tencent_push.parse_reply({**record, "mobile": mobile}).items
    assert reply.phone == expected
