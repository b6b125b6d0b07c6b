"""The inbox as the API and the console read it: newest first, a page at a time."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gateway.models import InboxItem

PAGE_SIZE = 50
MAX_ID = 2**31 - 1


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class InboxPage:
    items: list[InboxItem]
    #: Pass back to read the next (older) page; None on the last page.
    next_cursor: str | None


def encode_cursor(item_id: int) -> str:
    return base64.urlsafe_b64encode(f"inbox:{item_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id below which the next page begins; InvalidCursor if this page did not give it."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = raw.partition(":")
        item_id = int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidCursor(cursor) from None
    if kind != "inbox" or not 0 < item_id <= MAX_ID:
        raise InvalidCursor(cursor)
    return item_id


def inbox_page(
    session: Session,
    *,
    salon_id: int,
    waiting_only: bool = False,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> InboxPage:
    """Items newest first (keyset on id, so new items never shift a page being read)."""
    query = (
        select(InboxItem)
        .where(InboxItem.salon_id == salon_id)
        .options(
            selectinload(InboxItem.customer),
            selectinload(InboxItem.message),
            selectinload(InboxItem.appointment),
        )
    )
    if waiting_only:
        query = query.where(InboxItem.handled_at.is_(None))
    if before_id is not None:
        query = query.where(InboxItem.id < before_id)
    found = list(session.scalars(query.order_by(InboxItem.id.desc()).limit(limit + 1)))
    page = found[:limit]
    more = len(found) > limit
    return InboxPage(page, encode_cursor(page[-1].id) if more and page else None)


def inbox_item(session: Session, *, salon_id: int, item_id: int) -> InboxItem | None:
    if not 0 < item_id <= MAX_ID:
        return None
    return session.scalar(
        select(InboxItem).where(InboxItem.salon_id == salon_id, InboxItem.id == item_id)
    )


def waiting_count(session: Session, *, salon_id: int) -> int:
    """How many items nobody has handled yet."""
    count = session.scalar(
        select(func.count())
        .select_from(InboxItem)
        .where(InboxItem.salon_id == salon_id, InboxItem.handled_at.is_(None))
    )
    return int(count or 0)


def newest_id(session: Session, *, salon_id: int) -> int:
    """The newest item's id (0 when none): the console's poll compares it with what it shows."""
    newest = session.scalar(select(func.max(InboxItem.id)).where(InboxItem.salon_id == salon_id))
    return int(newest or 0)
