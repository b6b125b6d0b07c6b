"""Events for the salon's CRM, written as outbox rows in the transaction that caused them.

``emit`` stores the exact JSON body (with its event id) for later delivery; the id is handed
to the job queue only after the transaction commits (see ``Database.after_commit``), so a CRM
never hears of a change that was rolled back, and a change never happens without its event.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Final

from pydantic import Field
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from gateway.models import Appointment, Customer, Message, Salon, WebhookDelivery
from gateway.resources import (
    AppointmentJson,
    CustomerJson,
    MessageJson,
    Time,
    appointment_json,
    customer_json,
    local_time,
    message_json,
)

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
    "salon.provider_blocked",
    "salon.provider_resumed",
)


class EventData(TypedDict, total=False):
    """What an event is about; which of these each type carries is ``EVENT_DATA``."""

    appointment: AppointmentJson
    customer: CustomerJson
    message: MessageJson


class EventJson(TypedDict):
    """The body POSTed to the salon's webhook URL (and kept as the delivery's payload)."""

    id: Annotated[str, Field(description="evt_…; also the webhook-id header, the same on retries")]
    type: str
    created_at: Time
    data: EventData


#: Per event type, the keys of ``data`` it always carries, and those it carries when they apply
#: (a customer's reply has a message, a staff change has none). ``emit`` holds itself to this, and
#: the OpenAPI document's ``webhooks`` describe each event from it.
EVENT_DATA: Final[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    "appointment.confirmed": (frozenset({"appointment"}), frozenset({"message"})),
    "appointment.change_requested": (frozenset({"appointment"}), frozenset({"message"})),
    "appointment.cancelled": (frozenset({"appointment"}), frozenset({"message"})),
    "appointment.reply_unclear": (frozenset({"customer", "message"}), frozenset({"appointment"})),
    "message.failed": (frozenset({"message"}), frozenset({"appointment", "customer"})),
    "message.uncertain": (frozenset({"customer", "message"}), frozenset({"appointment"})),
    "customer.opted_out": (frozenset({"customer"}), frozenset()),
    "customer.opted_in": (frozenset({"customer", "message"}), frozenset()),
    "salon.sms_cap_reached": (frozenset({"message"}), frozenset()),
    "salon.provider_blocked": (frozenset({"message"}), frozenset()),
    "salon.provider_resumed": (frozenset(), frozenset()),
}


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
    """Record one event for the salon's webhook endpoint; None if it has none, it is off, or
    the salon does not want this type."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type}")
    if not salon.webhook_url or salon.webhook_disabled_at is not None:
        return None
    if salon.webhook_events is not None and event_type not in salon.webhook_events:
        return None  # the salon's CRM asked not to hear of this type
    data: EventData = {}
    if appointment is not None:
        data["appointment"] = appointment_json(appointment, salon)
    if customer is not None:
        data["customer"] = customer_json(customer, salon)
    if message is not None:
        data["message"] = message_json(message, salon)
    _check_shape(event_type, data)
    event_id = "evt_" + uuid.uuid4().hex
    body: EventJson = {
        "id": event_id,
        "type": event_type,
        "created_at": local_time(now, salon),
        "data": data,
    }
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


def _check_shape(event_type: str, data: EventData) -> None:
    """A CRM parses events by their documented shape: an event that strays from it is our bug."""
    shape = EVENT_DATA.get(event_type)
    if shape is None:
        return
    always, sometimes = shape
    if not always <= data.keys() <= always | sometimes:
        raise ValueError(f"{event_type} carries {sorted(data)}, not what EVENT_DATA says")
