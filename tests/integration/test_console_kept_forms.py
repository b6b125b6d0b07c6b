"""A refused form of Today comes back as the receptionist left it, with the customer still on
the phone: open, everything typed still in it, the inputs at fault marked and the first one
focused, why said beside them in the words of the flash, in her language, and the page answered
422. Booked or moved, the page is sent on (302) as before; the other forms stay shut."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import post, visible
from tests.integration.test_console_desk import appointments
from tests.integration.test_console_refusals import BOOKING, front, refusals_shown  # noqa: F401
from tests.shown_forms import forms_of
from tests.support import SalonHandle, book

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

DAY_PAGE = "/staff/today?day=2026-12-07"


@pytest.mark.parametrize(
    ("change", "at_fault", "why"),
    [
        # The request model's refusal, the form's own (a time no clock has), the service's.
        ({"phone": "12345"}, ["phone"], "请检查“顾客手机号”：这不是有效的手机号码"),
        ({"time": "25:00"}, ["day", "time"], "请检查“新的预约时间”"),
        (
            {"day": "2026-12-01"},
            ["day", "time"],
            "请检查“新的预约时间”：这个时间已经过去了，请选以后的时间",
        ),
        (
            {"duration_minutes": "0"},
            ["duration_minutes"],
            "请检查“时长（分钟）”：填写的内容不符合要求",
        ),
    ],
)
def test_a_refused_booking_comes_back_open_as_typed_with_the_field_at_fault_marked(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    change: dict[str, str],
    at_fault: list[str],
    why: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    caplog.set_level(logging.DEBUG)
    typed = BOOKING | change
    answer = post(front, "/staff/appointments", **typed, next=DAY_PAGE)
    assert answer.status_code == 422
    assert refusals_shown(front, answer) == [why]
    forms = forms_of(answer)
    booking = forms.pop("new-booking")
    assert booking.open and booking.values == typed
    assert (booking.invalid, booking.focused, booking.why) == (at_fault, at_fault[0], why)
    # The day she was on, with its appointment's own form shut and as it was.
    [(_, move)] = forms.items()
    assert not move.open and move.invalid == [] and move.focused is None
    assert (move.values["day"], move.values["time"]) == ("2026-12-07", "15:00")
    assert [row["external_id"] for row in appointments(front, salon)] == ["A-1"]
    assert '<a href="/staff/today" class="on">' in answer.get_data(as_text=True)
    for record in caplog.records:
        message = record.getMessage()
        for private in (typed["phone"], "13800138000", typed["name"]):
            assert private not in message, message


def test_the_kept_booking_corrected_is_booked_and_the_page_sent_on(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    typed = BOOKING | {"phone": "12345", "name": 'Amy "A" <Lee> & co'}
    refused = post(front, "/staff/appointments", **typed, next=DAY_PAGE)
    kept = forms_of(refused)["new-booking"]
    assert kept.values == typed  # as typed, quotes and brackets too, not as markup
    # Sent again as the browser sends the kept form, with its own token, once corrected.
    corrected = kept.hidden | kept.values | {"phone": "138 0013 8000"}
    answer = front.post("/staff/appointments", data=corrected)
    assert answer.status_code == 302 and answer.location.endswith(DAY_PAGE)
    page = front.get(answer.location)
    assert "已预约，确认短信已排队" in visible(page.get_data(as_text=True))
    assert not forms_of(page)["new-booking"].open
    [row] = appointments(front, salon)
    assert (row["customer"]["phone"], row["customer"]["name"], row["starts_at"]) == (
        "+8613800138000",
        'Amy "A" <Lee> & co',
        "2026-12-07T15:00:00+08:00",
    )


def test_without_its_token_a_form_is_still_refused_before_anything_is_kept(
    front: FlaskClient,  # noqa: F811
) -> None:
    answer = front.post("/staff/appointments", data=BOOKING | {"phone": "12345"})
    assert answer.status_code == 400 and "new-booking" not in forms_of(answer)


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("zh-CN", "请检查“新的预约时间”：这个时间已经过去了，请选以后的时间"),
        ("zh-TW", "請檢查「新的預約時間」：這個時間已經過了，請選之後的時間"),
        ("en", "Check “New time”: That time has passed; pick a later one"),
    ],
)
def test_a_refused_move_opens_that_appointments_form_only_in_her_language(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    why: str,
) -> None:
    first = book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    second = book(front, salon, external_id="A-2", starts_at="2026-12-07T17:00:00+08:00")
    post(front, "/staff/language", lang=lang, next=DAY_PAGE)
    typed = {"day": "2026-12-04", "time": "11:00", "stylist": "Mia"}
    answer = post(front, f"/staff/appointments/{second['id']}/move", **typed, next=DAY_PAGE)
    assert answer.status_code == 422
    assert refusals_shown(front, answer) == [why]
    forms = forms_of(answer)
    refused = forms[f"move-{second['id']}"]
    assert refused.open and refused.values == typed
    assert (refused.invalid, refused.focused, refused.why) == (["day", "time"], "day", why)
    other, booking = forms[f"move-{first['id']}"], forms["new-booking"]
    assert not other.open and other.invalid == [] and other.values["time"] == "15:00"
    assert not booking.open and booking.invalid == [] and booking.values["phone"] == ""
    # Every form of the page comes back to the day's page, never to the refused form's address.
    assert {form.hidden["next"] for form in forms.values()} == {DAY_PAGE}
    starts = [row["starts_at"] for row in appointments(front, salon)]
    assert sorted(starts) == ["2026-12-07T15:00:00+08:00", "2026-12-07T17:00:00+08:00"]


def test_a_move_to_the_time_it_has_is_refused_beside_the_time(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    booked = book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    typed = {"day": "2026-12-07", "time": "15:00", "stylist": ""}
    answer = post(front, f"/staff/appointments/{booked['id']}/move", **typed, next=DAY_PAGE)
    refused = forms_of(answer)[f"move-{booked['id']}"]
    why = "请检查“新的预约时间”：预约已经是这个时间了"
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    assert (refused.open, refused.values, refused.invalid, refused.why) == (
        True,
        typed,
        ["day", "time"],
        why,
    )


def test_a_move_done_is_sent_on_with_every_form_shut(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    booked = book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    path = f"/staff/appointments/{booked['id']}/move"
    answer = post(front, path, day="2026-12-07", time="16:00", next=DAY_PAGE)
    assert answer.status_code == 302 and answer.location.endswith(DAY_PAGE)
    page = front.get(answer.location)
    assert "已改时间，已通知顾客" in visible(page.get_data(as_text=True))
    assert not any(form.open or form.invalid for form in forms_of(page).values())


def test_a_move_refused_for_no_field_comes_back_open_with_why_above_it(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    booked = book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    erased = front.delete("/api/v1/customers/13800138000", headers=salon.headers)
    assert erased.status_code == 204
    typed = {"day": "2026-12-08", "time": "11:00", "stylist": "Mia"}
    answer = post(front, f"/staff/appointments/{booked['id']}/move", **typed, next=DAY_PAGE)
    why = "这位顾客的资料已删除，不能再发短信或改约"
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    refused = forms_of(answer)[f"move-{booked['id']}"]
    assert (refused.open, refused.values, refused.invalid, refused.focused, refused.why) == (
        True,
        typed,
        [],
        None,
        why,
    )
