"""The dry run of a campaign over the salon's stored customers: who it reaches now, who is left
out and why, how many SMS parts each text takes and what the whole costs.

Read at one moment, from the tables as they are: the sending path asks the marketing rules
again when each text goes, so a customer who withdraws consent in between gets nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.campaigns import (
    CAP_WINDOW,
    Audience,
    DryRun,
    Prospect,
    dry_run,
    offer_words,
)
from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.segments import count_segments
from gateway.domain.texts import MessageDirection, MessageStatus
from gateway.models import Appointment, Customer, Message, Salon
from gateway.providers import sends_templates
from gateway.services.salons.providers import provider_of

#: A visit that happened: the appointment time came and the customer was not a no-show.
_VISITED = (
    AppointmentStatus.UNCONFIRMED,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.COMPLETED,
)
#: Marketing texts that count against the cap: sent, or still on their way.
_NOT_COUNTED = (MessageStatus.CANCELLED, MessageStatus.FAILED, MessageStatus.UNDELIVERED)


@dataclass(frozen=True, slots=True)
class Plan:
    dry_run: DryRun
    segments: int
    estimated_cost: Decimal
    #: The text as the salon's customers read it (its locale, its sender).
    preview: str


def prospects(session: Session, *, salon_id: int, now: datetime) -> list[Prospect]:
    """Every customer of the salon, with what the dry run asks of them, in the order added."""
    last_visit = (
        select(Appointment.customer_id, func.max(Appointment.starts_at).label("last_visit"))
        .where(
            Appointment.salon_id == salon_id,
            Appointment.starts_at <= now,
            Appointment.status.in_(_VISITED),
        )
        .group_by(Appointment.customer_id)
        .subquery()
    )
    recent_marketing = (
        select(Message.customer_id, func.count().label("texts"))
        .where(
            Message.salon_id == salon_id,
            Message.campaign_id.is_not(None),
            Message.direction == MessageDirection.OUTBOUND,
            Message.created_at > now - CAP_WINDOW,
            Message.status.not_in(_NOT_COUNTED),
        )
        .group_by(Message.customer_id)
        .subquery()
    )
    rows = session.execute(
        select(Customer, last_visit.c.last_visit, recent_marketing.c.texts)
        .outerjoin(last_visit, last_visit.c.customer_id == Customer.id)
        .outerjoin(recent_marketing, recent_marketing.c.customer_id == Customer.id)
        .where(Customer.salon_id == salon_id)
        .order_by(Customer.id)
    )
    return [
        Prospect(
            customer_id=customer.id,
            consent_since=customer.marketing_consent_at,
            opted_out_at=customer.opted_out_at,
            erased_at=customer.erased_at,
            birthday=(
                (customer.birthday_month, customer.birthday_day)
                if customer.birthday_month is not None and customer.birthday_day is not None
                else None
            ),
            tags=tuple(customer.tags or ()),
            last_visit=visited,
            marketing_texts_30_days=int(texts or 0),
            birthday_offered_for=customer.birthday_offered_for,
        )
        for customer, visited, texts in rows
    ]


def campaign_text(session: Session, salon: Salon, values: dict[str, str]) -> str:
    """The text in the salon's language, as its customers read it: the sender in front (the
    provider's 【sign】, or the salon's name), the offer, the opt-out line last."""
    china = sends_templates(provider_of(session, salon))
    sender = salon.sign_name if china and salon.sign_name else salon.name
    prefix = f"{sender}: " if salon.locale == "en" else f"【{sender}】"
    return prefix + offer_words(
        salon.locale, values["offer"], values.get("valid_until"), china_provider=china
    )


def plan(
    session: Session,
    salon: Salon,
    audience: Audience,
    values: dict[str, str],
    *,
    now: datetime,
) -> Plan:
    """The dry run now: who, who not and why (under the salon's frequency cap), parts per
    text, and the cost of them all."""
    today = now.astimezone(ZoneInfo(salon.timezone)).date()
    result = dry_run(
        prospects(session, salon_id=salon.id, now=now),
        audience,
        now=now,
        today=today,
        max_per_30_days=salon.marketing_limits.max_per_30_days,
    )
    preview = campaign_text(session, salon, values)
    segments = count_segments(preview)
    cost = (result.audience_count * segments * salon.segment_price).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return Plan(result, segments, cost, preview)
