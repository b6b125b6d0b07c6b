"""Delivering event webhooks to a salon's CRM: claim, POST, record, and retry until ~24 h.

The delivery job runs three steps, each short: ``claim_crm_delivery`` (one transaction: the row is
leased so no second worker posts it at the same time), ``crm_http.post_crm_delivery`` (the HTTP
request, no transaction open), ``record_attempt`` (one transaction: the attempt is logged and
the row moves to delivered, failed, or pending with its next attempt time). The row is the
truth: the sweep's ``queue_due_deliveries`` hands off whatever is due, so a lost job or a dead
worker only delays an event. The CRM sees the same ``webhook-id`` on every attempt and
deduplicates by it.

The salon's webhook settings (URL, secret) are ``gateway.services.salons.settings``'s; which URLs
may receive webhooks is ``gateway.services.crm.webhook_urls``.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.http import parse_date as parse_http_date

from gateway.crm_http import CrmAnswer, CrmDeliveryOrder, CrmVerdict
from gateway.domain import signing
from gateway.models import CrmDeliveryStatus, Salon, WebhookAttempt, WebhookDelivery
from gateway.services.crm.webhook_urls import URL_MAX_LENGTH
from gateway.services.errors import Conflict
from gateway.services.handoff import Work, hand_off
from gateway.services.relay import RELAY_AFTER, RELAY_BATCH

log = logging.getLogger(__name__)

#: A claimed row is not due again for this long: longer than any request can take, short enough
#: that an event held by a worker that died is retried soon.
CLAIM_LEASE = timedelta(minutes=5)
#: Retries stop this long after the event: older news would mislead more than it informs.
CRM_GIVE_UP_AFTER = timedelta(hours=24)
#: The n-th retry waits a random time up to RETRY_BASE·2^(n-1), at most RETRY_CAP (full jitter).
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=4)
#: The longest wait a CRM's Retry-After is taken at its word for: longer is past the window
#: in which the event is still worth delivering anyway.
RETRY_AFTER_CAP = CRM_GIVE_UP_AFTER
_CAP_DIGITS = len(str(int(RETRY_AFTER_CAP.total_seconds())))
#: RFC 9110's delta-seconds: ASCII digits only (str.isdigit also takes ², which int() refuses).
_DELTA_SECONDS = re.compile(r"[0-9]+")


def stop_pending_deliveries(
    session: Session, *, salon_id: int, reason: str, except_id: int | None = None
) -> int:
    """Fail the salon's pending deliveries, saying why; returns how many."""
    condition = and_(
        WebhookDelivery.salon_id == salon_id, WebhookDelivery.status == CrmDeliveryStatus.PENDING
    )
    if except_id is not None:
        condition = and_(condition, WebhookDelivery.id != except_id)
    result = session.execute(
        update(WebhookDelivery)
        .where(condition)
        .values(status=CrmDeliveryStatus.FAILED, next_attempt_at=None, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- Claim ---------------------------------------------------------------------------------------


class CrmSkip(StrEnum):
    """Why a CRM delivery job found nothing to post."""

    NO_SUCH_DELIVERY = "no_such_delivery"
    SETTLED = "settled"
    NOT_DUE = "not_due"
    #: These four fail the delivery, with ``detail`` as its last error.
    GAVE_UP = "gave_up"
    NO_URL = "no_url"
    ENDPOINT_DISABLED = "endpoint_disabled"
    NO_SECRET = "no_secret"


@dataclass(frozen=True, slots=True)
class CrmNotClaimed:
    """``claim_crm_delivery``'s answer when there is nothing to post; ``detail`` is what the
    job record (and, for a failure, the delivery's last error) says."""

    reason: CrmSkip
    detail: str

    def __str__(self) -> str:
        return self.detail


def claim_crm_delivery(
    session: Session, *, delivery_id: int, now: datetime
) -> CrmDeliveryOrder | CrmNotClaimed:
    """Lease a due delivery for one attempt, or say why there is nothing to do."""
    delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        return CrmNotClaimed(CrmSkip.NO_SUCH_DELIVERY, "no such delivery")
    if delivery.status != CrmDeliveryStatus.PENDING:
        return CrmNotClaimed(CrmSkip.SETTLED, f"already {delivery.status}")
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
        # Leased by another worker, or waiting for its retry time: that run will do it.
        when = delivery.next_attempt_at.isoformat()
        return CrmNotClaimed(CrmSkip.NOT_DUE, f"not due until {when}")
    salon = session.get_one(Salon, delivery.salon_id)
    refused = None
    if now > delivery.created_at + CRM_GIVE_UP_AFTER + CLAIM_LEASE:
        # The last try is due at the 24-hour mark; a lease later, it was made or cannot be
        # (an attempt that crashes every time is never recorded): the window holds either way.
        attempts = delivery.attempts
        refused = CrmNotClaimed(CrmSkip.GAVE_UP, f"gave up after {attempts} attempts in 24 hours")
    elif not salon.webhook_url:
        refused = CrmNotClaimed(CrmSkip.NO_URL, "the salon has no webhook URL")
    elif salon.webhook_disabled_at is not None:
        refused = CrmNotClaimed(
            CrmSkip.ENDPOINT_DISABLED,
            "the endpoint is disabled (it answered 410 Gone); set the URL again to resume",
        )
    elif not salon.webhook_secret:
        refused = CrmNotClaimed(CrmSkip.NO_SECRET, "the salon has no webhook secret")
    if refused is not None:
        delivery.status, delivery.next_attempt_at, delivery.last_error = (
            CrmDeliveryStatus.FAILED,
            None,
            refused.detail,
        )
        return refused
    assert salon.webhook_url is not None and salon.webhook_secret is not None
    delivery.next_attempt_at = now + CLAIM_LEASE
    return CrmDeliveryOrder(
        delivery_id=delivery.id,
        salon_id=salon.id,
        event_id=delivery.event_id,
        url=salon.webhook_url,
        secrets=signing.secrets_in_use(
            salon.webhook_secret,
            previous=salon.webhook_secret_previous,
            previous_until=salon.webhook_secret_previous_until,
            now=now,
        ),
        payload=delivery.payload,
    )


# --- Record ------------------------------------------------------------------------------------


def retry_delay(attempts: int, rng: random.Random) -> timedelta:
    """Wait before the next try after ``attempts`` failed ones: exponential, full jitter, so
    many deliveries failing together (a CRM outage) do not all come back at once."""
    cap = min(RETRY_CAP, RETRY_BASE * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=rng.uniform(0, cap.total_seconds()))


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """The wait a CRM's ``Retry-After`` asks for (RFC 9110 §10.2.3: delta-seconds or an
    HTTP-date), at most RETRY_AFTER_CAP; None when absent or unreadable.

    Never raises: whatever a CRM sends, the attempt must be recorded.
    """
    value = (value or "").strip()
    if not value:
        return None
    if _DELTA_SECONDS.fullmatch(value):
        # A wait longer than the cap needs no exact value (and 10**5000 is no int Python makes).
        if len(value) > _CAP_DIGITS:
            return RETRY_AFTER_CAP
        return min(timedelta(seconds=int(value)), RETRY_AFTER_CAP)
    when = parse_http_date(value)
    if when is None:
        return None
    try:
        wait = when - now
    except OverflowError:
        return RETRY_AFTER_CAP
    return min(max(wait, timedelta(0)), RETRY_AFTER_CAP)


_system_random = random.SystemRandom()


def record_attempt(
    session: Session,
    *,
    order: CrmDeliveryOrder,
    answer: CrmAnswer,
    attempted_at: datetime,
    now: datetime,
    rng: random.Random = _system_random,
) -> str:
    """Log the attempt and move the delivery on; returns what happened, for the job record."""
    delivery = session.get_one(WebhookDelivery, order.delivery_id, with_for_update=True)
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            url=order.url[:URL_MAX_LENGTH],
            status_code=answer.status_code,
            error=answer.error,
            duration_ms=answer.duration_ms,
            attempted_at=attempted_at,
        )
    )
    delivery.attempts += 1
    delivery.last_status_code = answer.status_code
    delivery.last_error = answer.error

    if answer.verdict is CrmVerdict.DELIVERED:
        # Even if it was given up meanwhile (another event's 410): the CRM has it, say so.
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            CrmDeliveryStatus.DELIVERED,
            now,
            None,
        )
        return f"delivered: HTTP {answer.status_code}"
    if delivery.status != CrmDeliveryStatus.PENDING:
        return f"recorded; the delivery is {delivery.status} already"

    if answer.verdict is CrmVerdict.GONE:
        salon = session.get_one(Salon, order.salon_id, with_for_update=True)
        if salon.webhook_url == order.url:
            salon.webhook_disabled_at = now
            stopped = stop_pending_deliveries(
                session,
                salon_id=salon.id,
                reason=f"not sent: the endpoint answered 410 Gone to {order.event_id}",
                except_id=delivery.id,
            )
        else:
            stopped = 0  # the salon set a new URL while this attempt was out
        return _fail(delivery, f"{answer.error}; the endpoint is disabled", stopped=stopped)
    if answer.verdict is CrmVerdict.FAILED:
        return _fail(delivery, answer.error)

    deadline = delivery.created_at + CRM_GIVE_UP_AFTER
    if now >= deadline:
        # Whatever the CRM asks for: the window is over.
        return _fail(
            delivery, f"{answer.error}; gave up after {delivery.attempts} attempts in 24 hours"
        )
    asked = parse_retry_after(answer.retry_after, now)
    if asked is not None:
        retry_at = now + asked
        if retry_at > deadline:
            return _fail(delivery, f"{answer.error}; Retry-After is past the 24-hour window")
    else:
        # One last try at the end of the window rather than none after a long wait.
        retry_at = min(now + retry_delay(delivery.attempts, rng), deadline)
    delivery.next_attempt_at = retry_at
    return f"retry at {retry_at.isoformat()}: {answer.error}"


def _fail(delivery: WebhookDelivery, error: str | None, stopped: int = 0) -> str:
    delivery.status, delivery.next_attempt_at, delivery.last_error = (
        CrmDeliveryStatus.FAILED,
        None,
        error,
    )
    return f"failed: {error}" + (f" ({stopped} other pending stopped)" if stopped else "")


# --- Relay and manual retry ----------------------------------------------------------------------


def queue_due_deliveries(session: Session, *, now: datetime, limit: int = RELAY_BATCH) -> int:
    """Hand off pending deliveries that are due and not already in the queue; returns how many.
    Picks up retries whose time has come, leases that ran out (a worker died), and rows whose
    job Redis lost."""
    due = session.scalars(
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == CrmDeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            or_(
                WebhookDelivery.enqueued_at.is_(None),
                # Rescheduled (a retry, an expired lease) since it was last enqueued.
                WebhookDelivery.enqueued_at < WebhookDelivery.next_attempt_at,
                WebhookDelivery.enqueued_at < now - RELAY_AFTER,
            ),
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for delivery in due:
        delivery.enqueued_at = now
        hand_off(session, Work.CRM_EVENT, delivery.id)
    return len(due)


def requeue_delivery(
    session: Session, *, delivery: WebhookDelivery, salon: Salon, now: datetime
) -> None:
    """Try a failed (or waiting) delivery again now; queued when the transaction commits."""
    if delivery.status == CrmDeliveryStatus.DELIVERED:
        raise Conflict("this event was delivered already; nothing to retry")
    if not salon.webhook_url:
        raise Conflict("the salon has no webhook URL; set one first")
    if salon.webhook_disabled_at is not None:
        raise Conflict("the webhook endpoint is disabled (it answered 410); set the URL again")
    delivery.status = CrmDeliveryStatus.PENDING
    delivery.next_attempt_at = now
    delivery.enqueued_at = now
    session.flush()
    hand_off(session, Work.CRM_EVENT, delivery.id)
