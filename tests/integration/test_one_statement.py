"""The webhook's one statement runs on the database driver's own cursor, its SQL compiled once.
What it stores is what SQLAlchemy would have stored (a time is the same instant on both
databases), and what goes wrong there reaches a log as every other statement's error does:
SQLAlchemy's, naming the constraint, with no customer's number in it, and nothing handed off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from flask.testing import FlaskClient
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import IntegrityError

from gateway.db import Committed, Database
from gateway.models import Customer, UTCDateTime
from tests.support import SalonHandle, book

PHONE = "13800138001"
_ADD_CUSTOMER = text(
    "INSERT INTO customers (salon_id, phone, created_at) "
    "VALUES (:salon_id, :phone, :created_at) RETURNING id"
).bindparams(bindparam("created_at", type_=UTCDateTime()))


def test_a_time_written_by_one_statement_reads_back_as_the_same_instant(
    db: Database, salon: SalonHandle
) -> None:
    shanghai_morning = datetime(2026, 12, 7, 9, 30, 15, 250000, tzinfo=timezone(timedelta(hours=8)))
    values = {"salon_id": salon.id, "phone": "+8613800138002", "created_at": shanghai_morning}
    customer_id = db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values))
    with db.transaction() as session:
        customer = session.get_one(Customer, customer_id)
        assert customer.phone == "+8613800138002"
        assert customer.created_at == datetime(2026, 12, 7, 1, 30, 15, 250000, tzinfo=UTC)


def test_a_failed_one_statement_names_the_constraint_not_the_customer(
    client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    book(client, salon, external_id="A-1", customer={"phone": PHONE})
    with db.transaction() as session:
        phone = session.scalars(select(Customer.phone).where(Customer.salon_id == salon.id)).one()
    assert phone.endswith(PHONE)
    handed_off: list[Committed] = []
    db.after_commit.append(handed_off.append)
    values = {"salon_id": salon.id, "phone": phone, "created_at": datetime.now(UTC)}
    with pytest.raises(IntegrityError) as raised:
        db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values))
    said = str(raised.value)
    assert "customers" in said or "uq_customers_salon_phone" in said
    assert PHONE not in said
    assert handed_off == []
    # The connection it ran on is fine for the next statement.
    values["phone"] = "+8613800138003"
    assert db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values)) is not None
    assert len(handed_off) == 1
