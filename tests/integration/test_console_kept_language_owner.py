"""A change of language takes the owner's own forms along. The birthday card's form on the
campaigns page comes back open in the other language as she left it (turned on, the days, the
offer), nothing saved; staff who are not owners have no such form and get the page at its
address."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import make_staff, post, sign_in, visible
from tests.integration.test_console_refusals import front  # noqa: F401
from tests.shown_forms import forms_of, language_switch
from tests.support import SalonHandle

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

BIRTHDAY = {
    "enabled": "on",
    "days_before": "3",
    "offer": "生日当月烫染8折",
    "valid_until": "3月31日",
}


def birthday_setting(client: FlaskClient, salon: SalonHandle) -> Any:
    return client.get("/api/v1/salon", headers=salon.headers).get_json()["birthday_offers"]


def test_the_birthday_card_she_is_changing_goes_with_a_switch_nothing_saved(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    page = front.get("/staff/campaigns")
    form_id, address = language_switch(page, "en")
    assert form_id == "birthday-form" and not forms_of(page)["birthday-change"].open
    before = birthday_setting(front, salon)

    shown = post(front, address, **BIRTHDAY)
    form = forms_of(shown)["birthday-change"]
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and form.open
    assert form.values == BIRTHDAY and "enabled" in form.ticked
    assert "Save" in visible(html) and "birthday-not-saved" not in html  # nothing refused
    assert "生日当月" not in address and birthday_setting(front, salon) == before


def test_staff_not_owners_have_no_birthday_form_to_take_along(
    salon: SalonHandle,
    db: Database,
    app: Flask,
) -> None:
    make_staff(db, salon, "amy@salon.example")
    desk = app.test_client()
    assert sign_in(desk, "amy@salon.example").status_code == 302
    address = "/staff/language/keeping?lang=en&next=/staff/campaigns&keep=birthday-form"
    switched = post(desk, address, **BIRTHDAY)
    assert switched.status_code == 302 and switched.location == "/staff/campaigns"
    assert "birthday-form" not in desk.get("/staff/campaigns").get_data(as_text=True)


SURVEYS = {"survey_enabled": "1", "survey_delay_minutes": "45", "survey_min_days_between": "90"}


def test_the_survey_settings_she_is_changing_go_with_a_switch_nothing_saved(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    """On a past quarter's page: back at that quarter, the settings as she typed them."""
    page = front.get("/staff/stats/quarter?quarter=2026Q3")
    form_id, address = language_switch(page, "en")
    assert form_id == "survey-settings"
    before = front.get("/api/v1/salon", headers=salon.headers).get_json()

    shown = post(front, address, quarter="2026Q3", **SURVEYS)
    form = forms_of(shown)["survey-settings"]
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "2026Q3" in visible(html)
    assert {name: form.values[name] for name in SURVEYS} == SURVEYS
    assert "survey_enabled" in form.ticked
    assert "Text a survey after each visit" in visible(html)
    assert front.get("/api/v1/salon", headers=salon.headers).get_json() == before


def test_the_member_she_is_adding_goes_with_a_switch_without_the_password(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
) -> None:
    """The staff page's new-member form: back as typed, nobody added; the password she typed
    is not written back into the page (she types it again)."""
    form_id, address = language_switch(front.get("/staff/team"), "zh-TW")
    typed = {"email": "amy@salon.example", "phone": "", "name": "Amy", "is_owner": "1"}
    shown = post(front, address, password="a long secret 1", **typed)
    form = forms_of(shown)["add-staff"]
    html = shown.get_data(as_text=True)
    assert form_id == "add-staff" and shown.status_code == 200
    assert form.values == typed | {"password": ""}
    assert "is_owner" in form.ticked and "a long secret" not in html
    assert "新增員工" in visible(html)
    listed = visible(front.get("/staff/team").get_data(as_text=True))
    assert "amy@salon.example" not in listed  # nobody added
