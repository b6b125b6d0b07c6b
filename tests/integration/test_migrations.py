"""Migrations as an operator runs them (``flask db upgrade`` on a live PostgreSQL): the inbox's
index on ``messages`` is built without holding back the texts being written meanwhile
(CONCURRENTLY), and an upgrade stopped during that build can simply be run again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gateway.cli import alembic_config

INDEX = "ix_messages_text_problems_to_collect"


@pytest.fixture
def empty_database(postgres_url: str) -> Iterator[str]:
    """A database of its own on the test server, as a new deployment starts."""
    name = f"migrate_{uuid.uuid4().hex[:12]}"
    server = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    server.dispose()


def _index_state(url: str) -> tuple[bool, bool] | None:
    """Whether the index exists, is valid and is partial; None when it does not exist."""
    engine = create_engine(url)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT i.indisvalid, i.indpred IS NOT NULL FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = :name"
            ),
            {"name": INDEX},
        ).one_or_none()
    engine.dispose()
    return None if row is None else (row[0], row[1])


@pytest.mark.postgres
def test_the_inbox_index_is_built_concurrently_and_a_stopped_upgrade_runs_again(
    empty_database: str,
) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    assert _index_state(empty_database) == (True, True)

    # Stopped during the build: the column and its backfill were committed, the revision was
    # not, and PostgreSQL left the half-built index behind, marked invalid.
    command.stamp(config, "0020")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '{INDEX}'::regclass")
        )
    engine.dispose()
    assert _index_state(empty_database) == (False, True)

    command.upgrade(config, "head")
    assert _index_state(empty_database) == (True, True)

    command.downgrade(config, "0020")
    assert _index_state(empty_database) is None
    command.upgrade(config, "head")
    assert _index_state(empty_database) == (True, True)


@pytest.mark.postgres
def test_the_script_a_dba_reviews_builds_the_index_outside_a_transaction(
    empty_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``alembic upgrade --sql`` (the script some operators review and apply by hand) commits
    before the build and builds CONCURRENTLY, so the writes of a live service go on meanwhile."""
    command.upgrade(alembic_config(empty_database), "0020:0021", sql=True)
    script = " ".join(capsys.readouterr().out.split())
    build = f"CREATE INDEX CONCURRENTLY {INDEX} ON messages"
    assert build in script, script
    assert script.rindex("COMMIT", 0, script.index(build)) > script.index("UPDATE messages")
