"""Console sessions end on the server: a copied (or stolen) cookie stops working at sign-out,
an owner can sign a staff member out everywhere, and a new password ends the other sessions."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import make_staff, post, sign_in
from tests.support import SalonHandle

COOKIE = "salon_console"


def copy_of(client: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding the same cookie: what a thief copying it would have."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie.value)
    return thief


def signed_in(client: FlaskClient) -> bool:
    """Whether today's page opens (rather than sending the visitor to sign in)."""
    response = client.get("/staff/today")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def member_id(owner: FlaskClient, email: str) -> int:
    page = owner.get("/staff/team").get_data(as_text=True)
    found = re.search(rf"{re.escape(email)}.*?/staff/team/(\d+)/sessions", page, re.S)
    if found is None:  # the owner's own card comes first, without a disable button
        found = re.search(r"/staff/team/(\d+)/sessions", page)
    assert found, page[:2000]
    return int(found.group(1))


def test_a_copied_cookie_dies_at_sign_out(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example")
    assert sign_in(client, "lily@salon.example").status_code == 302
    thief = copy_of(client, app)
    assert signed_in(thief)  # the copy works while the session lives
    signed_out = post(client, "/staff/logout")
    assert signed_out.status_code == 302 and "/staff/login" in signed_out.headers["Location"]
    assert not signed_in(client)
    assert not signed_in(thief)
    # Signing in again starts a new session; the old copy stays dead.
    assert sign_in(client, "lily@salon.example").status_code == 302
    assert signed_in(client) and not signed_in(thief)


def test_signing_out_of_a_session_already_ended_elsewhere_is_harmless(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example")
    assert sign_in(client, "lily@salon.example").status_code == 302
    tablet = app.test_client()
    assert sign_in(tablet, "lily@salon.example").status_code == 302
    post(client, "/staff/logout")
    # The tablet's session ended with it (a sign-out ends the account's sessions everywhere).
    page = tablet.get("/staff/login")
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert csrf
    answer = tablet.post("/staff/logout", data={"csrf_token": csrf.group(1)})
    assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]


def test_an_owner_signs_a_staff_member_out_everywhere(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example", owner=True)
    make_staff(db, salon, "amy@salon.example")
    assert sign_in(client, "lily@salon.example").status_code == 302
    phone, tablet = app.test_client(), app.test_client()
    for device in (phone, tablet):
        assert sign_in(device, "amy@salon.example").status_code == 302
    assert "退出所有设备" in client.get("/staff/team").get_data(as_text=True)
    amy = member_id(client, "amy@salon.example")
    done = post(client, f"/staff/team/{amy}/sessions")
    assert done.status_code == 302
    assert "已保存" in client.get("/staff/team").get_data(as_text=True)
    assert not signed_in(phone) and not signed_in(tablet)
    assert signed_in(client)  # the owner stays
    assert sign_in(phone, "amy@salon.example").status_code == 302  # her password still works


def test_only_an_owner_ends_others_sessions(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example", owner=True)
    make_staff(db, salon, "amy@salon.example")
    owner = app.test_client()
    assert sign_in(owner, "lily@salon.example").status_code == 302
    lily = member_id(owner, "lily@salon.example")
    assert sign_in(client, "amy@salon.example").status_code == 302
    assert post(client, f"/staff/team/{lily}/sessions").status_code == 403
    assert signed_in(owner)


def test_a_new_password_ends_the_other_sessions(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    other_device = app.test_client()
    assert sign_in(other_device, "lily@salon.example").status_code == 302
    lily = member_id(client, "lily@salon.example")
    post(client, f"/staff/team/{lily}/password", password="a brand new password")
    assert signed_in(client)  # where the password was changed
    assert not signed_in(other_device)
    assert sign_in(other_device, "lily@salon.example", "a brand new password").status_code == 302
