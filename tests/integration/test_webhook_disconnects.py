"""The webhook stores a reply with one statement, on PostgreSQL from connections it does not
ping first: a connection the server dropped (a restart, a failover, an idle timeout) costs a
retry, never the reply or a 500."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from gateway.db import Database
from tests.support import SalonHandle, book, post_signed, run_worker, status_of, twilio_form

PHONE = "13800138001"


def _drop_the_apps_connections(url: str) -> int:
    """What a PostgreSQL restart does to the app's open connections; how many were dropped."""
    engine = create_engine(url)
    with engine.connect() as connection:
        dropped = connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()
    return int(dropped or 0)


# PostgreSQL only: SQLite has no server to lose, and its engine takes no pooled connection.
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_reply_after_postgresql_dropped_the_connections_is_stored_and_acted_on(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    assert db.engine.dialect.name == "postgresql"
    book(client, salon, external_id="A-1", customer={"phone": PHONE})
    run_worker(app)
    first = twilio_form("谢谢", to=salon.sender, sender=f"+86{PHONE}")
    assert post_signed(client, first).status_code == 200  # the webhook's connection is pooled
    assert _drop_the_apps_connections(db.engine.url.render_as_string(hide_password=False)) >= 1
    reply = twilio_form("确认", to=salon.sender, sender=f"+86{PHONE}")
    answer = post_signed(client, reply)
    assert answer.status_code == 200
    run_worker(app)
    assert status_of(client, salon, "A-1") == "confirmed"
    # A retried delivery of the same reply is still told apart: stored once, acted on once.
    assert post_signed(client, reply).status_code == 200
    run_worker(app)
    assert status_of(client, salon, "A-1") == "confirmed"
