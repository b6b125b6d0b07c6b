"""Fixtures: real Redis, SQLite and PostgreSQL; the app wired to a recording SMS provider.

Integration tests that take ``app`` run once per database backend (sqlite, postgresql).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from redis.exceptions import RedisError
from sqlalchemy import create_engine, text

from gateway import create_app
from gateway.cli import alembic_config
from gateway.db import Database
from gateway.models import Base
from gateway.services import create_salon
from tests import support
from tests.recording_provider import RecordingProvider
from tests.servers import PostgresServer, RedisServer, require_postgres
from tests.support import AUTH_TOKEN, SalonHandle, TestClock, quiet_hours_away_from

_queue_names = itertools.count()

# The tests (and the processes the end-to-end tests start, which inherit this) run the service
# as `make run` does: production would want a PUBLIC_BASE_URL.
os.environ["GATEWAY_ENV"] = "development"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with RedisServer() as server:
        yield server.url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    require_postgres()
    with PostgresServer() as server:
        engine = create_engine(server.url)
        # Not inside a transaction of our own: a migration may build an index CONCURRENTLY,
        # which commits what came before it (alembic's autocommit_block).
        with engine.connect() as connection:
            config = alembic_config(server.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        engine.dispose()
        yield server.url


def _empty_tables(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy (a migration per test is slow)."""
    path = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "head")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "gateway.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    _empty_tables(url)
    return url


@pytest.fixture
def provider() -> RecordingProvider:
    return RecordingProvider()


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> Iterator[TestClock]:
    """The clock every app of this test reads ``now`` from; ``clock.set(...)`` moves it.

    ``@pytest.mark.clock("2026-12-07T10:00:00+08:00")`` pins it before any salon is made, for a
    test whose outcome depends on the hour or the date (a reminder's offset, the salon's midnight,
    quiet hours): such a test must not take the real time as its base, or it passes or fails
    with the hour CI happens to run (``make test-clock`` runs the suite at those edges)."""
    clock = TestClock()
    marker = request.node.get_closest_marker("clock")
    if marker is not None:
        clock.set(datetime.fromisoformat(marker.args[0]))
    support.current_clock = clock
    yield clock
    support.current_clock = None


@pytest.fixture
def make_app(
    database_url: str, redis_url: str, provider: RecordingProvider, clock: TestClock
) -> Iterator[Callable[..., Flask]]:
    """Build apps on this test's database and Redis with test settings; keyword ``overrides``
    win (a rate limit, another Redis, a ``redis_connection``). Each is torn down after the test."""
    built: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        settings: dict[str, Any] = {
            "database_url": database_url,
            "redis_url": redis_url,
            "twilio_auth_token": AUTH_TOKEN,
            "gateway_env": "development",
            "public_base_url": "",
            # Tests run CRM receivers on loopback.
            "allow_private_webhooks": True,
            # A queue per app, so jobs left by one test never run in another.
            "queue_name": f"test-{os.getpid()}-{next(_queue_names)}",
            "sms_provider_instance": provider,
            "clock": clock,
            # A drain job ends as soon as no reply waits, each batch right after the last: a
            # test's worker runs what is queued and stops. tests/integration/test_reply_drain.py
            # sets them to what production runs with.
            "reply_gather_ms": 0,
            "reply_linger_ms": 0,
        }
        settings.update(overrides)
        built.append(create_app(settings))
        return built[-1]

    yield make
    for app in built:
        # A test may have stopped this app's Redis on purpose.
        with contextlib.suppress(RedisError):
            for queue in app.extensions["sms_queue"].queues:
                queue.empty()
        app.extensions["db"].engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Database:
    database: Database = app.extensions["db"]
    return database


@pytest.fixture
def make_salon(db: Database, clock: TestClock) -> Any:
    numbers = itertools.count(1)

    def make(
        name: str = "丝绒发型", *, timezone: str = "Asia/Shanghai", locale: str = "zh-CN"
    ) -> SalonHandle:
        sender = f"+86106900000{next(numbers):02d}"
        with db.transaction() as session:
            salon, key = create_salon(
                session, name=name, sender_number=sender, timezone=timezone, locale=locale
            )
            # Tests run at any hour; the ones about quiet hours set their own.
            salon.quiet_hours = quiet_hours_away_from(clock(), timezone)
            return SalonHandle(salon.id, key, sender)

    return make


@pytest.fixture
def salon(make_salon: Any) -> SalonHandle:
    handle: SalonHandle = make_salon()
    return handle
