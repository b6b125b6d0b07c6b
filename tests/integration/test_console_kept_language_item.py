"""A change of language takes the inbox item's other forms along, not only the answer box: the
"Move to…" form as she left it (open, her day, time and stylist, nothing refused, nothing
moved) and the "remember this reply" tick (still ticked, nothing treated). The page's own
switch sends the answer box; the console's script points it at the form she last typed in,
which the switch then shows again by its id. Another salon's item is not found (404)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import InboxItem
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_console_kept_answers import texts
from tests.integration.test_console_kept_inbox import change_requested, starts
from tests.integration.test_console_refusals import front  # noqa: F401
from tests.shown_forms import forms_of, language_switch
from tests.support import SalonHandle, book, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")


def taking(address: str, form_id: str) -> str:
    """The switch's address once the script points it at ``form_id`` (the form last typed in)."""
    return address.replace("keep=answer", f"keep={form_id}")


def test_the_move_she_is_typing_goes_with_a_switch_nothing_moved(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    item = change_requested(front, salon, db)
    page = front.get(item)
    assert forms_of(page)["move-to"].values == {
        "day": "2026-12-07",
        "time": "15:00",
        "stylist": "Lily",
    }
    form_id, address = language_switch(page, "en")
    assert form_id == "answer"
    before, sent_before = starts(front, salon), texts(db)

    typed = {"day": "2026-12-09", "time": "11:30", "stylist": "Mia"}
    shown = post(front, taking(address, "move-to-form"), next=item, **typed)
    form = forms_of(shown)["move-to"]
    words = visible(shown.get_data(as_text=True))
    assert shown.status_code == 200 and "Mark handled" in words and "Move to" in words
    assert (form.open, form.values, form.invalid, form.why) == (True, typed, [], "")
    assert form.hidden == {"csrf_token": form.hidden["csrf_token"]}
    assert starts(front, salon) == before and texts(db) == sent_before  # nothing moved
    # From there, the switch still takes the answer box by default.
    assert language_switch(shown, "zh-TW")[0] == "answer"


def test_the_remember_tick_goes_with_a_switch_nothing_treated(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "OK搞掂！")
    with db.sessions() as session:
        item = f"/staff/inbox/{session.scalars(select(InboxItem.id)).one()}"
    _, address = language_switch(front.get(item), "en")

    shown = post(front, taking(address, "treat-as"), next=item, remember="1")
    words = visible(shown.get_data(as_text=True))
    assert shown.status_code == 200 and "Remember this reply" in words
    assert any("remember" in form.ticked for form in forms_of(shown).values())
    assert "Treated as" not in words  # nothing treated: the buttons still wait
    untouched = post(front, taking(address, "treat-as"), next=item)
    assert not any("remember" in form.ticked for form in forms_of(untouched).values())


@pytest.mark.parametrize("keep", ["move-to-form", "treat-as"])
def test_a_switch_shows_no_item_of_another_salon(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    make_salon: Any,
    app: Flask,
    keep: str,
) -> None:
    item = change_requested(front, salon, db)
    other = make_salon("别家")
    make_staff(db, other, "mei@other.example")
    neighbour = app.test_client()
    assert sign_in(neighbour, "mei@other.example").status_code == 302
    address = f"/staff/language/keeping?lang=en&next={item}&keep={keep}"
    shown = post(neighbour, address, day="2026-12-09", time="11:30", remember="1")
    seen = visible(shown.get_data(as_text=True))
    assert shown.status_code == 404 and "改时间" not in seen and "Lily" not in seen
