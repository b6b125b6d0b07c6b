"""Taught replies in the console: "记住这句话" beside the treat-as buttons, the page that lists
what the salon taught, and forgetting one; a reply that asks is refused in staff's words."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import InboxItem
from tests.integration.test_console import assert_words_only, make_staff, post, sign_in, visible
from tests.support import SalonHandle, book, reply, status_of

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")


@pytest.fixture
def front(client: FlaskClient, db: Database, salon: SalonHandle) -> FlaskClient:
    make_staff(db, salon, "lily@salon.example")
    assert sign_in(client, "lily@salon.example").status_code == 302
    return client


def newest_item(db: Database) -> int:
    with db.sessions() as session:
        return session.scalars(select(InboxItem.id).order_by(InboxItem.id.desc())).first() or 0


def page(front: FlaskClient, path: str) -> str:
    response = front.get(path)
    assert response.status_code == 200
    text = visible(response.get_data(as_text=True))
    assert_words_only(text)
    return text


def test_staff_teach_a_reply_see_it_listed_and_forget_it(
    front: FlaskClient, salon: SalonHandle, db: Database, make_salon: Any
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    book(
        front,
        salon,
        external_id="A-2",
        customer={"phone": "13900139000"},
        starts_at="2026-12-07T17:00:00+08:00",
    )
    assert "还没有记住的话" in page(front, "/staff/phrases")
    reply(front, salon, "OK搞掂！")
    item = newest_item(db)
    assert "取消\n记住这句话" in page(front, f"/staff/inbox/{item}")
    treated = post(front, f"/staff/inbox/{item}/treat-as", intent="confirm", remember="1")
    assert treated.status_code == 302
    shown = page(front, f"/staff/inbox/{item}")
    assert "已按确认处理" in shown and "已记住：以后同样的回复会自动按此处理" in shown

    listed = page(front, "/staff/phrases")
    assert "ok搞掂\n按此处理：确认\nlily@salon.example 记于 12-05 10:00\n删除" in listed
    # The next customer's same words are read by themselves.
    reply(front, salon, "ok 搞掂", sender="+8613900139000")
    assert status_of(front, salon, "A-2") == "confirmed"

    phrase_id = front.get("/api/v1/phrases", headers=salon.headers).get_json()["data"][0]["id"]
    assert post(front, f"/staff/phrases/{phrase_id}/forget").status_code == 302
    assert "已删除：这句话不再自动处理" in page(front, "/staff/phrases")
    assert front.get("/api/v1/phrases", headers=salon.headers).get_json()["data"] == []


def test_another_salons_phrase_cannot_be_forgotten_from_this_console(
    front: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    other = make_salon("小美美甲")
    book(front, other, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, other, "OK搞掂")
    [item] = front.get("/api/v1/inbox", headers=other.headers).get_json()["data"]
    front.post(
        f"/api/v1/inbox/{item['id']}/treat-as",
        json={"intent": "confirm", "remember": True},
        headers=other.headers,
    )
    [theirs] = front.get("/api/v1/phrases", headers=other.headers).get_json()["data"]
    assert post(front, f"/staff/phrases/{theirs['id']}/forget").status_code == 404
    assert "ok搞掂" not in page(front, "/staff/phrases")
    assert front.get("/api/v1/phrases", headers=other.headers).get_json()["data"] == [theirs]


def test_a_question_is_not_remembered_and_staff_are_told_why(
    front: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "可以停车吗？")
    item = newest_item(db)
    post(front, f"/staff/inbox/{item}/treat-as", intent="confirm", remember="1")
    shown = page(front, f"/staff/inbox/{item}")
    assert "这句话是在提问，不能记成回答" in shown
    # Nothing was done: the buttons are still there, the appointment waits.
    assert "按顾客的意思处理：" in shown and status_of(front, salon) == "unconfirmed"
