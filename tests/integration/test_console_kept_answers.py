"""A refused answer to a customer comes back as the receptionist wrote it: the page she sent it
from (the customer's, or the inbox item's) answered 422 with her words still in the box, or the
template she picked still filled in, the field at fault marked and focused, why said beside it
in the flash's words, in her language. Sent, the page is sent on (302) as before."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import Customer, Message
from tests.integration.conftest import STARTS_AT, china_salon
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_console_kept_inbox import change_requested, next_pages
from tests.integration.test_console_refusals import front, refusals_shown  # noqa: F401
from tests.shown_forms import forms_of
from tests.support import SalonHandle, book, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

TOO_LONG = "周一下午三点可以吗？" * 30 + "好"  # 301 characters, over the 300 an answer has
#: Ten lines, 299 characters: what the box (maxlength 300) lets her type.
LINES = "\n".join([("周一下午三点可以吗？" * 3)[:29]] * 10)
OPTED_OUT = "这位顾客已退订短信，不能再发短信；请打电话联系"


def tab_shown(answer: Any) -> str:
    """The console's tab shown as the one she is on."""
    [tab] = re.findall(r'<a href="([^"]+)" class="on">', answer.get_data(as_text=True))
    return str(tab)


def customer_id(db: Database) -> int:
    with db.sessions() as session:
        return session.scalars(select(Customer.id)).one()


def answers_queued(db: Database) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(Message.body).where(Message.template == "staff_answer")))


def texts(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Message)) or 0


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("  \n  ", "回复内容是空的"),
        (TOO_LONG, "回复最多 300 个字"),
        ("周一\x0b见", "回复里有短信无法发送的特殊字符"),
    ],
)
def test_a_refused_answer_comes_back_in_the_box_as_written(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    typed: str,
    why: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    caplog.set_level(logging.DEBUG)
    sent = typed.replace("\n", "\r\n")  # as a browser sends a text area
    answer = post(front, f"{page}/messages", body=sent, next=page)
    assert answer.status_code == 422
    assert refusals_shown(front, answer) == [why]
    box = forms_of(answer)["answer"]
    assert box.values == {"body": sent.replace("\r\n", "\n")}  # what a browser shows again
    assert (box.invalid, box.focused, box.why) == (["body"], "body", why)
    assert set(next_pages(answer)) == {page}  # the customer's page, never the answer's path
    assert "王女士" in visible(answer.get_data(as_text=True))
    assert tab_shown(answer) == "/staff/customers"
    assert answers_queued(db) == []
    for record in caplog.records:
        message = record.getMessage()
        for private in ("13800138000", "周一", "\x0b"):
            assert private not in message, message


@pytest.mark.parametrize(
    ("lang", "why"),
    [("zh-TW", "回覆最多 300 個字"), ("en", "An answer is at most 300 characters")],
)
def test_a_refused_answer_from_an_inbox_item_comes_back_on_the_item_in_her_language(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    why: str,
) -> None:
    item = change_requested(front, salon, db)
    post(front, "/staff/language", lang=lang, next=item)
    path = f"/staff/customers/{customer_id(db)}/messages"
    answer = post(front, path, body=TOO_LONG, next=item)
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    box = forms_of(answer)["answer"]
    assert (box.values, box.invalid, box.focused, box.why) == (
        {"body": TOO_LONG},
        ["body"],
        "body",
        why,
    )
    # Still the item's page, waiting, its forms coming back to it.
    assert 'id="mark-handled"' in answer.get_data(as_text=True)
    assert set(next_pages(answer)) == {item} and tab_shown(answer) == "/staff/inbox"
    # Corrected in the box as kept, sent as the browser sends it: queued, and sent on (PRG).
    corrected = box.hidden | {"body": "周一下午三点可以吗？"}
    sent = front.post(path, data=corrected)
    assert sent.status_code == 302 and sent.location.endswith(item)
    [queued] = answers_queued(db)
    assert queued.endswith("】周一下午三点可以吗？")
    assert "answer" in forms_of(front.get(sent.location))
    assert forms_of(front.get(sent.location))["answer"].values == {"body": ""}


def test_an_answer_sent_from_the_customers_page_goes_back_to_it(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    sent = post(front, f"{page}/messages", body="周一见", next=page)
    assert sent.status_code == 302 and sent.location.endswith(page)
    shown = front.get(sent.location)
    box = forms_of(shown)["answer"]
    assert (box.values, box.invalid, box.focused) == ({"body": ""}, [], None)
    assert len(answers_queued(db)) == 1


def test_ten_lines_the_box_took_go_as_typed_each_line_break_one_character(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    """299 characters in ten lines: the box's maxlength counts a line break once, the browser
    sends it as CRLF, and the text the customer gets has one character for it."""
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    sent = post(front, f"{page}/messages", body=LINES.replace("\n", "\r\n"), next=page)
    assert sent.status_code == 302 and sent.location.endswith(page)
    (body,) = answers_queued(db)  # the salon's name first, then her ten lines
    assert body.endswith(LINES) and "\r" not in body


def test_an_answer_to_a_customer_who_opted_out_says_why_on_her_page(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "退订")
    page = f"/staff/customers/{customer_id(db)}"
    answer = post(front, f"{page}/messages", body="周一见", next=page)
    assert answer.status_code == 422 and refusals_shown(front, answer) == [OPTED_OUT]
    assert "answer" not in forms_of(answer)  # no box for a customer who cannot be texted
    assert answers_queued(db) == []


@pytest.fixture
def mei(china_app: Flask, china_client: FlaskClient) -> tuple[FlaskClient, str]:
    """A receptionist of an Alibaba Cloud salon, signed in, on her customer's page."""
    salon = china_salon(china_app, "aliyun")
    db: Database = china_app.extensions["db"]
    make_staff(db, salon, "mei@salon.example")
    assert sign_in(china_client, "mei@salon.example").status_code == 302
    book(china_client, salon, starts_at=STARTS_AT)
    return china_client, f"/staff/customers/{customer_id(db)}"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("call me", "请检查“门店电话”：电话号码应为 3 到 20 位数字（可以有空格、- 和开头的 +）"),
        (
            "-".join("12345678901234567890"),
            "请检查“门店电话”：写进短信后超过服务商每一项 35 个字的上限，请写短一点",
        ),
        (" ", "请检查“门店电话”：这一项必须填写"),
    ],
)
def test_a_refused_answer_template_comes_back_picked_and_filled_in(
    china_app: Flask,
    mei: tuple[FlaskClient, str],
    typed: str,
    why: str,
) -> None:
    client, page = mei
    db: Database = china_app.extensions["db"]
    before = texts(db)
    answer = post(
        client, f"{page}/messages", template="answer_call_us", next=page, **{"value.phone": typed}
    )
    assert answer.status_code == 422 and refusals_shown(client, answer) == [why]
    forms = forms_of(answer)
    picked = forms.pop("answer-answer_call_us")
    assert (picked.values, picked.invalid, picked.focused, picked.why) == (
        {"value.phone": typed},
        ["value.phone"],
        "value.phone",
        why,
    )
    assert picked.hidden["template"] == "answer_call_us" and picked.hidden["next"] == page
    # The other answers of the picker are as they were: nothing marked.
    assert all(not form.invalid and not form.why for form in forms.values())
    assert texts(db) == before


def test_a_template_that_is_none_is_refused_above_the_picker(
    mei: tuple[FlaskClient, str],
) -> None:
    client, page = mei
    answer = post(client, f"{page}/messages", template="answer_sorry", next=page)
    assert answer.status_code == 422
    [shown] = refusals_shown(client, answer)
    assert "answer_sorry" in shown  # the API's sentence: no staff member meets it from a page
    assert not any(form.invalid for form in forms_of(answer).values())


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("zh-CN", "本店的短信服务商现在可以直接发您写的话，不用模板：请在回复框里写好再发"),
        ("zh-TW", "本店的簡訊服務商現在可以直接傳您寫的話，不用範本：請在回覆框裡寫好再傳"),
        (
            "en",
            "The salon's provider now sends your own words, not templates: write the answer in "
            "the box",
        ),
    ],
)
def test_a_template_sent_where_the_provider_takes_her_words_is_refused_in_her_language(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    why: str,
) -> None:
    """A page that showed answer templates, sent once the salon's provider takes staff's own
    words: said in her language, and the page comes back with the box to write them in."""
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    post(front, "/staff/language", lang=lang, next=page)
    answer = post(
        front,
        f"{page}/messages",
        template="answer_call_us",
        next=page,
        **{"value.phone": "020 1234 5678"},
    )
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    box = forms_of(answer)["answer"]
    assert (box.values, box.invalid) == ({"body": ""}, [])
    assert texts(db) == 1  # the confirmation only
