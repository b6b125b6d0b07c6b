"""A refused move from an inbox item comes back as the receptionist left it, as Today's forms
do: the item's "改到…" form open, what she typed still in it, the inputs at fault marked and
the first one focused, why said beside them in the flash's words, in her language, the page
answered 422 at the item's own address. Moved, the page is sent on (302) as before."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import InboxItem
from tests.integration.test_console import post, visible
from tests.integration.test_console_desk import appointments
from tests.integration.test_console_refusals import front, refusals_shown  # noqa: F401
from tests.shown_forms import forms_of
from tests.support import SalonHandle, book, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")


def change_requested(front: FlaskClient, salon: SalonHandle, db: Database) -> str:  # noqa: F811
    """The item of a customer who asked to change her 15:00 on the 7th: its page's path."""
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00", stylist="Lily")
    reply(front, salon, "改时间")
    with db.sessions() as session:
        return f"/staff/inbox/{session.scalars(select(InboxItem.id)).one()}"


def starts(front: FlaskClient, salon: SalonHandle) -> list[str]:  # noqa: F811
    return [row["starts_at"] for row in appointments(front, salon)]


@pytest.mark.parametrize(
    ("typed", "at_fault", "why"),
    [
        # The service's refusal, the form's own (a time no clock has), the request model's.
        (
            {"day": "2026-12-04", "time": "11:00", "stylist": "Mia"},
            ["day", "time"],
            "请检查“新的预约时间”：这个时间已经过去了，请选以后的时间",
        ),
        (
            {"day": "2026-12-08", "time": "25:00", "stylist": ""},
            ["day", "time"],
            "请检查“新的预约时间”",
        ),
        (
            {"day": "2026-12-07", "time": "15:00", "stylist": "Lily"},
            ["day", "time"],
            "请检查“新的预约时间”：预约已经是这个时间了",
        ),
        (
            {"day": "2026-12-08", "time": "11:00", "stylist": "M" * 300},
            ["stylist"],
            "请检查“发型师”：填写的内容不符合要求",
        ),
    ],
)
def test_a_refused_move_comes_back_open_as_typed_with_the_field_at_fault_marked(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    typed: dict[str, str],
    at_fault: list[str],
    why: str,
) -> None:
    item = change_requested(front, salon, db)
    answer = post(front, f"{item}/move", **typed)
    assert answer.status_code == 422
    assert refusals_shown(front, answer) == [why]
    move = forms_of(answer)["move-to"]
    assert move.open and move.values == typed
    assert (move.invalid, move.focused, move.why) == (at_fault, at_fault[0], why)
    assert starts(front, salon) == ["2026-12-07T15:00:00+08:00"]
    # Still the item's page, waiting: its other actions are there as before.
    page = visible(answer.get_data(as_text=True))
    assert "发可选时间" in page and "标为已处理" in page
    # Its forms (the answer box, the language switch) come back to the item, never to the
    # move's address, which answers no GET.
    assert set(next_pages(answer)) == {item}
    assert '<a href="/staff/inbox" class="on">' in answer.get_data(as_text=True)


class _NextPages(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name") == "next":
            self.found.append(found.get("value") or "")


def next_pages(answer: Any) -> list[str]:
    """Where each of the page's forms sends staff back to (their ``next``)."""
    parser = _NextPages()
    parser.feed(answer.get_data(as_text=True))
    return parser.found


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("zh-TW", "請檢查「新的預約時間」：這個時間已經過了，請選之後的時間"),
        ("en", "Check “New time”: That time has passed; pick a later one"),
    ],
)
def test_a_refused_move_is_explained_in_her_language(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    why: str,
) -> None:
    item = change_requested(front, salon, db)
    post(front, "/staff/language", lang=lang, next=item)
    answer = post(front, f"{item}/move", day="2026-12-04", time="11:00", stylist="")
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    assert forms_of(answer)["move-to"].why == why


def test_the_kept_move_corrected_is_moved_and_the_page_sent_on(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    item = change_requested(front, salon, db)
    refused = forms_of(post(front, f"{item}/move", day="2026-12-04", time="11:00"))["move-to"]
    # Sent again as the browser sends the kept form, with its own token, once corrected.
    corrected = refused.hidden | refused.values | {"day": "2026-12-08"}
    answer = front.post(f"{item}/move", data=corrected)
    assert answer.status_code == 302 and answer.location.endswith(item)
    page = front.get(answer.location)
    assert "已改时间，已通知顾客" in visible(page.get_data(as_text=True))
    assert "move-to" not in forms_of(page)  # handled: nothing left to move
    assert starts(front, salon) == ["2026-12-08T11:00:00+08:00"]


def test_a_move_refused_for_no_field_comes_back_open_with_why_above_it(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    item = change_requested(front, salon, db)
    erased = front.delete("/api/v1/customers/13800138000", headers=salon.headers)
    assert erased.status_code == 204
    typed = {"day": "2026-12-08", "time": "11:00", "stylist": "Mia"}
    answer = post(front, f"{item}/move", **typed)
    why = "这位顾客的资料已删除，不能再发短信或改约"
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    move = forms_of(answer)["move-to"]
    assert (move.open, move.values, move.invalid, move.focused, move.why) == (
        True,
        typed,
        [],
        None,
        why,
    )
