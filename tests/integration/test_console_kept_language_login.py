"""A change of language on the sign-in page is a form of its own, with no password box: the
page comes back in the other language with the email (or number) it carries, never the
password, nothing checked or counted, still going on to the page she asked for. And the
switches that take a form along are no door: a stranger, even holding a token of her own, and
another salon's receptionist read nothing of the salon through them and change nothing (nothing
treated, remembered, moved or sent)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gateway.db import Database
from gateway.models import InboxItem, TaughtPhrase
from tests.integration.test_console import PASSWORD, make_staff, post, sign_in, token, visible
from tests.integration.test_console_kept_answers import texts
from tests.integration.test_console_kept_inbox import starts
from tests.integration.test_console_refusals import front  # noqa: F401
from tests.shown_forms import forms_of, hidden_fields
from tests.support import SalonHandle, book, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

TYPED_EMAIL = "Lily@Salon.example"


def test_the_email_she_typed_goes_with_a_switch_never_the_password(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example")
    page = client.get("/staff/login?next=/staff/inbox")
    # The switch is a form of its own, outside the sign-in form: it holds no password box.
    switch = hidden_fields(page, "/staff/login/language")
    assert set(switch) == {"csrf_token", "next", "email"} and switch["next"] == "/staff/inbox"
    assert forms_of(page)["login-form"].values == {"email": "", "password": ""}

    # What the switch sends once the console's script has copied the email typed into it.
    address = "/staff/login/language"
    shown = client.post(address, data={**switch, "email": TYPED_EMAIL, "lang": "en"})
    words = visible(shown.get_data(as_text=True))
    assert shown.status_code == 200 and "Sign in" in words and "登录" not in words
    form = forms_of(shown)["login-form"]
    assert form.values == {"email": TYPED_EMAIL, "password": ""}
    assert PASSWORD not in shown.get_data(as_text=True)
    assert "wrong" not in words.lower()  # nothing was checked: no refusal shown
    assert hidden_fields(shown, "/staff/login")["next"] == "/staff/inbox"
    assert client.get("/staff/today").status_code == 302  # not signed in by a switch

    # Back in 简体 the same way, the email the page was shown with in the switch (with scripts
    # off too), then she signs in from there and lands where she asked.
    switch = hidden_fields(shown, address)
    assert switch["email"] == TYPED_EMAIL
    again = client.post(address, data={**switch, "lang": "zh-CN"})
    assert "登录" in visible(again.get_data(as_text=True))
    assert forms_of(again)["login-form"].values["email"] == TYPED_EMAIL
    signed = client.post(
        "/staff/login",
        data={
            "email": TYPED_EMAIL,
            "password": PASSWORD,
            "next": "/staff/inbox",
            "csrf_token": token(client),
        },
    )
    assert signed.status_code == 302 and signed.headers["Location"] == "/staff/inbox"


def test_the_sign_in_switch_needs_the_pages_token(client: FlaskClient) -> None:
    refused = client.post(
        "/staff/login/language", data={"email": TYPED_EMAIL, "lang": "en", "csrf_token": "none"}
    )
    assert refused.status_code == 400 and TYPED_EMAIL not in refused.get_data(as_text=True)


def _unclear_item(front: FlaskClient, salon: SalonHandle, db: Database) -> str:  # noqa: F811
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00", stylist="Lily")
    reply(front, salon, "看情况？")
    with db.sessions() as session:
        return f"/staff/inbox/{session.scalars(select(InboxItem.id)).one()}"


def _written(front: FlaskClient, salon: SalonHandle, db: Database) -> Any:  # noqa: F811
    """What a switch must never change: texts, taught phrases, treated items, times booked."""
    with db.sessions() as session:
        phrases = session.scalar(select(func.count()).select_from(TaughtPhrase))
        treated = session.scalars(select(InboxItem.treated_as)).all()
    return texts(db), phrases, treated, starts(front, salon)


@pytest.mark.parametrize("keep", ["treat-as", "move-to-form", "answer", "move-form"])
def test_no_one_outside_the_salon_reads_or_writes_through_a_switch(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    make_salon: Any,
    app: Flask,
    keep: str,
) -> None:
    item = _unclear_item(front, salon, db)
    before = _written(front, salon, db)
    address = f"/staff/language/keeping?lang=en&next={item}&keep={keep}"
    typed = {"remember": "1", "intent": "confirm", "body": "明天见", "day": "2026-12-09"}
    typed |= {"time": "11:30", "appointment": "1"}

    stranger = app.test_client()  # a token of her own, from the sign-in page, and no account
    shown = stranger.post(address, data={**typed, "csrf_token": token(stranger)})
    seen = visible(shown.get_data(as_text=True))
    assert shown.status_code == 401 and "看情况" not in seen and "Lily" not in seen

    other = make_salon("别家")
    make_staff(db, other, "mei@other.example")
    neighbour = app.test_client()
    assert sign_in(neighbour, "mei@other.example").status_code == 302
    shown = post(neighbour, address, **typed)
    seen = visible(shown.get_data(as_text=True))
    assert shown.status_code == 404 and "Not found" in seen
    assert "看情况" not in seen and "Lily" not in seen and "明天见" not in seen

    assert _written(front, salon, db) == before
