"""Calendar quarters as salons report on them (``2026Q4``): where one begins and ends in the
salon's timezone, and the one before.

Pure: stdlib and zoneinfo only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo

#: This century's quarters: a report of the year 0 or 9999 is a typo, not a request.
QUARTER_PATTERN: Final = r"^20[0-9]{2}Q[1-4]$"
_QUARTER: Final = re.compile(QUARTER_PATTERN)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026Q4`` → Quarter(2026, 4); ValueError for anything else."""
        if not _QUARTER.match(text):
            raise ValueError(f"a quarter is written like 2026Q4, not {text!r}")
        return cls(int(text[:4]), int(text[5]))

    @classmethod
    def of(cls, when: datetime, tz: str) -> Quarter:
        """The quarter ``when`` falls in, in timezone ``tz``."""
        local = when.astimezone(ZoneInfo(tz))
        return cls(local.year, (local.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def following(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def starts(self, tz: str) -> datetime:
        """Its first moment, in UTC, for a salon in ``tz``."""
        month = (self.number - 1) * 3 + 1
        return datetime(self.year, month, 1, tzinfo=ZoneInfo(tz)).astimezone(UTC)

    def ends(self, tz: str) -> datetime:
        """The first moment after it (the next quarter's start)."""
        return self.following().starts(tz)
