"""A change of language on the customer's page takes the consent form along when that is the
form she last typed in: the page comes back in the other language with the method she chose and
the evidence she typed, nothing refused, no consent recorded; the evidence is in no address.
Where the page has no answer box (a customer who opted out), the switch takes the consent form
without a script. Another salon's customer is not found (404)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_console_kept_answers import customer_id
from tests.integration.test_console_kept_language_item import taking
from tests.integration.test_console_refusals import front  # noqa: F401
from tests.shown_forms import forms_of, language_switch
from tests.support import SalonHandle, book, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

API = "/api/v1/customers/13800138000/export"
TYPED = {"method": "paper_form", "evidence": "登记表第7号"}


def test_the_consent_she_is_recording_goes_with_a_switch_nothing_recorded(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    form_id, address = language_switch(front.get(page), "en")
    assert form_id == "answer"

    shown = post(front, taking(address, "consent-form"), next=page, **TYPED)
    consent = forms_of(shown)["consent-form"]
    words = visible(shown.get_data(as_text=True))
    assert shown.status_code == 200 and "Evidence" in words and "第7号" not in address
    assert (consent.values, consent.invalid, consent.why) == (TYPED, [], "")
    assert consent.shown == {"method": "Paper form"}
    assert front.get(API, headers=salon.headers).get_json()["consent_history"] == []


def test_without_an_answer_box_the_switch_takes_the_consent_form(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(front, salon, "退订")  # she opted out: no answer box on her page
    page = f"/staff/customers/{customer_id(db)}"
    form_id, address = language_switch(front.get(page), "zh-TW")
    assert form_id == "consent-form"
    shown = post(front, address, next=page, **TYPED)
    assert shown.status_code == 200 and forms_of(shown)["consent-form"].values == TYPED
    assert "憑據" in visible(shown.get_data(as_text=True))


def test_a_switch_shows_no_customer_of_another_salon(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    make_salon: Any,
    app: Flask,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    other = make_salon("别家")
    make_staff(db, other, "mei@other.example")
    neighbour = app.test_client()
    assert sign_in(neighbour, "mei@other.example").status_code == 302
    address = f"/staff/language/keeping?lang=en&next={page}&keep=consent-form"
    shown = post(neighbour, address, **TYPED)
    assert shown.status_code == 404 and "0013" not in visible(shown.get_data(as_text=True))
