"""Run a command with the whole machine's clock moved to an instant: ``python -m tests.run_at
"2026-12-05 16:00:30" pytest tests/unit``. The instant is UTC; from there the clock runs on.

Every process the command starts (the test servers included) sees that time, so a test that took
the real time as its base meets the hour, the date and the salon's midnight it would meet then.
It preloads the libfaketime that the ``libfaketime`` package builds, not Debian's 0.9.10: under
Debian's, a timed lock wait in Python 3.11 (``threading.Lock.acquire(timeout=1)``, which RQ's
worker and the race tests use) never returns, and with its monotonic clock left real
``time.sleep`` fails with EINVAL. The package's build with a real monotonic clock does neither.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

from libfaketime import get_reload_information


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit('usage: python -m tests.run_at "YYYY-MM-DD HH:MM:SS" COMMAND [ARG...]')
    instant = datetime.strptime(argv[1], "%Y-%m-%d %H:%M:%S")  # refuses anything else, clearly
    _, env = get_reload_information()
    env.pop("FAKETIME_NO_CACHE", None)  # the instant never changes during the run
    env.update(FAKETIME=f"@{instant:%Y-%m-%d %H:%M:%S}", TZ="UTC")
    os.execvpe(argv[2], argv[2:], {**os.environ, **env})


if __name__ == "__main__":
    main(sys.argv)
