"""How the service shows its records to salons: the JSON of the API and of event webhooks.

Each serialiser returns a ``TypedDict``: plain JSON-ready dicts at run time, checked by mypy, and
the shapes the OpenAPI document describes (``gateway.api.openapi`` generates them from these).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, overload
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, WithJsonSchema, with_config
from typing_extensions import TypedDict

from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.marketing import ConsentMethod, RecordedBy
from gateway.domain.offer_status import OfferSource, OfferStatus
from gateway.domain.offers import LETTERS
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import (
    Appointment,
    ConsentChange,
    CrmDeliveryStatus,
    Customer,
    Feedback,
    Message,
    MessageDirection,
    Offer,
    Salon,
    WebhookDelivery,
)

#: Described as closed: every key is always there, and no other.
_CLOSED: Final = ConfigDict(extra="forbid")
Time = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
MaybeTime = Annotated[
    str | None, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})
]


@with_config(_CLOSED)
class CustomerJson(TypedDict):
    phone: Annotated[str, Field(description="E.164 (+8613800138000); erased:<id> once erased")]
    name: str | None
    locale: Annotated[str, WithJsonSchema({"type": "string", "enum": list(SUPPORTED_LOCALES)})]
    opted_out: bool


@with_config(_CLOSED)
class ConsentJson(TypedDict):
    """A customer's consent to marketing as one change recorded it (all null: never given)."""

    marketing: Annotated[bool, Field(description="true: the customer agreed to marketing texts")]
    method: ConsentMethod | None
    evidence: Annotated[
        str | None, Field(description="the form's number, the reply, what staff saw")
    ]
    at: Annotated[MaybeTime, Field(description="when the customer gave or withdrew it")]
    recorded_at: MaybeTime
    recorded_by: Annotated[
        RecordedBy | None,
        Field(description="api_key, staff (from the console) or customer (by opting out)"),
    ]
    recorded_by_name: Annotated[
        str | None, Field(description="the staff member's name, or the API key's fingerprint")
    ]


@with_config(_CLOSED)
class AppointmentJson(TypedDict):
    id: int
    external_id: str
    status: AppointmentStatus
    ref: Annotated[str, Field(description="the code the customer can quote in a reply")]
    customer: CustomerJson
    service: str | None
    stylist: str | None
    starts_at: Time
    duration_minutes: int
    created_at: Time
    updated_at: Time


@with_config(_CLOSED)
class MessageJson(TypedDict):
    id: int
    direction: Annotated[
        str,
        WithJsonSchema(
            {"type": "string", "enum": [MessageDirection.INBOUND, MessageDirection.OUTBOUND]}
        ),
    ]
    body: Annotated[str, Field(description="empty once past retention or erased")]
    template: str | None
    intent: str | None
    picked: Annotated[
        str | None, Field(description="intent offer_pick: the letter of the slot taken")
    ]
    status: str
    segments: int
    provider_sid: str | None
    error_code: str | None
    error_message: str | None
    created_at: Time
    sent_at: MaybeTime


@with_config(_CLOSED)
class AttemptJson(TypedDict):
    attempted_at: Time
    status_code: int | None
    error: str | None
    duration_ms: Annotated[int, Field(ge=0)]


_DELIVERY_STATUSES: Final = [
    CrmDeliveryStatus.PENDING,
    CrmDeliveryStatus.DELIVERED,
    CrmDeliveryStatus.FAILED,
]


@with_config(_CLOSED)
class DeliveryJson(TypedDict):
    id: int
    event_id: str
    event_type: Annotated[str, Field(description="one of the events under webhooks")]
    status: Annotated[str, WithJsonSchema({"type": "string", "enum": _DELIVERY_STATUSES})]
    attempts: Annotated[int, Field(ge=0)]
    next_attempt_at: MaybeTime
    last_status_code: int | None
    last_error: str | None
    created_at: Time
    delivered_at: MaybeTime
    attempt_log: list[AttemptJson]


@with_config(_CLOSED)
class SlotJson(TypedDict):
    letter: Annotated[str, Field(description="what the customer replies to pick it: A, B or C")]
    starts_at: Time
    stylist: str
    duration_minutes: int


@with_config(_CLOSED)
class OfferJson(TypedDict):
    id: int
    appointment_external_id: str
    status: OfferStatus
    source: OfferSource
    slots: list[SlotJson]
    expires_at: Time
    picked: Annotated[
        str | None, Field(description="the letter the customer picked, once accepted")
    ]
    created_at: Time
    closed_at: MaybeTime


@with_config(_CLOSED)
class FeedbackJson(TypedDict):
    """A customer's answer to the survey after a visit."""

    id: int
    appointment_external_id: str
    service: str | None
    stylist: str | None
    score: Annotated[int | None, Field(ge=1, le=5, description="1-5; null: a comment alone")]
    comment: Annotated[
        str | None, Field(description="the reply's words besides the score; empty once erased")
    ]
    received_at: Time


@overload
def local_time(value: datetime, salon: Salon) -> str: ...
@overload
def local_time(value: datetime | None, salon: Salon) -> str | None: ...
def local_time(value: datetime | None, salon: Salon) -> str | None:
    """ISO 8601 in the salon's own timezone, so a CRM sees the hour its staff booked."""
    return None if value is None else value.astimezone(ZoneInfo(salon.timezone)).isoformat()


def appointment_json(appointment: Appointment, salon: Salon) -> AppointmentJson:
    customer = appointment.customer
    return {
        "id": appointment.id,
        "external_id": appointment.external_id,
        "status": appointment.status,
        "ref": appointment.ref,
        "customer": customer_json(customer, salon),
        "service": appointment.service,
        "stylist": appointment.stylist,
        "starts_at": local_time(appointment.starts_at, salon),
        "duration_minutes": appointment.duration_minutes,
        "created_at": local_time(appointment.created_at, salon),
        "updated_at": local_time(appointment.updated_at, salon),
    }


def message_json(message: Message, salon: Salon) -> MessageJson:
    return {
        "id": message.id,
        "direction": message.direction,
        "body": message.body,
        "template": message.template,
        "intent": message.intent,
        "picked": message.picked,
        "status": message.status,
        "segments": message.segments,
        "provider_sid": message.provider_sid,
        "error_code": message.error_code,
        "error_message": message.error_message,
        "created_at": local_time(message.created_at, salon),
        "sent_at": local_time(message.sent_at, salon),
    }


def offer_json(offer: Offer, salon: Salon) -> OfferJson:
    return {
        "id": offer.id,
        "appointment_external_id": offer.appointment.external_id,
        "status": offer.status,
        "source": offer.source,
        "slots": [
            {
                "letter": letter,
                "starts_at": local_time(datetime.fromisoformat(slot["starts_at"]), salon),
                "stylist": slot["stylist"],
                "duration_minutes": slot["duration_minutes"],
            }
            for letter, slot in zip(LETTERS, offer.slots, strict=False)
        ],
        "expires_at": local_time(offer.expires_at, salon),
        "picked": LETTERS[offer.picked] if offer.picked is not None else None,
        "created_at": local_time(offer.created_at, salon),
        "closed_at": local_time(offer.closed_at, salon),
    }


def feedback_json(feedback: Feedback, salon: Salon) -> FeedbackJson:
    appointment = feedback.appointment
    return {
        "id": feedback.id,
        "appointment_external_id": appointment.external_id,
        "service": appointment.service,
        "stylist": appointment.stylist,
        "score": feedback.score,
        "comment": feedback.comment,
        "received_at": local_time(feedback.received_at, salon),
    }


def customer_json(customer: Customer, salon: Salon) -> CustomerJson:
    return {
        "phone": customer.phone,
        "name": customer.name,
        "locale": customer.locale or salon.locale,
        "opted_out": customer.opted_out,
    }


NO_CONSENT: Final[ConsentJson] = {
    "marketing": False,
    "method": None,
    "evidence": None,
    "at": None,
    "recorded_at": None,
    "recorded_by": None,
    "recorded_by_name": None,
}


def consent_json(change: ConsentChange | None, salon: Salon) -> ConsentJson:
    if change is None:
        return dict(NO_CONSENT)  # type: ignore[return-value]
    return {
        "marketing": change.marketing,
        "method": change.method,
        "evidence": change.evidence,
        "at": local_time(change.given_at, salon),
        "recorded_at": local_time(change.recorded_at, salon),
        "recorded_by": change.recorded_by,
        "recorded_by_name": change.recorded_by_name,
    }


def delivery_json(delivery: WebhookDelivery, salon: Salon) -> DeliveryJson:
    return {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": (
            local_time(delivery.next_attempt_at, salon)
            if delivery.status == CrmDeliveryStatus.PENDING
            else None
        ),
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "created_at": local_time(delivery.created_at, salon),
        "delivered_at": local_time(delivery.delivered_at, salon),
        "attempt_log": [
            {
                "attempted_at": local_time(attempt.attempted_at, salon),
                "status_code": attempt.status_code,
                "error": attempt.error,
                "duration_ms": attempt.duration_ms,
            }
            for attempt in delivery.attempt_log
        ],
    }
