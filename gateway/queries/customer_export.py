"""A customer's export: everything the gateway holds about one customer of a salon, as JSON
(a PIPL access request answered in one call)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, with_config
from sqlalchemy import select
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from gateway.models import Customer, Feedback, Salon, TaughtPhrase
from gateway.queries.threads import customer_appointments, customer_thread
from gateway.resources import (
    AppointmentJson,
    ConsentJson,
    FeedbackJson,
    MaybeTime,
    MessageJson,
    Time,
    appointment_json,
    consent_json,
    feedback_json,
    local_time,
    message_json,
)
from gateway.services.customers.consent import consent_history

_CLOSED = ConfigDict(extra="forbid")


@with_config(_CLOSED)
class ExportedCustomerJson(TypedDict):
    phone: str
    name: str | None
    locale: str
    birthday: str | None
    tags: list[str]
    opted_out: bool
    opted_out_at: MaybeTime
    marketing_reachable: bool
    created_at: Time


@with_config(_CLOSED)
class TaughtFromJson(TypedDict):
    """A phrase the salon taught from one of the customer's replies (its words may name them)."""

    text: Annotated[str, Field(description="the reply as remembered: normalised")]
    intent: Annotated[str, Field(description="confirm, change or cancel")]
    taught_at: Time


@with_config(_CLOSED)
class CustomerExportJson(TypedDict):
    """Everything the gateway holds about one customer of the salon (a PIPL access request)."""

    exported_at: Time
    salon: Annotated[str, Field(description="the salon's name")]
    customer: ExportedCustomerJson
    consent: ConsentJson
    consent_history: Annotated[list[ConsentJson], Field(description="oldest first")]
    appointments: Annotated[list[AppointmentJson], Field(description="latest first")]
    messages: Annotated[list[MessageJson], Field(description="oldest first")]
    feedback: list[FeedbackJson]
    taught_phrases: Annotated[
        list[TaughtFromJson],
        Field(description="phrases the salon taught from the customer's replies, oldest first"),
    ]


def customer_export(
    session: Session, salon: Salon, customer: Customer, *, now: datetime
) -> CustomerExportJson:
    history = consent_history(session, customer.id)
    feedback = session.scalars(
        select(Feedback)
        .where(Feedback.salon_id == salon.id, Feedback.customer_id == customer.id)
        .order_by(Feedback.received_at, Feedback.id)
    ).all()
    phrases = session.scalars(
        select(TaughtPhrase)
        .where(TaughtPhrase.salon_id == salon.id, TaughtPhrase.customer_id == customer.id)
        .order_by(TaughtPhrase.created_at, TaughtPhrase.id)
    ).all()
    ids = {"salon_id": salon.id, "customer_id": customer.id}
    return {
        "exported_at": local_time(now, salon),
        "salon": salon.name,
        "customer": {
            "phone": customer.phone,
            "name": customer.name,
            "locale": customer.locale or salon.locale,
            "birthday": customer.birthday,
            "tags": list(customer.tags or []),
            "opted_out": customer.opted_out,
            "opted_out_at": local_time(customer.opted_out_at, salon),
            "marketing_reachable": customer.marketing_reachable,
            "created_at": local_time(customer.created_at, salon),
        },
        "consent": consent_json(history[-1] if history else None, salon),
        "consent_history": [consent_json(change, salon) for change in history],
        "appointments": [appointment_json(a, salon) for a in customer_appointments(session, **ids)],
        "messages": [message_json(m, salon) for m in customer_thread(session, **ids)],
        "feedback": [feedback_json(f, salon) for f in feedback],
        "taught_phrases": [
            {"text": p.text, "intent": p.intent.value, "taught_at": local_time(p.created_at, salon)}
            for p in phrases
        ],
    }
