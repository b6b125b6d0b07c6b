"""Writing many rows in one statement: the sweep's texts and reminders.

SQLAlchemy's multi-row INSERT and executemany UPDATE are fine on SQLite. On PostgreSQL, psycopg
spends most of such a statement's time parsing and converting its thousands of placeholders
(bench/sweep.py: 0.4 s for 1,000 texts), and almost as long dumping Python lists as arrays; so
there the rows travel as one JSON document (``json.dumps`` is C) and PostgreSQL unpacks them with
``json_to_recordset``: one placeholder, whatever the number of rows. A column with one value in
every row (the sweep's ``now`` in four of them, its texts' status and locale) travels once, as a
parameter of its own, not once per row: a thousand datetimes turned into text were a third of
the document's cost.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, TextClause, bindparam, insert, text, update
from sqlalchemy.engine import Dialect
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
    # The sequence is looked up once (a sub-select, run once), not once per id: per id it was
    # two thirds of this statement's time (bench/sweep.py). Read through the connection, not
    # the ORM: a column of plain integers needs no ORM result.
    ids: list[int] = list(
        session.connection()
        .execute(_NEXT_IDS, {"table": table.name, "count": len(rows)})
        .scalars()
        .all()
    )
    same, varying = _split(rows)
    names = ["id", *varying]
    session.execute(
        _insert_statement(session.get_bind().dialect, table, tuple(names), tuple(same)),
        {
            "rows": _json(
                [
                    {"id": i, **{n: row[n] for n in varying}}
                    for row, i in zip(rows, ids, strict=True)
                ]
            ),
            **{f"same_{n}": v for n, v in same.items()},
        },
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
    same, varying = _split(rows, keep="id")
    session.execute(
        _update_statement(session.get_bind().dialect, table, tuple(varying), tuple(same)),
        {
            "rows": _json(rows if not same else [{n: row[n] for n in varying} for row in rows]),
            **{f"same_{n}": v for n, v in same.items()},
        },
    )


#: ``count`` new ids of ``table``, in order.
_NEXT_IDS = text(
    "SELECT nextval((SELECT pg_get_serial_sequence(:table, 'id'))::regclass) "
    "FROM generate_series(1, :count) ORDER BY 1"
)


# The statements are kept by their columns (a worker's batch writes the same few shapes each
# time): built anew, each cost its text, its types compiled and its cache key every batch.
@lru_cache(maxsize=256)
def _insert_statement(
    dialect: Dialect, table: Table, names: tuple[str, ...], same: tuple[str, ...]
) -> TextClause:
    """``insert_rows``'s INSERT of ``names`` from the JSON rows, ``same`` sent once."""
    return text(
        f"INSERT INTO {table.name} ({', '.join([*names, *same])}) "
        f"SELECT {', '.join([*(f'new.{n}' for n in names), *_once(dialect, table, same)])} "
        f"FROM {_recordset(dialect, table, names)}"
    ).bindparams(*_once_params(table, same))


@lru_cache(maxsize=256)
def _update_statement(
    dialect: Dialect, table: Table, varying: tuple[str, ...], same: tuple[str, ...]
) -> TextClause:
    """``update_rows``'s UPDATE of ``varying`` from the JSON rows, ``same`` sent once."""
    assignments = [
        *(f"{n} = new.{n}" for n in varying if n != "id"),
        *(f"{n} = {value}" for n, value in zip(same, _once(dialect, table, same), strict=True)),
    ]
    return text(
        f"UPDATE {table.name} SET {', '.join(assignments)} "
        f"FROM {_recordset(dialect, table, varying)} "
        f"WHERE {table.name}.id = new.id"
    ).bindparams(*_once_params(table, same))


def _split(
    rows: Sequence[dict[str, Any]], keep: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The columns with one value in every row, with that value, and the others in order
    (``keep`` always among the others: the key an UPDATE joins on)."""
    same: dict[str, Any] = {}
    varying: list[str] = []
    for name, first in rows[0].items():
        try:
            # Compared the way the database will see them (an enum as its value, a time as its
            # instant); a value that cannot be hashed is simply sent with each row.
            one = name != keep and len(set(map(itemgetter(name), rows))) == 1
        except TypeError:
            one = False
        if one:
            same[name] = first
        else:
            varying.append(name)
    return same, varying


def _once(dialect: Dialect, table: Table, same: Sequence[str]) -> list[str]:
    """A column sent once: its parameter, cast to the column's type."""
    return [f"CAST(:same_{n} AS {table.c[n].type.compile(dialect=dialect)})" for n in same]


def _once_params(table: Table, same: Sequence[str]) -> list[Any]:
    """Each column sent once bound with the column's own type, so it is written as ``insert``
    would write it (a UTC time, an enum's value)."""
    return [bindparam(f"same_{n}", type_=table.c[n].type) for n in same]


def _recordset(dialect: Dialect, table: Table, names: Sequence[str]) -> str:
    """``json_to_recordset(:rows) AS new(column type, …)`` with the table's own types."""
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
