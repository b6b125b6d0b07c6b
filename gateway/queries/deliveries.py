"""The events sent to a salon's CRM, with every attempt, for the API's delivery log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gateway.models import WebhookDelivery


def delivery_by_id(session: Session, *, salon_id: int, delivery_id: int) -> WebhookDelivery | None:
    """The salon's own delivery; another salon's id is simply not found."""
    return session.scalar(
        select(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.salon_id == salon_id)
        .options(selectinload(WebhookDelivery.attempt_log))
    )


def deliveries_page(
    session: Session,
    *,
    salon_id: int,
    limit: int,
    statuses: Sequence[str] = (),
    event_types: Sequence[str] = (),
    before: int | None = None,
) -> list[WebhookDelivery]:
    """Up to ``limit`` + 1 of the salon's deliveries, newest first, older than id ``before``:
    one more than a page, to tell whether another follows."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.salon_id == salon_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit + 1)
        .options(selectinload(WebhookDelivery.attempt_log))
    )
    if statuses:
        query = query.where(WebhookDelivery.status.in_(statuses))
    if event_types:
        query = query.where(WebhookDelivery.event_type.in_(event_types))
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    return list(session.scalars(query))
