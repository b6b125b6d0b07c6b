"""RQ job functions. Each takes ids, reloads its rows, checks the work is still due, acts once."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from gateway.db import Database
from gateway.domain.phones import mask
from gateway.models import Message, MessageStatus, utcnow
from gateway.providers import ProviderError, SmsProvider

log = logging.getLogger(__name__)


def send_message(message_id: int) -> str:
    """Send one queued outbound message through the configured provider.

    The row is claimed (queued → sending) in its own transaction before the provider is called,
    so a second run of the same job, or a duplicate job, finds it claimed and sends nothing.
    Returns what happened, for the RQ job record.
    """
    db: Database = current_app.extensions["db"]
    provider: SmsProvider = current_app.extensions["sms_provider"]

    with db.transaction() as session:
        message = session.scalar(select(Message).where(Message.id == message_id).with_for_update())
        if message is None or message.status != MessageStatus.QUEUED:
            return "skipped: not queued"
        customer = message.customer
        if customer is None:
            message.status = MessageStatus.FAILED
            message.error_message = "no recipient"
            return "failed: no recipient"
        if customer.opted_out and message.template != "opted_out":
            message.status = MessageStatus.CANCELLED
            return "cancelled: customer opted out"
        message.status = MessageStatus.SENDING
        message.provider = provider.name
        to, sender, body = customer.phone, message.salon.sender_number, message.body

    try:
        sent = provider.send(to=to, sender=sender, body=body, callback=None)
    except ProviderError as exc:
        with db.transaction() as session:
            message = session.get_one(Message, message_id)
            message.error_code = exc.code
            message.error_message = str(exc)
            # A retryable failure goes back to queued so that RQ's retry can claim it again.
            message.status = MessageStatus.QUEUED if exc.retryable else MessageStatus.FAILED
        log.warning("message %s to %s not sent: %s (%s)", message_id, mask(to), exc, exc.code)
        if exc.retryable:
            raise
        return f"failed: {exc.code}"

    with db.transaction() as session:
        message = session.get_one(Message, message_id)
        message.provider_sid = sent.sid
        message.status = MessageStatus.SENT
        message.sent_at = utcnow()
        message.error_code = message.error_message = None
    log.info("message %s sent to %s as %s", message_id, mask(to), sent.sid)
    return f"sent: {sent.sid}"
