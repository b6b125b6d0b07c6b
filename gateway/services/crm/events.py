"""Events for the salon's CRM, written as outbox rows in the transaction that caused them.

``emit`` stores the exact JSON body (with its event id) for later delivery and hands the row off
(``services.handoff``): it reaches the job queue only after the transaction commits, so a CRM
never hears of a change that was rolled back, and a change never happens without its event.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Final, Literal

from pydantic import Field
from sqlalchemy.orm import Session
from typing_extensions import TypedDict, Unpack

from gateway.domain.campaigns import CampaignResults
from gateway.domain.events import CrmDeliveryStatus, EventType
from gateway.models import (
    Appointment,
    ConsentChange,
    Customer,
    Feedback,
    Message,
    Offer,
    Salon,
    WebhookDelivery,
)
from gateway.resources import (
    AppointmentJson,
    ConsentJson,
    CustomerJson,
    FeedbackJson,
    MessageJson,
    OfferJson,
    Time,
    appointment_json,
    consent_json,
    customer_json,
    feedback_json,
    local_time,
    message_json,
    offer_json,
)
from gateway.services.handoff import Work, hand_off


class CampaignEventJson(TypedDict):
    """A campaign as ``campaign.finished`` tells of it: what it was and what became of it."""

    id: int
    name: str
    kind: str
    audience_count: Annotated[int, Field(ge=0)]
    finished_at: Time
    #: As the API's ``GET /campaigns/{id}`` answers them.
    results: CampaignResults


#: Every event type, in the order the documentation lists them.
EVENT_TYPES: Final = tuple(EventType)


class EventData(TypedDict, total=False):
    """What an event is about; which of these each type carries is ``EVENT_DATA``."""

    appointment: AppointmentJson
    customer: CustomerJson
    message: MessageJson
    offer: OfferJson
    feedback: FeedbackJson
    consent: ConsentJson
    campaign: CampaignEventJson
    by: Annotated[
        Literal["customer", "staff"],
        Field(
            description="who made the change: the customer, picking from an offer, or staff, "
            "from the console"
        ),
    ]


class EventJson(TypedDict):
    """The body POSTed to the salon's webhook URL (and kept as the delivery's payload)."""

    id: Annotated[str, Field(description="evt_…; also the webhook-id header, the same on retries")]
    type: str
    created_at: Time
    data: EventData


#: Per event type, the keys of ``data`` it always carries, and those it carries when they apply
#: (a customer's reply has a message, a staff change has none). ``emit`` holds itself to this, and
#: the OpenAPI document's ``webhooks`` describe each event from it.
EVENT_DATA: Final[dict[EventType, tuple[frozenset[str], frozenset[str]]]] = {
    EventType.APPOINTMENT_CREATED: (frozenset({"appointment", "by"}), frozenset()),
    EventType.APPOINTMENT_CONFIRMED: (frozenset({"appointment"}), frozenset({"message"})),
    EventType.APPOINTMENT_CHANGE_REQUESTED: (frozenset({"appointment"}), frozenset({"message"})),
    EventType.APPOINTMENT_CANCELLED: (frozenset({"appointment"}), frozenset({"message"})),
    EventType.APPOINTMENT_REPLY_UNCLEAR: (
        frozenset({"customer", "message"}),
        frozenset({"appointment"}),
    ),
    EventType.MESSAGE_FAILED: (frozenset({"message"}), frozenset({"appointment", "customer"})),
    EventType.MESSAGE_UNCERTAIN: (frozenset({"customer", "message"}), frozenset({"appointment"})),
    EventType.CUSTOMER_OPTED_OUT: (frozenset({"customer"}), frozenset()),
    EventType.CUSTOMER_OPTED_IN: (frozenset({"customer", "message"}), frozenset()),
    EventType.SALON_SMS_CAP_REACHED: (frozenset({"message"}), frozenset()),
    EventType.SALON_PROVIDER_BLOCKED: (frozenset({"message"}), frozenset()),
    EventType.SALON_PROVIDER_RESUMED: (frozenset(), frozenset()),
    EventType.APPOINTMENT_RESCHEDULED: (
        frozenset({"appointment", "by"}),
        frozenset({"offer", "message"}),
    ),
    # The offer's text (sent), or the customer's reply (accepted, declined) as message.
    EventType.OFFER_SENT: (frozenset({"appointment", "offer"}), frozenset({"message"})),
    EventType.OFFER_ACCEPTED: (frozenset({"appointment", "offer"}), frozenset({"message"})),
    EventType.OFFER_EXPIRED: (frozenset({"appointment", "offer"}), frozenset()),
    EventType.OFFER_DECLINED: (frozenset({"appointment", "offer"}), frozenset({"message"})),
    EventType.FEEDBACK_RECEIVED: (
        frozenset({"appointment", "customer", "message", "feedback"}),
        frozenset(),
    ),
    EventType.CONSENT_CHANGED: (frozenset({"customer", "consent"}), frozenset()),
    EventType.CAMPAIGN_FINISHED: (frozenset({"campaign"}), frozenset()),
}


class EventFacts(TypedDict, total=False):
    """What an event is about: each fact given becomes its part of the event's ``data``."""

    appointment: Appointment | None
    customer: Customer | None
    message: Message | None
    offer: Offer | None
    feedback: Feedback | None
    consent: ConsentChange | None
    campaign: CampaignEventJson | None
    by: Literal["customer", "staff"] | None


def emit(
    session: Session,
    salon: Salon,
    event_type: EventType,
    *,
    now: datetime,
    **facts: Unpack[EventFacts],
) -> WebhookDelivery | None:
    """Record one event for the salon's webhook endpoint; None if it has none, it is off, or
    the salon does not want this type."""
    row = event_row(salon, event_type, now=now, **facts)
    if row is None:
        return None
    delivery = WebhookDelivery(**row)
    session.add(delivery)
    hand_off(session, Work.CRM_EVENT, delivery)
    return delivery


def event_row(
    salon: Salon, event_type: EventType, *, now: datetime, **facts: Unpack[EventFacts]
) -> dict[str, Any] | None:
    """The columns of ``emit``'s delivery row, for a writer that inserts many at once (and
    hands each off by its id); None when ``emit`` records nothing."""
    if not salon.webhook_url or salon.webhook_disabled_at is not None:
        return None
    if salon.webhook_events is not None and event_type not in salon.webhook_events:
        return None  # the salon's CRM asked not to hear of this type
    data: EventData = {}
    if (appointment := facts.get("appointment")) is not None:
        data["appointment"] = appointment_json(appointment, salon)
    if (customer := facts.get("customer")) is not None:
        data["customer"] = customer_json(customer, salon)
    if (message := facts.get("message")) is not None:
        data["message"] = message_json(message, salon)
    if (offer := facts.get("offer")) is not None:
        data["offer"] = offer_json(offer, salon)
    if (feedback := facts.get("feedback")) is not None:
        data["feedback"] = feedback_json(feedback, salon)
    if (consent := facts.get("consent")) is not None:
        data["consent"] = consent_json(consent, salon)
    if (campaign := facts.get("campaign")) is not None:
        data["campaign"] = campaign
    if (by := facts.get("by")) is not None:
        data["by"] = by
    _check_shape(event_type, data)
    event_id = "evt_" + uuid.uuid4().hex
    body: EventJson = {
        "id": event_id,
        "type": event_type,
        "created_at": local_time(now, salon),
        "data": data,
    }
    return {
        "salon_id": salon.id,
        "event_id": event_id,
        "event_type": event_type,
        "payload": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        "status": CrmDeliveryStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "enqueued_at": now,
        "created_at": now,
    }


def _check_shape(event_type: EventType, data: EventData) -> None:
    """A CRM parses events by their documented shape: an event that strays from it is our bug."""
    always, sometimes = EVENT_DATA[event_type]
    if not always <= data.keys() <= always | sometimes:
        raise ValueError(f"{event_type} carries {sorted(data)}, not what EVENT_DATA says")
