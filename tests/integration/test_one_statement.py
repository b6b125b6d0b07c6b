"""The webhook's one statement runs on the database driver's own cursor, its SQL compiled once.
What it stores is what SQLAlchemy would have stored (a time is the same instant on both
databases), and what goes wrong there reaches a log as every other statement's error does:
SQLAlchemy's, naming the constraint, with no customer's number in it, and nothing handed off.
A failed statement is sent once; only a connection the server dropped gets it sent again, once,
on a new connection."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import bindparam, event, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from gateway.db import Committed, Database, LeftInTransaction, Statement
from gateway.models import Customer, UTCDateTime
from tests.support import SalonHandle, book, post_signed, twilio_form

PHONE = "13800138001"
_ADD_CUSTOMER = text(
    "INSERT INTO customers (salon_id, phone, created_at) "
    "VALUES (:salon_id, :phone, :created_at) RETURNING id"
).bindparams(bindparam("created_at", type_=UTCDateTime()))


class Counted:
    """``write`` for ``one_statement``: the statement, counting the times it was sent."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.sent = 0

    def __call__(self, write: Statement) -> Any:
        self.sent += 1
        return write.scalar(_ADD_CUSTOMER, self.values)


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
    statement = Counted(values)
    pool = PoolUse(db)
    with pytest.raises(IntegrityError) as raised:
        db.one_statement(statement)
    # Refused once is refused: the statement is not sent again, on any connection.
    assert (statement.sent, pool.given) == (1, 1)
    said = str(raised.value)
    assert "customers" in said or "uq_customers_salon_phone" in said
    assert "INSERT INTO customers" in said  # the statement, as every SQLAlchemy error shows it
    assert PHONE not in said
    assert "hide_parameters" in said
    assert not raised.value.connection_invalidated
    assert handed_off == []
    # The connection it ran on is fine for the next statement.
    values["phone"] = "+8613800138003"
    assert db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values)) is not None
    assert len(handed_off) == 1


def _lose(db: Database, driver_connection: Any) -> None:
    """End a connection as a database restart does: the server ends it on PostgreSQL (asked on
    a connection of the rest of the app's pool); SQLite has no server, so its handle is closed
    under the pool."""
    if db.engine.dialect.name == "sqlite":
        driver_connection.close()
        return
    pid = driver_connection.info.backend_pid
    with db.engine.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        gone = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
        while admin.scalar(gone, {"pid": pid}):
            admin.rollback()  # a transaction sees pg_stat_activity as it was when it began


def _lose_pooled_connections(db: Database, count: int) -> None:
    """Leave ``count`` connections in the one-statement pool that the database has dropped."""
    engine = db.one_statement_engine
    engine.dispose()
    held = [engine.raw_connection() for _ in range(count)]
    drivers = [connection.dbapi_connection for connection in held]
    for connection in held:
        connection.close()
    for driver_connection in drivers:
        _lose(db, driver_connection)


class PoolUse:
    """What the one-statement pool did from now on: connections it gave out (a dropped one
    among them), and new connections it tried to open."""

    def __init__(self, db: Database) -> None:
        self.given = 0
        self.opening = 0
        event.listen(db.one_statement_engine, "checkout", self._given)
        event.listen(db.one_statement_engine, "do_connect", self._opening)

    def _given(self, *_: Any) -> None:
        self.given += 1

    def _opening(self, *_: Any) -> None:
        self.opening += 1


def _refuse_connections(db: Database, tmp_path: Path) -> None:
    """From now on no new connection can be made: the database is down."""
    engine = db.one_statement_engine

    @event.listens_for(engine, "do_connect")
    def _nowhere(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        if engine.dialect.name == "sqlite":
            cargs[0] = str(tmp_path / "no-such-folder" / "gateway.sqlite3")
        else:
            with socket.socket() as unused:
                unused.bind(("127.0.0.1", 0))
                cparams["port"] = unused.getsockname()[1]


def test_a_dropped_connection_is_replaced_and_the_statement_stored_once(
    db: Database, salon: SalonHandle
) -> None:
    handed_off: list[Committed] = []
    db.after_commit.append(handed_off.append)
    _lose_pooled_connections(db, 2)
    pool = PoolUse(db)
    values = {"salon_id": salon.id, "phone": "+8613800138004", "created_at": datetime.now(UTC)}
    customer_id = db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values))
    assert customer_id is not None
    # Tried on the dropped connection, then once more on a new one: the other connection as
    # old as the dropped one is replaced, not tried in turn.
    assert (pool.given, pool.opening) == (2, 1)
    assert len(handed_off) == 1
    with db.transaction() as session:
        stored = select(func.count()).where(Customer.phone == "+8613800138004")
        assert session.scalar(stored) == 1


def test_with_the_database_down_a_statement_is_tried_on_two_connections_at_most(
    db: Database, salon: SalonHandle, tmp_path: Path
) -> None:
    handed_off: list[Committed] = []
    db.after_commit.append(handed_off.append)
    _lose_pooled_connections(db, 2)
    _refuse_connections(db, tmp_path)
    pool = PoolUse(db)
    values = {"salon_id": salon.id, "phone": "+8613800138005", "created_at": datetime.now(UTC)}
    with pytest.raises(OperationalError) as raised:
        db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values))
    # The dropped connection, then one new connection, refused: no second dropped one.
    assert (pool.given, pool.opening) == (1, 1)
    assert "8613800138005" not in str(raised.value)
    assert handed_off == []


def test_the_webhook_answers_500_with_the_database_down_and_logs_no_number(
    client: FlaskClient,
    db: Database,
    salon: SalonHandle,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    book(client, salon, external_id="A-1", customer={"phone": PHONE})
    _lose_pooled_connections(db, 2)
    _refuse_connections(db, tmp_path)
    # Twilio sends the reply again after a failure answer.
    response = post_signed(client, twilio_form("确认", to=salon.sender, sender="+86" + PHONE))
    assert response.status_code == 500
    assert PHONE not in caplog.text


def _out_of_autocommit(driver_connection: Any) -> None:
    """What a pool misconfigured, or a connection changed by a caller, would give back: each
    statement opens a transaction the driver leaves open until a commit."""
    if isinstance(driver_connection, sqlite3.Connection):
        driver_connection.isolation_level = "DEFERRED"
    else:
        driver_connection.autocommit = False


def test_a_write_left_in_a_transaction_is_refused_not_handed_on(
    db: Database, salon: SalonHandle
) -> None:
    handed_off: list[Committed] = []
    db.after_commit.append(handed_off.append)
    engine = db.one_statement_engine
    engine.dispose()
    pooled = engine.raw_connection()
    _out_of_autocommit(pooled.dbapi_connection)
    pooled.close()
    values = {"salon_id": salon.id, "phone": "+8613800138006", "created_at": datetime.now(UTC)}
    with pytest.raises(LeftInTransaction):
        db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values))
    assert handed_off == []
    # Rolled back, not left for whoever took the connection next to commit.
    stored = select(func.count()).where(Customer.phone == "+8613800138006")
    with db.transaction() as session:
        assert session.scalar(stored) == 0
    handed_off.clear()  # that session's
    # The connection is not given to the next write: that one is its own transaction again.
    assert db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values)) is not None
    assert len(handed_off) == 1
    with db.transaction() as session:
        assert session.scalar(stored) == 1


def test_a_refused_write_out_of_autocommit_leaves_no_failed_transaction_in_the_pool(
    db: Database, salon: SalonHandle
) -> None:
    values = {"salon_id": salon.id, "phone": "+8613800138007", "created_at": datetime.now(UTC)}
    assert db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values)) is not None
    engine = db.one_statement_engine
    engine.dispose()
    pooled = engine.raw_connection()
    _out_of_autocommit(pooled.dbapi_connection)
    pooled.close()
    with pytest.raises(IntegrityError):
        db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values))
    # The next write is not given a connection inside the failed transaction.
    values["phone"] = "+8613800138008"
    assert db.one_statement(lambda write: write.scalar(_ADD_CUSTOMER, values)) is not None
