"""The staff console through Flask's test client: sign-in, each page, the one-tap actions,
answers and "handled", CSRF, salon isolation and the sign-in rate limit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Appointment, InboxItem, Message, Salon
from gateway.services import Conflict, ServiceError
from gateway.services.desk.accounts import create_staff
from tests.support import (
    SalonHandle,
    TestClock,
    book,
    in_days,
    reply,
    run_worker,
    status_of,
)

PASSWORD = "correct horse battery"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def make_staff(db: Database, salon: SalonHandle, email: str, *, owner: bool = False) -> None:
    with db.transaction() as session:
        create_staff(
            session,
            salon=session.get_one(Salon, salon.id),
            email=email,
            password=PASSWORD,
            is_owner=owner,
            now=datetime.now(UTC),
        )


def token(client: FlaskClient, path: str = "/staff/login") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": token(client)},
    )


def post(client: FlaskClient, path: str, **form: str) -> Any:
    return client.post(path, data={**form, "csrf_token": token(client, "/staff/today")})


class _VisibleText(HTMLParser):
    """What a browser would print of a page's body: its text, entities decoded, no tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> str:
    """The page as words: escaped markup shows here as the ``<li class=…`` a person would see."""
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def assert_words_only(text: str) -> None:
    for leak in ("<li", "<a ", "&lt;", "&gt;", "class=", "None", "null", "undefined"):
        assert leak not in text, f"{leak!r} shows on the page:\n{text}"


def page_words(client: FlaskClient, path: str) -> str:
    """A console page as a person reads it, on one line: it answered 200 and shows no markup."""
    answer = client.get(path)
    assert answer.status_code == 200, path
    words = visible(answer.get_data(as_text=True))
    assert_words_only(words)
    return " ".join(words.split())


@pytest.fixture
def desk(client: FlaskClient, db: Database, salon: SalonHandle) -> FlaskClient:
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    return client


def test_pages_need_a_signed_in_staff_member(client: FlaskClient) -> None:
    for path in ("/staff/", "/staff/today", "/staff/inbox", "/staff/customers", "/staff/stats"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/staff/login" in response.headers["Location"]
    assert client.get("/staff/inbox/summary.json").status_code == 401


def test_sign_in_sets_a_safe_cookie_and_wrong_password_is_refused(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example")
    wrong = sign_in(client, "lily@salon.example", "not the password")
    assert wrong.status_code == 401 and "账号或密码不正确" in wrong.get_data(as_text=True)
    response = sign_in(client, "Lily@Salon.example")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # Plain http on localhost is the one place a cookie may go without Secure.
    assert "Secure" not in cookie


def test_session_cookie_is_secure_off_localhost(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example")
    client = app.test_client()
    base = "https://desk.salon.example"
    page = client.get("/staff/login", base_url=base).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    response = client.post(
        "/staff/login",
        base_url=base,
        data={"email": "lily@salon.example", "password": PASSWORD, "csrf_token": csrf.group(1)},
    )
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]


def test_a_form_without_its_csrf_token_is_refused(
    desk: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    book(desk, salon)
    [appointment_id] = _appointment_ids(db)
    response = desk.post(
        f"/staff/appointments/{appointment_id}/status", data={"status": "cancelled"}
    )
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    assert status_of(desk, salon) == "unconfirmed"


def test_today_shows_who_has_not_confirmed_and_staff_cancel(
    desk: FlaskClient, db: Database, salon: SalonHandle, clock: TestClock
) -> None:
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))
    created = book(desk, salon, starts_at="2026-11-23T15:00:00+08:00")
    page = desk.get("/staff/today").get_data(as_text=True)
    assert "王女士" in page and "未确认: 1" in page and 'value="cancelled"' in page
    # Completed and no-show wait until the appointment has begun.
    assert 'value="completed"' not in page
    response = post(desk, f"/staff/appointments/{created['id']}/status", status="cancelled")
    assert response.status_code == 302
    assert status_of(desk, salon) == "cancelled"


@pytest.mark.clock("2026-12-05T10:00:00+08:00")
def test_today_reads_as_a_receptionist_reads_it(desk: FlaskClient, salon: SalonHandle) -> None:
    book(desk, salon, starts_at="2026-12-06T12:00:00+08:00", duration_minutes=180)
    book(
        desk,
        salon,
        external_id="A-2",
        customer={"phone": "+85251234567", "name": "陳小姐"},
        stylist="Mia",
        starts_at="2026-12-06T09:30:00+08:00",
        duration_minutes=90,
    )
    html = desk.get("/staff/today?day=2026-12-06").get_data(as_text=True)
    words = visible(html)
    assert_words_only(words)
    assert "2026年12月6日 周日" in words and "今日 ·" not in words  # tomorrow, not "today"
    assert "12:00–15:00\n未确认\n3 小时" in words
    assert "09:30–11:00\n未确认\n1 小时 30 分钟" in words
    # A mainland number as it is dialled here; one from Hong Kong with its country code.
    assert "138 0013 8000" in words and "+852 5123 4567" in words and "+86" not in words
    assert 'href="tel:+8613800138000"' in html
    # Two stylists: a column each on a desktop (headings hidden on a phone).
    assert "Mia\nLily" in words
    today = visible(desk.get("/staff/today").get_data(as_text=True))
    assert "今日 · 2026年12月5日 周六" in today
    post(desk, "/staff/language", lang="en", next="/staff/today")
    english = visible(desk.get("/staff/today?day=2026-12-06").get_data(as_text=True))
    assert "Sun 6 Dec 2026" in english and "12:00–15:00\nUnconfirmed\n3 h" in english


@pytest.mark.parametrize(
    ("login", "signed_in"),
    [
        ("139 0013 9000", True),
        ("+86 139-0013-9000", True),
        ("008613900139000", True),
        ("LILY@Salon.example", True),
        ("139 0013 9001", False),
        ("9000", False),  # a few digits name nobody
        ("13900139000@", False),
    ],
)
def test_staff_sign_in_with_a_phone_number_or_an_email(
    client: FlaskClient, db: Database, salon: SalonHandle, login: str, signed_in: bool
) -> None:
    with db.transaction() as session:
        create_staff(
            session,
            salon=session.get_one(Salon, salon.id),
            email="lily@salon.example",
            phone="139 0013 9000",  # read in the salon's country: its sender is +86
            password=PASSWORD,
            now=datetime.now(UTC),
        )
    page = visible(client.get("/staff/login").get_data(as_text=True))
    assert "邮箱或手机号" in page
    answer = sign_in(client, login)
    assert answer.status_code == (302 if signed_in else 401)
    if signed_in:
        assert client.get("/staff/today").status_code == 200
    else:
        assert "账号或密码不正确" in visible(answer.get_data(as_text=True))
        assert client.get("/staff/today").status_code == 302  # back to sign-in


def test_a_wrong_password_with_a_phone_number_signs_nobody_in(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    with db.transaction() as session:
        create_staff(
            session,
            salon=session.get_one(Salon, salon.id),
            email="lily@salon.example",
            phone="13900139000",
            password=PASSWORD,
            name="Lily",
            is_owner=True,
            now=datetime.now(UTC),
        )
    assert sign_in(client, "13900139000", password="not the password").status_code == 401
    assert sign_in(client, "13900139000").status_code == 302
    team = visible(client.get("/staff/team").get_data(as_text=True))
    assert "lily@salon.example\n·\n139 0013 9000" in team


def test_a_phone_number_has_one_account(db: Database, salon: SalonHandle) -> None:
    with db.transaction() as session:
        home = session.get_one(Salon, salon.id)
        create_staff(
            session,
            salon=home,
            email="a@salon.example",
            phone="13900139000",
            password=PASSWORD,
            now=datetime.now(UTC),
        )
        with pytest.raises(Conflict):
            create_staff(
                session,
                salon=home,
                email="b@salon.example",
                phone="+8613900139000",
                password=PASSWORD,
                now=datetime.now(UTC),
            )
        with pytest.raises(ServiceError):
            create_staff(
                session,
                salon=home,
                email="c@salon.example",
                phone="12345",
                password=PASSWORD,
                now=datetime.now(UTC),
            )


def test_answer_is_queued_even_in_quiet_hours_and_handled_once(
    desk: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    book(desk, salon, external_id="A-1", starts_at=in_days(2))
    book(desk, salon, external_id="A-2", starts_at=in_days(3))
    with db.transaction() as session:
        session.get_one(Salon, salon.id).quiet_hours = "00:00-23:59"
    reply(desk, salon, "确认")
    inbox = visible(desk.get("/staff/inbox").get_data(as_text=True))
    assert_words_only(inbox)
    assert "未能对应预约" in inbox and "确认" in inbox and "王女士" in inbox
    summary = desk.get("/staff/inbox/summary.json?list=1").get_json()
    assert summary["waiting"] == 1
    # The poll brings the list as the page itself shows it.
    polled = visible(summary["html"])
    assert_words_only(polled)
    assert polled in inbox
    with db.sessions() as session:
        item = session.scalars(select(InboxItem)).one()
    page = desk.get(f"/staff/inbox/{item.id}").get_data(as_text=True)
    assert "确认" in page and "answer-body" in page

    post(desk, f"/staff/customers/{item.customer_id}/messages", body="请问确认的是哪一天？")
    with db.sessions() as session:
        answer = session.scalars(select(Message).where(Message.template == "staff_answer")).one()
        assert answer.body == "【丝绒发型】请问确认的是哪一天？"
        assert answer.status == "queued" and answer.send_after <= answer.created_at

    post(desk, f"/staff/inbox/{item.id}/handle")
    post(desk, f"/staff/inbox/{item.id}/handle")
    with db.sessions() as session:
        handled = session.get_one(InboxItem, item.id)
        assert handled.handled_by == "lily@salon.example"
    assert desk.get("/staff/inbox/summary.json").get_json()["waiting"] == 0
    after = visible(desk.get("/staff/inbox?show=all").get_data(as_text=True))
    assert_words_only(after)
    assert "处理人: lily@salon.example" in after


def test_customer_search_and_page(desk: FlaskClient, db: Database, salon: SalonHandle) -> None:
    book(desk, salon)
    for q in ("王", "138001"):
        found = desk.get(f"/staff/customers?q={q}").get_data(as_text=True)
        assert "王女士" in found, q
    customer_path = re.search(r'href="(/staff/customers/\d+)"', found)
    assert customer_path
    page = desk.get(customer_path.group(1)).get_data(as_text=True)
    assert 'href="tel:+8613800138000"' in page and "剪发" in page


def test_a_thread_speaks_the_consoles_language(
    desk: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    """Under each text, its state and what a reply was read as, in the receptionist's words."""
    book(desk, salon)
    reply(desk, salon, "确认")
    found = desk.get("/staff/customers?q=王").get_data(as_text=True)
    customer_path = re.search(r'href="(/staff/customers/\d+)"', found)
    assert customer_path
    page = desk.get(customer_path.group(1)).get_data(as_text=True)
    assert "已收到 · 确认" in page and "待发送" in page
    assert "· received" not in page and "· queued" not in page
    post(desk, "/staff/language", lang="en", next=customer_path.group(1))
    english = desk.get(customer_path.group(1)).get_data(as_text=True)
    assert "received · confirm" in english


def test_stats_page_draws_its_charts(desk: FlaskClient, salon: SalonHandle) -> None:
    book(desk, salon)
    page = desk.get("/staff/stats").get_data(as_text=True)
    assert page.count("<svg") == 2 and "确认率" in page and "CNY" in page


@pytest.mark.clock("2026-12-07T10:00:00+08:00")
def test_stats_read_in_plain_words_with_the_apis_figures(
    app: Flask, desk: FlaskClient, salon: SalonHandle, clock: TestClock
) -> None:
    book(desk, salon, starts_at="2026-12-09T14:00:00+08:00")
    run_worker(app)  # the request leaves at 10:00
    clock.advance(timedelta(seconds=12))
    reply(desk, salon, "确认")
    words = visible(desk.get("/staff/stats").get_data(as_text=True))
    assert "12 秒\n客户多快回复（中位数）" in words and "0 分钟" not in words
    assert "客户短信里选了新时间" in words and "短信完成改约" not in words
    month = {"from": "2026-12-01T00:00:00+08:00", "to": "2027-01-01T00:00:00+08:00"}
    api = desk.get("/api/v1/stats", query_string=month, headers=salon.headers).get_json()
    assert api["median_reply_seconds"] == 12.0
    assert f"{api['messages']['sent']}\n已发送短信" in words
    post(desk, "/staff/language", lang="zh-TW", next="/staff/stats")
    assert "客戶簡訊裡選了新時間" in visible(desk.get("/staff/stats").get_data(as_text=True))
    post(desk, "/staff/language", lang="en", next="/staff/stats")
    english = visible(desk.get("/staff/stats").get_data(as_text=True))
    assert "12 s\nHow fast customers reply (median)" in english


def test_another_salons_staff_get_404_everywhere(
    desk: FlaskClient, app: Flask, db: Database, salon: SalonHandle, make_salon: Any
) -> None:
    book(desk, salon)
    reply(desk, salon, "看情况？")
    with db.sessions() as session:
        item = session.scalars(select(InboxItem)).one()
    [appointment_id] = _appointment_ids(db)
    other_salon = make_salon("别家")
    make_staff(db, other_salon, "tom@other.example", owner=True)
    other = app.test_client()
    assert sign_in(other, "tom@other.example").status_code == 302
    assert other.get(f"/staff/inbox/{item.id}").status_code == 404
    assert other.get(f"/staff/customers/{item.customer_id}").status_code == 404
    for path, form in [
        (f"/staff/inbox/{item.id}/handle", {}),
        (f"/staff/customers/{item.customer_id}/messages", {"body": "hi"}),
        (f"/staff/appointments/{appointment_id}/status", {"status": "cancelled"}),
        ("/staff/team/1/disable", {}),
        ("/staff/team/1/password", {"password": "a new long password"}),
    ]:
        assert post(other, path, **form).status_code == 404, path
    assert "看情况" not in other.get("/staff/inbox?show=all").get_data(as_text=True)
    assert status_of(desk, salon) == "unconfirmed"
    assert desk.get("/staff/inbox/summary.json").get_json()["waiting"] == 1


def test_only_owners_manage_staff_and_a_disabled_account_is_signed_out(
    desk: FlaskClient, app: Flask, db: Database, salon: SalonHandle
) -> None:
    post(desk, "/staff/team", email="amy@salon.example", password=PASSWORD)
    amy = app.test_client()
    assert sign_in(amy, "amy@salon.example").status_code == 302
    assert post(amy, "/staff/team", email="eve@salon.example", password=PASSWORD).status_code == 403
    page = desk.get("/staff/team").get_data(as_text=True)
    amy_id = re.search(r"/staff/team/(\d+)/disable", page)
    assert amy_id
    post(desk, f"/staff/team/{amy_id.group(1)}/disable")
    assert amy.get("/staff/today").status_code == 302  # back to sign-in
    assert sign_in(amy, "amy@salon.example").status_code == 401


def test_wrong_passwords_are_rate_limited(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example")
    answers = [sign_in(client, "lily@salon.example", "guess").status_code for _ in range(10)]
    assert answers == [401] * 10
    limited = sign_in(client, "lily@salon.example")  # even the right password now waits
    assert limited.status_code == 429 and "尝试次数过多" in limited.get_data(as_text=True)


def test_language_can_be_chosen(desk: FlaskClient) -> None:
    post(desk, "/staff/language", lang="en", next="/staff/inbox")
    assert "Nothing waits" in desk.get("/staff/inbox").get_data(as_text=True)
    post(desk, "/staff/language", lang="zh-TW")
    assert "沒有待處理的訊息" in desk.get("/staff/inbox").get_data(as_text=True)


def _appointment_ids(db: Database) -> list[int]:
    with db.sessions() as session:
        return list(session.scalars(select(Appointment.id).order_by(Appointment.id)))
