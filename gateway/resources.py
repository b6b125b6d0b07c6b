"""How the service shows its records to salons: the JSON of the API and of event webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from gateway.models import Appointment, Customer, Message, Salon


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
