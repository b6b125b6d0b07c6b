"""A change of language on Today takes one form along: the booking form by default, or the
appointment's "Move to…" form she typed in last (the console's script points the switch at
it: one form can go, the one her hands were in). That move form comes back open as typed,
nothing moved; another salon's appointment named in it is not found (404, in her language),
never her own day in its place, and nothing of it shows."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Appointment
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_console_kept_inbox import starts
from tests.integration.test_console_refusals import front  # noqa: F401
from tests.shown_forms import forms_of, language_switch
from tests.support import SalonHandle, book

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

DAY = "/staff/today?day=2026-12-07"
TYPED = {"day": "2026-12-09", "time": "11:30", "stylist": "Mia"}


def moving(address: str) -> str:
    return address.replace("keep=new-booking-form", "keep=move-form")


def test_the_move_she_is_typing_on_today_goes_with_a_switch_nothing_moved(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00", stylist="Lily")
    with db.sessions() as session:
        appointment = session.scalars(select(Appointment.id)).one()
    form_id, address = language_switch(front.get(DAY), "en")
    assert form_id == "new-booking-form"
    before = starts(front, salon)

    shown = post(front, moving(address), next=DAY, appointment=str(appointment), **TYPED)
    form = forms_of(shown)[f"move-{appointment}"]
    words = visible(shown.get_data(as_text=True))
    assert shown.status_code == 200 and "Move to…" in words and "Mon 7 Dec 2026" in words
    assert (form.open, form.values, form.invalid, form.why) == (True, TYPED, [], "")
    assert not forms_of(shown)["new-booking"].open
    assert starts(front, salon) == before  # nothing moved


def test_another_salons_appointment_named_in_a_switch_is_not_found(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    make_salon: Any,
    app: Flask,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00", stylist="Lily")
    with db.sessions() as session:
        appointment = session.scalars(select(Appointment.id)).one()
    other = make_salon("别家")
    make_staff(db, other, "mei@other.example")
    neighbour = app.test_client()
    assert sign_in(neighbour, "mei@other.example").status_code == 302
    address = f"/staff/language/keeping?lang=en&next={DAY}&keep=move-form"
    shown = post(neighbour, address, appointment=str(appointment), **TYPED)
    seen = visible(shown.get_data(as_text=True))
    assert shown.status_code == 404 and "Not found" in seen  # in the language she chose
    assert "Mon 7 Dec 2026" not in seen and "New booking" not in seen  # not her own day either
    assert "Lily" not in seen and "Mia" not in seen and "0013" not in seen
    before = starts(front, salon)
    stranger = app.test_client()
    refused = stranger.post(address, data={"appointment": str(appointment), **TYPED})
    assert refused.status_code == 400 and "Lily" not in visible(refused.get_data(as_text=True))
    assert starts(front, salon) == before  # nothing moved by either
