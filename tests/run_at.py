"""Run a command with the whole machine's clock moved to an instant: ``python -m tests.run_at
"2026-12-05 16:00:30" pytest tests/unit``. The instant is UTC; from there the clock runs on.

Every process the command starts (the test servers, and the gunicorn, worker and cron processes
the end-to-end tests start, at any depth) sees that same clock: the instant is turned into one
offset from the real time, which every process inherits through ``FAKETIME``, so a process started
a minute into the run is a minute past the instant too, as the test that started it is. (With
libfaketime's ``@instant`` form instead, each new process would start again at the instant and be
behind the test by as long as the test had run: a worker would find a text the test had just
queued "not due yet".) A test that took the real time as its base meets the hour, the date and
the salon's midnight it would meet then.

It preloads the libfaketime that the ``libfaketime`` package builds, not Debian's 0.9.10: under
Debian's, a timed lock wait in Python 3.11 (``threading.Lock.acquire(timeout=1)``, which RQ's
worker and the race tests use) never returns, and with its monotonic clock left real
``time.sleep`` fails with EINVAL. The package's build with a real monotonic clock does neither.
Nothing in the service reads these variables: outside this launcher no time is faked.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

from libfaketime import get_reload_information


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit('usage: python -m tests.run_at "YYYY-MM-DD HH:MM:SS" COMMAND [ARG...]')
    if "FAKETIME" in os.environ:
        # This process's own clock would be moved already, and the offset taken from it wrong.
        sys.exit("tests.run_at: the clock is moved already (FAKETIME is set)")
    instant = datetime.strptime(argv[1], "%Y-%m-%d %H:%M:%S")  # refuses anything else, clearly
    _, env = get_reload_information()
    env.pop("FAKETIME_NO_CACHE", None)  # the offset never changes during the run
    offset = instant.replace(tzinfo=UTC).timestamp() - time.time()
    env.update(FAKETIME=f"{offset:+.6f}", TZ="UTC")
    os.execvpe(argv[2], argv[2:], {**os.environ, **env})


if __name__ == "__main__":
    main(sys.argv)
