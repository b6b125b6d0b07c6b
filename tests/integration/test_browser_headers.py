"""The headers browsers act on: the console cannot be framed, runs only its own script, keeps
its address to itself and out of caches; nothing is sniffed into another type; https is
remembered. (tests/e2e/test_console.py shows the pages still work under the policy.)"""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from gateway.db import Database
from tests.integration.test_console import make_staff, sign_in
from tests.support import SalonHandle, book

PAGES = (
    "/staff/today",
    "/staff/today?day=2026-11-23",
    "/staff/inbox",
    "/staff/inbox?show=all",
    "/staff/inbox/summary.json",
    "/staff/customers?q=王",
    "/staff/stats",
    "/staff/team",
    "/staff/customers/999999",  # a 404 page
)


def policy(response: TestResponse) -> dict[str, str]:
    """The Content-Security-Policy's directives by name."""
    header = response.headers.get("Content-Security-Policy", "")
    directives = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {d[0]: d[1] if len(d) == 2 else "" for d in directives}


def test_console_pages_cannot_be_framed_or_run_inline_script(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    book(client, salon)
    make_staff(db, salon, "lily@salon.example", owner=True)
    login = client.get("/staff/login")
    assert sign_in(client, "lily@salon.example").status_code == 302
    for path in PAGES:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        directives = policy(response)
        assert directives.get("frame-ancestors") == "'none'", path
        assert directives.get("script-src") == "'self'", path  # no 'unsafe-inline', no nonce
        assert directives.get("default-src") == "'self'", path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Strict-Transport-Security" not in response.headers  # plain http here
    assert policy(login).get("frame-ancestors") == "'none'"
    assert login.headers["X-Frame-Options"] == "DENY"
    script = client.get("/staff/static/console.js")
    assert script.status_code == 200 and script.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in script.headers.get("Cache-Control", "")  # cacheable: no data


def test_api_answers_are_not_sniffed_or_cached(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon)
    for response in (
        client.get("/api/v1/appointments/A-1", headers=salon.headers),
        client.get("/api/v1/appointments/A-1"),  # 401
        client.get("/api/v1/no-such-thing", headers=salon.headers),  # 404
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"


def test_https_is_remembered(client: FlaskClient, salon: SalonHandle) -> None:
    for path in ("/staff/login", "/api/v1/appointments/A-1", "/healthz"):
        secure = client.get(path, base_url="https://desk.salon.example")
        assert secure.headers["Strict-Transport-Security"].startswith("max-age="), path
        assert "Strict-Transport-Security" not in client.get(path).headers, path
