"""The periodic sweep: due reminders and surveys after a visit become texts, the outbox relay
catches what was lost, event webhooks whose retry time has come go back to the queue,
unanswered offers of new times expire, each salon day's birthday offers start, and campaigns
move on (sending, finished)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from gateway.services.appointments.reminders import queue_due_reminders
from gateway.services.campaigns.birthdays import send_birthday_offers
from gateway.services.campaigns.lifecycle import settle_campaigns
from gateway.services.crm.webhook_delivery import queue_due_deliveries
from gateway.services.desk import inbox
from gateway.services.offers.new_times import expire_offers
from gateway.services.privacy.retention import DEFAULT_RETENTION_DAYS, blank_expired_bodies
from gateway.services.relay import LostJobs, relay
from gateway.services.replies.pushes import hand_off_waiting_pushes
from gateway.services.sending.provider_state import probes_due
from gateway.services.surveys.invitations import queue_due_surveys
from gateway.services.sweep_counts import SweepResult


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
    ``lost_replies`` tell which rows' jobs the queue lost (see ``relay``). Returns what it did,
    counted (``SweepResult``)."""
    result = queue_due_reminders(session, now=now)
    queue_due_surveys(session, now=now, result=result)
    send_birthday_offers(session, now=now)
    session.flush()
    relay(session, now=now, lost_sends=lost_sends, lost_replies=lost_replies, result=result)
    result.replies_relayed += hand_off_waiting_pushes(session, now=now)
    result.probes = probes_due(session, now=now)
    result.deliveries_due = queue_due_deliveries(session, now=now)
    result.bodies_blanked = blank_expired_bodies(session, now=now, retention_days=retention_days)
    result.texts_to_inbox = inbox.collect_text_problems(session, now=now)
    result.offers_expired = expire_offers(session, now=now)
    session.flush()
    settle_campaigns(session, now=now)
    # Reminder texts created just now are due now and already marked enqueued: the relay skips
    # them, so each is handed off once.
    return result
