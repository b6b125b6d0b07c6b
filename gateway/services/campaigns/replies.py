"""Whether a customer's reply may be an answer to a campaign's text: how long after it (when
the text went is read with the rest of a worker's batch, ``replies.batch_reads``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

#: A reply this long after a campaign's text is no longer taken to answer it.
CAMPAIGN_REPLY_WINDOW: Final = timedelta(days=7)
