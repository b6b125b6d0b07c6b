"""What a salon's provider needs before a text goes, and what happens while it refuses them.

``route_for`` says how a claimed text goes: as its body (Twilio, the console) or as an approved
template with its values (Alibaba Cloud, Tencent Cloud). When the provider refuses a salon as a
whole — no balance, arrears, an unapproved signature or template — ``hold_salon`` holds its
texts (nothing is lost), tells the CRM once (``salon.provider_blocked``), and from then on the
sweep probes with one held text every ``PROBE_EVERY``; the first one the provider takes resumes
the salon (``resume_salon``: ``salon.provider_resumed``, the held texts queued again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from gateway.domain.events import EventType
from gateway.models import Message, MessageStatus, Salon
from gateway.providers import TEMPLATE_PROVIDERS, FailureKind, sends_templates
from gateway.services.crm.events import emit
from gateway.services.handoff import Work, hand_off
from gateway.services.sending.template_codes import code_for, is_mainland, missing_templates

#: How often a held salon's provider is asked again, with one of its held texts.
PROBE_EVERY: Final = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Route:
    """How a claimed text goes to its salon's provider."""

    #: The salon's provider kind: twilio, console, aliyun, tencent; None for SMS_PROVIDER.
    provider: str | None
    sign_name: str | None = None
    extend_code: str | None = None
    template_code: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    #: Why it cannot go as it is, and what that means (held or failed) — decided before any
    #: provider is called.
    problem: str | None = None
    problem_kind: FailureKind | None = None


def route_for(
    session: Session,
    salon: Salon,
    *,
    template: str | None,
    template_params: str | None,
    locale: str | None,
    phone: str,
) -> Route:
    """How a text of ``salon`` goes (its template, the template's values as stored, its locale
    and its recipient's number, as on the message's row)."""
    if not sends_templates(salon.provider):
        return Route(salon.provider)
    if template_params is None or template is None:
        return Route(
            salon.provider,
            problem=f"written before the salon moved to {salon.provider}; not sent",
            problem_kind=FailureKind.FAILED,
        )
    locale = locale or salon.locale
    code = code_for(
        session,
        provider=salon.provider,
        locale=locale,
        name=template,
        international=not is_mainland(phone),
    )
    if code is None:
        return Route(
            salon.provider,
            problem=f"{salon.provider} has no template code for {locale}/{template}",
            problem_kind=FailureKind.HOLD_CONFIG,
        )
    params = tuple((str(name), str(value)) for name, value in json.loads(template_params))
    return Route(
        salon.provider,
        sign_name=salon.sign_name or salon.name,
        extend_code=salon.extend_code,
        template_code=code,
        params=params,
    )


def held_for_provider(
    session: Session, message: Message, now: datetime, *, salon: Salon | None = None
) -> bool:
    """Hold ``message`` if its salon's provider is refusing it — unless a probe is due, in
    which case this text is the probe and goes. ``salon``: its salon, already locked."""
    if salon is None:
        salon = session.scalar(select(Salon).where(Salon.id == message.salon_id).with_for_update())
        assert salon is not None
    if salon.provider_blocked_at is None:
        return False
    if salon.provider_probe_at is None or salon.provider_probe_at <= now - PROBE_EVERY:
        salon.provider_probe_at = now
        return False
    message.status, message.enqueued_at = MessageStatus.HELD, None
    message.error_message = f"held: {salon.provider_blocked_reason or 'the provider refuses'}"
    return True


def hold_salon(session: Session, message: Message, *, reason: str, now: datetime) -> None:
    """The provider refused ``message`` for a reason that stops every text of its salon."""
    salon = session.scalar(select(Salon).where(Salon.id == message.salon_id).with_for_update())
    assert salon is not None
    message.status, message.enqueued_at = MessageStatus.HELD, None
    message.error_message = f"held: {reason}"
    if salon.provider_blocked_at is None:
        salon.provider_blocked_at, salon.provider_probe_at = now, now
        salon.provider_blocked_reason = reason[:300]
        emit(session, salon, EventType.SALON_PROVIDER_BLOCKED, now=now, message=message)


def resume_salon(session: Session, salon: Salon, *, now: datetime) -> bool:
    """The provider took a text again: release the held ones; True if the salon was held."""
    if salon.provider_blocked_at is None:
        return False
    salon.provider_blocked_at = salon.provider_probe_at = None
    salon.provider_blocked_reason = None
    # Held over a daily cap wait for their day (send_after later than now); the rest go now.
    session.execute(
        update(Message)
        .where(
            Message.salon_id == salon.id,
            Message.status == MessageStatus.HELD,
            Message.send_after <= now,
        )
        .values(status=MessageStatus.QUEUED, enqueued_at=None, error_message=None)
    )
    emit(session, salon, EventType.SALON_PROVIDER_RESUMED, now=now)
    return True


def not_held(column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """``column`` (a salon id) is not a salon whose provider is refusing it: for the relay."""
    blocked = select(Salon.id).where(Salon.provider_blocked_at.is_not(None))
    return ~column.in_(blocked)


def probes_due(session: Session, *, now: datetime) -> int:
    """One held text of each held salon whose probe is due, handed off again; how many."""
    probes = 0
    salons = session.scalars(
        select(Salon).where(
            Salon.provider_blocked_at.is_not(None),
            Salon.provider_probe_at <= now - PROBE_EVERY,
        )
    )
    for salon in salons:
        message = session.scalar(
            select(Message)
            .where(
                Message.salon_id == salon.id,
                Message.status == MessageStatus.HELD,
                Message.send_after <= now,
            )
            .order_by(Message.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if message is not None:
            message.status, message.enqueued_at = MessageStatus.QUEUED, now
            hand_off(session, Work.SEND, message.id)
            probes += 1
    return probes


def provider_health(session: Session, problems: dict[str, str | None]) -> dict[str, Any]:
    """What /healthz says about sending: salons held by their provider, salons lacking a
    template code, providers in use this deployment cannot reach (``problems`` by kind; "" is
    SMS_PROVIDER, for salons without a provider of their own)."""
    report: dict[str, Any] = {}
    salons = session.scalars(
        select(Salon).where(
            (Salon.provider_blocked_at.is_not(None)) | Salon.provider.in_(TEMPLATE_PROVIDERS)
        )
    ).all()
    held = [
        {
            "salon": s.id,
            "provider": s.provider,
            "since": s.provider_blocked_at.isoformat(),
            "reason": s.provider_blocked_reason,
        }
        for s in salons
        if s.provider_blocked_at is not None
    ]
    missing = {
        str(s.id): found
        for s in salons
        if (found := missing_templates(session, provider=s.provider, locale=s.locale))
    }
    kinds = {kind or "" for kind in session.scalars(select(Salon.provider).distinct())}
    unreachable = {kind or "SMS_PROVIDER": p for kind in sorted(kinds) if (p := problems.get(kind))}
    if held:
        report["salons_held_by_provider"] = held
    if missing:
        report["salons_missing_template_codes"] = missing
    if unreachable:
        report["providers_not_configured"] = unreachable
    return report
