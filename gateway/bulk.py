"""Writing many rows in one statement: the sweep's texts and reminders.

SQLAlchemy's multi-row INSERT and executemany UPDATE are fine on SQLite. On PostgreSQL, psycopg
spends most of such a statement's time parsing and converting its thousands of placeholders
(bench/sweep.py: 0.4 s for 1,000 texts), and almost as long dumping Python lists as arrays; so
there the rows travel as one JSON document (``json.dumps`` is C) and PostgreSQL unpacks them with
``json_to_recordset``: one placeholder, whatever the number of rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, insert, text, update
from sqlalchemy.orm import DeclarativeBase, Session


def insert_rows(
    session: Session, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` (each with the same keys, no ``id``) into ``model``'s table; their new
    ids, in the order of ``rows``."""
    if not rows:
        return []
    table: Table = model.__table__  # type: ignore[assignment]
    if session.get_bind().dialect.name != "postgresql":
        returning = insert(model).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(returning, rows))
    # The ids first, in order, so each row's id is known without relying on RETURNING's order.
    ids = [
        int(i)
        for i in session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count) ORDER BY 1"
            ),
            {"table": table.name, "count": len(rows)},
        )
    ]
    names = ["id", *rows[0]]
    session.execute(
        text(
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"SELECT {', '.join(names)} FROM {_recordset(session, table, names)}"
        ),
        {"rows": _json([{**row, "id": i} for row, i in zip(rows, ids, strict=True)])},
    )
    return ids


def update_rows(
    session: Session, model: type[DeclarativeBase], rows: Sequence[dict[str, Any]]
) -> None:
    """Update rows of ``model`` by primary key: each of ``rows`` has ``id`` and the same other
    keys, the columns' new values."""
    if not rows:
        return
    table: Table = model.__table__  # type: ignore[assignment]
    if session.get_bind().dialect.name != "postgresql":
        session.execute(update(model), list(rows))
        return
    names = [name for name in rows[0] if name != "id"]
    session.execute(
        text(
            f"UPDATE {table.name} SET {', '.join(f'{n} = new.{n}' for n in names)} "
            f"FROM {_recordset(session, table, ['id', *names])} "
            f"WHERE {table.name}.id = new.id"
        ),
        {"rows": _json(rows)},
    )


def _recordset(session: Session, table: Table, names: Sequence[str]) -> str:
    """``json_to_recordset(:rows) AS new(column type, …)`` with the table's own types."""
    dialect = session.get_bind().dialect
    columns = ", ".join(f"{n} {table.c[n].type.compile(dialect=dialect)}" for n in names)
    return f"json_to_recordset(CAST(:rows AS json)) AS new({columns})"


def _json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(rows), default=_plain, ensure_ascii=False)


def _plain(value: object) -> object:
    """Values JSON does not know: enums as their value, times as ISO 8601 with their offset."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware one")
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} in bulk")
