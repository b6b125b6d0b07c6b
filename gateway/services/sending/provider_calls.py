"""Handing a claimed text to its salon's provider, and acting on what the provider answered.

One place maps the provider's answer, by meaning (``FailureKind``), onto the text and its salon:
FAILED → failed; RETRY → queued again for the job's retry; DEFER → queued until the window the
provider named has passed (not failed); HOLD_ACCOUNT / HOLD_CONFIG → the salon's texts held until
the provider takes one again; OPT_OUT → the customer opted out; UNCERTAIN → ``uncertain``, settled
by the delivery receipt or by asking the provider (``settle_uncertain``), never sent again blindly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.db import Database
from gateway.domain.phones import mask
from gateway.models import Message, MessageStatus, Salon
from gateway.providers import (
    TEMPLATE_PROVIDERS,
    FailureKind,
    ProviderError,
    ProviderNotConfigured,
    Providers,
    SendResult,
    Settlement,
    kind_of,
)
from gateway.services.appointments.changes import opt_out
from gateway.services.desk.inbox import text_delivered
from gateway.services.sending.claim import SendOrder
from gateway.services.sending.delivery import (
    record_send_failure,
    record_sent_and_start,
    report_failed,
)
from gateway.services.sending.provider_state import Route, hold_salon, resume_salon

log = logging.getLogger(__name__)

#: A deferral whose error named no window waits this long.
DEFAULT_DEFER: Final = timedelta(minutes=5)
#: An uncertain text is asked about once the provider can know (its receipt takes moments) and
#: for as long as asking is useful; after that only a late receipt settles it.
SETTLE_FROM: Final = timedelta(minutes=2)
SETTLE_UNTIL: Final = timedelta(hours=6)
SETTLE_BATCH: Final = 20


def send_through(providers: Providers, order: SendOrder, *, callback: str | None) -> SendResult:
    """Give ``order`` to its salon's provider; raises ProviderError with what a refusal means."""
    route = order.route or Route(None)
    if route.problem is not None:
        raise ProviderError(
            route.problem, code="not_sendable", kind=route.problem_kind or FailureKind.FAILED
        )
    try:
        if route.provider is None or not kind_of(route.provider).sends_templates:
            text = providers.text(route.provider)
            return text.send(to=order.to, sender=order.sender, body=order.body, callback=callback)
        template = providers.template(route.provider)
    except ProviderNotConfigured as exc:
        raise ProviderError(str(exc), code="not_configured", kind=FailureKind.HOLD_CONFIG) from exc
    assert route.sign_name is not None and route.template_code is not None
    return template.send_template(
        to=order.to,
        sign_name=route.sign_name,
        template_code=route.template_code,
        params=route.params,
        extend_code=route.extend_code,
        reference=str(order.message_id),
    )


def sender_name(providers: Providers, order: SendOrder) -> str:
    """The provider's name as stored on the message (the stand-in's in tests)."""
    kind = order.route.provider if order.route is not None else None
    if kind is not None and kind_of(kind).sends_templates:
        return kind
    try:
        return providers.text(kind).name
    except ProviderNotConfigured:
        return kind or "unknown"


def record_failure(
    session: Session, *, message_id: int, provider: str, error: ProviderError, now: datetime
) -> None:
    """Act on the provider's refusal of a text, by what it means."""
    kind = error.kind
    code = error.code[:64] if error.code else None
    if kind in (FailureKind.RETRY, FailureKind.FAILED, FailureKind.OPT_OUT):
        record_send_failure(
            session,
            message_id=message_id,
            provider=provider,
            code=code,
            error=str(error),
            retryable=kind is FailureKind.RETRY,
            now=now,
        )
        message = session.get_one(Message, message_id)
        if kind is FailureKind.OPT_OUT and message.customer is not None:
            opt_out(session, message.customer, now=now, answer=False)
        return
    message = session.get_one(Message, message_id)
    message.provider, message.error_code, message.error_message = provider, code, str(error)
    if kind is FailureKind.UNCERTAIN:
        message.status = MessageStatus.UNCERTAIN
    elif kind is FailureKind.DEFER:
        # Nothing was sent; the relay enqueues it again once the provider's window has passed.
        message.status, message.enqueued_at = MessageStatus.QUEUED, None
        message.send_after = now + (error.retry_after or DEFAULT_DEFER)
    else:
        hold_salon(session, message, reason=f"{error.code}: {error}", now=now)


def record_accepted(
    session: Session,
    accepted: Sequence[tuple[int, SendResult]],
    *,
    now: datetime,
    start: Sequence[SendOrder] = (),
) -> set[int]:
    """Record the texts the provider took (``record_sent``), keep the parts it billed, and
    resume their salons if the provider had been refusing them; and start ``start``, the next
    wave (``start_provider_calls``): the ids of ``start`` whose calls may go.

    A wave's texts are written in one statement, without loading them, with the next wave's
    start (``record_sent_and_start``), which also says whether any of their salons was held:
    most waves find none, and then no salon is locked or loaded. A held salon is locked and
    read again before it is resumed."""
    held, started = record_sent_and_start(session, accepted, start, now=now)
    if not held:
        return started
    # Locked, and read again under the lock, before they are resumed.
    locked = (
        session.connection()
        .scalars(
            select(Salon.id)
            .where(Salon.id.in_(held), Salon.provider_blocked_at.is_not(None))
            .order_by(Salon.id)
            .with_for_update()
        )
        .all()
    )
    for salon_id in locked:
        resume_salon(session, session.get_one(Salon, salon_id), now=now)
    return started


def settle_uncertain(db: Database, providers: Providers, *, now: datetime) -> int:
    """Ask template providers (Alibaba Cloud, Tencent Cloud) what became of texts whose sending
    was uncertain;
    returns how many were settled. Each question is asked outside any transaction."""
    with db.transaction() as session:
        rows = session.execute(
            select(Message.id, Message.claimed_at, Salon.provider, Message.customer_id)
            .join(Salon, Salon.id == Message.salon_id)
            .where(
                Message.status == MessageStatus.UNCERTAIN,
                Salon.provider.in_(TEMPLATE_PROVIDERS),
                Message.claimed_at <= now - SETTLE_FROM,
                Message.claimed_at > now - SETTLE_UNTIL,
            )
            .order_by(Message.claimed_at)
            .limit(SETTLE_BATCH)
        ).all()
        phones = {
            row.id: session.get_one(Message, row.id).customer.phone  # type: ignore[union-attr]
            for row in rows
            if row.customer_id is not None
        }
    settled = 0
    for row in rows:
        phone = phones.get(row.id)
        if phone is None or row.claimed_at is None:
            continue
        try:
            outcome = _ask(providers, row.provider, row.id, phone, row.claimed_at, now)
        except (ProviderError, ProviderNotConfigured) as exc:
            log.warning("could not settle message %s to %s: %s", row.id, mask(phone), exc)
            continue
        if outcome is Settlement.UNKNOWN:
            continue
        with db.transaction() as session:
            message = session.scalar(select(Message).where(Message.id == row.id).with_for_update())
            if message is None or message.status != MessageStatus.UNCERTAIN:
                continue
            message.provider = row.provider
            if outcome is Settlement.DELIVERED:
                message.status = MessageStatus.DELIVERED
                text_delivered(session, message, now=now)
            else:
                message.status = MessageStatus.FAILED
                report_failed(session, message, now)
        settled += 1
    return settled


def _ask(
    providers: Providers, kind: str, message_id: int, phone: str, sent_at: datetime, now: datetime
) -> Settlement:
    return providers.template(kind).settle(
        to=phone, reference=str(message_id), sent_at=sent_at, until=now
    )
