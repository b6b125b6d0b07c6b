"""The periodic sweep: due reminders become texts, and the outbox relay catches what was lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from gateway.services.outbox import relay
from gateway.services.reminders import queue_due_reminders


@dataclass(slots=True)
class SweepResult:
    reminders_queued: int = 0
    reminders_skipped: int = 0
    relayed: int = 0
    marked_uncertain: int = 0
    given_up: int = 0
    to_enqueue: list[int] = field(default_factory=list)


def sweep(session: Session, *, now: datetime) -> SweepResult:
    """One pass; safe to run twice or in two processes at once. Enqueue ``to_enqueue`` after
    commit."""
    reminders = queue_due_reminders(session, now=now)
    session.flush()
    relayed = relay(session, now=now)
    # Reminder texts created just now are due now and already marked enqueued: the relay skips
    # them, so each id appears once.
    return SweepResult(
        reminders_queued=reminders.queued,
        reminders_skipped=reminders.skipped,
        relayed=len(relayed.to_enqueue),
        marked_uncertain=relayed.marked_uncertain,
        given_up=relayed.given_up,
        to_enqueue=reminders.to_enqueue + relayed.to_enqueue,
    )
