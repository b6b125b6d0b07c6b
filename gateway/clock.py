"""The service's one clock: jobs, request handlers and commands ask it for ``now``.

Services never read the time themselves; they are passed ``now``. The edges (jobs, HTTP handlers,
the CLI) take it from here, and here it comes from ``app.extensions["clock"]``, which tests
replace with a clock they move by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app

#: Returns the current moment as an aware UTC datetime.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def now() -> datetime:
    """The current app's notion of now (the system clock unless a test replaced it)."""
    clock: Clock = current_app.extensions["clock"]
    return clock()
