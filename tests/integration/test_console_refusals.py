"""A refused console form is explained in the staff member's language, while the API keeps its
English sentence and stable code for the CRM: the refusals a receptionist meets most (a time in
the past, a wrong phone number, an appointment already cancelled or done, an offer that cannot
go, a customer who opted out, a reply treated twice, a colleague's email already used)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Appointment, Customer, InboxItem
from tests.integration.test_console import make_staff, post, sign_in
from tests.support import SalonHandle, book, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

BOOKING = {
    "phone": "138 0013 8000",
    "name": "王女士",
    "service": "烫发",
    "stylist": "Mia",
    "day": "2026-12-07",
    "time": "15:00",
    "duration_minutes": "60",
}


class _Flashes(HTMLParser):
    """The words of the page's flash messages (``<p class="flash error">``), as a person reads
    them: entities decoded, no markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._depth:
            self._depth += 1
        elif tag == "p" and "flash" in classes and "error" in classes:
            self._depth = 1
            self.shown.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.shown[-1] += data


def refusals_shown(client: FlaskClient, answer: Any) -> list[str]:
    """The refusals flashed on the page staff read next: a refused form's own page, which
    keeps it as typed (422), or the page the console sent them back to."""
    if answer.status_code == 422:
        page = answer.get_data(as_text=True)
    else:
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
        page = client.get(answer.location).get_data(as_text=True)
    parser = _Flashes()
    parser.feed(page)
    return [" ".join(text.split()) for text in parser.shown]


@pytest.fixture
def front(client: FlaskClient, db: Database, salon: SalonHandle) -> FlaskClient:
    """A receptionist in Shanghai, signed in, who reads the console in 简体."""
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    post(client, "/staff/language", lang="zh-CN", next="/staff/today")
    return client


def appointment_id(db: Database) -> int:
    with db.sessions() as session:
        return session.scalars(select(Appointment.id)).one()


def api_error(answer: Any) -> tuple[int, str, str]:
    error = answer.get_json()["error"]
    return answer.status_code, error["code"], error["message"]


def test_a_booking_in_the_past_is_refused_in_chinese_and_in_english_over_the_api(
    front: FlaskClient, salon: SalonHandle
) -> None:
    answer = post(front, "/staff/appointments", **(BOOKING | {"day": "2026-12-04"}))
    assert refusals_shown(front, answer) == [
        "请检查“新的预约时间”：这个时间已经过去了，请选以后的时间"
    ]
    api = front.post(
        "/api/v1/appointments",
        json={
            "external_id": "A-9",
            "customer": {"phone": "13800138000"},
            "starts_at": "2026-12-04T15:00:00+08:00",
        },
        headers=salon.headers,
    )
    assert api_error(api) == (422, "invalid_request", "starts_at must be in the future")


def test_a_phone_number_that_is_not_one_is_refused_in_chinese(
    front: FlaskClient, salon: SalonHandle
) -> None:
    answer = post(front, "/staff/appointments", **(BOOKING | {"phone": "12345"}))
    assert refusals_shown(front, answer) == ["请检查“顾客手机号”：这不是有效的手机号码"]
    api = front.post(
        "/api/v1/appointments",
        json={
            "external_id": "A-9",
            "customer": {"phone": "12345"},
            "starts_at": "2026-12-07T15:00:00+08:00",
        },
        headers=salon.headers,
    )
    status, code, message = api_error(api)
    assert (status, code) == (422, "invalid_phone")
    assert message.startswith("customer.phone: ")


def test_moving_a_cancelled_appointment_is_refused_in_chinese(
    front: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    cancelled = front.patch(
        "/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=salon.headers
    )
    assert cancelled.status_code == 200
    path = f"/staff/appointments/{appointment_id(db)}/move"
    answer = post(front, path, day="2026-12-08", time="11:00")
    assert refusals_shown(front, answer) == ["这个预约的状态是“取消”，不能再改；需要的话请重新预约"]
    api = front.patch(
        "/api/v1/appointments/A-1",
        json={"starts_at": "2026-12-08T11:00:00+08:00"},
        headers=salon.headers,
    )
    assert api_error(api) == (
        409,
        "conflict",
        "appointment is cancelled; book the new time under a new external_id",
    )


def test_marking_a_cancelled_appointment_done_is_refused_in_chinese_and_traditional(
    front: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    front.patch("/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=salon.headers)
    path = f"/staff/appointments/{appointment_id(db)}/status"
    answer = post(front, path, status="confirmed")
    assert refusals_shown(front, answer) == ["这个预约的状态是“取消”，不能改成“已确认”"]
    post(front, "/staff/language", lang="zh-TW", next="/staff/today")
    answer = post(front, path, status="confirmed")
    assert refusals_shown(front, answer) == ["這個預約的狀態是「取消」，不能改成「已確認」"]
    api = front.patch(
        "/api/v1/appointments/A-1", json={"status": "confirmed"}, headers=salon.headers
    )
    assert api_error(api) == (
        409,
        "conflict",
        "the appointment is cancelled; it cannot be marked confirmed",
    )


def test_an_offer_with_a_slot_already_past_is_refused_in_chinese(
    front: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "改时间")
    with db.sessions() as session:
        item = session.scalars(select(InboxItem.id)).one()
    slots = {"day0": "2026-12-04", "time0": "11:00", "stylist0": "Mia"}
    answer = post(front, f"/staff/inbox/{item}/offer", **slots)
    assert refusals_shown(front, answer) == ["时间 A 已经过去了"]
    api = front.post(
        "/api/v1/appointments/A-1/offers",
        json={"slots": [{"starts_at": "2026-12-04T11:00:00+08:00", "stylist": "Mia"}]},
        headers=salon.headers,
    )
    assert api_error(api) == (422, "invalid_request", "a slot must start in the future")


def test_answering_a_customer_who_opted_out_is_refused_in_chinese(
    front: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "退订")
    with db.sessions() as session:
        customer = session.scalars(select(Customer.id)).one()
    answer = post(front, f"/staff/customers/{customer}/messages", body="周一见")
    assert refusals_shown(front, answer) == ["这位顾客已退订短信，不能再发短信；请打电话联系"]
    # The offer button on Today meets the same refusal, in the same words.
    answer = post(front, f"/staff/appointments/{appointment_id(db)}/offer")
    assert refusals_shown(front, answer) == ["这位顾客已退订短信，不能再发短信；请打电话联系"]
    api = front.post(
        "/api/v1/customers/+8613800138000/messages", json={"body": "周一见"}, headers=salon.headers
    )
    assert api_error(api) == (409, "conflict", "the customer opted out of texts")


def test_a_colleague_with_an_email_already_used_is_refused_in_chinese(
    front: FlaskClient,
) -> None:
    form = {"email": "Lily@salon.example", "password": "another good password", "name": "Lily"}
    answer = post(front, "/staff/team", **form)
    assert refusals_shown(front, answer) == ["lily@salon.example 已经有账号了"]
    answer = post(front, "/staff/team", **(form | {"email": "mia@salon.example", "password": "x"}))
    assert refusals_shown(front, answer) == ["请检查“密码”：密码需要 10 到 200 个字符"]


def test_a_reply_treated_twice_is_refused_in_chinese(
    front: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "可以停车吗？")
    with db.sessions() as session:
        item = session.scalars(select(InboxItem.id)).one()
    assert post(front, f"/staff/inbox/{item}/treat-as", intent="confirm").status_code == 302
    answer = post(front, f"/staff/inbox/{item}/treat-as", intent="cancel")
    assert refusals_shown(front, answer) == ["只有还没处理的、看不懂的回复才能这样处理"]
    api = front.post(
        f"/api/v1/inbox/{item}/treat-as", json={"intent": "cancel"}, headers=salon.headers
    )
    assert api_error(api) == (
        409,
        "conflict",
        "only an unclear reply still waiting can be treated as an answer",
    )
