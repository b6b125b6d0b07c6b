"""Delivering event webhooks to a salon's CRM: claim, POST, record, and retry until ~24 h.

The delivery job runs three steps, each short: ``claim_delivery`` (one transaction: the row is
leased so no second worker posts it at the same time), ``post_delivery`` (the HTTP request, no
transaction open), ``record_attempt`` (one transaction: the attempt is logged and the row moves
to delivered, failed, or pending with its next attempt time). The row is the truth: the sweep's
``queue_due_deliveries`` enqueues whatever is due, so a lost job or a dead worker only delays an
event. The CRM sees the same ``webhook-id`` on every attempt and deduplicates by it.

The salon's webhook settings (URL, secret) are ``gateway.services.salon_settings``'s; which URLs
may receive webhooks is ``gateway.services.webhook_urls``.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.http import parse_date as parse_http_date

from gateway.domain import signing
from gateway.models import DeliveryStatus, Salon, WebhookAttempt, WebhookDelivery
from gateway.services.errors import Conflict
from gateway.services.events import NEW_DELIVERIES
from gateway.services.outbox import RELAY_AFTER, RELAY_BATCH
from gateway.services.webhook_urls import (
    URL_MAX_LENGTH,
    HostNotFound,
    Resolver,
    WebhookUrlRefused,
    check_webhook_url,
)

if TYPE_CHECKING:
    from requests.adapters import _HostParams, _PoolKwargs

log = logging.getLogger(__name__)

#: Seconds to wait for the CRM to connect, and then for each read; a slow CRM is retried later.
TIMEOUT_SECONDS = 10.0
#: A CRM that does not even accept the connection this fast is down: retry later, free the worker.
CONNECT_TIMEOUT_SECONDS = 3.0
#: A claimed row is not due again for this long: longer than any request can take, short enough
#: that an event held by a worker that died is retried soon.
CLAIM_LEASE = timedelta(minutes=5)
#: Retries stop this long after the event: older news would mislead more than it informs.
GIVE_UP_AFTER = timedelta(hours=24)
#: The n-th retry waits a random time up to RETRY_BASE·2^(n-1), at most RETRY_CAP (full jitter).
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=4)
#: The longest wait a CRM's Retry-After is taken at its word for: longer is past the window
#: in which the event is still worth delivering anyway.
RETRY_AFTER_CAP = GIVE_UP_AFTER
_CAP_DIGITS = len(str(int(RETRY_AFTER_CAP.total_seconds())))
#: RFC 9110's delta-seconds: ASCII digits only (str.isdigit also takes ², which int() refuses).
_DELTA_SECONDS = re.compile(r"[0-9]+")
USER_AGENT = "salon-sms-gateway-webhooks/1.0"
#: How much of a refusing CRM's answer is kept in the attempt log, for its developers.
ERROR_BODY_CHARS = 200


def stop_pending_deliveries(
    session: Session, *, salon_id: int, reason: str, except_id: int | None = None
) -> int:
    """Fail the salon's pending deliveries, saying why; returns how many."""
    condition = and_(
        WebhookDelivery.salon_id == salon_id, WebhookDelivery.status == DeliveryStatus.PENDING
    )
    if except_id is not None:
        condition = and_(condition, WebhookDelivery.id != except_id)
    result = session.execute(
        update(WebhookDelivery)
        .where(condition)
        .values(status=DeliveryStatus.FAILED, next_attempt_at=None, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- Claim ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryOrder:
    """What the job needs for one HTTP attempt, read inside the claiming transaction."""

    delivery_id: int
    salon_id: int
    event_id: str
    url: str
    secrets: tuple[str, ...]
    payload: str


def claim_delivery(session: Session, *, delivery_id: int, now: datetime) -> DeliveryOrder | str:
    """Lease a due delivery for one attempt; a string says why there is nothing to do."""
    delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        return "no such delivery"
    if delivery.status != DeliveryStatus.PENDING:
        return f"already {delivery.status}"
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
        # Leased by another worker, or waiting for its retry time: that run will do it.
        return f"not due until {delivery.next_attempt_at.isoformat()}"
    salon = session.get_one(Salon, delivery.salon_id)
    reason = None
    if now > delivery.created_at + GIVE_UP_AFTER + CLAIM_LEASE:
        # The last try is due at the 24-hour mark; a lease later, it was made or cannot be
        # (an attempt that crashes every time is never recorded): the window holds either way.
        reason = f"gave up after {delivery.attempts} attempts in 24 hours"
    elif not salon.webhook_url:
        reason = "the salon has no webhook URL"
    elif salon.webhook_disabled_at is not None:
        reason = "the endpoint is disabled (it answered 410 Gone); set the URL again to resume"
    elif not salon.webhook_secret:
        reason = "the salon has no webhook secret"
    if reason is not None:
        delivery.status, delivery.next_attempt_at, delivery.last_error = (
            DeliveryStatus.FAILED,
            None,
            reason,
        )
        return reason
    assert salon.webhook_url is not None and salon.webhook_secret is not None
    delivery.next_attempt_at = now + CLAIM_LEASE
    return DeliveryOrder(
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


# --- The HTTP attempt ----------------------------------------------------------------------------


class Verdict(Enum):
    DELIVERED = "delivered"
    #: Worth trying again later: timeouts, connection errors, 408, 429, 5xx.
    RETRY = "retry"
    #: The CRM (or our URL rule) refused it; trying again would get the same answer.
    FAILED = "failed"
    #: 410 Gone: the endpoint is no more; nothing else goes to it until the URL is set again.
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Answer:
    """How one attempt went."""

    verdict: Verdict
    duration_ms: int
    status_code: int | None = None
    error: str | None = None
    #: The CRM's Retry-After header, as sent (seconds or an HTTP date).
    retry_after: str | None = None


def verdict_for(status_code: int) -> Verdict:
    if 200 <= status_code < 300:
        return Verdict.DELIVERED
    if status_code == 410:
        return Verdict.GONE
    if status_code in (408, 429) or status_code >= 500:
        return Verdict.RETRY
    return Verdict.FAILED


class PinnedAddress(HTTPAdapter):
    """Connects to ``address`` whatever the URL's host name resolves to now.

    The address is the one ``check_webhook_url`` judged: resolving the name again could give
    another answer (a DNS rebinding) and reach our own network. Only the TCP connection moves:
    the Host header, TLS's SNI and the certificate check still use the URL's host name.
    """

    def __init__(self, address: str) -> None:
        super().__init__(max_retries=0)
        self._host = f"[{address}]" if ":" in address else address

    def build_connection_pool_key_attributes(
        self,
        request: PreparedRequest,
        verify: bool | str,
        cert: str | tuple[str, str] | None = None,
    ) -> tuple[_HostParams, _PoolKwargs]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        hostname = urlsplit(str(request.url)).hostname
        if host_params["scheme"] == "https":
            # urllib3's documented pool settings: SNI and certificate for the name, not the IP.
            cast(dict[str, Any], pool_kwargs).update(
                server_hostname=hostname, assert_hostname=hostname
            )
        host_params["host"] = self._host
        return host_params, pool_kwargs

    def add_headers(self, request: PreparedRequest, **kwargs: Any) -> None:
        # Without it the Host header would name the address connected to.
        request.headers["Host"] = urlsplit(str(request.url)).netloc.rpartition("@")[2]


def post_delivery(
    order: DeliveryOrder,
    *,
    timeout: float = TIMEOUT_SECONDS,
    allow_private: bool = False,
    clock: Callable[[], float] = time.time,
    resolve: Resolver | None = None,
) -> Answer:
    """One signed POST of the event to the CRM. Opens no transaction; never raises for the
    CRM's failures, which are the answer."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        # Checked at every attempt: the name may point somewhere else since it was set.
        address = check_webhook_url(order.url, allow_private=allow_private, resolve=resolve)
    except HostNotFound as exc:
        return Answer(Verdict.RETRY, elapsed(), error=str(exc))
    except WebhookUrlRefused as exc:
        return Answer(Verdict.FAILED, elapsed(), error=f"not sent: {exc}")

    # The signature's time is when it is sent, by the wall clock the CRM compares it with.
    headers = signing.headers(order.secrets, order.event_id, int(clock()), order.payload)
    headers |= {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    try:
        with requests.Session() as http:
            # No proxies or .netrc credentials from the environment: they are not the CRM's.
            http.trust_env = False
            pinned = PinnedAddress(address)
            http.mount("http://", pinned)
            http.mount("https://", pinned)
            with http.post(
                order.url,
                data=order.payload.encode(),
                headers=headers,
                timeout=(min(CONNECT_TIMEOUT_SECONDS, timeout), timeout),
                allow_redirects=False,
                stream=True,
            ) as response:
                code = response.status_code
                verdict = verdict_for(code)
                if verdict is Verdict.DELIVERED:
                    return Answer(verdict, elapsed(), status_code=code)
                try:
                    excerpt = response.raw.read(ERROR_BODY_CHARS * 4, decode_content=True)
                except (urllib3.exceptions.HTTPError, OSError):
                    excerpt = b""  # the status says enough
                return Answer(
                    verdict,
                    elapsed(),
                    status_code=code,
                    error=_http_error(response, excerpt),
                    retry_after=response.headers.get("Retry-After"),
                )
    except requests.Timeout:
        return Answer(Verdict.RETRY, elapsed(), error=f"timeout: no answer within {timeout:g} s")
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema) as exc:
        return Answer(Verdict.FAILED, elapsed(), error=f"not sent: invalid URL ({exc})")
    except requests.RequestException as exc:
        return Answer(Verdict.RETRY, elapsed(), error=f"connection failed: {_short(exc)}")


def _http_error(response: requests.Response, excerpt: bytes) -> str:
    code = response.status_code
    if 300 <= code < 400:
        where = response.headers.get("Location", "elsewhere")
        return f"HTTP {code}: redirected to {where}; redirects are not followed, set that URL"
    text = excerpt.decode(errors="replace").strip()[:ERROR_BODY_CHARS]
    reason = response.reason or ""
    return f"HTTP {code} {reason}".strip() + (f": {text}" if text else "")


def _short(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


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
    order: DeliveryOrder,
    answer: Answer,
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

    if answer.verdict is Verdict.DELIVERED:
        # Even if it was given up meanwhile (another event's 410): the CRM has it, say so.
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryStatus.DELIVERED,
            now,
            None,
        )
        return f"delivered: HTTP {answer.status_code}"
    if delivery.status != DeliveryStatus.PENDING:
        return f"recorded; the delivery is {delivery.status} already"

    if answer.verdict is Verdict.GONE:
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
    if answer.verdict is Verdict.FAILED:
        return _fail(delivery, answer.error)

    deadline = delivery.created_at + GIVE_UP_AFTER
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
        DeliveryStatus.FAILED,
        None,
        error,
    )
    return f"failed: {error}" + (f" ({stopped} other pending stopped)" if stopped else "")


# --- Relay and manual retry ----------------------------------------------------------------------


def queue_due_deliveries(session: Session, *, now: datetime, limit: int = RELAY_BATCH) -> list[int]:
    """Ids of pending deliveries that are due and not already in the queue; enqueue them after
    commit. Picks up retries whose time has come, leases that ran out (a worker died), and
    rows whose job Redis lost."""
    due = session.scalars(
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
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
    return [d.id for d in due]


def requeue_delivery(
    session: Session, *, delivery: WebhookDelivery, salon: Salon, now: datetime
) -> None:
    """Try a failed (or waiting) delivery again now; queued when the transaction commits."""
    if delivery.status == DeliveryStatus.DELIVERED:
        raise Conflict("this event was delivered already; nothing to retry")
    if not salon.webhook_url:
        raise Conflict("the salon has no webhook URL; set one first")
    if salon.webhook_disabled_at is not None:
        raise Conflict("the webhook endpoint is disabled (it answered 410); set the URL again")
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = now
    delivery.enqueued_at = now
    session.flush()
    session.info.setdefault(NEW_DELIVERIES, []).append(delivery.id)
