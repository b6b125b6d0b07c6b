"""The dry run of a campaign over the salon's stored customers: who it reaches now, who is left
out and why, each one's text (the ``campaign_offer`` template in their language when known,
written as the salon's provider delivers it), how many SMS parts each takes and what the whole
costs.

Read at one moment, from the tables as they are: the sending path asks the marketing rules
again when each text goes, so a customer who withdraws consent in between gets nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.campaigns import (
    CAP_WINDOW,
    Audience,
    DryRun,
    Prospect,
    dry_run,
)
from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.segments import count_segments
from gateway.domain.texts import MessageDirection, MessageStatus, TemplateName
from gateway.models import Appointment, Customer, Message, Salon
from gateway.providers import sends_templates
from gateway.services.sending.template_codes import (
    Text,
    code_for,
    compose_at,
    delivered_locale_at,
    is_mainland,
)

CAMPAIGN_OFFER: Final = TemplateName.CAMPAIGN_OFFER

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
    #: Each reached customer's text as they will read it (customer id → text), in their
    #: language when the gateway knows it, else the salon's.
    texts: dict[int, Text]
    #: SMS parts of the longest of those texts (of the salon's own when it reaches no one).
    segments: int
    #: Every text's parts at the salon's price per part.
    estimated_cost: Decimal


@dataclass(frozen=True, slots=True)
class _Reader:
    """What decides which text a customer gets: their language and where their number is."""

    locale: str
    international: bool


def _readers(salon: Salon, customers: list[Customer]) -> dict[int, _Reader]:
    return {c.id: _Reader(c.locale or salon.locale, not is_mainland(c.phone)) for c in customers}


def _has_code(session: Session, salon: Salon, reader: _Reader) -> bool:
    """Whether the salon's provider can carry the offer to such a customer: always for one that
    takes text; for a template provider, when campaign_offer has a code in their language or
    the salon's, for a number where theirs is (mainland or international)."""
    if not sends_templates(salon.provider):
        return True
    locale = delivered_locale_at(
        session, salon, CAMPAIGN_OFFER, reader.locale, international=reader.international
    )
    code = code_for(
        session,
        provider=salon.provider,
        locale=locale,
        name=CAMPAIGN_OFFER,
        international=reader.international,
    )
    return code is not None


def prospects(
    session: Session, salon: Salon, *, now: datetime
) -> tuple[list[Prospect], dict[int, _Reader]]:
    """Every customer of the salon, with what the dry run asks of them, in the order added;
    and who reads each one's text."""
    salon_id = salon.id
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
    found = list(rows)
    readers = _readers(salon, [customer for customer, _, _ in found])
    ready = {reader: _has_code(session, salon, reader) for reader in set(readers.values())}
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
            template_missing=not ready[readers[customer.id]],
        )
        for customer, visited, texts in found
    ], readers


def offer_text(
    session: Session, salon: Salon, values: dict[str, str], *, locale: str, international: bool
) -> Text:
    """The offer as a customer reading ``locale`` reads it (``templates_sms/*/campaign_offer.txt``):
    the sender in front (the provider's 【sign】, or the salon's name), the opt-out line last;
    on a template provider, the approved template's values too."""
    return compose_at(
        session, salon, CAMPAIGN_OFFER, locale, dict(values), international=international
    )


def plan(
    session: Session,
    salon: Salon,
    audience: Audience,
    values: dict[str, str],
    *,
    now: datetime,
) -> Plan:
    """The dry run now: who, who not and why, each one's text, and the cost of them all."""
    today = now.astimezone(ZoneInfo(salon.timezone)).date()
    found, readers = prospects(session, salon, now=now)
    result = dry_run(
        found,
        audience,
        now=now,
        today=today,
        max_per_30_days=salon.marketing_limits.max_per_30_days,
    )
    written: dict[_Reader, Text] = {}
    texts: dict[int, Text] = {}
    for customer_id in result.included:
        reader = readers[customer_id]
        if reader not in written:
            written[reader] = offer_text(
                session, salon, values, locale=reader.locale, international=reader.international
            )
        texts[customer_id] = written[reader]
    parts = {text.body: count_segments(text.body) for text in written.values()}
    if not parts:
        own = offer_text(session, salon, values, locale=salon.locale, international=False)
        parts[own.body] = count_segments(own.body)
    cost = (sum(parts[text.body] for text in texts.values()) * salon.segment_price).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return Plan(result, texts, max(parts.values()), cost)
