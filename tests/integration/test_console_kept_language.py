"""A change of language takes the page's form along. The offer page's rows: whatever the
receptionist typed or chose, previewed or not, the page comes back in the other language with
the rows as she left them (not proposed afresh, not emptied), previewed again only where a
preview was shown, and nothing is sent by the switch. The customers page's search box the same
way. Today's booking form (a customer's number: in no address) comes back open as typed, nothing
booked. The switch's buttons send the form itself, so it works without a script."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Customer
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_console_kept_answers import texts
from tests.integration.test_console_kept_inbox import change_requested
from tests.integration.test_console_kept_offer import TYPED
from tests.integration.test_console_refusals import front  # noqa: F401
from tests.shown_forms import forms_of, language_switch
from tests.support import SalonHandle

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

#: Typed, not previewed: row A left empty, then a later time before a sooner one.
UNSORTED = TYPED | {
    **{"day0": "", "time0": "", "stylist0": ""},
    **{"day1": "2026-12-10", "time1": "16:00", "stylist1": "Mia"},
    **{"day2": "2026-12-08", "time2": "11:00", "stylist2": ""},
}


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Offer times"), ("zh-TW", "傳可選時間"), ("zh-CN", "发可选时间")]
)
def test_a_switch_before_the_preview_keeps_the_rows_as_typed(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    title: str,
) -> None:
    item = change_requested(front, salon, db)
    page = front.get(f"{item}/offer")
    sent_before = texts(db)
    form_id, address = language_switch(page, lang)
    # Nothing published: nothing proposed, every row empty.
    assert form_id == "offer-slots" and set(forms_of(page)["offer-slots"].values.values()) == {""}

    switched = post(front, address, **UNSORTED)
    assert switched.status_code == 302
    back = front.get(switched.location)
    form = forms_of(back)["offer-slots"]
    words = visible(back.get_data(as_text=True))
    # In her order (nothing previewed, nothing sorted), nothing refused, no text to send.
    assert back.status_code == 200 and form.values == UNSORTED
    assert (form.why, form.invalid) == ("", [])
    assert title in words and "send-offer" not in back.get_data(as_text=True)
    # Not told to type times she has typed.
    assert "Nothing in your availability fits" not in words and "排班里没有" not in words
    assert texts(db) == sent_before


def test_a_switch_after_the_preview_previews_the_rows_as_they_stand(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    item = change_requested(front, salon, db)
    preview = front.get(f"{item}/offer", query_string=UNSORTED | {"preview": "1"})
    assert "A 12月8日 11:00，B 12月10日 16:00（Mia）。" in visible(preview.get_data(as_text=True))
    sent_before = texts(db)

    # She changes B's stylist after the preview, then picks English.
    shown = forms_of(preview)["offer-slots"].values
    _, address = language_switch(preview, "en")
    switched = post(front, address, **(shown | {"stylist1": "Zoe"}))
    assert switched.status_code == 302 and switched.location.endswith("#customer-reads")
    back = front.get(switched.location)
    words = visible(back.get_data(as_text=True))
    assert forms_of(back)["offer-slots"].by_legend() == {
        "A": ("2026-12-08", "11:00", ""),
        "B": ("2026-12-10", "16:00", "Zoe"),
        "C": ("", "", ""),
    }
    assert "The customer will read:" in words and "B 12月10日 16:00（Zoe）。" in words
    assert texts(db) == sent_before


def test_the_switch_needs_the_pages_token(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    item = change_requested(front, salon, db)
    _, address = language_switch(front.get(f"{item}/offer"), "en")
    refused = front.post(address, data=UNSORTED | {"csrf_token": "forged"})
    assert refused.status_code == 400
    assert "Offer times" not in visible(front.get(f"{item}/offer").get_data(as_text=True))


def test_the_customer_search_goes_with_a_switch_searched_or_not(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    """The customers page's search box the same way: typed, not yet searched, it comes back
    in the other language as typed (and searched, which is what she was about to do)."""
    change_requested(front, salon, db)
    form_id, address = language_switch(front.get("/staff/customers"), "en")
    switched = post(front, address, q="138 0013")
    assert form_id == "customer-search" and switched.status_code == 302
    back = front.get(switched.location)
    words = visible(back.get_data(as_text=True))
    assert forms_of(back)["customer-search"].values == {"q": "138 0013"}
    assert "Search" in words and "138 0013 8000" in words


def test_the_booking_she_is_typing_goes_with_a_switch_in_no_address(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    """Today's booking form, a customer on the phone: the switch shows the day's page again in
    the other language, the form open as she typed it, nothing refused and nothing booked; what
    she typed (a customer's number) is in no address, and the page's forms still come back to
    the day's page."""
    day_page = "/staff/today?day=2026-12-08"
    form_id, address = language_switch(front.get(day_page), "en")
    typed = {
        "phone": "135 0013 5000",
        "name": "陈先生",
        "service": "烫发",
        "stylist": "",
        "day": "2026-12-08",
        "time": "15:00",
        "duration_minutes": "90",
    }
    page = post(front, address, next=day_page, **typed)
    form = forms_of(page)["new-booking"]
    words = visible(page.get_data(as_text=True))
    assert form_id == "new-booking-form" and page.status_code == 200
    assert (form.open, form.values, form.invalid, form.why) == (True, typed, [], "")
    assert form.hidden["next"] == day_page
    assert "New booking (by phone)" in words and "Tue 8 Dec 2026" in words
    assert "陈先生" not in words and "0013" not in address  # nothing booked, nothing in an address
    assert language_switch(page, "zh-TW") == (form_id, address.replace("lang=en", "lang=zh-TW"))


def test_a_switch_with_nothing_typed_in_the_booking_form_shows_the_day_at_its_address(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    day_page = "/staff/today?day=2026-12-08"
    _, address = language_switch(front.get(day_page), "en")
    untouched = {"day": "2026-12-08", "duration_minutes": "60"}
    switched = post(front, address, next=day_page, phone="", name="", time="", **untouched)
    assert switched.status_code == 302 and switched.location == day_page
    shown = front.get(day_page)
    assert not forms_of(shown)["new-booking"].open
    assert "New booking (by phone)" in visible(shown.get_data(as_text=True))


@pytest.mark.parametrize("on", ["item", "customer"])
def test_the_answer_she_is_writing_goes_with_a_switch_in_no_address(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    on: str,
) -> None:
    """The answer box, on an inbox item's page and on the customer's: the page comes back in
    the other language with the words she was writing, nothing sent, nothing refused."""
    item = change_requested(front, salon, db)
    page_path = item
    if on == "customer":
        with db.sessions() as session:
            customer_id = session.scalars(select(Customer.id)).one()
        page_path = f"/staff/customers/{customer_id}"
    form_id, address = language_switch(front.get(page_path), "en")
    sent_before = texts(db)
    words = "明天下午\n三点可以吗？"
    page = post(front, address, next=page_path, body=words)
    form = forms_of(page)["answer"]
    assert form_id == "answer" and page.status_code == 200 and "明天下午" not in address
    assert (form.values, form.invalid, form.why) == ({"body": words}, [], "")
    assert form.focused == "body"  # where the page opens: the box is below the fold on a phone
    assert "Sign out" in visible(page.get_data(as_text=True)) and texts(db) == sent_before


def test_the_campaign_she_is_writing_goes_with_a_switch(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    """The new campaign's form: back in the other language as she left it, nothing refused,
    no campaign drafted."""
    form_id, address = language_switch(front.get("/staff/campaigns/new"), "en")
    typed = {
        "name": "双十二",
        "audience": "tags",
        "birthday_within_days": "",
        "not_visited_days": "",
        "tags": "烫发",
        "offer": "烫发八折",
        "valid_until": "12月31日",
        "send_day": "2026-12-10",
        "send_time": "10:30",
    }
    page = post(front, address, next="/staff/campaigns/new", kind="birthday", **typed)
    form = forms_of(page)["campaign-form"]
    shown = {name: form.values[name] for name in typed if name != "audience"}
    words = visible(page.get_data(as_text=True))
    assert form_id == "campaign-form" and page.status_code == 200
    assert shown == {name: value for name, value in typed.items() if name != "audience"}
    assert "Sign out" in words and "双十二" not in visible(
        front.get("/staff/campaigns").get_data(as_text=True)
    )


@pytest.mark.parametrize("keep", ["answer", "offer", "new-booking-form", "campaign-form"])
def test_a_switch_shows_no_page_of_another_salon_and_none_signed_out(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    make_salon: Any,
    app: Flask,
    keep: str,
) -> None:
    """Another salon's receptionist who sends a switch naming this salon's inbox item gets no
    page of it, and a stranger who is not signed in gets the sign-in page: the switch shows a
    page only as the page itself would."""
    item = change_requested(front, salon, db)
    other = make_salon("别家")
    make_staff(db, other, "mei@other.example")
    neighbour = app.test_client()
    assert sign_in(neighbour, "mei@other.example").status_code == 302
    address = f"/staff/language/keeping?lang=en&next={item}&keep={keep}"
    shown = post(neighbour, address, body="明天下午三点可以吗", phone="+8613800138000")
    if shown.status_code == 302:
        shown = neighbour.get(shown.headers["Location"])
    # Her own page at most (a form not of that page shows her own Today): nothing of theirs.
    seen = visible(shown.get_data(as_text=True))
    assert shown.status_code in (200, 404) and "改时间" not in seen and "丝绒发型" not in seen
    stranger = app.test_client()
    refused = stranger.post(address, data={"body": "hi", "csrf_token": "none"})
    assert refused.status_code in (302, 400) and "改时间" not in visible(
        refused.get_data(as_text=True)
    )
