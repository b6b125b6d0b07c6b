"""A database error never carries a customer's number into a log line or a stored traceback."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from gateway.db import Database
from gateway.models import Customer, Salon

PHONE = "+8613800138000"


def test_a_duplicate_customer_error_names_the_constraint_not_the_number(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    db = Database(database_url)
    with db.transaction() as session:
        salon = Salon(name="发艺", api_key_hash="0" * 64)
        session.add(salon)
        session.flush()
        salon_id = salon.id
        session.execute(insert(Customer).values(salon_id=salon_id, phone=PHONE))

    with pytest.raises(IntegrityError) as raised:  # noqa: PT012
        with db.transaction() as session:
            session.execute(insert(Customer).values(salon_id=salon_id, phone=PHONE))
    logging.getLogger("gateway.test").error("insert failed", exc_info=raised.value)
    db.engine.dispose()

    message = str(raised.value)
    assert "uq_customers_salon_phone" in message or "customers.phone" in message
    assert PHONE not in message
    assert "8613800138000" not in caplog.text
