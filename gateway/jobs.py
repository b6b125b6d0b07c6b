"""RQ job functions. Each takes ids, reloads its rows, checks the work is still due, acts once."""

from __future__ import annotations

import logging

from flask import current_app

from gateway.config import Settings
from gateway.db import Database
from gateway.domain.phones import mask
from gateway.models import utcnow
from gateway.providers import ProviderError, SmsProvider
from gateway.queueing import SmsQueue
from gateway.services import (
    SendOrder,
    claim_for_sending,
    record_send_failure,
    record_sent,
    sweep,
)

log = logging.getLogger(__name__)


def send_message(message_id: int) -> str:
    """Send one queued outbound message through the configured provider.

    Returns what happened, for the RQ job record. A retryable provider error is raised again so
    that RQ's Retry runs the job later; the row is back in ``queued`` by then.
    """
    db: Database = current_app.extensions["db"]
    provider: SmsProvider = current_app.extensions["sms_provider"]

    with db.transaction() as session:
        order = claim_for_sending(session, message_id=message_id, now=utcnow())
    if not isinstance(order, SendOrder):
        return f"skipped: {order}"

    try:
        sent = provider.send(
            to=order.to, sender=order.sender, body=order.body, callback=_callback(message_id)
        )
    except ProviderError as exc:
        with db.transaction() as session:
            record_send_failure(
                session,
                message_id=message_id,
                provider=provider.name,
                code=exc.code,
                error=str(exc),
                retryable=exc.retryable,
                now=utcnow(),
            )
        log.warning("message %s to %s not sent: %s (%s)", message_id, mask(order.to), exc, exc.code)
        if exc.retryable:
            raise
        return f"failed: {exc.code}"

    with db.transaction() as session:
        record_sent(
            session, message_id=message_id, provider=sent.provider, sid=sent.sid, now=utcnow()
        )
    log.info("message %s sent to %s as %s", message_id, mask(order.to), sent.sid)
    return f"sent: {sent.sid}"


def _callback(message_id: int) -> str | None:
    """Where the provider reports delivery; carries our id to settle a send that timed out."""
    settings: Settings = current_app.extensions["settings"]
    if not settings.public_base_url:
        return None
    return f"{settings.public_base_url.rstrip('/')}/sms/twilio/status?message={message_id}"


def run_sweep() -> str:
    """The periodic sweep (every SWEEP_SECONDS, from the cron process): reminders and relay."""
    db: Database = current_app.extensions["db"]
    with db.transaction() as session:
        result = sweep(session, now=utcnow())
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    sms_queue.enqueue_sends(result.to_enqueue)
    summary = (
        f"reminders queued {result.reminders_queued}, skipped {result.reminders_skipped}; "
        f"relayed {result.relayed}; uncertain {result.marked_uncertain}; "
        f"given up {result.given_up}"
    )
    if result.to_enqueue or result.marked_uncertain or result.given_up:
        log.info("sweep: %s", summary)
    return summary
