"""The minimal-I/O floors for ``bench/webhook.py``: the least any webhook that keeps a reply can do.

Its one endpoint, ``POST /sms/twilio/inbound``, under the same gunicorn settings as the service,
checks the Twilio signature (the service's own ``signature_is_valid``), inserts one row with
``INSERT … ON CONFLICT DO NOTHING RETURNING id``, pushes the new id to Redis with one command and
answers the same empty TwiML. No salon, no customer, no ORM, no queue library: app/floor is the
share of this floor the service keeps, and what lies between them is the service's own work.

Two floors, by how the row reaches the database:

* ``create_app()`` (the bench's ``floor``): through the service's engine, so the same SQLite
  pragmas (``BEGIN IMMEDIATE``) or PostgreSQL pool (a ping at each checkout), in a transaction;
* ``create_app("driver")`` (the bench's ``driver``): through the database driver alone, one
  ``sqlite3`` or ``psycopg`` connection per process held open in autocommit, so the INSERT is
  its own transaction — one round trip on PostgreSQL, no SQLAlchemy at all while serving.

Settings come from the environment, as the service's do: DATABASE_URL, REDIS_URL,
TWILIO_AUTH_TOKEN. Its table, ``bench_floor``, is created when the app is built::

    gunicorn --workers 2 --bind 127.0.0.1:8002 'bench.floor_app:create_app()'
    gunicorn --workers 2 --bind 127.0.0.1:8003 'bench.floor_app:create_app("driver")'
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gateway.db import make_engine
from gateway.providers.twilio.client import signature_is_valid
from gateway.providers.twilio.webhooks import EMPTY_TWIML

TABLE = "bench_floor"
#: Where the floor pushes each new id (the service keeps its own keys elsewhere).
REDIS_KEY = "bench-floor:ids"
#: How each floor reaches the database.
DRIVERS = ("engine", "driver")

_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, "
    "provider_sid VARCHAR(64) NOT NULL UNIQUE, from_number VARCHAR(32) NOT NULL, "
    "to_number VARCHAR(32) NOT NULL, body TEXT NOT NULL)"
)
_CREATE_POSTGRESQL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id BIGSERIAL PRIMARY KEY, "
    "provider_sid VARCHAR(64) NOT NULL UNIQUE, from_number VARCHAR(32) NOT NULL, "
    "to_number VARCHAR(32) NOT NULL, body TEXT NOT NULL)"
)
_INSERT = (
    f"INSERT INTO {TABLE} (provider_sid, from_number, to_number, body) "
    "VALUES (:sid, :from_number, :to_number, :body) "
    "ON CONFLICT (provider_sid) DO NOTHING RETURNING id"
)

#: Stores one reply's values; the new row's id, or None when its sid was stored before.
Store = Callable[[dict[str, str]], "int | None"]


def create_app(driver: str = "engine") -> Flask:
    if driver not in DRIVERS:
        raise ValueError(f"driver must be one of {', '.join(DRIVERS)}, not {driver!r}")
    url = os.environ["DATABASE_URL"]
    store = _engine_store(url) if driver == "engine" else _driver_store(url)
    redis = Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=1, socket_timeout=2)
    auth_token = os.environ["TWILIO_AUTH_TOKEN"]
    app = Flask(__name__)

    @app.post("/sms/twilio/inbound")
    def inbound() -> Response:
        form = request.form
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature_is_valid(auth_token, request.url, form, signature):
            return Response("invalid Twilio signature", status=403)
        sid, from_number, to_number = form.get("MessageSid"), form.get("From"), form.get("To")
        if not sid or not from_number or not to_number:
            return Response("MessageSid, From and To are required", status=400)
        row_id = store(
            {
                "sid": sid,
                "from_number": from_number,
                "to_number": to_number,
                "body": form.get("Body", ""),
            }
        )
        if row_id is not None:
            redis.rpush(REDIS_KEY, row_id)
        return Response(EMPTY_TWIML, status=200, mimetype="text/xml")

    return app


def _engine_store(url: str) -> Store:
    """Through the service's engine: a Core connection, one transaction per reply."""
    engine = make_engine(url)
    with engine.begin() as connection:
        create = _CREATE_POSTGRESQL if engine.dialect.name == "postgresql" else _CREATE
        connection.execute(text(create))
    insert = text(_INSERT)

    def store(values: dict[str, str]) -> int | None:
        with engine.begin() as connection:
            return connection.scalar(insert, values)  # type: ignore[no-any-return]

    return store


def _driver_store(url: str) -> Store:
    """Through the driver alone: one connection per process, opened on first use (after
    gunicorn forks), in autocommit, so each INSERT is a transaction of its own."""
    parsed = make_url(url)
    connection: Any = None
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""

        def connect() -> Any:
            # The service's SQLite settings (gateway/db.py), minus its explicit BEGIN IMMEDIATE:
            # an INSERT takes the write lock when it starts anyway.
            db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
                db.execute(f"PRAGMA {pragma}")
            return db

        insert = _INSERT
    else:
        import psycopg

        conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)

        def connect() -> Any:
            return psycopg.connect(conninfo, autocommit=True)

        insert = _INSERT.replace(":sid", "%(sid)s")
        for name in ("from_number", "to_number", "body"):
            insert = insert.replace(f":{name}", f"%({name})s")
    setup = connect()
    try:
        setup.execute(_CREATE if parsed.get_backend_name() == "sqlite" else _CREATE_POSTGRESQL)
    finally:
        setup.close()

    def store(values: dict[str, str]) -> int | None:
        nonlocal connection
        if connection is None:
            connection = connect()
        row = connection.execute(insert, values).fetchone()
        return None if row is None else int(row[0])

    return store
