"""Forwarded headers are believed only from declared proxies (TRUSTED_PROXIES hops), and
production refuses to start without the public URL Twilio's signatures are checked against.

With no proxy declared, anyone can write X-Forwarded-For: it must not move a caller to another
sign-in bucket or pass an address allowlist, and X-Forwarded-Host/-Proto must not change the URL
a Twilio signature is checked against. Behind a declared proxy, each visitor has their own
sign-in bucket again, so a flood from one address cannot lock out an owner elsewhere."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import PASSWORD, make_staff
from tests.support import SalonHandle, book, sign, twilio_form


def sign_in_from(client: FlaskClient, email: str, password: str, **headers: str) -> Any:
    page = client.get("/staff/login", headers=headers).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    form = {"email": email, "password": password, "csrf_token": csrf.group(1)}
    return client.post("/staff/login", data=form, headers=headers)


def flood(app: Flask, attempts: int, **headers: str) -> list[int]:
    """Sign-ins with unknown emails, as a password sprayer sends them."""
    sprayer = app.test_client()
    return [
        sign_in_from(sprayer, f"guess{n}@example.com", "guessing", **headers).status_code
        for n in range(attempts)
    ]


def test_behind_a_declared_proxy_a_flood_from_one_address_locks_out_only_that_address(
    make_app: Any, salon: SalonHandle
) -> None:
    app: Flask = make_app(trusted_proxies=1)
    make_staff(app.extensions["db"], salon, "owner@salon.example", owner=True)
    answers = flood(app, 35, **{"X-Forwarded-For": "198.51.100.66"})
    assert answers[:30] == [401] * 30 and set(answers[30:]) == {429}
    # Every request reaches us from the proxy (127.0.0.1); the owner is at another address.
    owner = sign_in_from(
        app.test_client(), "owner@salon.example", PASSWORD, **{"X-Forwarded-For": "203.0.113.7"}
    )
    assert owner.status_code == 302 and owner.headers["Location"].endswith("/staff/today")


def test_without_a_declared_proxy_a_forged_forwarded_for_changes_no_bucket(
    app: Flask, db: Database, salon: SalonHandle
) -> None:
    sprayer = app.test_client()
    answers = [
        sign_in_from(
            sprayer, f"guess{n}@example.com", "guessing", **{"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(31)
    ]
    assert answers == [401] * 30 + [429]


def test_without_a_declared_proxy_forwarded_host_and_scheme_do_not_sign(
    make_app: Any, salon: SalonHandle
) -> None:
    """A signature made for the URL named in X-Forwarded-* is refused unless a proxy is ours."""
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "sms.attacker.example"}
    url = "https://sms.attacker.example/sms/twilio/inbound"
    answers = []
    for hops in (0, 1):
        client = make_app(trusted_proxies=hops).test_client()
        form = twilio_form("确认", to=salon.sender)
        headers = {**forged, "X-Twilio-Signature": sign(url, form)}
        answers.append(client.post("/sms/twilio/inbound", data=form, headers=headers).status_code)
    assert answers == [403, 200]


@pytest.mark.parametrize("env", ["production", "staging", ""])
def test_production_refuses_to_start_without_its_public_url(make_app: Any, env: str) -> None:
    with pytest.raises(ValueError, match="PUBLIC_BASE_URL is not set"):
        make_app(gateway_env=env, public_base_url="")


def test_in_production_twilio_signs_for_the_public_url_whatever_the_host_header(
    make_app: Any, salon: SalonHandle
) -> None:
    app: Flask = make_app(gateway_env="production", public_base_url="https://sms.example.com")
    client = app.test_client()
    book(client, salon)
    form = twilio_form("确认", to=salon.sender)
    for_host = sign("http://sms.attacker.example/sms/twilio/inbound", form)
    refused = client.post(
        "/sms/twilio/inbound",
        data=form,
        headers={"Host": "sms.attacker.example", "X-Twilio-Signature": for_host},
    )
    assert refused.status_code == 403
    for_public = sign("https://sms.example.com/sms/twilio/inbound", form)
    accepted = client.post(
        "/sms/twilio/inbound", data=form, headers={"X-Twilio-Signature": for_public}
    )
    assert accepted.status_code == 200
