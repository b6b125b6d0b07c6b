"""``python worker.py`` taking only customers' replies and the pushes that carry them, for
``replies_e2e.py --sends drop``: the answers' send jobs and the CRM deliveries are not this
bench's work, and a worker with nothing else to do would take them the moment they are queued,
before the bench drops them (half of them, once a single job drains the replies), its CPU then
counted as acting on replies. With ``--sends events`` (``BENCH_REPLIES_ONLY=events``) they take
the CRM deliveries too."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import worker  # noqa: E402
from gateway.queueing import SmsQueue  # noqa: E402


def replies_only(events: bool = False) -> None:
    """Every worker built after this listens on the pushes and replies queues alone (and the
    CRM deliveries' with ``events``)."""
    if events:
        SmsQueue.queues = property(lambda self: [self.pushes, self.replies, self.webhooks])  # type: ignore[assignment,method-assign]
    else:
        SmsQueue.queues = property(lambda self: [self.pushes, self.replies])  # type: ignore[assignment,method-assign]


if __name__ == "__main__":
    replies_only(events=os.environ.get("BENCH_REPLIES_ONLY") == "events")
    sys.exit(worker.main([]))
