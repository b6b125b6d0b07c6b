"""The customer's marketing card in the console: what staff see of the birthday, tags and
consent, recording consent they witnessed and its withdrawal (kept in the same history as the
API's, with the staff member's name), and another salon's staff reaching none of it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Customer
from tests.integration.test_console import (
    desk,  # noqa: F401  (the fixture)
    make_staff,
    page_words,
    post,
    sign_in,
    visible,
)
from tests.support import SalonHandle, book, reply, run_worker

PATH = "/api/v1/customers/13800138000"


def _customer_id(db: Database) -> int:
    with db.sessions() as session:
        return session.scalars(select(Customer.id)).one()


def _page(client: FlaskClient, customer_id: int) -> str:
    return page_words(client, f"/staff/customers/{customer_id}")


@pytest.mark.clock("2026-12-07T10:00:00+08:00")
def test_staff_see_the_facts_and_record_and_withdraw_consent(
    desk: FlaskClient,  # noqa: F811
    db: Database,
    salon: SalonHandle,
) -> None:
    book(desk, salon)
    desk.patch(PATH, json={"birthday": "03-15", "tags": ["VIP"]}, headers=salon.headers)
    customer_id = _customer_id(db)
    page = _page(desk, customer_id)
    assert "生日: 03-15" in page and "VIP" in page and "未同意营销短信" in page

    done = post(
        desk,
        f"/staff/customers/{customer_id}/consent",
        marketing="yes",
        method="paper_form",
        evidence="会员登记表 No.7",
    )
    assert done.status_code == 302
    page = _page(desk, customer_id)
    assert "已记录同意" in page and "已同意接收营销短信" in page
    assert "纸质表格 · 2026-12-07 10:00 · 记录人 lily@salon.example" in page
    assert "凭据: 会员登记表 No.7" in page
    api = desk.get(PATH, headers=salon.headers).get_json()
    assert api["consent"]["recorded_by"] == "staff" and api["marketing_reachable"] is True

    post(desk, f"/staff/customers/{customer_id}/consent", marketing="no")
    page = _page(desk, customer_id)
    assert "已撤回同意" in page and "已同意接收营销短信" not in page
    history = desk.get(PATH + "/export", headers=salon.headers).get_json()["consent_history"]
    assert [c["marketing"] for c in history] == [True, False]


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"marketing": "yes", "method": "paper_form", "evidence": " "}, "请检查“凭据”"),
        ({"marketing": "yes", "method": "online_form", "evidence": "x"}, "请检查“同意方式”"),
    ],
)
def test_consent_without_evidence_or_a_desk_method_is_refused(
    desk: FlaskClient,  # noqa: F811
    db: Database,
    salon: SalonHandle,
    form: dict[str, str],
    words: str,
) -> None:
    book(desk, salon)
    customer_id = _customer_id(db)
    refused = post(desk, f"/staff/customers/{customer_id}/consent", **form)
    assert refused.status_code == 422  # the customer's page again, the form as typed
    page = visible(refused.get_data(as_text=True))
    assert words in page and "未同意营销短信" in page
    assert desk.get(PATH + "/export", headers=salon.headers).get_json()["consent_history"] == []


def test_an_opted_out_customer_shows_why_marketing_cannot_reach_them(
    app: Flask,
    desk: FlaskClient,  # noqa: F811
    db: Database,
    salon: SalonHandle,
) -> None:
    book(desk, salon)
    customer_id = _customer_id(db)
    post(desk, f"/staff/customers/{customer_id}/consent", marketing="yes", method="in_store",
         evidence="前台")  # fmt: skip
    reply(desk, salon, "退订")
    run_worker(app)
    page = _page(desk, customer_id)
    assert "顾客退订" in page and "记录人 顾客本人" in page
    assert "已退订短信：不会收到营销短信" in page


def test_another_salons_staff_cannot_record_consent(
    desk: FlaskClient,  # noqa: F811
    app: Flask,
    db: Database,
    salon: SalonHandle,
    make_salon: Any,
) -> None:
    book(desk, salon)
    customer_id = _customer_id(db)
    other_salon = make_salon("别家")
    make_staff(db, other_salon, "tom@other.example", owner=True)
    other = app.test_client()
    assert sign_in(other, "tom@other.example").status_code == 302
    refused = post(
        other,
        f"/staff/customers/{customer_id}/consent",
        marketing="yes",
        method="in_store",
        evidence="x",
    )
    assert refused.status_code == 404
    assert desk.get(PATH + "/export", headers=salon.headers).get_json()["consent_history"] == []
