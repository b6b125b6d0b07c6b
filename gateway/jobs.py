"""RQ job functions. Each takes ids, reloads its rows, checks the work is still due, acts once."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app

from gateway import clock, metrics
from gateway.config import Settings
from gateway.crm_http import TIMEOUT_SECONDS, CrmDeliveryOrder, CrmVerdict, post_crm_delivery
from gateway.db import Database
from gateway.domain.phones import mask
from gateway.providers import FailureKind, ProviderError, Providers
from gateway.queueing import REPLY_BATCH, REPLY_DRAIN_SECONDS, SQLITE_REPLY_BATCH, SmsQueue
from gateway.services import (
    SendOrder,
    claim_for_sending,
    process_replies,
    record_sent,
    sweep,
)
from gateway.services.delivery import start_provider_call
from gateway.services.handoff import Work, handed_off
from gateway.services.sending import (
    provider_accepted,
    record_failure,
    send_through,
    sender_name,
    settle_uncertain,
)
from gateway.services.webhook_delivery import claim_crm_delivery, record_attempt

log = logging.getLogger(__name__)


def send_message(message_id: int) -> str:
    """Send one queued outbound message through its salon's provider.

    Returns what happened, for the RQ job record. A provider error worth retrying soon is raised
    again so that RQ's Retry runs the job later; the row is back in ``queued`` by then. Other
    refusals are acted on by what they mean (``services.sending.record_failure``).
    """
    db: Database = current_app.extensions["db"]
    providers: Providers = current_app.extensions["sms_providers"]

    with db.transaction() as session:
        order = claim_for_sending(session, message_id=message_id, now=clock.now())
    if not isinstance(order, SendOrder):
        return f"skipped: {order}"
    with db.transaction() as session:
        if not start_provider_call(session, order=order, now=clock.now()):
            return "skipped: the claim expired and the row was queued again"

    try:
        sent = send_through(providers, order, callback=_callback(message_id))
    except ProviderError as exc:
        provider = sender_name(providers, order)
        with db.transaction() as session:
            record_failure(
                session, message_id=message_id, provider=provider, error=exc, now=clock.now()
            )
        metrics.text_sent(provider, order.template, exc.kind.value)
        metrics.provider_error(provider, exc.kind.value)
        log.warning("message %s to %s not sent: %s (%s)", message_id, mask(order.to), exc, exc.code)
        if exc.kind is FailureKind.RETRY:
            raise
        return f"{exc.kind.value}: {exc.code}"

    with db.transaction() as session:
        record_sent(
            session, message_id=message_id, provider=sent.provider, sid=sent.sid, now=clock.now()
        )
        provider_accepted(session, message_id=message_id, fee=sent.fee, now=clock.now())
    metrics.text_sent(sent.provider, order.template, "sent")
    log.info("message %s sent to %s as %s", message_id, mask(order.to), sent.sid)
    return f"sent: {sent.sid}"


def handle_replies() -> str:
    """Act on the replies waiting in Redis, a batch per transaction, until none wait or
    ``REPLY_DRAIN_SECONDS`` have passed (then a fresh job carries on)."""
    db: Database = current_app.extensions["db"]
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    deadline = time.monotonic() + REPLY_DRAIN_SECONDS
    batch = SQLITE_REPLY_BATCH if db.engine.dialect.name == "sqlite" else REPLY_BATCH
    processed = answers = 0
    while message_ids := sms_queue.take_replies(batch):
        done, queued = _act_on_replies(db, message_ids)
        processed, answers = processed + done, answers + queued
        if time.monotonic() >= deadline:
            sms_queue.wake_reply_drain()
            break
    return f"processed {processed} replies, queued {answers} texts"


def handle_reply(message_id: int) -> str:
    """Act on one stored reply, then on the others waiting: the job a reply was before replies
    waited in a set (Redis may still hold some after an upgrade)."""
    db: Database = current_app.extensions["db"]
    processed, answers = _act_on_replies(db, [message_id])
    return f"processed {processed} replies, queued {answers} texts; {handle_replies()}"


def _act_on_replies(db: Database, message_ids: list[int]) -> tuple[int, int]:
    """One transaction for the batch; should it fail, one per reply, so one reply that cannot
    be acted on holds back no other. Returns (replies processed, answers queued)."""
    try:
        return _act_in_one_transaction(db, message_ids)
    except Exception:
        if len(message_ids) == 1:
            raise
        log.exception("a batch of %d replies failed; acting on each alone", len(message_ids))
    processed = answers = 0
    for message_id in message_ids:
        try:
            done, queued = _act_in_one_transaction(db, [message_id])
        except Exception:
            # Still unprocessed in the database: the sweep hands it off again.
            log.exception("reply %s could not be acted on", message_id)
            continue
        processed, answers = processed + done, answers + queued
    return processed, answers


def _act_in_one_transaction(db: Database, message_ids: list[int]) -> tuple[int, int]:
    with db.transaction() as session:
        result = process_replies(session, message_ids=message_ids, now=clock.now())
        answers = len(handed_off(session, Work.SEND))
    return result.processed, answers


def _callback(message_id: int) -> str | None:
    """Where the provider reports delivery; carries our id to settle a send that timed out."""
    settings: Settings = current_app.extensions["settings"]
    if not settings.public_base_url:
        return None
    return f"{settings.public_base_url.rstrip('/')}/sms/twilio/status?message={message_id}"


def run_sweep() -> str:
    """The periodic sweep (every SWEEP_SECONDS, from the cron process): reminders and relay.

    Rows whose job Redis no longer holds (it restarted empty, or was down when they were
    committed) are enqueued again now, not RELAY_AFTER later. Logs only when it did something.
    """
    db: Database = current_app.extensions["db"]
    settings: Settings = current_app.extensions["settings"]
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    with metrics.SWEEP_SECONDS.time():
        return _sweep(db, settings, sms_queue)


def _sweep(db: Database, settings: Settings, sms_queue: SmsQueue) -> str:
    with db.transaction() as session:
        result = sweep(
            session,
            now=clock.now(),
            retention_days=settings.message_retention_days,
            lost_sends=sms_queue.sends_not_in_hand,
            lost_replies=sms_queue.replies_not_in_hand,
        )
    settled = settle_uncertain(db, current_app.extensions["sms_providers"], now=clock.now())
    summary = (
        f"reminders queued {result.reminders_queued}, skipped {result.reminders_skipped}; "
        f"relayed {result.relayed}; replies {result.replies_relayed}; "
        f"queued again after a worker stopped before sending {result.reclaimed}; "
        f"uncertain {result.marked_uncertain}, reported {result.reported_uncertain}, "
        f"settled {settled}; "
        f"given up {result.given_up}; webhook deliveries due {result.deliveries_due}; "
        f"bodies blanked {result.bodies_blanked}"
    )
    if (
        result.reminders_queued
        or result.relayed
        or result.probes
        or result.replies_relayed
        or result.deliveries_due
        or result.marked_uncertain
        or settled
        or result.reclaimed
        or result.reported_uncertain
        or result.given_up
        or result.bodies_blanked
    ):
        log.info("sweep: %s", summary)
    return summary


def deliver_webhook(
    delivery_id: int, *, now: datetime | None = None, timeout: float = TIMEOUT_SECONDS
) -> str:
    """POST one event to the salon's CRM, signed, and record how it went.

    Never raises for the CRM's failures: a retry is a time on the row (``next_attempt_at``),
    which the sweep enqueues when it comes. ``now`` and ``timeout`` are for tests.
    """
    db: Database = current_app.extensions["db"]
    settings: Settings = current_app.extensions["settings"]
    started = now or clock.now()
    with db.transaction() as session:
        order = claim_crm_delivery(session, delivery_id=delivery_id, now=started)
    if not isinstance(order, CrmDeliveryOrder):
        return f"skipped: {order}"

    answer = post_crm_delivery(
        order, timeout=timeout, allow_private=settings.allow_private_webhooks
    )
    with db.transaction() as session:
        outcome = record_attempt(
            session, order=order, answer=answer, attempted_at=started, now=now or clock.now()
        )
    metrics.webhook_delivery(answer.verdict.value)
    level = logging.INFO if answer.verdict is CrmVerdict.DELIVERED else logging.WARNING
    log.log(
        level,
        "webhook %s (%s) for salon %s to %s: %s",
        delivery_id,
        order.event_id,
        order.salon_id,
        urlsplit(order.url).hostname,
        outcome,
    )
    return outcome
