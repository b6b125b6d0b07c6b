"""A send job's batch: claimed in one transaction, then handed to the providers a wave at a time.

The provider is called for a few texts at once (``threads``), each wave marked as started before
its calls and recorded in one transaction after them. So each text is claimed, sent and recorded
once, and a worker killed half-way leaves rows the sweep knows how to settle: claimed but not
started (queued again) or started (uncertain, never sent blindly again).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from gateway import metrics
from gateway.clock import Clock
from gateway.db import Database
from gateway.domain.phones import mask
from gateway.providers import FailureKind, ProviderError, Providers, SendResult
from gateway.services.sending.delivery import SendOrder, claim_batch, start_provider_calls
from gateway.services.sending.provider_calls import (
    record_accepted,
    record_failure,
    send_through,
    sender_name,
)

log = logging.getLogger(__name__)


def send_batch(
    db: Database,
    providers: Providers,
    *,
    message_ids: list[int],
    threads: int,
    public_base_url: str,
    clock: Clock,
) -> dict[int, str]:
    """Send the queued texts of ``message_ids`` through their salons' providers, ``threads`` at
    once; for each id, what became of it (its job record's words).

    If the provider asked to retry any text, that row is back in ``queued`` and this raises the
    provider's error once the batch is done, so that the job's retry runs the batch again later:
    only rows still queued are claimed again.
    """
    with db.transaction() as session:
        claims = claim_batch(session, message_ids=message_ids, now=clock())
    outcomes = {i: f"skipped: {c}" for i, c in claims.items() if not isinstance(c, SendOrder)}
    orders = [c for c in claims.values() if isinstance(c, SendOrder)]
    retry: ProviderError | None = None
    threads = max(1, threads)
    for first in range(0, len(orders), threads):
        wave = orders[first : first + threads]
        with db.transaction() as session:
            started = start_provider_calls(session, orders=wave, now=clock())
        for order in wave:
            if order.message_id not in started:
                outcomes[order.message_id] = (
                    "skipped: the claim expired and the row was queued again"
                )
        wave = [order for order in wave if order.message_id in started]
        calls = [(order, _callback(public_base_url, order.message_id)) for order in wave]
        if len(calls) > 1:
            answers = list(_pool(threads).map(lambda call: _call(providers, *call), calls))
        else:
            answers = [_call(providers, *call) for call in calls]
        with db.transaction() as session:
            now = clock()
            accepted = []
            for order, answer in zip(wave, answers, strict=True):
                if isinstance(answer, SendResult):
                    accepted.append((order.message_id, answer))
                elif isinstance(answer, ProviderError):
                    provider = sender_name(providers, order)
                    record_failure(
                        session,
                        message_id=order.message_id,
                        provider=provider,
                        error=answer,
                        now=now,
                    )
            record_accepted(session, accepted, now=now)
        for order, answer in zip(wave, answers, strict=True):
            outcomes[order.message_id] = _report(providers, order, answer)
            if isinstance(answer, ProviderError) and answer.kind is FailureKind.RETRY:
                retry = retry or answer
    if retry is not None:
        raise retry
    return outcomes


def _callback(public_base_url: str, message_id: int) -> str | None:
    """Where the provider reports delivery; carries our id to settle a send that timed out."""
    if not public_base_url:
        return None
    return f"{public_base_url.rstrip('/')}/sms/twilio/status?message={message_id}"


def _call(providers: Providers, order: SendOrder, callback: str | None) -> SendResult | Exception:
    """One provider call, in a thread of the pool: its answer, or what it raised."""
    try:
        return send_through(providers, order, callback=callback)
    except Exception as exc:  # recorded by the job's thread, never lost in the pool
        return exc


def _report(providers: Providers, order: SendOrder, answer: SendResult | Exception) -> str:
    """Count and log one text's outcome; what its job record says about it."""
    if isinstance(answer, SendResult):
        metrics.text_sent(answer.provider, order.template, "sent")
        log.info("message %s sent to %s as %s", order.message_id, mask(order.to), answer.sid)
        return f"sent: {answer.sid}"
    if isinstance(answer, ProviderError):
        provider = sender_name(providers, order)
        metrics.text_sent(provider, order.template, answer.kind.value)
        metrics.provider_error(provider, answer.kind.value)
        log.warning(
            "message %s to %s not sent: %s (%s)",
            order.message_id,
            mask(order.to),
            answer,
            answer.code,
        )
        return f"{answer.kind.value}: {answer.code}"
    # A fault of ours or an SDK's: the row stays 'sending' with its call started, so the sweep
    # marks it uncertain (it may have gone) rather than sending it twice.
    log.error(
        "message %s to %s: the provider call failed unexpectedly",
        order.message_id,
        mask(order.to),
        exc_info=answer,
    )
    return f"error: {type(answer).__name__}"


_pools: dict[int, ThreadPoolExecutor] = {}


def _pool(threads: int) -> ThreadPoolExecutor:
    """The process's provider-call threads (kept between jobs, as the SDKs' connections are)."""
    if threads not in _pools:
        _pools[threads] = ThreadPoolExecutor(threads, thread_name_prefix="provider-call")
    return _pools[threads]
