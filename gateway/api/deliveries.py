"""Webhook deliveries: what was sent to the salon's CRM, every attempt, and re-sending one."""

from __future__ import annotations

from flask import Response, g, jsonify
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.fields import MAX_ID
from gateway.api.schemas.requests import DeliveryQuery, parse_query
from gateway.models import Salon, WebhookDelivery
from gateway.queries.deliveries import deliveries_page, delivery_by_id
from gateway.resources import delivery_json
from gateway.services.crm.webhook_delivery import requeue_delivery


def _delivery(session: Session, salon: Salon, delivery_id: int) -> WebhookDelivery:
    """The salon's own delivery; another salon's id is simply not found."""
    # Ids are 32-bit on PostgreSQL; a larger one in a URL is no delivery, not a database error.
    if delivery_id > MAX_ID:
        raise ApiError(404, "not_found", f"no webhook delivery with id {delivery_id}")
    delivery = delivery_by_id(session, salon_id=salon.id, delivery_id=delivery_id)
    if delivery is None:
        raise ApiError(404, "not_found", f"no webhook delivery with id {delivery_id}")
    return delivery


@bp.get("/webhook-deliveries")
def list_deliveries() -> Response:
    asked = parse_query(DeliveryQuery)
    limit = asked.limit
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        found = deliveries_page(
            session,
            salon_id=salon.id,
            limit=limit,
            statuses=asked.status,
            event_types=asked.event_type,
            before=asked.cursor,
        )
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
