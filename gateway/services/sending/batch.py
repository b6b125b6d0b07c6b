"""A send job's batch: claimed in one transaction, then handed to the providers a wave at a time.

The provider is called for a few texts at once (``threads``), each wave marked as started just
before its calls and recorded after them, in the transaction that starts the next wave. So each
text is claimed, sent and recorded once, and a worker killed half-way leaves rows the sweep knows
how to settle: claimed but not started (queued again) or started (uncertain, never sent blindly
again).
"""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy.orm import Session

from gateway import metrics
from gateway.clock import Clock
from gateway.db import Database
from gateway.domain.phones import mask
from gateway.providers import FailureKind, ProviderError, Providers, SendResult
from gateway.services.sending.claim import SendOrder, claim_batch
from gateway.services.sending.provider_calls import (
    record_accepted,
    record_failure,
    send_through,
    sender_name,
)

log = logging.getLogger(__name__)


#: A text the provider was called for, and its answer (or what the call raised).
Answered = tuple[SendOrder, SendResult | Exception]


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

    Transactions: the claim; the first wave's start; then for each later wave, the last wave's
    record and this wave's start in one (``_record_and_start``); the last wave's record alone.
    A wave is still started only just before its calls, as they follow that commit at once.

    If the provider asked to retry any text, that row is back in ``queued`` and this raises the
    provider's error once the batch is done, so that the job's retry runs the batch again later:
    only rows still queued are claimed again.
    """
    with db.transaction() as session:
        claims = claim_batch(session, message_ids=message_ids, now=clock())
    outcomes = {i: f"skipped: {c}" for i, c in claims.items() if not isinstance(c, SendOrder)}
    orders = [c for c in claims.values() if isinstance(c, SendOrder)]
    threads = max(1, threads)
    retry: ProviderError | None = None
    answered: list[Answered] = []  # the wave called and not yet recorded, if any
    for first in range(0, len(orders), threads):
        wave = orders[first : first + threads]
        try:
            started = _record_and_start(db, providers, answered, wave, clock)
        except Exception:
            if not answered:
                raise
            # Nothing of it stays: no text of ``wave`` is started without its call. The last
            # wave's answers are recorded alone (if that fails too, its texts end ``uncertain``,
            # as if the worker had died); the error ends the batch, and its texts not started
            # stay claimed until the sweep queues them again.
            log.exception("a wave's record and the next wave's start failed; recording it alone")
            with db.transaction() as session:
                _record(session, providers, answered, now=clock())
            _report_all(providers, answered, outcomes)
            raise
        retry = retry or _report_all(providers, answered, outcomes)
        for order in wave:
            if order.message_id not in started:
                outcomes[order.message_id] = (
                    "skipped: the claim expired and the row was queued again"
                )
        wave = [order for order in wave if order.message_id in started]
        calls = [(order, _callback(public_base_url, order.message_id)) for order in wave]
        answered = list(zip(wave, _call_wave(providers, calls, threads), strict=True))
    if answered:
        with db.transaction() as session:
            _record(session, providers, answered, now=clock())
        retry = retry or _report_all(providers, answered, outcomes)
    if retry is not None:
        raise retry
    return outcomes


def _record_and_start(
    db: Database,
    providers: Providers,
    answered: list[Answered],
    wave: list[SendOrder],
    clock: Clock,
) -> set[int]:
    """Record the last wave's answers and start ``wave``, in one transaction (one commit a wave
    fewer than a transaction each) and, on PostgreSQL, the texts taken and the start in one
    statement; the ids of ``wave`` started, whose calls follow at once."""
    with db.transaction() as session:
        now = clock()
        accepted = _record_refusals(session, providers, answered, now=now)
        return record_accepted(session, accepted, now=now, start=wave)


def _record(
    session: Session, providers: Providers, answered: list[Answered], *, now: datetime
) -> None:
    """Record a wave's answers when no wave follows (the batch's last, or a failed start)."""
    record_accepted(session, _record_refusals(session, providers, answered, now=now), now=now)


def _record_refusals(
    session: Session, providers: Providers, answered: list[Answered], *, now: datetime
) -> list[tuple[int, SendResult]]:
    """Record each refusal of a wave by its meaning; the texts the provider took, to be
    recorded in one statement (``record_accepted``)."""
    accepted = []
    for order, answer in answered:
        if isinstance(answer, SendResult):
            accepted.append((order.message_id, answer))
        elif isinstance(answer, ProviderError):
            provider = sender_name(providers, order)
            record_failure(
                session, message_id=order.message_id, provider=provider, error=answer, now=now
            )
    return accepted


def _call_wave(
    providers: Providers, calls: list[tuple[SendOrder, str | None]], threads: int
) -> list[SendResult | Exception]:
    """A wave's provider calls, at once in the pool's threads (one alone in this thread)."""
    if len(calls) > 1:
        return list(_pool(threads).map(lambda call: _call(providers, *call), calls))
    return [_call(providers, *call) for call in calls]


def _report_all(
    providers: Providers, answered: list[Answered], outcomes: dict[int, str]
) -> ProviderError | None:
    """Count and log a recorded wave's outcomes; the first refusal asking to retry, if any.

    The texts the provider took are logged in one line for the wave (each text's id, masked
    number and the provider's id) and counted once per provider and template: a line and a
    count for each text cost about as much as recording the wave. Refusals and failures keep a line
    each."""
    retry = None
    taken: list[str] = []
    counts: Counter[tuple[str, str | None]] = Counter()
    for order, answer in answered:
        if isinstance(answer, SendResult):
            counts[answer.provider, order.template] += 1
            taken.append(f"{order.message_id} to {mask(order.to)} as {answer.sid}")
            outcomes[order.message_id] = f"sent: {answer.sid}"
            continue
        outcomes[order.message_id] = _report(providers, order, answer)
        if isinstance(answer, ProviderError) and answer.kind is FailureKind.RETRY:
            retry = retry or answer
    for (provider, template), count in counts.items():
        metrics.text_sent(provider, template, "sent", count)
    if taken:
        log.info("%d sent: message %s", len(taken), "; message ".join(taken))
    return retry


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


def _report(providers: Providers, order: SendOrder, answer: Exception) -> str:
    """Count and log one text the provider did not take; what its job record says about it."""
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
