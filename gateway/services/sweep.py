"""The periodic sweep: due reminders become texts, the outbox relay catches what was lost,
event webhooks whose retry time has come go back to the queue, and unanswered offers of new times
expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from gateway.services import inbox
from gateway.services.china_pushes import hand_off_waiting_pushes
from gateway.services.offers import expire_offers
from gateway.services.provider_state import probes_due
from gateway.services.relay import LostJobs, relay
from gateway.services.reminders import queue_due_reminders
from gateway.services.retention import DEFAULT_RETENTION_DAYS, blank_expired_bodies
from gateway.services.webhook_delivery import queue_due_deliveries


@dataclass(slots=True)
class SweepResult:
    reminders_queued: int = 0
    reminders_skipped: int = 0
    relayed: int = 0
    marked_uncertain: int = 0
    #: Rows a worker claimed and died before calling the provider with: queued again.
    reclaimed: int = 0
    #: Uncertain texts reported to the salon's CRM (``message.uncertain``).
    reported_uncertain: int = 0
    given_up: int = 0
    #: Stored replies (and kept provider pushes) whose job was lost, handed off again.
    replies_relayed: int = 0
    #: Texts of held salons handed off again to see whether their provider takes texts again.
    probes: int = 0
    #: Webhook deliveries handed off (retries due, lost jobs).
    deliveries_due: int = 0
    #: Message bodies blanked because they were older than the retention period.
    bodies_blanked: int = 0
    #: Offers of new times closed unanswered (``offer.expired``).
    offers_expired: int = 0


def sweep(
    session: Session,
    *,
    now: datetime,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    lost_sends: LostJobs | None = None,
    lost_replies: LostJobs | None = None,
) -> SweepResult:
    """One pass; safe to run twice or in two processes at once. What it queues is handed off
    (``services.handoff``) and reaches the queue when the caller commits. ``lost_sends`` and
    ``lost_replies`` tell which rows' jobs the queue lost (see ``relay``)."""
    reminders = queue_due_reminders(session, now=now)
    session.flush()
    relayed = relay(session, now=now, lost_sends=lost_sends, lost_replies=lost_replies)
    relayed.replies += hand_off_waiting_pushes(session, now=now)
    probes = probes_due(session, now=now)
    deliveries = queue_due_deliveries(session, now=now)
    blanked = blank_expired_bodies(session, now=now, retention_days=retention_days)
    inbox.collect_text_problems(session, now=now)
    expired = expire_offers(session, now=now)
    # Reminder texts created just now are due now and already marked enqueued: the relay skips
    # them, so each is handed off once.
    return SweepResult(
        reminders_queued=reminders.queued,
        reminders_skipped=reminders.skipped,
        relayed=relayed.relayed,
        marked_uncertain=relayed.marked_uncertain,
        reclaimed=relayed.reclaimed,
        reported_uncertain=relayed.reported_uncertain,
        given_up=relayed.given_up,
        replies_relayed=relayed.replies,
        probes=probes,
        deliveries_due=deliveries,
        bodies_blanked=blanked,
        offers_expired=expired,
    )
