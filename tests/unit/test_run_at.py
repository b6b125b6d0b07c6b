"""``tests.run_at`` moves the clock for the command and for every process it starts, all on one
clock: a process started two seconds into the run (as the end-to-end tests start gunicorn, a
worker or cron) reads two seconds past the instant, not the instant again. Otherwise a worker
started after a test queued a text finds it "not due yet"."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INSTANT = datetime(2027, 3, 14, 9, 58, tzinfo=UTC)

#: Two seconds into the run, it starts a process; both say what time they read.
_RUN = """
import subprocess, sys, time
from datetime import UTC, datetime
started = datetime.now(UTC)
time.sleep(2)
child = "from datetime import UTC, datetime; print(datetime.now(UTC).isoformat())"
print(started.isoformat())
print(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True).stdout)
"""


def test_a_process_started_during_a_moved_run_reads_the_same_clock() -> None:
    # Launched from a real clock, as make does (this test may itself run at a moved one).
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.run_at", f"{INSTANT:%Y-%m-%d %H:%M:%S}"]
        + [sys.executable, "-c", _RUN],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    started, child = (datetime.fromisoformat(line) for line in done.stdout.split())
    assert INSTANT <= started < INSTANT + timedelta(seconds=10)
    assert timedelta(seconds=2) <= child - started < timedelta(seconds=20)


def test_a_run_inside_a_moved_run_is_refused() -> None:
    # Its offset would be taken from a clock already moved, and land somewhere else.
    env = {**os.environ, "FAKETIME": "+0"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.run_at", "2027-03-14 09:58:00", "true"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "moved already" in done.stderr
