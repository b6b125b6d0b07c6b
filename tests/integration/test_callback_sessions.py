"""Providers' callbacks (``/sms/…``) live beside the console but never open its session: they
answer without a console cookie, whatever cookie the caller holds, and the console's own
session is untouched by them."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import make_staff, sign_in
from tests.integration.test_console_sessions import COOKIE, signed_in
from tests.support import SalonHandle, book, post_signed, run_worker, status_of, twilio_form


def test_a_provider_callback_sets_no_console_cookie_even_for_a_signed_in_browser(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    book(client, salon, external_id="A-1", customer={"phone": "13800138001"})
    run_worker(app)
    make_staff(db, salon, "lily@salon.example")
    assert sign_in(client, "lily@salon.example").status_code == 302
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    # The same browser (its console cookie sent along) calls the webhook: stored and answered,
    # and no Set-Cookie comes back (a console page refreshes its week-long cookie; this not).
    form = twilio_form("确认", to=salon.sender, sender="+8613800138001")
    answer = post_signed(client, form)
    assert answer.status_code == 200
    assert "Set-Cookie" not in answer.headers
    assert "Cookie" not in answer.headers.get("Vary", "")
    # The China providers' pushes too, refused or not.
    push = client.post("/sms/aliyun/wrong-token/reports", json=[])
    assert push.status_code < 500
    assert "Set-Cookie" not in push.headers
    # The console session is the one it was, and still works.
    still = client.get_cookie(COOKIE)
    assert still is not None and still.value == cookie.value
    assert signed_in(client)
    run_worker(app)
    assert status_of(client, salon, "A-1") == "confirmed"
    # A console page still refreshes it, as before.
    assert "Set-Cookie" in client.get("/staff/today").headers
