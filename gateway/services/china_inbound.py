"""What Alibaba Cloud and Tencent Cloud push: customers' replies and delivery receipts.

A reply carries no reference to the text it answers, only the sign name and extension code the
customer replied to: those pick the salon (extension codes are unique per provider; a sign name
shared by several salons is narrowed by which of them knows the number), then the existing reply
pipeline takes over (``receive_reply`` → a worker → transitions, answers, events). A reply no
salon can be found for is kept for the operator, never lost. Receipts go through the same
delivery-status recording as Twilio's callbacks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.china_models import UnroutedReply
from gateway.domain.carrier_words import carrier_reading
from gateway.domain.phones import mask
from gateway.models import Customer, Message, MessageDirection, Salon
from gateway.providers.base import DeliveryReport, InboundSms
from gateway.services.delivery import record_delivery_receipt
from gateway.services.inbound import receive_reply

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PushResult:
    #: Replies stored (and handed off to the reply workers).
    stored: int = 0
    duplicates: int = 0
    unrouted: int = 0
    #: Receipts that matched one of our texts.
    receipts: int = 0


def salon_for_reply(session: Session, *, provider: str, reply: InboundSms) -> Salon | None:
    """The salon a pushed reply is for, or None when nothing says so for sure."""
    if reply.extend_code:
        salon = session.scalar(
            select(Salon).where(Salon.provider == provider, Salon.extend_code == reply.extend_code)
        )
        if salon is not None:
            return salon
    query = select(Salon).where(Salon.provider == provider)
    if reply.sign_name:
        query = query.where(Salon.sign_name == reply.sign_name)
    elif reply.extend_code:
        return None  # an extension code we never gave, and no sign name: nobody's for sure
    candidates = session.scalars(query.order_by(Salon.id)).all()
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    # One signature for several salons: the one that last texted this number.
    latest = session.execute(
        select(Customer.salon_id, func.max(Message.id))
        .join(Message, Message.customer_id == Customer.id)
        .where(
            Customer.phone == reply.phone,
            Customer.salon_id.in_([s.id for s in candidates]),
            Message.direction == MessageDirection.OUTBOUND,
        )
        .group_by(Customer.salon_id)
        .order_by(func.max(Message.id).desc())
        .limit(1)
    ).first()
    if latest is None:
        return None
    return next(s for s in candidates if s.id == latest[0])


def receive_pushed_replies(
    session: Session, *, provider: str, replies: Sequence[InboundSms], now: datetime
) -> PushResult:
    """Store each reply once, for its salon; oldest first, as the customer wrote them."""
    result = PushResult()
    in_order = sorted(replies, key=lambda r: r.received_at or now)
    for reply in in_order:
        salon = salon_for_reply(session, provider=provider, reply=reply)
        if salon is None:
            _keep_unrouted(session, provider, reply, now, result)
            continue
        received = receive_reply(
            session,
            provider=provider,
            provider_sid=reply.dedupe_id,
            from_number=reply.phone,
            to_number="",
            body=reply.text,
            now=now,
            opt_out_type=carrier_reading(reply.text),
            salon=salon,
        )
        if received.duplicate:
            result.duplicates += 1
            continue
        result.stored += 1
    return result


def _keep_unrouted(
    session: Session, provider: str, reply: InboundSms, now: datetime, result: PushResult
) -> None:
    known = session.scalar(
        select(UnroutedReply.id).where(
            UnroutedReply.provider == provider, UnroutedReply.dedupe_id == reply.dedupe_id
        )
    )
    if known is not None:
        result.duplicates += 1
        return
    try:
        with session.begin_nested():
            session.add(
                UnroutedReply(
                    provider=provider,
                    dedupe_id=reply.dedupe_id,
                    phone=reply.phone,
                    body=reply.text,
                    sign_name=reply.sign_name,
                    extend_code=reply.extend_code,
                    received_at=reply.received_at,
                    created_at=now,
                )
            )
    except IntegrityError:
        result.duplicates += 1  # the same push, stored by a concurrent request
        return
    result.unrouted += 1
    log.warning(
        "%s reply from %s (sign %s, extend %s) matches no salon; kept for the operator",
        provider,
        mask(reply.phone),
        reply.sign_name or "-",
        reply.extend_code or "-",
    )


def record_receipts(
    session: Session, *, provider: str, reports: Sequence[DeliveryReport], now: datetime
) -> PushResult:
    """Apply each receipt to our text: by the provider's id, or by our reference (a text whose
    sending was uncertain has no provider id yet)."""
    result = PushResult()
    for report in reports:
        if report.sid is None:
            continue
        message_id = _our_text(session, provider, report.reference)
        found = record_delivery_receipt(
            session,
            provider=provider,
            provider_sid=report.sid,
            status="delivered" if report.delivered else "undelivered",
            error_code=None if report.delivered else (report.error_code or "failed")[:64],
            message_id=message_id,
            now=now,
        )
        if found:
            result.receipts += 1
        else:
            log.info("%s receipt %s for no text of ours", provider, report.sid)
    return result


def _our_text(session: Session, provider: str, reference: str | None) -> int | None:
    """The id of our outbound text ``reference`` names, if it went through ``provider``."""
    if reference is None or not reference.isdigit() or len(reference) > 12:
        return None
    return session.scalar(
        select(Message.id)
        .join(Salon, Salon.id == Message.salon_id)
        .where(
            Message.id == int(reference),
            Message.direction == MessageDirection.OUTBOUND,
            Salon.provider == provider,
        )
    )
