"""What one pass of the sweep did, counted: one type, filled in by each part of the pass
(reminders, the relay, expiring offers …) and logged whole, so a count added here is never
left out of the log line."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


def _count(label: str) -> int:
    return field(default=0, metadata={"label": label})


@dataclass(slots=True)
class SweepResult:
    """The counts of one sweep; ``summary`` writes every one of them, in this order."""

    reminders_queued: int = _count("reminders queued")
    reminders_skipped: int = _count("reminders skipped")
    #: Queued texts handed off again (their job was lost, or their time came).
    relayed: int = _count("relayed")
    #: Stored replies no worker has acted on yet and kept provider pushes no worker has read
    #: (their job was lost), handed off again.
    replies_relayed: int = _count("replies")
    #: Rows a worker claimed and died before calling the provider with: queued again.
    reclaimed: int = _count("queued again after a worker stopped before sending")
    marked_uncertain: int = _count("uncertain")
    #: Uncertain texts nothing settled within UNCERTAIN_REPORT_AFTER: the CRM was told
    #: (``message.uncertain``).
    reported_uncertain: int = _count("reported")
    #: Uncertain texts the provider's own records settled (after the sweep's transaction).
    settled: int = _count("settled")
    given_up: int = _count("given up")
    #: Texts of held salons handed off again to see whether their provider takes texts again.
    probes: int = _count("probes")
    #: Webhook deliveries handed off (retries due, lost jobs).
    deliveries_due: int = _count("webhook deliveries due")
    #: Message bodies blanked because they were older than the retention period.
    bodies_blanked: int = _count("bodies blanked")
    #: Texts that failed, were not delivered or stayed uncertain, put in their salon's inbox.
    texts_to_inbox: int = _count("texts to the inbox")
    #: Offers of new times closed unanswered (``offer.expired``).
    offers_expired: int = _count("offers expired")
    #: Satisfaction surveys after a visit queued, and those not sent (why: on the survey).
    surveys_sent: int = _count("surveys sent")
    surveys_skipped: int = _count("surveys skipped")

    def summary(self) -> str:
        """Every count, labelled: ``reminders queued 1; reminders skipped 0; relayed 2; …``."""
        return "; ".join(f"{f.metadata['label']} {getattr(self, f.name)}" for f in fields(self))

    def did_something(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))
