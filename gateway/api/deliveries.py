"""Webhook deliveries: what was sent to the salon's CRM, every attempt, and re-sending one."""

from __future__ import annotations

from flask import Response, g, jsonify
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gateway import clock
from gateway.api import bp, db
from gateway.api.inputs import ApiError, query_args, query_choices, query_int, query_text
from gateway.models import DeliveryStatus, Salon, WebhookDelivery
from gateway.resources import delivery_json
from gateway.services.events import EVENT_TYPES
from gateway.services.webhook_delivery import requeue_delivery

STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: Ids are 32-bit on PostgreSQL; a larger one in a URL is no delivery, not a database error.
MAX_ID = 2**31 - 1


def _cursor() -> int | None:
    """The page after ``next_cursor``: deliveries older than that one (ids only grow)."""
    raw = query_text("cursor")
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ApiError(
            422, "invalid_parameter", "cursor must be a next_cursor this endpoint gave", "cursor"
        )
    return int(raw)


def _delivery(session: Session, salon: Salon, delivery_id: int) -> WebhookDelivery:
    """The salon's own delivery; another salon's id is simply not found."""
    if delivery_id > MAX_ID:
        raise ApiError(404, "not_found", f"no webhook delivery with id {delivery_id}")
    delivery = session.scalar(
        select(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.salon_id == salon.id)
        .options(selectinload(WebhookDelivery.attempt_log))
    )
    if delivery is None:
        raise ApiError(404, "not_found", f"no webhook delivery with id {delivery_id}")
    return delivery


@bp.get("/webhook-deliveries")
def list_deliveries() -> Response:
    query_args({"status", "event_type", "limit", "cursor"})
    statuses = query_choices("status", STATUSES)
    event_types = query_choices("event_type", EVENT_TYPES)
    limit = query_int("limit", default=PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    cursor = _cursor()
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        query = (
            select(WebhookDelivery)
            .where(WebhookDelivery.salon_id == salon.id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit + 1)
            .options(selectinload(WebhookDelivery.attempt_log))
        )
        if statuses:
            query = query.where(WebhookDelivery.status.in_(statuses))
        if event_types:
            query = query.where(WebhookDelivery.event_type.in_(event_types))
        if cursor is not None:
            query = query.where(WebhookDelivery.id < cursor)
        found = list(session.scalars(query))
        page = found[:limit]
        more = len(found) > limit
        return jsonify(
            {
                "data": [delivery_json(d, salon) for d in page],
                "next_cursor": str(page[-1].id) if more else None,
            }
        )


@bp.get("/webhook-deliveries/<int:delivery_id>")
def get_delivery(delivery_id: int) -> Response:
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        return jsonify(delivery_json(_delivery(session, salon, delivery_id), salon))


@bp.post("/webhook-deliveries/<int:delivery_id>/retry")
def retry_delivery(delivery_id: int) -> tuple[Response, int]:
    """Send a failed (or waiting) event again now; 409 once it is delivered."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        delivery = _delivery(session, salon, delivery_id)
        requeue_delivery(session, delivery=delivery, salon=salon, now=clock.now())
        body = delivery_json(delivery, salon)
    # The delivery job is queued by the transaction's after-commit hook.
    return jsonify(body), 202
