"""The vocabulary of a satisfaction survey after a visit: where one planned survey is.

Pure: a StrEnum whose values are what the database stores.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Final

#: A reply this long after the survey went is no longer read as its answer.
SURVEY_OPEN_FOR: Final = timedelta(hours=72)


class SurveyStatus(StrEnum):
    #: Planned: the sweep sends it once ``send_at`` has come.
    PENDING = "pending"
    #: Its text was queued (and went through the outbox like any other).
    SENT = "sent"
    #: Not sent, on purpose; ``decision`` says why (opted out, one too recently, …).
    SKIPPED = "skipped"
    #: The appointment stopped being completed before it went.
    CANCELLED = "cancelled"
