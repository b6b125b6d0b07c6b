"""Events for the salon's CRM, written as outbox rows in the transaction that caused them.

``emit`` stores the exact JSON body (with its event id) for later delivery; the id is handed
to the job queue only after the transaction commits (see ``Database.after_commit``), so a CRM
never hears of a change that was rolled back, and a change never happens without its event.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gateway.models import Appointment, Customer, Message, Salon, WebhookDelivery
from gateway.resources import appointment_json, customer_json, local_time, message_json

#: session.info key under which a transaction collects the deliveries it created.
NEW_DELIVERIES = "new_webhook_deliveries"

EVENT_TYPES = (
    "appointment.confirmed",
    "appointment.change_requested",
    "appointment.cancelled",
    "appointment.reply_unclear",
    "message.failed",
    "message.uncertain",
    "customer.opted_out",
    "customer.opted_in",
    "salon.sms_cap_reached",
)


def emit(
    session: Session,
    salon: Salon,
    event_type: str,
    *,
    now: datetime,
    appointment: Appointment | None = None,
    customer: Customer | None = None,
    message: Message | None = None,
) -> WebhookDelivery | None:
    """Record one event for the salon's webhook endpoint; None if it has none (or it is off)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type}")
    if not salon.webhook_url or salon.webhook_disabled_at is not None:
        return None
    data: dict[str, Any] = {}
    if appointment is not None:
        data["appointment"] = appointment_json(appointment, salon)
    if customer is not None:
        data["customer"] = customer_json(customer, salon)
    if message is not None:
        data["message"] = message_json(message, salon)
    event_id = "evt_" + uuid.uuid4().hex
    body = {"id": event_id, "type": event_type, "created_at": local_time(now, salon), "data": data}
    delivery = WebhookDelivery(
        salon_id=salon.id,
        event_id=event_id,
        event_type=event_type,
        payload=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        next_attempt_at=now,
        enqueued_at=now,
        created_at=now,
    )
    session.add(delivery)
    session.flush()
    session.info.setdefault(NEW_DELIVERIES, []).append(delivery.id)
    return delivery
