"""The sweep's bulk writes (``gateway.bulk``) store exactly the rows they were given, on SQLite
and PostgreSQL: a column with one value in every row travels once (as a parameter of its own on
PostgreSQL), the others with each row, and a single row (every column the same) is no exception."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select

from gateway.bulk import insert_rows, update_rows
from gateway.db import Database
from gateway.domain.texts import TemplateName
from gateway.models import Message, MessageDirection, MessageStatus
from gateway.services import create_salon

NOW = datetime(2026, 5, 2, 6, 0, tzinfo=UTC)
#: The same instant written in Shanghai's offset: one value, as the database sees it.
NOW_IN_SHANGHAI = NOW.astimezone(timezone(timedelta(hours=8)))


def _text(salon_id: int, body: str, **columns: Any) -> dict[str, Any]:
    return {
        "salon_id": salon_id,
        "direction": MessageDirection.OUTBOUND,
        "body": body,
        "template": TemplateName.REMINDER,
        "locale": "zh-CN",
        "status": MessageStatus.QUEUED,
        "segments": 1,
        "template_params": None,
        "created_at": NOW,
        "send_after": NOW,
        "enqueued_at": None,
        **columns,
    }


def _salon(db: Database, sender_number: str) -> int:
    """A salon in Shanghai to write texts for; its id."""
    with db.transaction() as session:
        salon, _ = create_salon(
            session,
            name="丽丽美发沙龙",
            sender_number=sender_number,
            timezone="Asia/Shanghai",
            locale="zh-CN",
        )
        return salon.id


def _stored(db: Database, ids: list[int]) -> list[tuple[Any, ...]]:
    with db.transaction() as session:
        rows = session.execute(
            select(
                Message.body,
                Message.template,
                Message.locale,
                Message.status,
                Message.segments,
                Message.template_params,
                Message.created_at,
                Message.send_after,
                Message.enqueued_at,
                Message.error_message,
            )
            .where(Message.id.in_(ids))
            .order_by(Message.id)
        )
        return [tuple(row) for row in rows]


def test_rows_are_stored_as_given_whether_a_column_varies_or_not(database_url: str) -> None:
    db = Database(database_url)
    try:
        salon_id = _salon(db, "+8610690000091")
        later = NOW + timedelta(hours=2)
        rows = [
            _text(salon_id, "【丽丽】一", created_at=NOW_IN_SHANGHAI),
            _text(salon_id, "【丽丽】二", send_after=later, template_params='[["ref", "K7"]]'),
            _text(salon_id, "Lili: three", locale="en", segments=2, enqueued_at=NOW),
        ]
        with db.transaction() as session:
            ids = insert_rows(session, Message, rows)
            (single,) = insert_rows(session, Message, [_text(salon_id, "【丽丽】四")])
        assert len(set(ids)) == 3 and single not in ids
        assert _stored(db, ids) == [
            ("【丽丽】一", "reminder", "zh-CN", "queued", 1, None, NOW, NOW, None, None),
            (
                "【丽丽】二",
                "reminder",
                "zh-CN",
                "queued",
                1,
                '[["ref", "K7"]]',
                NOW,
                later,
                None,
                None,
            ),
            ("Lili: three", "reminder", "en", "queued", 2, None, NOW, NOW, NOW, None),
        ]
        assert _stored(db, [single]) == [
            ("【丽丽】四", "reminder", "zh-CN", "queued", 1, None, NOW, NOW, None, None)
        ]

        with db.transaction() as session:
            update_rows(
                session,
                Message,
                [
                    {"id": ids[0], "status": MessageStatus.CANCELLED, "error_message": "moved"},
                    {"id": ids[1], "status": MessageStatus.CANCELLED, "error_message": None},
                ],
            )
            update_rows(session, Message, [{"id": ids[2], "enqueued_at": later}])
        stored = _stored(db, ids)
        assert [(row[3], row[9]) for row in stored] == [
            ("cancelled", "moved"),
            ("cancelled", None),
            ("queued", None),
        ]
        assert stored[2][8] == later and stored[0][8] is None
    finally:
        db.engine.dispose()


def test_each_id_returned_is_its_own_rows_and_they_follow_the_rows_order(
    database_url: str,
) -> None:
    """A sweep's thousand texts: each reminder is pointed at the id returned for its text, so
    the id in each place must be that row's; ids rise in the rows' order, as texts are read."""
    db = Database(database_url)
    try:
        salon_id = _salon(db, "+8610690000092")
        bodies = [f"【丽丽】第{n}条" for n in range(300)]
        with db.transaction() as session:
            ids = insert_rows(session, Message, [_text(salon_id, body) for body in bodies])
        assert ids == sorted(ids) and len(set(ids)) == len(bodies)
        with db.transaction() as session:
            stored = dict(session.execute(select(Message.id, Message.body)).tuples().all())
        assert [stored[i] for i in ids] == bodies
    finally:
        db.engine.dispose()
