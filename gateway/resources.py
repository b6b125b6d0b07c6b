"""How the service shows its records to salons: the JSON of the API and of event webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from gateway.models import (
    Appointment,
    Customer,
    DeliveryStatus,
    Message,
    Salon,
    WebhookDelivery,
)


def local_time(value: datetime | None, salon: Salon) -> str | None:
    """ISO 8601 in the salon's own timezone, so a CRM sees the hour its staff booked."""
    return None if value is None else value.astimezone(ZoneInfo(salon.timezone)).isoformat()


def appointment_json(appointment: Appointment, salon: Salon) -> dict[str, Any]:
    customer = appointment.customer
    return {
        "id": appointment.id,
        "external_id": appointment.external_id,
        "status": appointment.status.value,
        "ref": appointment.ref,
        "customer": customer_json(customer, salon),
        "service": appointment.service,
        "stylist": appointment.stylist,
        "starts_at": local_time(appointment.starts_at, salon),
        "duration_minutes": appointment.duration_minutes,
        "created_at": local_time(appointment.created_at, salon),
        "updated_at": local_time(appointment.updated_at, salon),
    }


def message_json(message: Message, salon: Salon) -> dict[str, Any]:
    return {
        "id": message.id,
        "direction": message.direction,
        "body": message.body,
        "template": message.template,
        "intent": message.intent,
        "status": message.status,
        "segments": message.segments,
        "provider_sid": message.provider_sid,
        "error_code": message.error_code,
        "error_message": message.error_message,
        "created_at": local_time(message.created_at, salon),
        "sent_at": local_time(message.sent_at, salon),
    }


def customer_json(customer: Customer, salon: Salon) -> dict[str, Any]:
    return {
        "phone": customer.phone,
        "name": customer.name,
        "locale": customer.locale or salon.locale,
        "opted_out": customer.opted_out,
    }


def delivery_json(delivery: WebhookDelivery, salon: Salon) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": (
            local_time(delivery.next_attempt_at, salon)
            if delivery.status == DeliveryStatus.PENDING
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
