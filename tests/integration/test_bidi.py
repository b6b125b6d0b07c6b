"""Bidirectional control characters (U+202A–U+202E, U+2066–U+2069) reorder what staff read: a
reversed number, a name that reads as someone else's. They are refused with a 422 naming the
field in names, services, stylists and external ids, and in the console's staff form; what was
stored before is shown isolated, so it reorders only itself."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from gateway.db import Database
from gateway.models import Appointment, Customer, Staff
from tests.integration.test_console import make_staff, page_words, post, sign_in
from tests.support import SalonHandle, TestClock, appointment_payload, book

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
CONTROLS = (
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
)


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("customer.name", lambda c: {"customer": {"phone": "13800138000", "name": f"王{c}女士"}}),
        ("service", lambda c: {"service": f"剪发{c}"}),
        ("stylist", lambda c: {"stylist": f"{c}Lily"}),
        ("external_id", lambda c: {"external_id": f"A-{c}1"}),
    ],
)
def test_the_api_refuses_them_naming_the_field(
    client: FlaskClient, salon: SalonHandle, control: str, field: str, change: Any
) -> None:
    response = client.post(
        "/api/v1/appointments", json=appointment_payload(**change(control)), headers=salon.headers
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field and "bidirectional control" in error["message"]
    listed = client.get("/api/v1/appointments", headers=salon.headers).get_json()
    assert listed["data"] == []


@pytest.mark.parametrize("field", ["service", "stylist"])
def test_a_change_is_refused_too(client: FlaskClient, salon: SalonHandle, field: str) -> None:
    book(client, salon)
    response = client.patch(
        "/api/v1/appointments/A-1", json={field: f"{RLO}新"}, headers=salon.headers
    )
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field
    shown = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    assert shown[field] == appointment_payload()[field]


def test_the_console_refuses_them_in_a_staff_name(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    post(client, "/staff/team", email="amy@salon.example", name=f"Amy{RLO}", password="x" * 12)
    # Said in the staff member's language, naming the field (the API keeps its English).
    shown = page_words(client, "/staff/team")
    assert "看不见的文字方向符号" in shown, shown
    with db.sessions() as session:
        assert session.scalar(select(Staff).where(Staff.email == "amy@salon.example")) is None


class _Isolation(HTMLParser):
    """Each piece of text holding ``needle``, with whether an element isolates it."""

    def __init__(self, needle: str) -> None:
        super().__init__()
        self.needle, self.open, self.found = needle, [], []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("input", "meta", "link", "br", "img"):
            self.open.append(tag == "bdi" or ("dir", "auto") in attrs or tag == "title")

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("input", "meta", "link", "br", "img") and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.needle in data:
            self.found.append((data.strip(), any(self.open)))


def test_what_was_stored_before_is_shown_isolated(
    client: FlaskClient, db: Database, salon: SalonHandle, clock: TestClock
) -> None:
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    created = book(client, salon, starts_at="2026-11-23T15:00:00+08:00")
    with db.transaction() as session:  # as an older version stored them
        session.execute(update(Customer).values(name=f"王{RLO}女士"))
        session.execute(
            update(Appointment)
            .where(Appointment.id == created["id"])
            .values(service=f"剪发{RLO}", stylist=f"{RLO}Lily")
        )
        customer_id = session.scalars(select(Customer.id)).one()
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    for path in (
        "/staff/today?day=2026-11-23",
        f"/staff/customers/{customer_id}",
        "/staff/customers?q=王",
    ):
        page = client.get(path)
        assert page.status_code == 200
        reader = _Isolation(RLO)
        reader.feed(page.get_data(as_text=True))
        assert reader.found, path
        assert all(isolated for _, isolated in reader.found), (path, reader.found)
        title = page.get_data(as_text=True).split("<title>", 1)[1].split("</title>", 1)[0]
        assert RLO not in title, path
