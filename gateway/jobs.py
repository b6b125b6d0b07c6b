"""RQ job functions. Each takes ids, reloads its rows, checks the work is still due, acts once."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections import Counter
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from redis.exceptions import RedisError
from rq.timeouts import JobTimeoutException

from gateway import clock, metrics
from gateway.config import Settings
from gateway.crm_http import (
    TIMEOUT_SECONDS,
    TOTAL_SECONDS,
    CrmAnswer,
    CrmDeliveryOrder,
    CrmVerdict,
    post_crm_delivery,
)
from gateway.db import Database
from gateway.queueing import REPLY_BATCH, REPLY_DRAIN_SECONDS, SQLITE_REPLY_BATCH, SmsQueue
from gateway.services import process_replies, sweep
from gateway.services.crm.webhook_delivery import claim_crm_delivery, record_attempt
from gateway.services.handoff import Work, handed_off
from gateway.services.replies.pushes import process_push
from gateway.services.sending.batch import send_batch
from gateway.services.sending.provider_calls import settle_uncertain

log = logging.getLogger(__name__)


def send_message(message_id: int) -> str:
    """Send one queued text (a job queued before texts went in batches, or by hand)."""
    return _send(message_ids=[message_id])[message_id]


def send_messages(message_ids: list[int]) -> str:
    """Send a batch of queued outbound texts through their salons' providers (``send_batch``:
    claimed in one transaction, then a wave of ``SEND_THREADS`` calls at a time).

    Returns what happened, for the RQ job record. If the provider asked to retry any text,
    that row is back in ``queued`` and the job raises at the end, so that RQ's Retry runs the
    batch again later: only rows still queued are claimed again.
    """
    outcomes = _send(message_ids=message_ids)
    counts = Counter(outcome.split(":", 1)[0] for outcome in outcomes.values())
    return ", ".join(f"{what} {n}" for what, n in sorted(counts.items()))


def _send(*, message_ids: list[int]) -> dict[int, str]:
    settings: Settings = current_app.extensions["settings"]
    return send_batch(
        current_app.extensions["db"],
        current_app.extensions["sms_providers"],
        message_ids=message_ids,
        threads=settings.send_threads,
        public_base_url=settings.public_base_url,
        clock=clock.now,
    )


def handle_replies() -> str:
    """Act on the replies waiting in Redis, a batch per transaction, until none has come for
    ``REPLY_LINGER_MS`` or ``REPLY_DRAIN_SECONDS`` have passed (then a fresh job carries on).

    When replies trickle in, a job that ended as soon as none waited cost a new RQ job and a
    batch every few replies, and a batch costs the same dozen statements, commit and Redis
    round trips whatever its size (docs/performance.md). So the job claims the draining
    (``claim_drain``: the webhook enqueues no other meanwhile), takes a batch at most every
    ``REPLY_GATHER_MS`` unless a full one waits, and waits a moment for more before it ends.
    A job that finds the claim held helps through a backlog instead (``_help_drain``).
    """
    db: Database = current_app.extensions["db"]
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    settings: Settings = current_app.extensions["settings"]
    deadline = time.monotonic() + REPLY_DRAIN_SECONDS
    batch = SQLITE_REPLY_BATCH if db.engine.dialect.name == "sqlite" else REPLY_BATCH
    token = uuid.uuid4().hex
    if sms_queue.claim_drain(token):
        processed, answers = _drain(db, sms_queue, settings, token, batch, deadline)
    else:
        processed, answers = _help_drain(db, sms_queue, batch, deadline)
    return f"processed {processed} replies, queued {answers} texts"


def _drain(
    db: Database, sms_queue: SmsQueue, settings: Settings, token: str, batch: int, deadline: float
) -> tuple[int, int]:
    """The claim's holder: batches, paced, until none comes for a moment or the deadline."""
    gather, linger = settings.reply_gather_ms / 1000, settings.reply_linger_ms / 1000
    processed = answers = 0
    renew = False  # just claimed by the caller: the first batch needs no renewal
    try:
        # Renewed before each later batch; lost only if it lapsed and another job took it,
        # which then takes the replies.
        while not renew or sms_queue.claim_drain(token):
            renew = True
            began = time.monotonic()
            message_ids = sms_queue.take_replies(batch)
            if not message_ids and linger > 0:
                message_ids = sms_queue.wait_for_replies(batch, linger)
            if not message_ids:
                if sms_queue.leave_drain(token):  # handed off while the claim held: ours
                    continue
                break
            if len(message_ids) == batch:  # a backlog: another worker may help (as before)
                sms_queue.help_with_backlog()
            done, queued = _act_on_replies(db, message_ids)
            processed, answers = processed + done, answers + queued
            if time.monotonic() >= deadline:
                sms_queue.leave_drain(token)
                sms_queue.wake_reply_drain()
                break
            if len(message_ids) < batch:  # none left over: let a few more come
                time.sleep(max(0.0, began + gather - time.monotonic()))
    except BaseException:
        # A job that fails (or is stopped) gives the draining up at once; the replies it had
        # taken are unprocessed rows the sweep hands off again.
        with contextlib.suppress(RedisError):
            sms_queue.leave_drain(token)
            sms_queue.wake_reply_drain()
        raise
    return processed, answers


def _help_drain(db: Database, sms_queue: SmsQueue, batch: int, deadline: float) -> tuple[int, int]:
    """Another job holds the claim (this one was enqueued beside it, or to help through a
    backlog): take what waits, back to back, and end at the first batch short of full — the
    holder takes the rest. Never pausing or waiting, two jobs never both stay for a trickle."""
    processed = answers = 0
    while time.monotonic() < deadline and (message_ids := sms_queue.take_replies(batch)):
        done, queued = _act_on_replies(db, message_ids)
        processed, answers = processed + done, answers + queued
        if len(message_ids) < batch:
            break
    return processed, answers


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


#: Between two transactions of one push on SQLite (see ``handle_push``).
_SQLITE_PAUSE = 0.05


def handle_push(push_id: int) -> str:
    """Read one kept Alibaba/Tencent Cloud push into replies and receipts, record by record."""
    db: Database = current_app.extensions["db"]
    # As with replies, a short transaction on SQLite keeps the webhook's wait for its lock short.
    limit = SQLITE_REPLY_BATCH if db.engine.dialect.name == "sqlite" else REPLY_BATCH
    result = None
    while True:
        with db.transaction() as session:
            step = process_push(
                session, push_id=push_id, now=clock.now(), limit=limit, so_far=result
            )
        if step is None:
            break
        result = step.result
        if step.finished:
            break
        if limit == SQLITE_REPLY_BATCH:
            # SQLite's busy handler polls with growing sleeps: without a pause, this loop takes
            # the write lock back before a waiting webhook wakes, and its answer waits seconds.
            time.sleep(_SQLITE_PAUSE)
    if result is None:
        return f"push {push_id}: done before"
    log.info("push %s: %s", push_id, result.summary())
    return f"push {push_id}: {result.summary()}"


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
    result.settled = settle_uncertain(db, current_app.extensions["sms_providers"], now=clock.now())
    summary = result.summary()
    if result.did_something():
        log.info("sweep: %s", summary)
    return summary


#: A CRM answering slower than this hands the job's remaining events to jobs of their own.
SLOW_CRM_SECONDS = 2.0


def deliver_webhooks(delivery_ids: list[int]) -> str:
    """POST a batch of events to their salons' CRMs, one after another in the order handed off,
    each claimed, signed, posted and recorded alone (``deliver_webhook``).

    One event that fails unexpectedly holds back no other: the rest are delivered, then the
    job raises (its row waits for the sweep's relay, as a failed one-event job's did). A batch
    may hold several salons' events: once one CRM answers slowly (a timeout is 10 s), the
    events after it go back to the queue a job each, so one salon's slow CRM delays another
    salon's events by one answer at most, not by a batch of them.

    How long a job runs: every event but the last took at most SLOW_CRM_SECONDS (or the rest
    were handed on), 9 x 2 s, then the last: its POST's total deadline, 15 s (connecting,
    sending, and the answer, however slowly it trickles in), and SQLite's 30 s lock wait for its
    claim and its record, 93 s in all, under RQ's 180 s job timeout
    (tests/unit/test_delivery_job_time.py). A host name whose lookup hangs, before the POST and
    its deadline, can still hold a job until RQ's timeout goes off inside it (or in recording
    its answer). That event is then recorded as a timed-out attempt and retried on its schedule
    (``deliver_webhook``), the events after it go back to the queue at once, a job each, and the
    job fails with RQ's timeout: none waits for the claim's 5-minute lease or the sweep's relay.
    """
    outcomes: list[str] = []
    failed: Exception | None = None
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    for index, delivery_id in enumerate(delivery_ids):
        started = time.monotonic()
        rest = delivery_ids[index + 1 :]
        try:
            outcomes.append(f"{delivery_id}: {deliver_webhook(delivery_id)}")
        except JobTimeoutException:
            sms_queue.enqueue_deliveries(rest, per_job=1)
            raise
        except Exception as exc:
            log.exception("webhook %s could not be delivered", delivery_id)
            outcomes.append(f"{delivery_id}: error: {type(exc).__name__}")
            failed = failed or exc
        if rest and time.monotonic() - started > SLOW_CRM_SECONDS:
            sms_queue.enqueue_deliveries(rest, per_job=1)
            outcomes.append(f"{len(rest)} handed on, a job each, after a slow CRM")
            break
    if failed is not None:
        raise failed
    return "; ".join(outcomes)


def deliver_webhook(
    delivery_id: int,
    *,
    now: datetime | None = None,
    timeout: float = TIMEOUT_SECONDS,
    total: float = TOTAL_SECONDS,
) -> str:
    """POST one event to the salon's CRM, signed, and record how it went.

    Never raises for the CRM's failures: a retry is a time on the row (``next_attempt_at``),
    which the sweep enqueues when it comes. ``now``, ``timeout`` and ``total`` are for tests.
    """
    db: Database = current_app.extensions["db"]
    settings: Settings = current_app.extensions["settings"]
    started = now or clock.now()
    with db.transaction() as session:
        order = claim_crm_delivery(session, delivery_id=delivery_id, now=started)
    if not isinstance(order, CrmDeliveryOrder):
        return f"skipped: {order}"

    posting = time.monotonic()
    try:
        answer = post_crm_delivery(
            order, timeout=timeout, total=total, allow_private=settings.allow_private_webhooks
        )
        with db.transaction() as session:
            outcome = record_attempt(
                session, order=order, answer=answer, attempted_at=started, now=now or clock.now()
            )
    except JobTimeoutException:
        # RQ's timeout went off in the POST or its record (``deliver_webhooks``): recorded as
        # the timeout it is, so the event is retried on its schedule, not held by its claim.
        out_of_time = CrmAnswer(
            CrmVerdict.RETRY,
            int((time.monotonic() - posting) * 1000),
            error="timeout: the job's time ran out during the attempt",
        )
        with db.transaction() as session:
            record_attempt(
                session, order=order, answer=out_of_time, attempted_at=started, now=clock.now()
            )
        raise
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
